from django.urls import path

from jinye.visits import views

app_name = "visits"
urlpatterns = [
    path("", views.plans, name="plans"),
    path("plan/<int:staff_id>/<str:month>/", views.plan, name="plan"),
    path("log/", views.log_visit, name="log"),
    path("coverage/", views.coverage, name="coverage"),
    path("rules/", views.rules, name="rules"),
]
