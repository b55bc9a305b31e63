"""Shared factories: plain functions that build real rows in the test database.

Tests import them (``from tests.factories import make_retailer``); fixtures live in conftest."""

import itertools
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User

from jinye.catalog.models import Brand, Sku
from jinye.orders.models import Order, OrderLine
from jinye.org.models import Company, MarketArea, MarketingDepartment, Role, Staff
from jinye.retailers.models import Retailer

_seq = itertools.count(1)


def make_department(code: str = "D1") -> MarketingDepartment:
    company, _ = Company.objects.get_or_create(code="C1", defaults={"name": "某市烟草公司"})
    dept, _ = MarketingDepartment.objects.get_or_create(
        code=code, defaults={"company": company, "name": f"{code}营销部"}
    )
    return dept


def make_area(dept: MarketingDepartment | None = None, code: str | None = None) -> MarketArea:
    dept = dept or make_department()
    code = code or f"A{next(_seq)}"
    return MarketArea.objects.create(department=dept, code=code, name=f"{code}市场部")


def make_staff(
    role: str,
    *,
    area: MarketArea | None = None,
    dept: MarketingDepartment | None = None,
    username: str | None = None,
    password: str = "pw-12345678",
) -> Staff:
    n = next(_seq)
    username = username or f"{role}{n}"
    user = User.objects.create_user(username=username, password=password)
    if role in (Role.MARKET_MANAGER, Role.CUSTOMER_MANAGER) and area is None:
        area = make_area(dept)
    dept = dept or (area.department if area else make_department())
    return Staff.objects.create(
        user=user, department=dept, area=area, employee_no=f"E{n:05d}", name=f"员工{n}", role=role
    )


def make_brand(name: str | None = None) -> Brand:
    n = next(_seq)
    return Brand.objects.create(code=f"B{n}", name=name or f"品牌{n}")


def make_sku(
    *,
    wholesale: str = "120.00",
    transfer: str | None = "100.00",
    scarce: bool = False,
    brand: Brand | None = None,
    active: bool = True,
) -> Sku:
    n = next(_seq)
    return Sku.objects.create(
        code=f"S{n:05d}",
        barcode=f"69{n:011d}",
        brand=brand or make_brand(),
        name=f"规格{n}",
        transfer_price=Decimal(transfer) if transfer else None,
        wholesale_price=Decimal(wholesale),
        retail_price=Decimal(wholesale) * Decimal("1.1"),
        scarce=scarce,
        active=active,
    )


def make_retailer(
    *, area: MarketArea | None = None, manager: Staff | None = None, **fields: object
) -> Retailer:
    n = next(_seq)
    area = area or (manager.area if manager else make_area())
    defaults: dict[str, object] = {
        "licence_no": f"4203{n:08d}",
        "name": f"便民店{n}",
        "owner": f"店主{n}",
        "phone": f"138{n:08d}",
        "address": f"某路{n}号",
        "latitude": 32.8,
        "longitude": 110.5,
        "business_format": "grocery",
        "location_type": "urban",
        "status": "open",
        "opened_on": date(2020, 1, 1),
    }
    defaults.update(fields)
    return Retailer.objects.create(area=area, customer_manager=manager, **defaults)


def make_order(
    retailer: Retailer,
    lines: list[tuple[Sku, int]],
    *,
    on: date | None = None,
    channel: str = "online",
    status: str = "delivered",
) -> Order:
    on = on or date(2026, 11, 16)
    order = Order.objects.create(
        order_no=f"O{next(_seq):08d}",
        retailer=retailer,
        order_date=on,
        week=on - timedelta(days=on.weekday()),
        channel=channel,
        status=status,
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            sku=s,
            quantity=q,
            unit_price=s.wholesale_price,
            amount=s.wholesale_price * q,
        )
        for s, q in lines
    )
    return order


def make_xlsx(rows: list[list[object]]) -> bytes:
    """A one-sheet workbook holding ``rows`` (the first is the header), as bytes."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet_xml(workbook: bytes, edit: Callable[[bytes], bytes]) -> bytes:
    """``workbook`` with its first sheet's XML replaced by ``edit(xml)``, re-zipped."""
    import io
    import zipfile

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = edit(data)
            dst.writestr(item.filename, data)
    return out.getvalue()


def make_zip_bomb_xlsx(header: list[object], unpacked_mb: int = 20) -> bytes:
    """A small, valid .xlsx whose sheet XML unpacks to ``unpacked_mb`` MB: the header row,
    then that much whitespace, which deflate packs about a thousandfold."""
    padding = b" " * (unpacked_mb * 1024 * 1024)
    return with_sheet_xml(
        make_xlsx([header]), lambda xml: xml.replace(b"</sheetData>", padding + b"</sheetData>")
    )
