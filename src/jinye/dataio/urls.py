from django.urls import path

from jinye.dataio import views

app_name = "dataio"
urlpatterns = [
    path("import/", views.import_page, name="import"),
    path("template/<str:kind>/", views.template, name="template"),
    path("export/retailers/", views.export_retailers, name="export_retailers"),
    path("export/order-lines/", views.export_order_lines, name="export_order_lines"),
    path(
        "export/retailers/<int:pk>/lines/",
        views.export_retailer_order_lines,
        name="export_retailer_order_lines",
    ),
]
