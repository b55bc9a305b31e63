from django.contrib import admin

from jinye.retailers.models import Retailer


@admin.register(Retailer)
class RetailerAdmin(admin.ModelAdmin):
    list_display = ["licence_no", "name", "owner", "area", "customer_manager", "status"]
    list_filter = ["area", "status", "business_format", "location_type"]
    search_fields = ["licence_no", "name", "owner", "phone"]
    raw_id_fields = ["customer_manager"]
