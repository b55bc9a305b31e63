from django.contrib import admin

from jinye.people import models


@admin.register(models.TierStandard)
class TierStandardAdmin(admin.ModelAdmin):
    list_display = [
        "rank",
        "min_score",
        "min_months_in_post",
        "min_months_at_level",
        "min_education",
        "training_required",
    ]


@admin.register(models.KpiSettings)
class KpiSettingsAdmin(admin.ModelAdmin):
    list_display = ["department"]


@admin.register(models.CareerProfile)
class CareerProfileAdmin(admin.ModelAdmin):
    list_display = ["staff", "rank", "education", "training_passed", "outstanding", "reassign"]
    list_filter = ["rank", "reassign"]


@admin.register(models.CareerDecision)
class CareerDecisionAdmin(admin.ModelAdmin):
    list_display = ["staff", "window", "kind", "from_rank", "to_rank", "status"]
    list_filter = ["status", "kind", "window"]
    readonly_fields = [f.name for f in models.CareerDecision._meta.fields]


@admin.register(models.CareerAudit)
class CareerAuditAdmin(admin.ModelAdmin):
    list_display = ["staff", "action", "actor", "at"]
    readonly_fields = [f.name for f in models.CareerAudit._meta.fields]
