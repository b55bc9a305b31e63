"""Master data of the demo county as Polars frames: areas, staff, catalogue, retailers.

Pure (NumPy/Polars, no Django). Every random draw comes from the generator passed in, so
the frames are a function of the seed alone.
"""

from datetime import date, timedelta

import numpy as np
import polars as pl

from jinye.demo import places
from jinye.demo.catalog_data import BRANDS, LOCAL_BRANDS
from jinye.engines.price_class import classify_frame

RETAILERS_AT_SCALE_1 = 1900
RETAILERS_PER_CUSTOMER_MANAGER = 100
DELIVERERS = 3  # three delivery zones (seed 001 第二篇: 全县划分为3个访送片区)
INSPECTORS = 2


def _person_name(rng: np.random.Generator) -> str:
    given = rng.choice(places.GIVEN_CHARS, size=int(rng.integers(1, 3)))
    return str(rng.choice(places.SURNAMES)) + "".join(given)


def _phone(rng: np.random.Generator) -> str:
    prefix = rng.choice(["133", "135", "137", "138", "139", "158", "159", "180", "186", "189"])
    return f"{prefix}{int(rng.integers(0, 10**8)):08d}"


def areas_frame() -> pl.DataFrame:
    """``area_id, code, name``: the three market areas (fixed, not random)."""
    return pl.DataFrame(
        {
            "area_id": list(range(1, len(places.AREAS) + 1)),
            "code": [a[0] for a in places.AREAS],
            "name": [a[1] for a in places.AREAS],
        },
        schema={"area_id": pl.Int64, "code": pl.String, "name": pl.String},
    )


def retailers_per_area(n_retailers: int) -> list[int]:
    """Split ``n_retailers`` over the areas by their shares (largest remainder, exact sum)."""
    raw = [share * n_retailers for _, _, share, _ in places.AREAS]
    counts = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: counts[i] - raw[i])[: n_retailers - sum(counts)]:
        counts[i] += 1
    return counts


def staff_frame(rng: np.random.Generator, area_counts: list[int]) -> pl.DataFrame:
    """One director, a market manager per area, ~one customer manager per 100 retailers
    (at least one per area), an order clerk, deliverers and inspectors.

    Columns ``staff_id, username, employee_no, name, role, area_id, phone``.
    """
    rows: list[tuple[str, str, int | None]] = [("director", "director", None)]
    rows += [(f"mm{i + 1:02d}", "market_manager", i + 1) for i in range(len(area_counts))]
    cm = 0
    for area_id, n in enumerate(area_counts, start=1):
        for _ in range(max(1, round(n / RETAILERS_PER_CUSTOMER_MANAGER))):
            cm += 1
            rows.append((f"cm{cm:02d}", "customer_manager", area_id))
    rows.append(("clerk01", "order_clerk", None))
    rows += [(f"deliverer{i + 1:02d}", "deliverer", None) for i in range(DELIVERERS)]
    rows += [(f"inspector{i + 1:02d}", "inspector", None) for i in range(INSPECTORS)]
    return pl.DataFrame(
        {
            "staff_id": list(range(1, len(rows) + 1)),
            "username": [r[0] for r in rows],
            "employee_no": [f"{places.DEPARTMENT_CODE}{i + 1:04d}" for i in range(len(rows))],
            "name": [_person_name(rng) for _ in rows],
            "role": [r[1] for r in rows],
            "area_id": [r[2] for r in rows],
            "phone": [_phone(rng) for _ in rows],
        },
        schema={
            "staff_id": pl.Int64,
            "username": pl.String,
            "employee_no": pl.String,
            "name": pl.String,
            "role": pl.String,
            "area_id": pl.Int64,
            "phone": pl.String,
        },
    )


def _ean13(body12: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body12))
    return body12 + str((10 - total % 10) % 10)


