from django.contrib import admin

from jinye.retailers.models import Retailer, RetailerLogin


@admin.register(Retailer)
class RetailerAdmin(admin.ModelAdmin):
    list_display = ["licence_no", "name", "owner", "area", "customer_manager", "status"]
    list_filter = ["area", "status", "business_format", "location_type"]
    search_fields = ["licence_no", "name", "owner", "phone"]
    raw_id_fields = ["customer_manager"]


@admin.register(RetailerLogin)
class RetailerLoginAdmin(admin.ModelAdmin):
    list_display = ["user", "retailer", "created_by", "created_at"]
    search_fields = ["user__username", "retailer__licence_no", "retailer__name"]
    raw_id_fields = ["user", "retailer", "created_by"]
