from django.contrib import admin

from jinye.org.models import Company, MarketArea, MarketingDepartment, Staff

admin.site.register(Company)
admin.site.register(MarketingDepartment)


@admin.register(MarketArea)
class MarketAreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "department"]


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ["employee_no", "name", "role", "area", "active"]
    list_filter = ["role", "area", "active"]
    search_fields = ["employee_no", "name", "user__username"]
