"""Catalog: brands, SKUs (品规) and the price-class scheme."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jinye.engines.price_class import (
    TRANSFER_DEFAULTS,
    WHOLESALE_DEFAULTS,
    PriceClassThresholds,
    classify,
)
from jinye.pinyin import initials


class PriceClass(models.IntegerChoices):
    CLASS_1 = 1, _("Class 1")
    CLASS_2 = 2, _("Class 2")
    CLASS_3 = 3, _("Class 3")
    CLASS_4 = 4, _("Class 4")
    CLASS_5 = 5, _("Class 5")


class PriceClassScheme(models.Model):
    """Lower bounds (inclusive, 元 per 条) of classes 1–4; class 5 is everything below.

    Two rows: basis ``transfer`` (tax-exclusive 调拨价, the industry rule) and basis
    ``wholesale`` (used when a SKU has no transfer price).
    """

    class Basis(models.TextChoices):
        TRANSFER = "transfer", _("Transfer price")
        WHOLESALE = "wholesale", _("Wholesale price")

    basis = models.CharField(_("price basis"), max_length=10, choices=Basis.choices, unique=True)
    class1_min = models.DecimalField(_("class 1 from"), max_digits=10, decimal_places=2)
    class2_min = models.DecimalField(_("class 2 from"), max_digits=10, decimal_places=2)
    class3_min = models.DecimalField(_("class 3 from"), max_digits=10, decimal_places=2)
    class4_min = models.DecimalField(_("class 4 from"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("price-class scheme")
        verbose_name_plural = _("price-class schemes")
        constraints = [
            models.CheckConstraint(
                name="price_class_bounds_descending",
                condition=models.Q(class1_min__gt=models.F("class2_min"))
                & models.Q(class2_min__gt=models.F("class3_min"))
                & models.Q(class3_min__gt=models.F("class4_min"))
                & models.Q(class4_min__gt=0),
            )
        ]

    def __str__(self) -> str:
        return self.get_basis_display()

    def thresholds(self) -> PriceClassThresholds:
        return PriceClassThresholds(
            self.class1_min, self.class2_min, self.class3_min, self.class4_min
        )


class Brand(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    manufacturer = models.CharField(_("manufacturer"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Sku(models.Model):
    """A cigarette specification (品规). Prices are per 条 (carton)."""

    code = models.CharField(_("SKU code"), max_length=20, unique=True)
    barcode = models.CharField(_("barcode"), max_length=20, unique=True)
    brand = models.ForeignKey(
        Brand, on_delete=models.PROTECT, related_name="skus", verbose_name=_("brand")
    )
    name = models.CharField(_("name"), max_length=100)
    transfer_price = models.DecimalField(
        _("transfer price"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    wholesale_price = models.DecimalField(
        _("wholesale price"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    retail_price = models.DecimalField(
        _("suggested retail price"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    price_class = models.PositiveSmallIntegerField(
        _("price class"), choices=PriceClass.choices, editable=False
    )
    scarce = models.BooleanField(_("scarce"), default=False)
    active = models.BooleanField(pgettext_lazy("sku", "active"), default=True)
    #: Pinyin initials of the name (``jinye.pinyin``; names carry the brand: 红塔山(硬经典)),
    #: kept in step by save() and by the bulk writers.
    search_initials = models.CharField(max_length=100, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("SKU")
        verbose_name_plural = _("SKUs")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="sku_prices_positive",
                condition=models.Q(wholesale_price__gt=0) & models.Q(retail_price__gt=0),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # The class is an invariant of the prices and the configured scheme.
        self.price_class = price_class_of(self.transfer_price, self.wholesale_price, load_schemes())
        self.search_initials = initials(self.name)[:100]
        super().save(*args, **kwargs)


def price_class_of(
    transfer_price: Decimal | None, wholesale_price: Decimal, schemes: dict[str, PriceClassScheme]
) -> int:
    """Class from the transfer price where known, else from the wholesale price."""
    if transfer_price is not None:
        scheme = schemes.get(PriceClassScheme.Basis.TRANSFER)
        return classify(transfer_price, scheme.thresholds() if scheme else TRANSFER_DEFAULTS)
    scheme = schemes.get(PriceClassScheme.Basis.WHOLESALE)
    return classify(wholesale_price, scheme.thresholds() if scheme else WHOLESALE_DEFAULTS)


def load_schemes() -> dict[str, PriceClassScheme]:
    return {s.basis: s for s in PriceClassScheme.objects.all()}
