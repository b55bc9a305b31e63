from django.contrib import admin

from jinye.targets.models import AnnualTarget, InventorySurvey, MonthTarget


class MonthInline(admin.TabularInline):
    model = MonthTarget
    extra = 0
    readonly_fields = ["area", "month", "volume_cases", "revenue"]
    can_delete = False


@admin.register(AnnualTarget)
class AnnualTargetAdmin(admin.ModelAdmin):
    list_display = ["department", "year", "volume_cases", "revenue", "basis"]
    readonly_fields = ["volume_cases", "revenue", "basis", "updated_by"]
    inlines = [MonthInline]


@admin.register(InventorySurvey)
class InventorySurveyAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "taken_on", "sample_share"]
    readonly_fields = ["retailers"]
