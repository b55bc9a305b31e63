from django.urls import path

from jinye.ratings import views

app_name = "ratings"
urlpatterns = [
    path("", views.distribution, name="distribution"),
    path("movers/", views.movers, name="movers"),
    path("run/", views.run, name="run"),
    path("retailer/<int:pk>/", views.retailer, name="retailer"),
]
