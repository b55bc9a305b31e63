"""The project's URLs plus stand-ins for the dataio export names, used only until the real
export views land, so the retailer pages' export links can be checked either way."""

from django.http import HttpResponse
from django.urls import include, path

from jinye.urls import urlpatterns as project_urlpatterns


def _stub(request, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("stub")


stub_patterns = (
    [
        path("import/", _stub, name="import"),
        path("export/retailers/", _stub, name="export_retailers"),
        path("export/retailers/<int:pk>/lines/", _stub, name="export_retailer_order_lines"),
    ],
    "dataio",
)

urlpatterns = [p for p in project_urlpatterns if getattr(p, "namespace", None) != "dataio"] + [
    path("data/", include(stub_patterns))
]
