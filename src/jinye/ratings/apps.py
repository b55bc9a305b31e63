from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "jinye.ratings"
    label = "ratings"
    verbose_name = _("Retailer classification")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Visit plans and coverage follow each retailer's current star; visits cannot import
        # ratings (ratings read the visits), so ratings hands them the lookup.
        from jinye.ratings.selectors import current_stars
        from jinye.visits.selectors import use_star_source

        use_star_source(current_stars)
