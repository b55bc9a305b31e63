from django.urls import path

from jinye.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("order/", views.order, name="order"),
    path("orders/", views.orders, name="orders"),
    path("orders/<int:pk>/cancel/", views.cancel, name="cancel"),
]
