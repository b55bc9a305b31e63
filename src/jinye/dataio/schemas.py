"""The columns of each import kind, and the labels of their enum cells. Pure: no database.

A file's header may use the Chinese column name (what templates and exports write) or the
English field name (compared through :func:`jinye.sheets.cells.normalise_header`). Enum cells
accept the Chinese label (as exported) or the stored English value; the cell parsers are in
:mod:`jinye.sheets.cells`.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from jinye.sheets.cells import Choices


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # the Chinese header written by templates and exports
    help: str | Promise = ""
    required: bool = False
    informational: bool = False  # written by exports for people; ignored on import
    aliases: tuple[str, ...] = ()
    values: tuple[str, ...] = ()  # the cell values accepted, as exported; the first is the default


# Chinese labels as exported (fixed, whatever the UI language), plus accepted synonyms.
BUSINESS_FORMATS: Choices = {
    "grocery": ("食杂店",),
    "convenience": ("便利店",),
    "supermarket": ("超市",),
    "tobacco_liquor": ("烟酒商店", "烟酒店"),
    "entertainment": ("娱乐服务类", "娱乐服务"),
    "mall": ("商场",),
    "other": ("其他",),
}
LOCATION_TYPES: Choices = {"urban": ("城镇", "城市", "城"), "rural": ("乡村", "农村", "乡")}
RETAILER_STATUSES: Choices = {
    "open": ("营业",),
    "suspended": ("歇业", "暂停营业"),
    "cancelled": ("注销",),
}
CHANNELS: Choices = {
    "online": ("网上订货", "网上", "网订"),
    "phone": ("电话", "电话订货"),
    "visit": ("拜访",),
}
ORDER_STATUSES: Choices = {
    "submitted": ("已提交", "提交"),
    "confirmed": ("已确认", "确认"),
    "delivered": ("已送达", "已送货", "送达"),
    "cancelled": ("已取消", "取消"),
}


_BLANK_UNCHANGED = gettext_lazy("Blank: unchanged; a new row gets the first value.")


def _labels(choices: Choices) -> tuple[str, ...]:
    return tuple(labels[0] for labels in choices.values())


RETAILER_COLUMNS = (
    Column("licence_no", "许可证号", gettext_lazy("Tobacco retail licence number; the key."), True),
    Column("name", "店名", gettext_lazy("Shop name."), True),
    Column("owner", "负责人", gettext_lazy("Owner (licence holder)."), True),
    Column("phone", "电话", gettext_lazy("Phone number.")),
    Column("address", "地址", gettext_lazy("Address.")),
    Column("longitude", "经度", gettext_lazy("Longitude, decimal degrees.")),
    Column("latitude", "纬度", gettext_lazy("Latitude, decimal degrees.")),
    Column(
        "area",
        "市场部",
        gettext_lazy("Market area: name or code."),
        True,
        aliases=("客户服务部", "area_code"),
    ),
    Column(
        "business_format",
        "业态",
        gettext_lazy("Business format."),
        True,
        values=_labels(BUSINESS_FORMATS),
    ),
    Column(
        "location_type",
        "城乡",
        gettext_lazy("Urban or rural."),
        True,
        values=_labels(LOCATION_TYPES),
    ),
    Column("status", "状态", _BLANK_UNCHANGED, values=_labels(RETAILER_STATUSES)),
    Column(
        "customer_manager",
        "客户经理工号",
        gettext_lazy("Employee number of the customer manager; blank: none."),
    ),
    Column("opened_on", "开业日期", gettext_lazy("Date opened, e.g. 2020-03-15."), True),
)
SKU_COLUMNS = (
    Column("code", "品规编码", gettext_lazy("SKU code; the key."), True),
    Column("barcode", "条码", gettext_lazy("Carton barcode (digits)."), True),
    Column(
        "brand",
        "品牌",
        gettext_lazy("Brand name or code; a new name creates the brand."),
        True,
    ),
    Column("name", "品规名称", gettext_lazy("SKU name."), True),
    Column(
        "transfer_price",
        "调拨价",
        gettext_lazy("Transfer price per carton (tax-exclusive); may be blank."),
    ),
    Column("wholesale_price", "批发价", gettext_lazy("Wholesale price per carton."), True),
    Column("retail_price", "建议零售价", gettext_lazy("Suggested retail price per carton."), True),
    Column(
        "price_class",
        "价类",
        gettext_lazy("Price class; derived, ignored on import."),
        informational=True,
    ),
    Column("scarce", "紧俏", _BLANK_UNCHANGED, values=("否", "是")),
    Column("active", "在销", _BLANK_UNCHANGED, values=("是", "否")),
)
ORDER_COLUMNS = (
    Column(
        "order_no",
        "订单号",
        gettext_lazy("Order number; rows with the same number form one order."),
        True,
    ),
    Column("licence_no", "许可证号", gettext_lazy("The retailer's licence number."), True),
    Column(
        "retailer_name", "店名", gettext_lazy("Shop name; ignored on import."), informational=True
    ),
    Column("order_date", "订货日期", gettext_lazy("Order date, e.g. 2026-01-05."), True),
    Column("channel", "渠道", gettext_lazy("Order channel."), True, values=_labels(CHANNELS)),
    Column("status", "订单状态", _BLANK_UNCHANGED, values=_labels(ORDER_STATUSES)),
    Column("sku", "品规编码", gettext_lazy("SKU code."), True),
    Column(
        "sku_name", "品规名称", gettext_lazy("SKU name; ignored on import."), informational=True
    ),
    Column(
        "quantity",
        "数量(条)",
        gettext_lazy("Cartons: a whole number, at least 1."),
        True,
        aliases=("数量",),
    ),
    Column(
        "unit_price", "单价", gettext_lazy("Price per carton; blank: the SKU's wholesale price.")
    ),
    Column("amount", "金额", gettext_lazy("Quantity × unit price; checked when given.")),
)
# Fixed Chinese labels of the roles (as the role names read in Chinese), plus synonyms.
ROLES: Choices = {
    "director": ("营销部主任", "主任", "局长"),
    "market_manager": ("市场经理",),
    "customer_manager": ("客户经理",),
    "order_clerk": ("订单员", "电访员"),
    "deliverer": ("送货员", "配送员"),
    "inspector": ("专管员",),
}
AREA_COLUMNS = (
    Column(
        "code", "编码", gettext_lazy("Market area code; the key."), True, aliases=("市场部编码",)
    ),
    Column("name", "名称", gettext_lazy("Market area name."), True, aliases=("市场部",)),
)
STAFF_COLUMNS = (
    Column("employee_no", "工号", gettext_lazy("Employee number; the key."), True),
    Column("name", "姓名", gettext_lazy("Name."), True),
    Column("role", "角色", gettext_lazy("Role."), True, aliases=("岗位",), values=_labels(ROLES)),
    Column(
        "area",
        "市场部",
        gettext_lazy("Market area (name or code); required for market and customer managers."),
    ),
    Column("phone", "电话", gettext_lazy("Phone number.")),
    Column(
        "username",
        "登录名",
        gettext_lazy("User name for signing in; blank: the employee number."),
    ),
    Column("active", "在岗", _BLANK_UNCHANGED, values=("是", "否")),
)
TARGET_COLUMNS = (
    Column("year", "年份", gettext_lazy("Year, e.g. 2026."), True),
    Column(
        "month",
        "月份",
        gettext_lazy("Month, 1 to 12; blank (with the area blank): the whole year."),
        True,
    ),
    Column(
        "area",
        "市场部",
        gettext_lazy(
            "Market area: name or code; blank (with the month blank): the department's year, split "
            "to areas and months by last year's shape."
        ),
        True,
    ),
    Column(
        "volume_cases",
        "销量目标(箱)",
        gettext_lazy("Volume target in cases."),
        True,
        aliases=("销量目标",),
    ),
    Column(
        "revenue",
        "金额目标(元)",
        gettext_lazy("Revenue target in whole yuan; blank: no revenue target."),
        aliases=("金额目标",),
    ),
)
VISIT_COLUMNS = (
    Column("employee_no", "工号", gettext_lazy("Employee number of who visited."), True),
    Column("licence_no", "许可证号", gettext_lazy("The retailer's licence number."), True),
    Column(
        "checked_in_at",
        "拜访时间",
        gettext_lazy("Date and time, e.g. 2026-01-05 14:30; a date alone: 09:00."),
        True,
    ),
    Column(
        "guidance",
        "经营指导",
        gettext_lazy("Business guidance given; blank: no."),
        values=("否", "是"),
    ),
    Column("guidance_content", "指导内容", gettext_lazy("What guidance was given.")),
    Column(
        "observations", "市场信息", gettext_lazy("Competitor or illicit cigarette observations.")
    ),
    Column("complaints", "投诉建议", gettext_lazy("Complaints and requests.")),
)
COLUMNS: dict[str, tuple[Column, ...]] = {
    "areas": AREA_COLUMNS,
    "staff": STAFF_COLUMNS,
    "skus": SKU_COLUMNS,
    "retailers": RETAILER_COLUMNS,
    "orders": ORDER_COLUMNS,
    "targets": TARGET_COLUMNS,
    "visits": VISIT_COLUMNS,
}
