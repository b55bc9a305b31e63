from django.contrib import admin

from jinye.visits.models import ClosedMonth, ManagerBase, VisitPlan, VisitRule, VisitRuleChange


@admin.register(VisitRule)
class VisitRuleAdmin(admin.ModelAdmin):
    list_display = ["star", "cm_visits", "cm_period", "mm_visits"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # changes go through the director's page, which records them


admin.site.register(VisitRuleChange)
admin.site.register(ManagerBase, list_display=["staff", "latitude", "longitude"])
admin.site.register(ClosedMonth, list_display=["department", "month", "closed_by", "closed_at"])
admin.site.register(VisitPlan, list_display=["staff", "month", "generated_at"])
