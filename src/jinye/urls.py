from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from jinye.api.v1 import api as api_v1
from jinye.org.views import PasswordChange

urlpatterns = [
    path("", include("jinye.orders.urls")),
    path("retailers/", include("jinye.retailers.urls")),
    path("data/", include("jinye.dataio.urls")),
    path("ratings/", include("jinye.ratings.urls")),
    path("visits/", include("jinye.visits.urls")),
    path("targets/", include("jinye.targets.urls")),
    path("reports/", include("jinye.reports.urls")),
    path("supply/", include("jinye.supply.urls")),
    path("api/v1/", api_v1.urls),
    path("people/", include("jinye.people.urls")),
    path("forecasts/", include("jinye.forecasts.urls")),
    path("portal/", include("jinye.portal.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/password/", PasswordChange.as_view(), name="password_change"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler403 = "jinye.webkit.permission_denied"
handler404 = "jinye.webkit.page_not_found"
