from django.apps import AppConfig


class RetailersConfig(AppConfig):
    name = "jinye.retailers"
    label = "retailers"
    default_auto_field = "django.db.models.BigAutoField"
