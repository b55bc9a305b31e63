from django.urls import path

from jinye.people import views

app_name = "people"
urlpatterns = [
    path("kpis/", views.kpis, name="kpis"),
    path("kpis/<int:staff_id>/", views.kpi_manager, name="kpi_manager"),
    path("career/", views.career, name="career"),
    path("career/<int:staff_id>/", views.career, name="career_of"),
    path("career/<int:staff_id>/profile/", views.save_profile, name="save_profile"),
    path("committee/", views.committee, name="committee"),
    path("committee/standards/", views.standards_page, name="standards"),
    path("experts/", views.experts_page, name="experts"),
    path("docs/", views.docs, name="docs"),
    path("docs/<int:pk>/", views.doc, name="doc"),
    path("daily/<int:staff_id>/", views.daily, name="daily"),
]
