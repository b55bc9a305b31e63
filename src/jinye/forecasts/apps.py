from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForecastsConfig(AppConfig):
    name = "jinye.forecasts"
    label = "forecasts"
    verbose_name = _("Demand forecasts")
    default_auto_field = "django.db.models.BigAutoField"
