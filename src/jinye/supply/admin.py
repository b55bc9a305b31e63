from django.contrib import admin

from jinye.supply.models import (
    AllocationRun,
    DemandRecord,
    MonthlyQuota,
    QuotaPolicy,
    SkuSupplyRule,
    WeeklySupply,
)

admin.site.register(QuotaPolicy)
admin.site.register(SkuSupplyRule)
admin.site.register(WeeklySupply)
admin.site.register(DemandRecord)


@admin.register(MonthlyQuota)
class MonthlyQuotaAdmin(admin.ModelAdmin):
    list_display = ("retailer", "month", "agreed", "ceiling", "ordered")
    list_filter = ("month",)
    readonly_fields = ("ordered",)


@admin.register(AllocationRun)
class AllocationRunAdmin(admin.ModelAdmin):
    list_display = ("week", "sku", "method", "supply", "allocated", "status")
    list_filter = ("status", "method")
