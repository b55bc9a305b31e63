from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("", include("jinye.orders.urls")),
    path("retailers/", include("jinye.retailers.urls")),
    path("data/", include("jinye.dataio.urls")),
    path("ratings/", include("jinye.ratings.urls")),
    path("visits/", include("jinye.visits.urls")),
    path("targets/", include("jinye.targets.urls")),
    path("reports/", include("jinye.reports.urls")),
    path("forecasts/", include("jinye.forecasts.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
