"""The committee edits the tier standards: validated, every change audited, others read only."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils.translation import override

from jinye.engines import careers
from jinye.errors import Invalid
from jinye.org.models import Role
from jinye.people.explain import rank_name
from jinye.people.models import TierStandard, TierStandardChange
from jinye.people.services import do_update_tier_standards, standards
from tests.factories import make_area, make_staff

pytestmark = pytest.mark.django_db


def _values() -> dict[int, dict[str, object]]:
    return {
        s.rank: {
            "min_score": s.min_score,
            "min_months_in_post": s.min_months_in_post,
            "min_months_at_level": s.min_months_at_level,
            "min_education": int(s.min_education),
            "training_required": s.training_required,
        }
        for s in careers.default_standards()
    }


def _form(values: dict[int, dict[str, object]], reason: str = "按新规定调整") -> dict[str, str]:
    data = {"reason": reason}
    for rank, row in values.items():
        for f, v in row.items():
            if f == "training_required":
                if v:
                    data[f"r{rank}-{f}"] = "on"
            else:
                data[f"r{rank}-{f}"] = str(v)
    return data


@pytest.fixture
def people() -> dict:
    area = make_area()
    return {
        "director": make_staff(Role.DIRECTOR, dept=area.department),
        "cm": make_staff(Role.CUSTOMER_MANAGER, area=area),
    }


def test_a_change_is_saved_and_audited_with_old_and_new(people: dict) -> None:
    values = _values()
    values[2]["min_score"] = 76.5
    changes = do_update_tier_standards(
        values=values, reason="提高初级B门槛", by=people["director"].user
    )
    assert [(c.rank, c.field, c.old, c.new) for c in changes] == [(2, "min_score", "75.0", "76.5")]
    assert changes[0].changed_by == people["director"].user and changes[0].reason == "提高初级B门槛"
    assert standards()[2].min_score == 76.5
    # saving the same values again changes nothing and records nothing
    assert do_update_tier_standards(values=values, reason="复核", by=people["director"].user) == []


def test_falling_thresholds_and_bad_values_are_rejected_naming_rank_and_field(people: dict) -> None:
    values = _values()
    values[5]["min_score"] = 80.0  # below 中级C's 83
    values[3]["min_months_at_level"] = -1
    with pytest.raises(Invalid) as exc:
        do_update_tier_standards(values=values, reason="x", by=people["director"].user)
    assert "初级A.min_months_at_level" in {p.field for p in exc.value.problems}
    values[3]["min_months_at_level"] = 6
    with pytest.raises(Invalid) as exc:
        do_update_tier_standards(values=values, reason="x", by=people["director"].user)
    [problem] = exc.value.problems
    assert (problem.field, problem.code) == ("中级B.min_score", "below_lower_rank")
    assert "不能低于中级C" in problem.message
    assert not TierStandardChange.objects.exists()
    assert TierStandard.objects.get(rank=5).min_score == 86.0
    with pytest.raises(Invalid) as exc:
        do_update_tier_standards(values=_values(), reason=" ", by=people["director"].user)
    assert (exc.value.code, exc.value.field) == ("required", "reason")


def test_only_the_committee_may_change_them(people: dict) -> None:
    with pytest.raises(PermissionDenied):
        do_update_tier_standards(values=_values(), reason="x", by=people["cm"].user)


def test_the_page_edits_shows_errors_and_history(people: dict) -> None:
    c = Client()
    c.force_login(people["director"].user)
    page = c.get("/people/committee/standards/").content.decode()
    assert "职级评定标准" in page and "修改记录" in page
    values = _values()
    values[1]["min_score"] = "abc"
    r = c.post("/people/committee/standards/", _form(values))
    assert r.status_code == 200 and "不是有效数字" in r.content.decode()
    with override("zh-hans"):
        named = f"{rank_name(1)} {TierStandard._meta.get_field('min_score').verbose_name}: "
    assert named in r.content.decode() and "min_score:" not in r.content.decode()
    values[1]["min_score"] = 71
    r = c.post("/people/committee/standards/", _form(values), follow=True)
    assert TierStandard.objects.get(rank=1).min_score == 71
    assert "按新规定调整" in r.content.decode()
    cm = Client()
    cm.force_login(people["cm"].user)
    assert cm.get("/people/committee/standards/").status_code == 200
    assert cm.post("/people/committee/standards/", _form(_values())).status_code == 403


def test_falling_threshold_is_named_in_english_too(people: dict) -> None:
    from django.utils.translation import override

    from jinye.engines import careers
    from jinye.errors import Invalid

    values = _values()
    values[5]["min_score"] = 80.0  # below 中级C's 83
    with override("en"), pytest.raises(Invalid) as exc:
        do_update_tier_standards(values=values, reason="x", by=people["director"].user)
    assert exc.value.code == "bad_standards"
    [problem] = exc.value.problems
    assert problem.field == f"{careers.rank_label(5)}.min_score"
    assert problem.message == "Average score (80.0) cannot be below Middle C's 83.0."


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("min_score", "nan"),
        ("min_score", "inf"),
        ("min_score", "1e400"),
        ("min_score", "①"),
        ("min_months_in_post", "99999999999999999999"),
        ("min_education", "²"),
    ],
)
def test_odd_numbers_in_the_standards_are_refused_not_a_500(
    people: dict, field: str, typed: str
) -> None:
    c = Client()
    c.force_login(people["director"].user)
    values = _values()
    values[1][field] = typed
    r = c.post("/people/committee/standards/", _form(values))
    assert r.status_code == 200
    assert not TierStandard.objects.exists() or all(
        s.min_months_in_post < 1000 and 0 <= s.min_score <= 100 for s in TierStandard.objects.all()
    )
