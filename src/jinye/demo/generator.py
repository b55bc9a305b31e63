"""The deterministic demo county: master data and two years of weekly orders, as Polars frames.

Pure (NumPy/Polars, no Django): ``generate_county(seed, today, scale)`` returns the same
frames for the same arguments. ``jinye.demo.build`` loads them into the database.

Calibrated to seed 001 第二篇 (a county of ~1,900 retailers): about 15,000 箱 a year, weekly
sales mostly 180–280 箱 with a Spring Festival peak in the weeks before Chinese New Year and a
slump after it, 一二类 about 30% of volume and 65% of revenue, 单箱均价 about 25,000 元, most
small retailers carrying fewer than 20 SKUs a quarter, and intermittent per-SKU demand.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import polars as pl

from jinye.demo import master

CARTONS_PER_CASE = 250
# Base weekly sales in 箱 for 1,900 retailers outside the festival and gift seasons.
BASE_WEEKLY_CASES = 270.0
YEARLY_GROWTH = 0.02
# Target volume share by price class 1..5 (seed 001 第二篇: 一二类 30.88% of volume).
CLASS_VOLUME_SHARE = {1: 0.11, 2: 0.17, 3: 0.44, 4: 0.2, 5: 0.08}
SCARCE_ORDER_CAP = 5  # 条 per SKU per order (单品批次购进量)
CANCELLED_ORDER_SHARE = 0.008

CHINESE_NEW_YEAR = [
    date(2021, 2, 12),
    date(2022, 2, 1),
    date(2023, 1, 22),
    date(2024, 2, 10),
    date(2025, 1, 29),
    date(2026, 2, 17),
    date(2027, 2, 6),
    date(2028, 1, 26),
    date(2029, 2, 13),
    date(2030, 2, 3),
]
# Multiplier by weeks before CNY (1 = the week just before): 礼品 then 年货 buying.
_PRE_CNY = {1: 1.5, 2: 1.85, 3: 1.8, 4: 1.55, 5: 1.3}
# Multiplier by weeks from the week holding CNY (0): the post-festival slump.
_POST_CNY = {0: 0.45, 1: 0.6, 2: 0.68, 3: 0.7, 4: 0.72}


@dataclass(frozen=True)
class DemoCounty:
    """The generated county. Ids are 1-based and consistent across frames.

    - ``areas``: area_id, code, name
    - ``staff``: staff_id, username, employee_no, name, role, phone, area_id (null for
      department-wide roles)
    - ``brands``: brand_id, code, name, manufacturer
    - ``skus``: sku_id, code, barcode, brand_id, name, transfer_price, wholesale_price,
      retail_price (元 per 条), wholesale_fen, scarce, active, popularity, price_class
    - ``retailers``: retailer_id, licence_no, name, owner, phone, address, latitude, longitude,
      area_id, business_format, location_type, status, customer_manager_id, opened_on
    - ``orders``: order_id, order_no, retailer_id, order_date, week (Monday), channel, status,
      entered_by_staff_id (the clerk for phone orders, the manager for visit orders)
    - ``order_lines``: line_id, order_id, sku_id, quantity (条), unit_price_fen, amount_fen
    """

    seed: int
    today: date
    start: date
    areas: pl.DataFrame
    staff: pl.DataFrame
    brands: pl.DataFrame
    skus: pl.DataFrame
    retailers: pl.DataFrame
    orders: pl.DataFrame
    order_lines: pl.DataFrame


def history_start(today: date) -> date:
    """First day of the quarter eight quarters before ``today``'s: two full years of history
    plus the current quarter up to ``today``."""
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return date(quarter_start.year - 2, quarter_start.month, 1)


def season_factor(monday: date) -> float:
    """Demand multiplier of the week starting ``monday``: Spring Festival peak before CNY,
    slump after it, a December gift season and a smaller Mid-Autumn/National Day lift."""
    for cny in CHINESE_NEW_YEAR:
        delta = (cny - monday).days
        if 7 <= delta <= 41:
            return _PRE_CNY[delta // 7]
        if -28 <= delta <= 6:
            return _POST_CNY[(6 - delta) // 7]
    if monday.month == 12:
        return 1.12
    if (monday.month, monday.day) >= (9, 20) and (monday.month, monday.day) <= (10, 3):
        return 1.1
    return 1.0


def generate_county(seed: int, today: date, scale: float = 1.0) -> DemoCounty:
    """Generate the demo county for ``seed`` with order history up to ``today``.

    ``scale`` multiplies the number of retailers (1.0 ≈ 1,900) and with it the staff and
    the volume; at least one retailer per area.
    """
    if scale <= 0:
        raise ValueError(f"scale must be positive, got {scale}")
    seeds = np.random.SeedSequence(seed).spawn(4)
    rng_staff, rng_catalog, rng_retail, rng_orders = (np.random.default_rng(s) for s in seeds)
    start = history_start(today)
    n = max(len(master.areas_frame()), round(master.RETAILERS_AT_SCALE_1 * scale))
    area_counts = [max(1, c) for c in master.retailers_per_area(n)]
    areas = master.areas_frame()
    staff = master.staff_frame(rng_staff, area_counts)
    brands, skus = master.catalog_frames(rng_catalog)
    retailers = master.retailers_frame(rng_retail, area_counts, staff, start, today)
    orders, lines = _orders(rng_orders, retailers, skus, staff, start, today)
    return DemoCounty(
        seed=seed,
        today=today,
        start=start,
        areas=areas,
        staff=staff,
        brands=brands,
        skus=skus,
        retailers=retailers.drop("stop_on", "size", "affluence", "order_weekday", "channel_pref"),
        orders=orders,
        order_lines=lines,
    )


def _assortments(
    rng: np.random.Generator, retailers: pl.DataFrame, skus: pl.DataFrame
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each retailer's SKU list, favourites first: ``(count, flat_retailer, flat_sku, rank)``.

    Richer (urban, larger) retailers lean towards dear classes, rural small ones to cheap.
    """
    n, s = retailers.height, skus.height
    size = retailers["size"].to_numpy()
    affluence = retailers["affluence"].to_numpy()
    klass = skus["price_class"].to_numpy().astype(np.float64)
    tilt = np.outer(affluence, (3.0 - klass) * 0.35)
    logw = np.log(skus["popularity"].to_numpy())[None, :] + tilt
    keys = logw + rng.gumbel(size=(n, s))
    order = np.argsort(-keys, axis=1)
    raw_count = np.clip(np.round(rng.lognormal(np.log(19.0), 0.5, n) * size**0.3), 4, 70)
    count = raw_count.astype(np.int64)
    mask = np.arange(s)[None, :] < count[:, None]
    flat_sku = order[mask]
    rank = np.broadcast_to(np.arange(s), (n, s))[mask]
    flat_retailer = np.repeat(np.arange(n), count)
    return count, flat_retailer, flat_sku, rank


