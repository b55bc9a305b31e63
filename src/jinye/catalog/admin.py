from django.contrib import admin

from jinye.catalog.models import Brand, PriceClassScheme, Sku


@admin.register(PriceClassScheme)
class PriceClassSchemeAdmin(admin.ModelAdmin):
    list_display = ["basis", "class1_min", "class2_min", "class3_min", "class4_min"]


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "manufacturer"]
    search_fields = ["code", "name"]


@admin.register(Sku)
class SkuAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "brand", "wholesale_price", "price_class", "scarce", "active"]
    list_filter = ["price_class", "scarce", "active", "brand"]
    search_fields = ["code", "barcode", "name"]
    readonly_fields = ["price_class"]
