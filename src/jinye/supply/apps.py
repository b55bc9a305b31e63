from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupplyConfig(AppConfig):
    name = "jinye.supply"
    label = "supply"
    verbose_name = _("Supply and quotas")
    default_auto_field = "django.db.models.BigAutoField"
