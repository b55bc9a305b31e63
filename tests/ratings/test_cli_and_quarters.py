"""``jinye classify`` and the quarter labels it takes."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from typer.testing import CliRunner

from jinye.cli import app
from jinye.periods import Quarter
from jinye.ratings.models import ClassificationRun, RatingSettings, RetailerRating
from tests.factories import make_department
from tests.ratings.factories import make_county


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    # The test database is already set up; a second django.setup() would not see it.
    monkeypatch.setattr("jinye.ratings.cli.setup_django", lambda: None)
    return CliRunner()


@pytest.mark.django_db
def test_classify_every_department_and_report(runner, dept):
    make_county(dept, per_manager=2)
    other = make_department("D2")
    make_county(other, per_manager=1)
    User.objects.create_user("zhang")
    result = runner.invoke(app, ["classify", "--quarter", "2026Q3", "--by", "zhang"])
    assert result.exit_code == 0, result.output
    assert "D1 2026Q3: 4 retailers rated" in result.output
    assert "D2 2026Q3: 2 retailers rated" in result.output
    assert RetailerRating.objects.filter(quarter="2026Q3").count() == 6
    assert set(ClassificationRun.objects.values_list("run_by__username", flat=True)) == {"zhang"}


@pytest.mark.django_db
def test_classify_one_department_twice_replaces(runner, dept):
    make_county(dept, per_manager=1)
    make_county(make_department("D2"), per_manager=1)
    for _ in range(2):
        result = runner.invoke(app, ["classify", "--quarter", "2026Q3", "--department", "D1"])
        assert result.exit_code == 0, result.output
    assert RetailerRating.objects.filter(quarter="2026Q3").count() == 2
    assert ClassificationRun.objects.filter(department=dept).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--quarter", "2026Q5"], "--quarter: “2026Q5”"),
        (["--quarter", "2026-07"], "YYYYQn"),
        (["--quarter", "2026Q3", "--department", "NOPE"], "no department with code 'NOPE'"),
        (["--quarter", "2026Q3", "--by", "ghost"], "no user named 'ghost'"),
    ],
)
def test_classify_rejects_bad_options(runner, dept, args, message):
    make_county(dept, per_manager=1)
    result = runner.invoke(app, ["classify", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert not RetailerRating.objects.exists()


@pytest.mark.django_db
def test_classify_reports_inconsistent_rules_and_keeps_results(runner, dept):
    make_county(dept, per_manager=1)
    assert runner.invoke(app, ["classify", "--quarter", "2026Q3"]).exit_code == 0
    before = sorted(RetailerRating.objects.values_list("pk", flat=True))
    RatingSettings.objects.filter(department=dept).update(min_2s=99.0)
    result = runner.invoke(app, ["classify", "--quarter", "2026Q3"])
    assert result.exit_code == 2
    assert f"{dept.code}: " in result.output
    assert "star thresholds must be 6 descending" in result.output
    assert sorted(RetailerRating.objects.values_list("pk", flat=True)) == before


def test_quarter_parsing_and_neighbours():
    q = Quarter.parse(" 2026q1 ")
    assert (q.year, q.number, str(q)) == (2026, 1, "2026Q1")
    assert (q.first, q.last) == (date(2026, 1, 1), date(2026, 3, 31))
    assert str(q.previous()) == "2025Q4" and str(q.previous().next()) == "2026Q1"
    assert str(Quarter.parse("2026Q4").next()) == "2027Q1"
    assert Quarter.parse("2026Q4").last == date(2026, 12, 31)
    assert str(q.year_before()) == "2025Q1"
    assert Quarter.containing(date(2026, 8, 3)) == Quarter(2026, 3)
    assert Quarter.parse("2025Q4") < Quarter.parse("2026Q1")


@pytest.mark.parametrize("bad", ["2026Q0", "2026Q5", "26Q1", "2026 Q1", "", "2101Q1"])
def test_bad_quarter_labels_are_rejected(bad):
    with pytest.raises(ValueError, match="YYYYQn"):
        Quarter.parse(bad)
