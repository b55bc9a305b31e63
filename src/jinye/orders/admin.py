from django.contrib import admin

from jinye.orders.models import Order, OrderLine


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    raw_id_fields = ["sku"]


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["order_no", "retailer", "order_date", "channel", "status"]
    list_filter = ["channel", "status"]
    search_fields = ["order_no", "retailer__licence_no", "retailer__name"]
    date_hierarchy = "order_date"
    raw_id_fields = ["retailer", "entered_by"]
    inlines = [OrderLineInline]
