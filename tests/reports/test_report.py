"""The built report: docx structure, prose numbers equal the engine's, chart not blank, pages."""

import io
import re
from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from django.utils import translation
from docx import Document
from openpyxl import load_workbook
from PIL import Image

from jinye.catalog.models import Sku
from jinye.periods import parse_month_or_quarter
from jinye.reports.builder import build_report, num
from jinye.reports.charts import render_png
from jinye.reports.render import render_docx, render_xlsx
from jinye.retailers.models import Retailer
from jinye.targets import services
from jinye.targets.selectors import plan_cases
from tests.factories import make_area, make_brand, make_order, make_retailer, make_sku, make_staff

pytestmark = pytest.mark.django_db

HEADINGS = [
    "一、总体情况",
    "二、结构分析",
    "三、品牌分析",
    "四、社会库存",
    "五、存在的问题",
    "六、下一步目标",
]


def _county(dept):
    area = make_area(dept)
    director = make_staff("director", dept=dept)
    cm = make_staff("customer_manager", area=area)
    mine, other = make_retailer(manager=cm), make_retailer(area=area)
    hi = make_sku(wholesale="400.00", transfer="300.00", brand=make_brand("黄鹤楼"))
    lo = make_sku(wholesale="50.00", transfer="40.00", brand=make_brand("红金龙"))
    make_order(mine, [(hi, 500), (lo, 250)], on=date(2026, 2, 10))  # 2 + 1 箱
    make_order(other, [(lo, 750)], on=date(2026, 3, 10))  # 3 箱
    make_order(mine, [(hi, 250), (lo, 1250)], on=date(2025, 2, 10))  # 1 + 5 箱
    services.do_set_annual_target(
        department=dept,
        year=2026,
        volume_cases=120,
        revenue=3_000_000,
        basis="even",
        by=director.user,
    )
    return director, cm


TODAY = date(2026, 6, 30)


def _report(dept, period="2026Q1", today=TODAY):
    return build_report(
        department=dept,
        period=parse_month_or_quarter(period),
        retailers=Retailer.objects.all(),
        plan=lambda p: plan_cases(dept, p),
        today=today,
    )


def test_prose_numbers_are_the_engines(dept):
    _county(dept)
    r = _report(dept)
    a = r.analysis
    assert a.now.cases == Decimal("6.00") and a.before.cases == Decimal("6.00")
    assert a.plan_cases == Decimal("30")  # 120 箱 / 12 × 3 months
    overall = r.sections[0].paragraphs[0]
    assert f"全县销售卷烟{num(a.now.cases)}箱" in overall
    assert f"完成2026年一季度计划30箱的{num(a.completion_pct)}%" in overall
    assert "完成2026年一季度计划30箱的20%" in overall  # 6 / 30
    # the year to date against the annual plan: 6 of 120 箱
    assert "2026年1月1日至2026年3月31日累计销售6箱，完成2026年全年计划120箱的5%" in overall
    # revenue: 500×400 + 1000×50 = 250,000 元 = 25 万元
    assert "实现销售收入25万元" in overall
    structure = r.sections[1].paragraphs[0]
    # class 1 (transfer 300) now 2 of 6 箱 = 33.33%, before 1 of 6 = 16.67%; the change is
    # rounded once from the unrounded shares: 33.333… − 16.666… = 16.666… → +16.67 pp
    assert "占总销量比重33.33%，同比增加16.67个百分点" in structure
    nxt = r.sections[5].paragraphs[0]
    assert nxt.startswith("2026年二季度目标30箱，月均10箱")


def test_docx_has_headings_tables_and_images(dept):
    _county(dept)
    r = _report(dept)
    doc = Document(io.BytesIO(render_docx(r)))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == HEADINGS
    assert len(doc.tables) >= 3
    assert doc.tables[0].rows[1].cells[1].text == num(r.analysis.now.cases)
    assert len(doc.inline_shapes) == 3  # structure bar, revenue pie, brand movers
    text = "\n".join(p.text for p in doc.paragraphs)
    assert r.sections[0].paragraphs[0] in text


