"""The access policy itself: every role × action, object rules, and read scope per role."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User
from django.template import Context, Template

from jinye import access
from jinye.access.context_processors import May
from jinye.errors import Forbidden
from jinye.forecasts.models import ForecastRound
from jinye.org.models import Role, Staff
from jinye.retailers.models import RetailerLogin
from tests.factories import make_area, make_department, make_retailer, make_staff

pytestmark = pytest.mark.django_db

D, MM, CM = Role.DIRECTOR, Role.MARKET_MANAGER, Role.CUSTOMER_MANAGER
CLERK, DELIVERER, INSPECTOR = Role.ORDER_CLERK, Role.DELIVERER, Role.INSPECTOR

#: What each role may do at all (no object), written out by hand from the job descriptions
#: (and issue 15 items 7 and 10), not derived from ``RIGHTS``.
EXPECTED: dict[str, set[str]] = {
    D: {
        "open_retailer_login",
        "import_data",
        "set_up_department",  # issue 16: areas and staff logins, the director's alone
        "enter_orders",
        "cancel_orders",
        "record_visits",
        "change_visit_rules",
        "close_visit_month",
        "generate_visit_plans",
        "change_targets",
        "start_survey",
        "record_counts",
        "change_ratings",
        "open_forecast_round",
        "correct_forecasts",
        "close_forecast_round",
        "submit_forecast_round",
        "allocate_supply",
        "compute_quotas",
        "compute_kpis",
        "change_kpi_settings",
        "approve_as_leadership",
        "act_as_committee",
        "review_documents",
    },
    MM: {
        "record_visits",
        "record_counts",
        "correct_forecasts",
        "verify_demand",
        "review_documents",
    },
    CM: {
        "enter_orders",
        "record_visits",
        "record_counts",
        "enter_forecasts",
        "record_demand",
        "draft_documents",
    },
    CLERK: {"open_retailer_login", "import_data", "enter_orders", "cancel_orders"},
    DELIVERER: set(),
    INSPECTOR: set(),
}


def test_the_table_names_every_action_and_role() -> None:
    assert set(EXPECTED) == set(Role.values)
    named = set().union(*EXPECTED.values())
    assert named <= set(access.RIGHTS)
    # Every action is someone's (or the committee's) job.
    assert named == set(access.RIGHTS)


@pytest.mark.parametrize("role", list(Role.values))
@pytest.mark.parametrize("action", sorted(access.RIGHTS))
def test_every_role_and_action(role: str, action: str) -> None:
    staff = make_staff(role)
    allowed = action in EXPECTED[role]
    assert access.can(staff.user, action) is allowed
    if allowed:
        assert access.require(staff.user, action) == staff
    else:
        with pytest.raises(Forbidden) as refused:
            access.require(staff.user, action)
        assert refused.value.code == "forbidden" and str(access.RIGHTS[action].what) in str(
            refused.value
        )


def test_nobody_without_a_staff_record_may_do_anything() -> None:
    inactive = make_staff(D)
    Staff.objects.filter(pk=inactive.pk).update(active=False)
    nobody = User.objects.create_user("nobody", password="pw-12345678")
    for actor in (AnonymousUser(), nobody, User.objects.get(pk=inactive.user_id)):
        assert not any(access.can(actor, a) for a in access.RIGHTS)
        with pytest.raises(Forbidden):
            access.require_staff(actor)


class World:
    """Two areas of one department, a second department, one retailer per customer manager."""

    def __init__(self) -> None:
        self.dept = make_department("DA")
        self.area_a, self.area_b = make_area(self.dept), make_area(self.dept)
        self.director = make_staff(D, dept=self.dept)
        self.mm_a = make_staff(MM, area=self.area_a)
        self.mm_b = make_staff(MM, area=self.area_b)
        self.cm1 = make_staff(CM, area=self.area_a)
        self.cm2 = make_staff(CM, area=self.area_a)
        self.cm_b = make_staff(CM, area=self.area_b)
        self.clerk = make_staff(CLERK, dept=self.dept)
        self.deliverer = make_staff(DELIVERER, dept=self.dept)
        self.inspector = make_staff(INSPECTOR, dept=self.dept)
        self.r1 = make_retailer(manager=self.cm1)
        self.r2 = make_retailer(manager=self.cm2)
        self.r_b = make_retailer(manager=self.cm_b)
        other = make_department("DB")
        self.other_director = make_staff(D, dept=other)
        self.r_other = make_retailer(manager=make_staff(CM, area=make_area(other)))


@pytest.fixture
def world() -> World:
    return World()


@pytest.mark.parametrize("action", ["record_visits", "record_counts"])
def test_only_those_serving_a_retailer_write_its_visits_and_counts(world: World, action) -> None:
    allowed = {world.cm1, world.mm_a, world.director}
    everyone = [
        world.cm1,
        world.cm2,
        world.cm_b,
        world.mm_a,
        world.mm_b,
        world.director,
        world.other_director,
        world.clerk,
        world.deliverer,
        world.inspector,
    ]
    got = {s for s in everyone if access.can(s.user, action, world.r1)}
    assert got == allowed


def test_closing_a_forecast_round_is_its_departments_directors(world: World) -> None:
    rnd = ForecastRound(
        department=world.dept,
        month=datetime(2026, 12, 1).date(),
        deadline=datetime(2026, 11, 25, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    assert access.can(world.director, "close_forecast_round", rnd)
    assert not access.can(world.other_director, "close_forecast_round", rnd)
    assert not access.can(world.mm_a, "close_forecast_round", rnd)


def test_demand_and_documents_follow_the_line(world: World) -> None:
    assert access.can(world.cm1, "record_demand", world.r1)
    assert not access.can(world.cm1, "record_demand", world.r2)
    assert access.can(world.mm_a, "review_documents", world.cm1)
    assert not access.can(world.mm_b, "review_documents", world.cm1)
    assert access.can(world.director, "review_documents", world.cm_b)
    assert not access.can(world.other_director, "review_documents", world.cm_b)


def test_the_committee_group_acts_for_the_committee(world: World) -> None:
    assert not access.can(world.inspector, "act_as_committee")
    assert not access.people(world.inspector.user).exists()
    world.inspector.user.groups.add(Group.objects.create(name=access.COMMITTEE_GROUP))
    assert access.can(world.inspector.user, "act_as_committee")
    assert set(access.people(world.inspector.user)) == {world.cm1, world.cm2, world.cm_b}
    # A committee member still changes nothing else a director would.
    assert not access.can(world.inspector.user, "approve_as_leadership")


def test_read_scope_per_role(world: World) -> None:
    def shops(staff: Staff) -> set[int]:
        return set(access.retailers(staff.user).values_list("pk", flat=True))

    dept_shops = {world.r1.pk, world.r2.pk, world.r_b.pk}
    assert shops(world.cm1) == {world.r1.pk}
    assert shops(world.mm_a) == {world.r1.pk, world.r2.pk}
    for staff in (world.director, world.clerk, world.deliverer, world.inspector):
        assert shops(staff) == dept_shops
    assert shops(world.other_director) == {world.r_other.pk}
    assert set(access.managers(world.cm1.user)) == {world.cm1}
    assert set(access.managers(world.mm_b.user)) == {world.mm_b, world.cm_b}
    assert set(access.people(world.mm_a.user)) == {world.cm1, world.cm2}
    assert not access.people(world.clerk.user).exists()


def test_a_retailer_login_reads_only_itself(world: World) -> None:
    user = User.objects.create_user("shop", password="pw-12345678")
    RetailerLogin.objects.create(retailer=world.r2, user=user)
    assert list(access.retailers(user)) == [world.r2]
    assert not access.managers(user).exists()
    assert not access.retailers(AnonymousUser()).exists()
    assert not any(access.can(user, a) for a in access.RIGHTS)


def test_templates_hide_what_the_reader_may_not_do(world: World) -> None:
    page = Template(
        "{% if may.import_data %}import{% endif %}|{% if may.record_visits %}visit{% endif %}"
    )
    for staff, shown in [
        (world.clerk, "import|"),
        (world.cm1, "|visit"),
        (world.director, "import|visit"),
        (world.deliverer, "|"),
    ]:
        assert page.render(Context({"may": May(staff)})) == shown
