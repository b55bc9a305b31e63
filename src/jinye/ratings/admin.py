from django.contrib import admin
from django.http import HttpRequest

from jinye.ratings.models import ClassificationRun, RatingSettings, RetailerRating


@admin.register(RatingSettings)
class RatingSettingsAdmin(admin.ModelAdmin):
    list_display = ["department", "tiers", "weight_amount", "weight_volume", "weight_structure"]
    readonly_fields = ["updated_by", "updated_at"]


@admin.register(ClassificationRun)
class ClassificationRunAdmin(admin.ModelAdmin):
    list_display = ["department", "quarter", "run_by", "started_at", "retailer_count"]
    list_filter = ["department", "quarter"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # runs come from the service only


@admin.register(RetailerRating)
class RetailerRatingAdmin(admin.ModelAdmin):
    list_display = ["retailer", "quarter", "tier", "provisional", "star", "scale", "class_code"]
    list_filter = ["quarter", "star", "scale", "provisional"]
    search_fields = ["retailer__licence_no", "retailer__name"]
    raw_id_fields = ["retailer", "run"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # ratings are results of a run, never edited by hand