def test_xlsx_holds_the_tables(dept):
    _county(dept)
    wb = load_workbook(io.BytesIO(render_xlsx(_report(dept))))
    assert "总体指标" in wb.sheetnames and "价类结构" in wb.sheetnames
    assert wb["总体指标"]["B2"].value == 6.0


def test_chart_png_is_not_blank(dept):
    _county(dept)
    chart = _report(dept).sections[1].charts[0]
    pixels = np.asarray(Image.open(io.BytesIO(render_png(chart))).convert("L"), dtype=float)
    assert pixels.std() > 10


def test_report_page_and_downloads(client, dept):
    director, _ = _county(dept)
    client.force_login(director.user)
    page = client.get("/reports/?quarter=2026Q1")
    assert page.status_code == 200 and "一、总体情况" in page.content.decode()
    word = client.get("/reports/?quarter=2026Q1&format=docx")
    assert word["Content-Type"].startswith("application/vnd.openxmlformats")
    bad = client.get("/reports/?quarter=2026Q9")
    assert bad.status_code == 400 and "2026Q9" in bad.content.decode()


def test_customer_managers_report_covers_only_their_retailers(client, dept):
    _, cm = _county(dept)
    client.force_login(cm.user)
    body = client.get("/reports/?quarter=2026Q1").content.decode()
    # own retailer only: 2 + 1 箱, named as theirs, never as the county's
    assert f"我的客户（{cm.name}负责的1户）销售卷烟3箱" in body
    assert "全县" not in body


def test_target_page_director_only_edit(client, dept):
    director, cm = _county(dept)
    client.force_login(cm.user)
    assert client.get("/targets/").status_code == 200
    form = {"year": 2026, "volume_cases": 1, "revenue": 1, "basis": "even"}
    assert client.post("/targets/", form).status_code == 403
    client.force_login(director.user)
    assert client.post("/targets/?year=2026", form).status_code == 302


def test_dashboard_tag_shows_completion_and_warnings(rf, dept):
    from django.template import Context, Template

    director, _ = _county(dept)
    request = rf.get("/")
    request.user = director.user
    html = Template("{% load reports_tags %}{% dashboard_targets %}").render(
        Context({"request": request})
    )
    assert 'id="target-gauge"' in html and "reports/" in html


def test_inventory_and_problem_sections_from_a_survey(dept):
    director, cm = _county(dept)
    survey = services.do_create_survey(
        department=dept,
        name="3月全采",
        taken_on=date(2026, 3, 31),
        sample_share=Decimal("1"),
        seed=1,
    )
    lo = Sku.objects.get(wholesale_price=Decimal("50.00"))
    mine = Retailer.objects.get(customer_manager=cm)
    services.do_record_counts(survey=survey, retailer=mine, counts={lo: 600}, by=director.user)
    r = _report(dept)
    inv = r.sections[3].paragraphs[0]
    # stock 600 条 = 2.4 箱; sales in the 30 days before 31 March: 750 条 → ratio 0.80
    assert "库存总量2.40箱" in inv and "月存销比0.80，较正常值范围的上限高0.30" in inv
    problems = " ".join(r.sections[4].paragraphs)
    assert "库存50条以下的客户1户，占调查客户的50%" in problems
    assert "库存规格10个以下的客户2户" in problems
    doc = Document(io.BytesIO(render_docx(r)))
    assert any(t.rows[0].cells[0].text == "品规" for t in doc.tables)


def _survey(dept, director, cm):
    survey = services.do_create_survey(
        department=dept,
        name="3月全采",
        taken_on=date(2026, 3, 31),
        sample_share=Decimal("1"),
        seed=1,
    )
    lo = Sku.objects.get(wholesale_price=Decimal("50.00"))
    mine = Retailer.objects.get(customer_manager=cm)
    services.do_record_counts(survey=survey, retailer=mine, counts={lo: 600}, by=director.user)


