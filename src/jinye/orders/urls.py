from django.urls import path

from jinye.orders import views

urlpatterns = [
    path("", views.dashboard, name="home"),
]