def catalog_frames(rng: np.random.Generator) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(brands, skus)``. Prices per 条: wholesale ≈ retail / 1.13, transfer ≈ wholesale / 1.2;
    the class follows ``classify_frame``. ``popularity`` is a relative demand weight.
    """
    brand_rows = []
    sku_rows: list[dict[str, object]] = []
    for b, (brand, maker, specs) in enumerate(BRANDS, start=1):
        brand_rows.append((b, f"B{b:02d}", brand, maker))
        local = 3.0 if brand in LOCAL_BRANDS else 1.0
        for s, (spec, retail, scarce) in enumerate(specs, start=1):
            wholesale_fen = round(retail * 100 / 1.13)
            transfer_fen = round(wholesale_fen / 1.2)
            noise = float(rng.lognormal(0.0, 0.4))
            sku_rows.append(
                {
                    "sku_id": len(sku_rows) + 1,
                    "code": f"S{b:02d}{s:02d}",
                    "barcode": _ean13(f"690{1000 + b:04d}{100 + 37 * s:05d}"),
                    "brand_id": b,
                    "name": f"{brand}({spec})",
                    "transfer_price": transfer_fen / 100,
                    "wholesale_price": wholesale_fen / 100,
                    "retail_price": float(retail),
                    "wholesale_fen": wholesale_fen,
                    "scarce": scarce,
                    "active": True,
                    "popularity": local * noise * retail**0.4,
                }
            )
    brands = pl.DataFrame(
        brand_rows, schema=["brand_id", "code", "name", "manufacturer"], orient="row"
    )
    skus = classify_frame(pl.DataFrame(sku_rows))
    return brands, skus


def retailers_frame(
    rng: np.random.Generator,
    area_counts: list[int],
    staff: pl.DataFrame,
    start: date,
    today: date,
) -> pl.DataFrame:
    """Retailers with licence, names, place, format, status and their customer manager.

    Extra columns the order generator uses (dropped before loading): ``size`` (relative
    weekly volume), ``affluence`` (tilts towards dear SKUs), ``stop_on`` (no orders from
    this day: cancelled or suspended), ``order_weekday``, ``channel_pref``.
    """
    n = sum(area_counts)
    fmt_codes = [f[0] for f in places.FORMATS]
    fmt_p = np.array([f[1] for f in places.FORMATS])
    fmt_size = dict((f[0], f[2]) for f in places.FORMATS)
    serials = rng.permutation(n) + 100001
    cms = staff.filter(pl.col("role") == "customer_manager")
    rows: list[dict[str, object]] = []
    for area_id, (count, spec) in enumerate(zip(area_counts, places.AREAS, strict=True), 1):
        towns = spec[3]
        weights = np.array(
            [0.4 if i == 0 else 0.6 / max(1, len(towns) - 1) for i in range(len(towns))]
        )
        weights = weights / weights.sum() if len(towns) > 1 else np.array([1.0])
        town_idx = rng.choice(len(towns), size=count, p=weights)
        area_rows = []
        for k in range(count):
            town, dlat, dlon, spread, urban_share = towns[int(town_idx[k])]
            urban = bool(rng.random() < urban_share)
            wide = 1.0 if urban else 2.5
            lat = places.COUNTY_CENTRE[0] + dlat + float(rng.normal(0, spread * wide))
            lon = places.COUNTY_CENTRE[1] + dlon + float(rng.normal(0, spread * wide * 1.2))
            fmt = str(rng.choice(fmt_codes, p=fmt_p))
            owner = _person_name(rng)
            if urban:
                address = f"清溪县{town}{rng.choice(places.STREETS)}{int(rng.integers(1, 300))}号"
            else:
                village = town[:1] + str(rng.choice(places.VILLAGE_WORDS))
                address = f"清溪县{town}{village}村{int(rng.integers(1, 12))}组"
            style = rng.random()
            suffix = str(rng.choice(places.SHOP_SUFFIX[fmt]))
            if style < 0.5:
                name = owner + suffix
            elif style < 0.8:
                name = (
                    town[:2] + (str(rng.choice(places.VILLAGE_WORDS)) if not urban else "") + suffix
                )
            else:
                name = "老" + owner[0] + suffix
            area_rows.append(
                {
                    "area_id": area_id,
                    "town": int(town_idx[k]),
                    "name": name,
                    "owner": owner,
                    "phone": _phone(rng),
                    "address": address,
                    "latitude": round(lat, 6),
                    "longitude": round(lon, 6),
                    "business_format": fmt,
                    "location_type": "urban" if urban else "rural",
                    "size": fmt_size[fmt]
                    * float(rng.lognormal(0.0, 0.55))
                    * (1.15 if urban else 0.9),
                }
            )
        # Contiguous blocks by town and longitude: each manager serves one patch.
        area_rows.sort(key=lambda r: (r["town"], r["longitude"]))
        area_cms = cms.filter(pl.col("area_id") == area_id)["staff_id"].to_list()
        for k, row in enumerate(area_rows):
            row["customer_manager_id"] = area_cms[k * len(area_cms) // count]
        rows.extend(area_rows)
    frame = pl.DataFrame(rows).drop("town")
    return _with_life_cycle(rng, frame, serials, start, today)


def _with_life_cycle(
    rng: np.random.Generator, frame: pl.DataFrame, serials: np.ndarray, start: date, today: date
) -> pl.DataFrame:
    n = frame.height
    kind = rng.random(n)
    span_old = (start - date(2003, 1, 1)).days
    opened = [date(2003, 1, 1) + timedelta(days=int(d)) for d in rng.integers(0, span_old, n)]
    stop: list[date | None] = [None] * n
    status = ["open"] * n
    recent = (today - start).days
    for i in range(n):
        if kind[i] < 0.015:  # new this last quarter
            opened[i] = today - timedelta(days=int(rng.integers(7, 90)))
        elif kind[i] < 0.055:  # opened during the order history
            opened[i] = start + timedelta(days=int(rng.integers(0, recent - 90)))
        elif kind[i] < 0.085:  # licence cancelled: orders stop
            stop[i] = start + timedelta(days=int(rng.integers(60, recent - 14)))
            status[i] = "cancelled"
        elif kind[i] < 0.105:  # suspended lately
            stop[i] = today - timedelta(days=int(rng.integers(14, 200)))
            status[i] = "suspended"
    affluence = np.log(frame["size"].to_numpy()) + np.where(
        frame["location_type"] == "urban", 0.4, -0.4
    )
    channel_u = rng.random(n)
    return frame.with_columns(
        pl.Series("retailer_id", np.arange(1, n + 1), dtype=pl.Int64),
        pl.Series("licence_no", [f"420399{s:06d}" for s in serials]),
        pl.Series("status", status),
        pl.Series("opened_on", opened, dtype=pl.Date),
        pl.Series("stop_on", stop, dtype=pl.Date),
        pl.Series("affluence", affluence),
        pl.Series("order_weekday", rng.choice(6, size=n, p=[0.2, 0.2, 0.2, 0.2, 0.15, 0.05])),
        pl.Series(
            "channel_pref",
            np.where(channel_u < 0.85, "online", np.where(channel_u < 0.95, "phone", "visit")),
        ),
    ).select(
        "retailer_id",
        "licence_no",
        "name",
        "owner",
        "phone",
        "address",
        "latitude",
        "longitude",
        "area_id",
        "business_format",
        "location_type",
        "status",
        "customer_manager_id",
        "opened_on",
        "stop_on",
        "size",
        "affluence",
        "order_weekday",
        "channel_pref",
    )