def _texts(r) -> list[str]:
    out = [r.title]
    for s in r.sections:
        out += [s.heading, *s.paragraphs]
        for t in s.tables:
            out += [t.title, *t.header, *(c for row in t.rows for c in row)]
        for c in s.charts:
            out += [c.title, *c.categories, *c.series]
    return out


def test_report_prose_in_chinese_is_the_meeting_wording(dept):
    _survey(dept, *_county(dept))
    with translation.override("zh-hans"):
        r = _report(dept)
    sku_up, sku_down = (m.name for m in (*r.analysis.top_skus_up, *r.analysis.top_skus_down))
    assert [p for s in r.sections for p in s.paragraphs] == [
        "2026年一季度，全县销售卷烟6箱，较同期6箱，持平，完成2026年一季度计划30箱的20%；"
        "2026年1月1日至2026年3月31日累计销售6箱，完成2026年全年计划120箱的5%；实现销售收入25万元，较同期16.25万元，增加8.75万元，上升53.85%；"
        # 250,000 / 6 − 162,500 / 6 = 14,583.333… (not 41,666.67 − 27,083.33)
        "单箱均价41,666.67元，同比增加14,583.33元，上升53.85%；单条均价166.67元。",
        "周均销量0.47箱，较同期0.47箱，持平。订货零售客户2户，较同期1户，增加1户。",
        "一、二类卷烟销售2箱，较同期1箱，增加1箱，上升100%，占总销量比重33.33%，"
        "同比增加16.67个百分点；实现销售收入20万元，增加10万元，上升100%，占总销额比重80%，"
        "同比增加18.46个百分点。",
        "其中，高端品牌（建议零售价400-800元/条）销售2箱，较同期1箱，增加1箱，上升100%。",
        "在销的2个品牌中有1个品牌同比上升，比重50%，1个品牌同比下降。增长量前1位品牌是黄鹤楼，"
        "合计增长1箱；减少量前1位品牌是红金龙，合计减少1箱。",
        f"增长量前1位的规格是{sku_up}，一共增长1箱；减少量前1位的规格是{sku_down}，一共减少1箱。",
        "2026年3月31日社会库存调查（2户），库存总量2.40箱，月存销比0.80，较正常值范围的上限高0.30。",
        "库存规格20个以下的客户2户，占调查客户的100%。",
        "库存规格10个以下的客户2户，占调查客户的100%。",
        "库存50条以下的客户1户，占调查客户的50%。",
        "库存100条以下的客户1户，占调查客户的50%。",
        f"月存销比高于正常值上限0.50的品规1个，其中{sku_down}（0.80）需较长时间消化。",
        "2026年二季度目标30箱，月均10箱，周均2.14箱。",
    ]
    assert r.sections[0].tables[0].header == ["指标", "本期", "同期", "增减", "增幅%"]
    assert r.sections[1].charts[0].series.keys() == {"本期", "同期"}


def test_report_in_english_has_no_chinese_but_the_data_names(dept):
    _survey(dept, *_county(dept))
    with translation.override("en"):
        r = _report(dept)
        sheets = load_workbook(io.BytesIO(render_xlsx(r))).sheetnames
    names = [str(dept), *Sku.objects.values_list("name", flat=True), "黄鹤楼", "红金龙"]
    cjk = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
    for text in [*_texts(r), *sheets]:
        for name in names:
            text = text.replace(name, "")
        assert not cjk.search(text), text
    assert (
        r.sections[0]
        .paragraphs[1]
        .endswith(
            "Ordering retailers: 2 retailers, against 1 retailer a year earlier, up by 1 retailer."
        )
    )
    assert (
        "20% of the Q1 2026 plan of 30 cases; 6 cases sold from Jan. 1, 2026 to March 31, "
        "2026, 5% of the 2026 annual plan of 120 cases"
    ) in r.sections[0].paragraphs[0]
    assert r.sections[0].heading == "1. Overall" and r.title.endswith(
        "Q1 2026 cigarette operations report"
    )
