from django.urls import path

from jinye.dataio import views

app_name = "dataio"
urlpatterns = [
    path("import/", views.import_page, name="import"),
]
