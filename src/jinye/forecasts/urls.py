from django.urls import path

from jinye.forecasts import views

app_name = "forecasts"
urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("round/<int:pk>/", views.round_detail, name="round"),
    path("round/<int:pk>/retailer/<int:retailer_pk>/", views.entry, name="entry"),
    path("round/<int:pk>/template.xlsx", views.template_download, name="template"),
    path("round/<int:pk>/upload/", views.upload, name="upload"),
    path("round/<int:pk>/review/", views.review, name="review"),
    path("round/<int:pk>/advance/", views.advance, name="advance"),
    path("accuracy/", views.accuracy, name="accuracy"),
]
