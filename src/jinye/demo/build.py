"""Load the generated demo county into the database, fast and all-or-nothing.

``build_demo_county`` runs in one transaction: master data goes in with ``bulk_create``
and explicit ids, orders and order lines with ``executemany`` (SQLite) or ``COPY``
(PostgreSQL). A failure anywhere leaves the database as it was.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from time import perf_counter

import polars as pl
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max, Q

from jinye.catalog.models import Brand, Sku, load_schemes, price_class_of
from jinye.demo import places
from jinye.demo.bulkload import insert_rows
from jinye.demo.generator import CARTONS_PER_CASE, DemoCounty, generate_county
from jinye.orders.models import Order, OrderLine
from jinye.org.models import Company, MarketArea, MarketingDepartment, Staff
from jinye.pinyin import initials
from jinye.progress import ProgressFn, no_progress
from jinye.retailers.models import Retailer

DEMO_PASSWORD = "jinye2026"


@dataclass(frozen=True)
class DemoAccount:
    """A demo login printed by ``jinye demo``; ``scope`` says what the account sees."""

    username: str
    password: str
    role: str
    role_label: str
    scope: str


_AREA_NAMES = [a[1] for a in places.AREAS]
DEMO_ACCOUNTS: list[DemoAccount] = [
    DemoAccount("director", DEMO_PASSWORD, "director", "营销部主任", "全营销部"),
    *[
        DemoAccount(
            f"mm{i + 1:02d}", DEMO_PASSWORD, "market_manager", "市场经理", f"{name}全部客户"
        )
        for i, name in enumerate(_AREA_NAMES)
    ],
    DemoAccount(
        "cm01", DEMO_PASSWORD, "customer_manager", "客户经理", f"{_AREA_NAMES[0]}·本人负责的客户"
    ),
    DemoAccount("clerk01", DEMO_PASSWORD, "order_clerk", "订单员", "全营销部（电话订货）"),
    DemoAccount("deliverer01", DEMO_PASSWORD, "deliverer", "送货员", "全营销部（送货）"),
    DemoAccount("inspector01", DEMO_PASSWORD, "inspector", "专管员", "全营销部（专卖管理）"),
    DemoAccount(
        "shop01", DEMO_PASSWORD, "retailer", "零售客户", "本店：网上订货、配额与档位及依据"
    ),
]

# Tables the demo writes, parents first.
_MODELS: list[type[models.Model]] = [
    Company,
    MarketingDepartment,
    MarketArea,
    User,
    Staff,
    Brand,
    Sku,
    Retailer,
    Order,
    OrderLine,
]

GENERATE = "Generating the county"
DELETE = "Deleting old data"
MASTER = "Writing master data"
ORDERS = "Writing orders"
LINES = "Writing order lines"


def database_has_data() -> bool:
    """True when any retailer exists."""
    return Retailer.objects.exists()


def build_demo_county(
    *,
    seed: int,
    today: date,
    progress: ProgressFn = no_progress,
    replace: bool,
    scale: float = 1.0,
) -> str:
    """Generate the county for ``seed``/``today`` and write it; return a one-line summary.

    With ``replace`` the demo's tables (orders, retailers, staff and their logins except
    superusers, catalogue, areas, departments, companies) are emptied first; without it they
    must be empty. One transaction: on any error nothing is written or deleted.
    """
    started = perf_counter()
    progress(0, 1, GENERATE)
    county = generate_county(seed, today, scale)
    progress(1, 1, GENERATE)
    with transaction.atomic():
        if replace:
            _delete_existing(progress)
        else:
            _ensure_empty()
        offsets = {m: m._default_manager.aggregate(top=Max("id"))["top"] or 0 for m in _MODELS}
        _load_master(county, offsets, progress)
        _load_orders(county, offsets, progress)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), _MODELS):
                cursor.execute(sql)
    with connection.cursor() as cursor:
        # Fresh planner statistics: without them PostgreSQL picks nested loops over the
        # just-loaded order lines (dashboard 4.4 s before ANALYZE, well under 1 s after).
        cursor.execute("ANALYZE")
    return _summary(county, perf_counter() - started)


def _summary(county: DemoCounty, seconds: float) -> str:
    cartons = county.order_lines["quantity"].sum()
    return (
        f"Demo county {places.DEPARTMENT_NAME} (seed {county.seed}): "
        f"{county.areas.height} areas, {county.staff.height} staff, "
        f"{county.brands.height} brands, {county.skus.height} SKUs, "
        f"{county.retailers.height:,} retailers, {county.orders.height:,} orders, "
        f"{county.order_lines.height:,} order lines ({cartons / CARTONS_PER_CASE:,.0f} 箱) "
        f"from {county.start} to {county.today}; built in {seconds:.1f} s."
    )


def _demo_usernames() -> list[str]:
    return [a.username for a in DEMO_ACCOUNTS]


def _ensure_empty() -> None:
    if (
        Retailer.objects.exists()
        or Order.objects.exists()
        or Sku.objects.exists()
        or Brand.objects.exists()
        or MarketArea.objects.exists()
        or Staff.objects.exists()
        or User.objects.filter(username__in=_demo_usernames()).exists()
        or Company.objects.filter(code=places.COMPANY_CODE).exists()
    ):
        raise ValueError(
            "The database already holds retailers, staff, SKUs, areas or orders; "
            "build with replace=True (jinye demo --rebuild) to delete them first."
        )


def _only_referenced_by(model: type[models.Model], *referrers: type[models.Model]) -> bool:
    return all(rel.related_model in referrers for rel in model._meta.related_objects)


def _blocking_models() -> list[type[models.Model]]:
    """Other apps' models whose rows would stop the demo tables from being emptied (a
    ``PROTECT``/``RESTRICT`` reference, directly or through another such model), deepest first.
    Their rows are derived from the demo data (ratings, plans, …), so a rebuild drops them.
    """
    blocked: set[type[models.Model]] = set(_MODELS)
    found: list[type[models.Model]] = []
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in blocked:
                continue
            for field in model._meta.get_fields():
                remote = getattr(field, "remote_field", None)
                if (
                    isinstance(field, models.ForeignKey)
                    and remote is not None
                    and remote.model in blocked
                    and remote.on_delete in (models.PROTECT, models.RESTRICT)
                ):
                    blocked.add(model)
                    found.append(model)
                    changed = True
                    break
    return found[::-1]


def _delete_existing(progress: ProgressFn) -> None:
    blockers = _blocking_models()
    steps = len(blockers) + 8
    progress(0, steps, DELETE)
    for done, model in enumerate(blockers, start=1):
        model._default_manager.all().delete()
        progress(done, steps, DELETE)
    step = len(blockers)
    # The two big tables go with one statement each; the ORM collector would load every row.
    for model, referrers in ((OrderLine, ()), (Order, (OrderLine,))):
        if _only_referenced_by(model, *referrers):
            model._default_manager.all()._raw_delete(model._default_manager.db)
        else:
            model._default_manager.all().delete()
    progress(step + 2, steps, DELETE)
    Retailer.objects.all().delete()
    progress(step + 3, steps, DELETE)
    staff_users = Q(staff__isnull=False) | Q(username__in=_demo_usernames())
    User.objects.filter(staff_users, is_superuser=False).delete()
    Staff.objects.all().delete()
    progress(step + 4, steps, DELETE)
    Sku.objects.all().delete()
    Brand.objects.all().delete()
    progress(step + 6, steps, DELETE)
    MarketArea.objects.all().delete()
    MarketingDepartment.objects.all().delete()
    Company.objects.all().delete()
    progress(steps, steps, DELETE)


def _money(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2)


def _load_master(
    county: DemoCounty, offsets: dict[type[models.Model], int], progress: ProgressFn
) -> None:
    steps = 6
    progress(0, steps, MASTER)
    company = Company.objects.create(
        id=offsets[Company] + 1, code=places.COMPANY_CODE, name=places.COMPANY_NAME
    )
    dept = MarketingDepartment.objects.create(
        id=offsets[MarketingDepartment] + 1,
        company=company,
        code=places.DEPARTMENT_CODE,
        name=places.DEPARTMENT_NAME,
    )
    area_off = offsets[MarketArea]
    MarketArea.objects.bulk_create(
        MarketArea(id=area_off + r["area_id"], department=dept, code=r["code"], name=r["name"])
        for r in county.areas.iter_rows(named=True)
    )
    progress(1, steps, MASTER)
    _load_staff(county, offsets, dept)
    progress(2, steps, MASTER)
    brand_off, sku_off = offsets[Brand], offsets[Sku]
    Brand.objects.bulk_create(
        Brand(
            id=brand_off + r["brand_id"],
            code=r["code"],
            name=r["name"],
            manufacturer=r["manufacturer"],
        )
        for r in county.brands.iter_rows(named=True)
    )
    progress(3, steps, MASTER)
    schemes = load_schemes()
    skus = []
    for r in county.skus.iter_rows(named=True):
        transfer = Decimal(str(r["transfer_price"])).quantize(Decimal("0.01"))
        wholesale = _money(r["wholesale_fen"])
        skus.append(
            Sku(
                id=sku_off + r["sku_id"],
                code=r["code"],
                barcode=r["barcode"],
                brand_id=brand_off + r["brand_id"],
                name=r["name"],
                transfer_price=transfer,
                wholesale_price=wholesale,
                retail_price=Decimal(str(r["retail_price"])).quantize(Decimal("0.01")),
                price_class=price_class_of(transfer, wholesale, schemes),
                scarce=r["scarce"],
                active=r["active"],
                search_initials=initials(r["name"])[:100],
            )
        )
    Sku.objects.bulk_create(skus)
    progress(4, steps, MASTER)
    retailer_off, area_off, staff_off = offsets[Retailer], offsets[MarketArea], offsets[Staff]
    Retailer.objects.bulk_create(
        (
            Retailer(
                id=retailer_off + r.pop("retailer_id"),
                area_id=area_off + r.pop("area_id"),
                customer_manager_id=staff_off + r.pop("customer_manager_id"),
                **r,
            ).with_initials()
            for r in county.retailers.iter_rows(named=True)
        ),
        batch_size=2000,
    )
    progress(steps, steps, MASTER)


def _load_staff(
    county: DemoCounty, offsets: dict[type[models.Model], int], dept: MarketingDepartment
) -> None:
    # One hash for every demo login: hashing is deliberately slow, and the demo shares one
    # password anyway.
    password = make_password(DEMO_PASSWORD)
    user_off, staff_off, area_off = offsets[User], offsets[Staff], offsets[MarketArea]
    now = datetime.now(UTC)
    rows = list(county.staff.iter_rows(named=True))
    User.objects.bulk_create(
        User(
            id=user_off + r["staff_id"],
            username=r["username"],
            password=password,
            first_name=r["name"],
            is_active=True,
            date_joined=now,
        )
        for r in rows
    )
    Staff.objects.bulk_create(
        Staff(
            id=staff_off + r["staff_id"],
            user_id=user_off + r["staff_id"],
            department=dept,
            area_id=area_off + r["area_id"] if r["area_id"] is not None else None,
            employee_no=r["employee_no"],
            name=r["name"],
            role=r["role"],
            phone=r["phone"],
        )
        for r in rows
    )


def _load_orders(
    county: DemoCounty, offsets: dict[type[models.Model], int], progress: ProgressFn
) -> None:
    # SQLite stores aware datetimes as naive UTC text; PostgreSQL wants an explicit zone.
    zone = "+00" if connection.vendor == "postgresql" else ""
    orders = county.orders.select(
        pl.col("order_id") + offsets[Order],
        "order_no",
        pl.col("retailer_id") + offsets[Retailer],
        pl.col("order_date").dt.strftime("%Y-%m-%d"),
        pl.col("week").dt.strftime("%Y-%m-%d"),
        "channel",
        "status",
        pl.col("entered_by_staff_id") + offsets[User],
        # Orders come in around 09:00 Beijing time (01:00 UTC).
        (pl.col("order_date").dt.strftime("%Y-%m-%d") + f" 01:00:00{zone}").alias("created_at"),
    )
    insert_rows(
        Order,
        [
            "id",
            "order_no",
            "retailer",
            "order_date",
            "week",
            "channel",
            "status",
            "entered_by",
            "created_at",
        ],
        orders,
        progress,
        ORDERS,
    )
    lines = county.order_lines.select(
        pl.col("line_id") + offsets[OrderLine],
        pl.col("order_id") + offsets[Order],
        pl.col("sku_id") + offsets[Sku],
        "quantity",
        _fen_text("unit_price_fen"),
        _fen_text("amount_fen"),
    )
    insert_rows(
        OrderLine,
        ["id", "order", "sku", "quantity", "unit_price", "amount"],
        lines,
        progress,
        LINES,
    )


def _fen_text(column: str) -> pl.Expr:
    """Integer fen as exact decimal text ("123.45"): no float rounding on the way in."""
    fen = pl.col(column)
    return ((fen // 100).cast(pl.String) + "." + (fen % 100).cast(pl.String).str.zfill(2)).alias(
        column
    )
