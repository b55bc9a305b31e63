from django.urls import path

from jinye.retailers import views

app_name = "retailers"
urlpatterns = [
    path("", views.retailer_list, name="list"),
    path("<int:pk>/", views.retailer_detail, name="detail"),
    path("<int:pk>/login/", views.open_login, name="open_login"),
]