def _order_grid(
    rng: np.random.Generator, retailers: pl.DataFrame, start: date, today: date
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Which retailer orders in which week: ``(retailer_idx, week_idx, order_day, mondays)``."""
    first_monday = start - timedelta(days=start.weekday())
    weeks = (today - first_monday).days // 7 + 1
    mondays = np.array([first_monday + timedelta(weeks=w) for w in range(weeks)], "datetime64[D]")
    season = np.array([season_factor(d.astype(date)) for d in mondays])
    weekday = retailers["order_weekday"].to_numpy()
    day = mondays[None, :] + weekday[:, None].astype("timedelta64[D]")
    opened = retailers["opened_on"].to_numpy().astype("datetime64[D]")
    stop = retailers["stop_on"].to_numpy().astype("datetime64[D]")
    stop = np.where(np.isnat(stop), np.datetime64(today) + 1, stop)
    active = (
        (day >= np.datetime64(start))
        & (day <= np.datetime64(today))
        & (day >= opened[:, None])
        & (day < stop[:, None])
    )
    p = rng.beta(8.0, 1.5, retailers.height)
    ordering = rng.random(active.shape) < np.minimum(0.99, p[:, None] * season[None, :] ** 0.3)
    r_idx, w_idx = np.nonzero(active & ordering)
    order_day = day[r_idx, w_idx]
    by_date = np.lexsort((r_idx, order_day))
    return r_idx[by_date], w_idx[by_date], order_day[by_date], mondays


def _calibrated_means(
    count: np.ndarray,
    flat_retailer: np.ndarray,
    flat_sku: np.ndarray,
    rank: np.ndarray,
    retailers: pl.DataFrame,
    skus: pl.DataFrame,
) -> tuple[np.ndarray, np.ndarray]:
    """Per retailer×SKU weekly order probability ``q`` and mean quantity ``m`` (条), scaled so
    the expected base week and the class volume shares hit the calibration targets."""
    a = count[flat_retailer].astype(np.float64)
    q = 0.1 + 0.8 * np.exp(-rank / (0.3 * a))
    m = retailers["size"].to_numpy()[flat_retailer] * np.exp(-rank / (0.6 * a))
    klass = skus["price_class"].to_numpy()[flat_sku]
    expected = q * m
    total = expected.sum()
    for c, share in CLASS_VOLUME_SHARE.items():
        in_class = klass == c
        m[in_class] *= share * total / expected[in_class].sum()
    target_week = BASE_WEEKLY_CASES * CARTONS_PER_CASE * retailers.height / 1900 / 0.84
    m *= target_week / (q * m).sum()
    return q, m


def _orders(
    rng: np.random.Generator,
    retailers: pl.DataFrame,
    skus: pl.DataFrame,
    staff: pl.DataFrame,
    start: date,
    today: date,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    count, flat_retailer, flat_sku, rank = _assortments(rng, retailers, skus)
    q, m = _calibrated_means(count, flat_retailer, flat_sku, rank, retailers, skus)
    r_idx, w_idx, order_day, mondays = _order_grid(rng, retailers, start, today)
    n_orders = r_idx.size
    season = np.array([season_factor(d.astype(date)) for d in mondays])
    years = (mondays - np.datetime64(start)).astype(np.float64) / 365.25
    week_level = season * (1 + YEARLY_GROWTH) ** years * rng.normal(1.0, 0.035, mondays.size)

    # Expand every order into its retailer's assortment and keep the SKUs ordered this week.
    offsets = np.concatenate(([0], np.cumsum(count)[:-1]))
    per_order = count[r_idx]
    first = np.cumsum(per_order) - per_order
    cand_order = np.repeat(np.arange(n_orders), per_order)
    j = np.arange(cand_order.size) - np.repeat(first, per_order)
    flat = offsets[r_idx][cand_order] + j
    level = week_level[w_idx][cand_order]
    keep = rng.random(flat.size) < np.minimum(0.97, q[flat] * season[w_idx][cand_order] ** 0.4)
    lines_per_order = np.bincount(cand_order[keep], minlength=n_orders)
    keep[first[lines_per_order == 0]] = True  # every order has at least its favourite SKU
    flat, cand_order, level = flat[keep], cand_order[keep], level[keep]
    order_noise = rng.lognormal(-0.03, 0.25, n_orders)
    mean = m[flat] * level / season[w_idx][cand_order] ** 0.7 * order_noise[cand_order]
    quantity = np.maximum(1, rng.poisson(mean))
    sku_idx = flat_sku[flat]
    scarce = skus["scarce"].to_numpy()
    quantity = np.where(scarce[sku_idx], np.minimum(quantity, SCARCE_ORDER_CAP), quantity)
    price = skus["wholesale_fen"].to_numpy()[sku_idx]

    orders = _orders_frame(rng, retailers, staff, r_idx, order_day, mondays[w_idx])
    lines = pl.DataFrame(
        {
            "order_id": cand_order + 1,
            "sku_id": skus["sku_id"].to_numpy()[sku_idx],
            "quantity": quantity.astype(np.int64),
            "unit_price_fen": price.astype(np.int64),
        }
    ).sort("order_id", "sku_id")
    lines = lines.with_columns(
        (pl.col("quantity") * pl.col("unit_price_fen")).alias("amount_fen")
    ).with_row_index("line_id", offset=1)
    return orders, lines.with_columns(pl.col("line_id").cast(pl.Int64))


def _orders_frame(
    rng: np.random.Generator,
    retailers: pl.DataFrame,
    staff: pl.DataFrame,
    r_idx: np.ndarray,
    order_day: np.ndarray,
    week: np.ndarray,
) -> pl.DataFrame:
    n = r_idx.size
    pref = retailers["channel_pref"].to_numpy()[r_idx]
    u = rng.random(n)
    channel = np.where(
        pref == "online",
        np.where(u < 0.95, "online", "phone"),
        np.where(
            pref == "phone",
            np.where(u < 0.8, "phone", "visit"),
            np.where(u < 0.8, "visit", "phone"),
        ),
    )
    clerk = int(staff.filter(pl.col("role") == "order_clerk")["staff_id"][0])
    manager = retailers["customer_manager_id"].to_numpy()[r_idx]
    entered_by = np.where(channel == "phone", clerk, np.where(channel == "visit", manager, 0))
    status = np.where(rng.random(n) < CANCELLED_ORDER_SHARE, "cancelled", "delivered")
    retailer_id = retailers["retailer_id"].to_numpy()[r_idx]
    frame = pl.DataFrame(
        {
            "order_id": np.arange(1, n + 1, dtype=np.int64),
            "retailer_id": retailer_id,
            "order_date": order_day,
            "week": week,
            "channel": channel,
            "status": status,
            "entered_by_staff_id": entered_by,
        }
    ).with_columns(pl.col("order_date").cast(pl.Date), pl.col("week").cast(pl.Date))
    return frame.with_columns(
        (
            pl.col("order_date").dt.strftime("%Y%m%d")
            + pl.col("retailer_id").cast(pl.String).str.zfill(6)
        ).alias("order_no"),
        pl.when(pl.col("entered_by_staff_id") > 0)
        .then(pl.col("entered_by_staff_id"))
        .alias("entered_by_staff_id"),
    ).select(
        "order_id",
        "order_no",
        "retailer_id",
        "order_date",
        "week",
        "channel",
        "status",
        "entered_by_staff_id",
    )
