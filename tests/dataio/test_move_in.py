"""Issue 16's done-when test: a department moves in from its own files, on an empty data
directory, with only the documented commands (`jinye setup`, `jinye import KIND FILE`,
`jinye report`), run as a user runs them (a subprocess); the quarter's report then equals an
independent computation from the files."""

import os
import random
import stat
import subprocess
import sys
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import openpyxl

from tests.dataio.helpers import ORDER_HEADER, RETAILER_HEADER, SKU_HEADER, write_csv, write_xlsx

JINYE = str(Path(sys.executable).with_name("jinye"))

# code, brand, name, transfer price (None: blank), wholesale price; prices far from the
# class bounds (transfer 100/70/30/16.5, wholesale 120/84/36/19.8 元/条), so the expected
# class below is the domain's rule read off by hand, not the code's.
SKUS = [
    ("S1", "中华", "中华(硬)", "380", "450", 1),
    ("S2", "中华", "中华(软)", None, "650", 1),  # no 调拨价: derived from 批发价
    ("S3", "利群", "利群(新版)", "80", "100", 2),
    ("S4", "利群", "利群(软红)", "50", "60", 3),
    ("S5", "红金龙", "红金龙(硬)", None, "25", 4),  # no 调拨价
    ("S6", "红金龙", "红金龙(软)", "10", "13", 5),
]
AREAS = [("QX01", "城关市场部"), ("QX02", "乡镇市场部")]
STAFF = [
    ("M01", "王市场", "市场经理", "QX01"),
    ("C01", "李客户", "客户经理", "QX01"),
    ("C02", "赵客户", "客户经理", "QX02"),
    ("O01", "钱订单", "订单员", ""),
]


