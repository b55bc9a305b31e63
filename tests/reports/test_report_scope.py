"""The operation analysis per reader (issue 13 item 1): each role's own retailers against its
own plan, its own surveyed stock, its next targets, named as its scope in the title and the
prose, in the page, the Word file and the Excel file, in Chinese and English. Every figure is
worked out here by hand from the rows below."""

import html
import io
import re
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from jinye.org.models import Role
from jinye.targets.models import AnnualTarget, InventorySurvey, MonthTarget, StockCount
from tests.factories import make_area, make_order, make_retailer, make_sku, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(dept):
    """Area A: customer managers 1 (two shops) and 2 (one shop), 100 箱 a month; area C: one
    shop, 20 箱 a month. One survey on 20 March 2026 of all four shops."""
    a, c = make_area(dept, code="A"), make_area(dept, code="C")
    p = {
        "director": make_staff(Role.DIRECTOR, dept=dept),
        "mm": make_staff(Role.MARKET_MANAGER, area=a),
        "cm1": make_staff(Role.CUSTOMER_MANAGER, area=a),
        "cm2": make_staff(Role.CUSTOMER_MANAGER, area=a),
        "cm3": make_staff(Role.CUSTOMER_MANAGER, area=c),
    }
    r1a, r1b = make_retailer(manager=p["cm1"]), make_retailer(manager=p["cm1"])
    r2, r3 = make_retailer(manager=p["cm2"]), make_retailer(manager=p["cm3"])
    sku = make_sku()
    # 2026 Q1: cm1 500 + 250 条 (3 箱), cm2 750 (3 箱), cm3 1,000 (4 箱)
    make_order(r1a, [(sku, 500)], on=date(2026, 3, 1))
    make_order(r1b, [(sku, 250)], on=date(2026, 1, 10))
    make_order(r2, [(sku, 750)], on=date(2026, 3, 10))
    make_order(r3, [(sku, 1_000)], on=date(2026, 2, 1))
    # 2025 Q1: cm1 1 箱, cm2 1 箱 (so they share area A's plan evenly), cm3 2 箱
    make_order(r1a, [(sku, 250)], on=date(2025, 2, 1))
    make_order(r2, [(sku, 250)], on=date(2025, 2, 1))
    make_order(r3, [(sku, 500)], on=date(2025, 2, 1))
    target = AnnualTarget.objects.create(
        department=dept, year=2026, volume_cases=1_440, revenue=1, basis="even"
    )
    for m in range(1, 13):
        MonthTarget.objects.create(target=target, area=a, month=m, volume_cases=100, revenue=0)
        MonthTarget.objects.create(target=target, area=c, month=m, volume_cases=20, revenue=0)
    survey = InventorySurvey.objects.create(
        department=dept, name="3月全采", taken_on=date(2026, 3, 20)
    )
    survey.retailers.set([r1a, r1b, r2, r3])
    for r, n in ((r1a, 40), (r1b, 60), (r2, 120), (r3, 200)):
        StockCount.objects.create(survey=survey, retailer=r, sku=sku, cartons=n)
    return p


# What each reader must read, by hand. Survey month: 18 Feb – 19 Mar 2026, so r1a's 500 and
# r2's 750 条 count as sales, r1b's (10 Jan) and r3's (1 Feb) do not.
EXPECTED = {
    "cm1": {
        "zh_subject": "我的客户（{name}负责的2户）",
        "en_subject": "my retailers (the 2 retailers of {name})",
        "zh_title": "{name}的客户（2户）2026年一季度卷烟经营运行情况",
        # 3 箱 against 1; plan 150 箱 (area A's 300 split evenly) → 2%
        "zh_sales": "销售卷烟3箱，较同期1箱，增加2箱，上升200%，完成2026年一季度计划150箱的2%",
        "en_sales": "sold 3 cases of cigarettes, against 1 case a year earlier, up by 2 cases, "
        "a rise of 200%, 2% of the Q1 2026 plan of 150 cases",
        # stock 40 + 60 条 = 0.4 箱; sales 500 → ratio 0.2; 1 shop under 50, 2 under 100
        "zh_stock": "2026年3月20日社会库存调查（我的客户被调查2户），库存总量0.40箱，月存销比0.20",
        "en_stock": "Retail inventory survey of March 20, 2026 (2 surveyed among my retailers): "
        "0.40 cases in stock, stock-to-monthly-sales ratio 0.20",
        "zh_low": [
            "库存50条以下的客户1户，占调查客户的50%",
            "库存100条以下的客户2户，占调查客户的100%",
        ],
        "zh_next": "2026年二季度目标150箱，月均50箱",
    },
    "mm": {
        "zh_subject": "A市场部（片区）",
        "en_subject": "A市场部 (market area)",
        "zh_title": "A市场部（片区）2026年一季度卷烟经营运行情况",
        # 6 箱 against 2; plan 300 → 2%
        "zh_sales": "销售卷烟6箱，较同期2箱，增加4箱，上升200%，完成2026年一季度计划300箱的2%",
        "en_sales": "sold 6 cases of cigarettes, against 2 cases a year earlier, up by 4 cases, "
        "a rise of 200%, 2% of the Q1 2026 plan of 300 cases",
        # stock 220 条 = 0.88 箱; sales 1,250 → 0.176 → 0.18
        "zh_stock": "2026年3月20日社会库存调查（A市场部被调查3户），库存总量0.88箱，月存销比0.18",
        "en_stock": "Retail inventory survey of March 20, 2026 (3 surveyed among A市场部): "
        "0.88 cases in stock, stock-to-monthly-sales ratio 0.18",
        "zh_low": [
            "库存50条以下的客户1户，占调查客户的33.33%",
            "库存100条以下的客户2户，占调查客户的66.67%",
        ],
        "zh_next": "2026年二季度目标300箱，月均100箱",
    },
    "director": {
        "zh_subject": "全县",
        "en_subject": "the county",
        "zh_title": "D1营销部2026年一季度卷烟经营运行情况",
        # 10 箱 against 4; plan 360 → 2.78%
        "zh_sales": "销售卷烟10箱，较同期4箱，增加6箱，上升150%，完成2026年一季度计划360箱的2.78%",
        "en_sales": "sold 10 cases of cigarettes, against 4 cases a year earlier, up by 6 cases, "
        "a rise of 150%, 2.78% of the Q1 2026 plan of 360 cases",
        # stock 420 条 = 1.68 箱; sales 1,250 → 0.336 → 0.34
        "zh_stock": "2026年3月20日社会库存调查（4户），库存总量1.68箱，月存销比0.34",
        "en_stock": "Retail inventory survey of March 20, 2026 (4 retailers): 1.68 cases in "
        "stock, stock-to-monthly-sales ratio 0.34",
        "zh_low": [
            "库存50条以下的客户1户，占调查客户的25%",
            "库存100条以下的客户2户，占调查客户的50%",
        ],
        "zh_next": "2026年二季度目标360箱，月均120箱",
    },
}
ROLES = list(EXPECTED)


