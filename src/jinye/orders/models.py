"""Retailers' orders, in 条 (cartons)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jinye.catalog.models import Sku
from jinye.retailers.models import Retailer

CARTONS_PER_CASE = 250  # 1 箱 = 250 条


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PHONE = "phone", _("Phone")
    VISIT = "visit", _("Visit")


class OrderStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    CONFIRMED = "confirmed", _("Confirmed")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", pgettext_lazy("order status", "Cancelled")


class Order(models.Model):
    """One retailer order. ``week`` is the Monday of the order date's ISO week."""

    order_no = models.CharField(_("order number"), max_length=30, unique=True)
    retailer = models.ForeignKey(
        Retailer, on_delete=models.PROTECT, related_name="orders", verbose_name=_("retailer")
    )
    order_date = models.DateField(_("order date"))
    week = models.DateField(_("week"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.SUBMITTED
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-order_date", "order_no"]
        indexes = [
            models.Index(fields=["week", "status"]),
            models.Index(fields=["retailer", "order_date"]),
            # A scope's weeks (dashboard charts): without it SQLite reads every order of
            # the scope's retailers through the plain retailer index.
            models.Index(fields=["retailer", "week"], name="order_retailer_week"),
            # The order entry page lists the orders a person entered last.
            models.Index(fields=["entered_by", "created_at"], name="order_entered_by_created"),
        ]

    def __str__(self) -> str:
        return self.order_no


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    sku = models.ForeignKey(Sku, on_delete=models.PROTECT, related_name="+", verbose_name=_("SKU"))
    quantity = models.PositiveIntegerField(_("quantity (cartons)"))
    unit_price = models.DecimalField(_("unit price"), max_digits=10, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        # Covers the sums of the dashboard, targets and reports (order → sku, 条, 元): they
        # read the lines of a range of orders from the index alone, without the table.
        indexes = [
            models.Index(fields=["order", "sku", "quantity", "amount"], name="order_line_sums")
        ]
        constraints = [
            models.UniqueConstraint(fields=["order", "sku"], name="order_line_one_per_sku"),
            models.CheckConstraint(
                name="order_line_quantity_positive", condition=models.Q(quantity__gt=0)
            ),
            models.CheckConstraint(
                name="order_line_price_positive", condition=models.Q(unit_price__gt=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}:{self.sku_id}×{self.quantity}"
