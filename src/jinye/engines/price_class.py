"""Price classes (价类) 一类…五类 from a price per 条 and configurable lower bounds."""

from dataclasses import dataclass
from decimal import Decimal

import polars as pl


@dataclass(frozen=True)
class PriceClassThresholds:
    """Inclusive lower bounds of classes 1–4, in 元 per 条, strictly descending."""

    class1_min: Decimal
    class2_min: Decimal
    class3_min: Decimal
    class4_min: Decimal

    def __post_init__(self) -> None:
        bounds = self.bounds()
        if not all(a > b for a, b in zip(bounds, bounds[1:], strict=False)) or bounds[-1] <= 0:
            raise ValueError(f"price-class bounds must be positive and descending: {bounds}")

    def bounds(self) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        return (self.class1_min, self.class2_min, self.class3_min, self.class4_min)


# Industry defaults on the tax-exclusive transfer price (domain.md, Products and units).
TRANSFER_DEFAULTS = PriceClassThresholds(
    Decimal("100"), Decimal("70"), Decimal("30"), Decimal("16.5")
)
# Wholesale prices run about 1.2× the transfer price (VAT and margin); same bands scaled.
WHOLESALE_DEFAULTS = PriceClassThresholds(
    Decimal("120"), Decimal("84"), Decimal("36"), Decimal("19.8")
)


def classify(price: Decimal, thresholds: PriceClassThresholds) -> int:
    """Return 1 (highest) … 5 (lowest) for ``price``; lower bounds are inclusive."""
    if price <= 0:
        raise ValueError(f"price must be positive, got {price}")
    for klass, bound in enumerate(thresholds.bounds(), start=1):
        if price >= bound:
            return klass
    return 5


def classify_frame(
    skus: pl.DataFrame,
    transfer: PriceClassThresholds = TRANSFER_DEFAULTS,
    wholesale: PriceClassThresholds = WHOLESALE_DEFAULTS,
) -> pl.DataFrame:
    """Add ``price_class`` to a frame with ``transfer_price`` (nullable) and ``wholesale_price``.

    The transfer price decides where present; otherwise the wholesale price with its own bounds.
    """

    def expr(col: str, th: PriceClassThresholds) -> pl.Expr:
        b = [float(x) for x in th.bounds()]
        price = pl.col(col).cast(pl.Float64)
        return (
            pl.when(price >= b[0])
            .then(1)
            .when(price >= b[1])
            .then(2)
            .when(price >= b[2])
            .then(3)
            .when(price >= b[3])
            .then(4)
            .otherwise(5)
        )

    return skus.with_columns(
        pl.when(pl.col("transfer_price").is_not_null())
        .then(expr("transfer_price", transfer))
        .otherwise(expr("wholesale_price", wholesale))
        .cast(pl.Int8)
        .alias("price_class")
    )
