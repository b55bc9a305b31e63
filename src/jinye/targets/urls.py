from django.urls import path

from jinye.targets import views

app_name = "targets"
urlpatterns = [
    path("", views.targets, name="targets"),
    path("surveys/", views.surveys, name="surveys"),
    path("surveys/<int:pk>/", views.survey, name="survey"),
    path("surveys/<int:pk>/retailers/<int:retailer_id>/", views.survey_entry, name="entry"),
]
