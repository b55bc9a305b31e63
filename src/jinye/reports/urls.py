from django.urls import path

from jinye.reports import views

app_name = "reports"
urlpatterns = [path("", views.operation_report, name="operation")]