def _run(env: dict[str, str], *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [JINYE, *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert "Traceback" not in done.stderr, done.stderr
    if ok:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def _files(folder: Path, rng: random.Random) -> dict[str, object]:
    write_csv(folder / "areas.csv", ["编码", "名称"], AREAS)
    write_csv(
        folder / "staff.csv",
        ["工号", "姓名", "角色", "市场部", "电话"],
        [(*s, f"1390000{i:04d}") for i, s in enumerate(STAFF)],
        "gbk",
    )
    write_xlsx(
        folder / "skus.xlsx",
        SKU_HEADER,
        [
            (
                code,
                f"69{n:011d}",
                brand,
                name,
                transfer or "",
                wholesale,
                int(wholesale) * 2,
                "否",
                "是",
            )
            for n, (code, brand, name, transfer, wholesale, _cls) in enumerate(SKUS)
        ],
    )
    retailers, licences = [], []
    for n in range(20):
        area, manager = ("QX01", "C01") if n % 2 else ("QX02", "C02")
        licences.append(f"4203990{n:05d}")
        row = dict.fromkeys(RETAILER_HEADER, "")
        row.update(
            {"许可证号": licences[-1], "店名": f"店{n}", "负责人": f"张{n}", "市场部": area,
             "业态": "食杂店", "城乡": "城镇", "客户经理工号": manager, "开业日期": "2019-05-01"}
        )  # fmt: skip
        retailers.append([row[h] for h in RETAILER_HEADER])
    write_csv(folder / "retailers.csv", RETAILER_HEADER, retailers)
    orders: list[tuple[object, ...]] = []
    cartons: dict[tuple[int, str], int] = defaultdict(int)  # (year, SKU) → Q1 cartons
    day = date(2025, 1, 6)
    n = 0
    while day <= date(2026, 3, 31):
        for licence in rng.sample(licences, 6):
            n += 1
            for code, *_rest in rng.sample(SKUS, 3):
                qty = rng.randint(1, 9)
                orders.append((f"D{n:06d}", licence, day.isoformat(), "电话", code, qty, ""))
                if day.month <= 3:
                    cartons[(day.year, code)] += qty
        day += timedelta(days=7)
    write_csv(folder / "orders.csv", ORDER_HEADER, orders)
    targets = [
        (2026, m, area, 40 + m, "" if area == "QX02" else 90_000 * m)
        for m in range(1, 13)
        for area, _name in AREAS
    ]
    write_csv(
        folder / "targets.csv", ["年份", "月份", "市场部", "销量目标(箱)", "金额目标(元)"], targets
    )
    q1_plan = sum(t[3] for t in targets if t[1] <= 3)
    return {"cartons": dict(cartons), "q1_plan_cases": q1_plan}


def _sheet(path: Path, title: str) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(path, read_only=True)
    rows = [tuple(r) for r in book[title].iter_rows(values_only=True)]
    book.close()
    return rows


def test_a_department_moves_in_from_its_files_with_the_cli_only(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(JINYE_VAR_DIR=str(tmp_path / "var"), LANGUAGE="zh_CN.UTF-8")
    expected = _files(tmp_path, random.Random(16))

    # An empty data directory: the report says what to do, no traceback.
    first = _run(env, "report", "--quarter", "2026Q1", ok=False)
    assert first.returncode == 2 and "jinye setup" in first.stderr

    setup = _run(
        env, "setup", "--company-code", "4203", "--company", "某市烟草公司",
        "--department-code", "QX", "--department", "清溪县营销部",
        "--director-no", "D01", "--director-name", "孙主任",
    )  # fmt: skip
    assert "one-time password" in setup.stdout

    _run(env, "import", "areas", str(tmp_path / "areas.csv"))
    passwords = tmp_path / "pw.csv"
    staff = _run(env, "import", "staff", str(tmp_path / "staff.csv"), "--passwords", str(passwords))
    assert "4 created" in staff.stdout
    assert stat.S_IMODE(passwords.stat().st_mode) == 0o600
    lines = passwords.read_text(encoding="utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == [s[0] for s in STAFF]

    skus = _run(env, "import", "skus", str(tmp_path / "skus.xlsx"))
    assert "3 new brand(s)" in skus.stdout
    derived = {code for code, _b, _n, transfer, *_ in SKUS if transfer is None}
    listed = {code for code, *_ in SKUS if f"│ {code} " in skus.stdout}
    assert listed == derived

    for kind, name in (
        ("retailers", "retailers.csv"),
        ("orders", "orders.csv"),
        ("targets", "targets.csv"),
    ):
        _run(env, "import", kind, str(tmp_path / name))
    again = _run(env, "import", "orders", str(tmp_path / "orders.csv"))
    assert " 0 created, 0 updated" in again.stdout

    out = tmp_path / "q1.xlsx"
    _run(env, "report", "--quarter", "2026Q1", "--format", "xlsx", "-o", str(out))
    _check_report(out, expected)


def _close(got: object, want: float, places: int) -> bool:
    return isinstance(got, int | float) and abs(got - want) <= 0.5 * 10**-places + 1e-9


def _check_report(out: Path, expected: dict[str, object]) -> None:
    cartons = expected["cartons"]
    assert isinstance(cartons, dict)
    now = {code: cartons.get((2026, code), 0) for code, *_ in SKUS}
    before = {code: cartons.get((2025, code), 0) for code, *_ in SKUS}
    names = {name: code for code, _b, name, *_ in SKUS}
    klass = {code: cls for code, *_rest, cls in SKUS}
    class_label = dict(enumerate(["一类", "二类", "三类", "四类", "五类"], start=1))

    detail = _sheet(out, "品规明细")
    assert {names[r[0]]: (r[2], r[3], r[4]) for r in detail[1:]} == {
        code: (class_label[klass[code]], now[code], before[code]) for code in now
    }
    overall = {r[0]: r for r in _sheet(out, "总体指标")}
    assert _close(overall["销量（箱）"][1], sum(now.values()) / 250, 2)  # 1 箱 = 250 条
    assert _close(overall["销量（箱）"][2], sum(before.values()) / 250, 2)
    classes = {r[0]: r for r in _sheet(out, "价类结构")}
    for cls, label in class_label.items():
        share = sum(q for code, q in now.items() if klass[code] == cls) / sum(now.values())
        assert _close(classes[label][3], share, 4), label
    high = sum(q for code, q in now.items() if klass[code] <= 2) / sum(now.values())
    assert _close(classes["一类"][3] + classes["二类"][3], high, 3)
    plan = {r[0]: r[1] for r in _sheet(out, "计划完成情况")}
    assert plan["2026年一季度计划（箱）"] == expected["q1_plan_cases"]