def _get(client, staff, lang, fmt=None):
    client.force_login(staff.user)
    query = "/reports/?period=2026Q1" + (f"&format={fmt}" if fmt else "")
    response = client.get(query, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return response


def _page_text(client, staff, lang):
    body = _get(client, staff, lang).content.decode()
    return html.unescape(re.sub(r"<[^>]+>", "\n", body))


def _docx_text(client, staff, lang):
    doc = Document(io.BytesIO(_get(client, staff, lang, "docx").content))
    return "\n".join(p.text for p in doc.paragraphs)


def _xlsx_text(client, staff, lang):
    wb = load_workbook(io.BytesIO(_get(client, staff, lang, "xlsx").content))
    sheet = wb.worksheets[0]
    return "\n".join(str(r[0]) for r in sheet.iter_rows(values_only=True) if r[0])


READERS = [_page_text, _docx_text, _xlsx_text]


@pytest.mark.parametrize("read", READERS, ids=["page", "docx", "xlsx"])
@pytest.mark.parametrize("role", ROLES)
def test_chinese_report_names_the_scope_and_holds_its_figures(client, county, role, read):
    e = {k: v for k, v in EXPECTED[role].items()}
    name = county[role].name
    text = read(client, county[role], "zh-hans")
    assert e["zh_title"].format(name=name) in text
    assert f"2026年一季度，{e['zh_subject'].format(name=name)}{e['zh_sales']}" in text
    assert e["zh_stock"] in text
    for line in e["zh_low"]:
        assert line in text
    assert e["zh_next"] in text
    if role != "director":
        assert "全县" not in text


@pytest.mark.parametrize("read", READERS, ids=["page", "docx", "xlsx"])
@pytest.mark.parametrize("role", ROLES)
def test_english_report_names_the_scope_and_holds_its_figures(client, county, role, read):
    e = EXPECTED[role]
    name = county[role].name
    text = read(client, county[role], "en")
    assert f"Q1 2026: {e['en_subject'].format(name=name)} {e['en_sales']}" in text
    assert e["en_stock"] in text
    if role != "director":
        assert "the county" not in text


def test_english_titles_name_the_scope(client, county):
    cm = county["cm1"]
    assert f"{cm.name}'s retailers (2) Q1 2026 cigarette operations report" in _docx_text(
        client, cm, "en"
    )
    assert "A市场部 (market area) Q1 2026 cigarette operations report" in _docx_text(
        client, county["mm"], "en"
    )
    assert "D1营销部 Q1 2026 cigarette operations report" in _docx_text(
        client, county["director"], "en"
    )


def test_a_manager_with_no_surveyed_retailer_is_told_so(client, county):
    cm2 = county["cm2"]
    InventorySurvey.objects.get().retailers.remove(*cm2.retailers.all())
    StockCount.objects.filter(retailer__customer_manager=cm2).delete()
    text = _page_text(client, cm2, "zh-hans")
    assert "2026年3月20日社会库存调查未调查我的客户中的任何一户。" in text
    assert "库存总量" not in text


@pytest.mark.parametrize(
    ("role", "scope", "surveyed", "stock"),
    [
        ("cm1", "统计范围：我的客户（{name}）", 2, 100),  # 40 + 60
        ("mm", "统计范围：A市场部（片区）", 3, 220),  # + 120
        ("director", "统计范围：全营销部（D1营销部）", 4, 420),  # + 200
    ],
)
def test_survey_page_shows_the_readers_own_stock_labelled(
    client, county, role, scope, surveyed, stock
):
    survey = InventorySurvey.objects.get()
    client.force_login(county[role].user)
    body = client.get(f"/targets/surveys/{survey.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = html.unescape(re.sub(r"<[^>]+>", "\n", body.content.decode()))
    assert scope.format(name=county[role].name) in text
    cards = re.findall(
        r'<div class="value[^"]*">([^<]*)</div><div class="label">([^<]*)<', body.content.decode()
    )
    values = {label: value for value, label in cards}
    assert values["调查客户数"] == str(surveyed)
    assert values["库存总量（条）"] == f"{stock:,}"
