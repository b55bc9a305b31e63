"""``jinye kpis --month 2026-11`` and ``jinye careers --window 2026Q3``."""

from datetime import date
from typing import Annotated

import typer
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jinye.clikit import console, departments_named, err, progress_bar, setup_django, user_named


def register(app: typer.Typer) -> None:
    app.command()(kpis)
    app.command()(careers)
    app.command()(experts)


def kpis(
    month: Annotated[str, typer.Option(help="Month to assess, e.g. 2026-11.")],
    department: Annotated[
        str | None, typer.Option(help="Department code (default: every department).")
    ] = None,
    by: Annotated[str | None, typer.Option(help="Username recorded as having run it.")] = None,
) -> None:
    """Compute every customer manager's KPIs and weighted score for a month; running a
    month again replaces its results."""
    from jinye.periods import Month

    try:
        Month.parse(month)
    except ValueError as exc:
        err.print(f"--month: {exc}")
        raise typer.Exit(2) from exc
    setup_django()
    from jinye.people.services import do_compute_kpis

    user = user_named(by)
    done = []
    with progress_bar() as progress:
        for d in departments_named(department):
            done.append((d, do_compute_kpis(department=d, month=month, by=user, progress=progress)))
    for d, results in done:
        console.print(f"{d.code} {month}: {len(results)} customer managers assessed")
        for r in results[:3]:
            score = pgettext("draft", "no data yet") if r.score is None else f"{r.score:.2f}"
            console.print(f"  #{r.rank} {r.staff.name} {score}")
    if not done:
        console.print("No departments.")


def careers(
    window: Annotated[str, typer.Option(help="Three-month window (a quarter), e.g. 2026Q3.")],
    department: Annotated[
        str | None, typer.Option(help="Department code (default: every department).")
    ] = None,
    by: Annotated[str | None, typer.Option(help="Username recorded as having run it.")] = None,
    enrol_since: Annotated[
        str | None,
        typer.Option(
            help="First give managers without a career profile a 见习 one, in post since "
            "this date (YYYY-MM-DD)."
        ),
    ] = None,
) -> None:
    """Evaluate the career ladder over a window: tier moves and demotions apply at once,
    level promotions and skips wait for the committee. Run `jinye kpis` for the window's
    three months first."""
    from jinye.periods import Quarter

    try:
        label = str(Quarter.parse(window, field="window"))
    except ValueError as exc:
        err.print(f"--window: {exc}")
        raise typer.Exit(2) from exc
    since = None
    if enrol_since is not None:
        try:
            since = date.fromisoformat(enrol_since)
        except ValueError as exc:
            err.print(f"--enrol-since: {enrol_since!r} is not a date YYYY-MM-DD")
            raise typer.Exit(2) from exc
    setup_django()
    from jinye.engines.careers import Kind
    from jinye.people.explain import KIND_LABELS
    from jinye.people.kpi_inputs import managers_of
    from jinye.people.models import CareerProfile
    from jinye.people.services import (
        do_close_notices,
        do_enrol_managers,
        do_run_career_window,
    )

    user = user_named(by)
    done = []
    with progress_bar() as progress:
        for d in departments_named(department):
            if since is not None:
                enrolled = do_enrol_managers(department=d, since=since, by=user)
                console.print(
                    _("%(dept)s: %(n)s new trainee profiles") % {"dept": d.code, "n": len(enrolled)}
                )
            closed = do_close_notices(department=d, by=user)
            decisions = do_run_career_window(department=d, window=label, by=user, progress=progress)
            done.append((d, decisions, closed))
    for d, decisions, closed in done:
        if closed:
            console.print(
                _("%(dept)s: notice period over without objection, %(n)s promotions applied")
                % {"dept": d.code, "n": len(closed)}
            )
        unenrolled = [
            m.name for m in managers_of(d) if not CareerProfile.objects.filter(staff=m).exists()
        ]
        if unenrolled:
            names = pgettext("enumeration", ", ").join(unenrolled[:5])
            console.print(
                _(
                    "%(dept)s: %(n)s customer managers have no career profile and were not "
                    "evaluated (%(names)s)"
                )
                % {
                    "dept": d.code,
                    "n": len(unenrolled),
                    "names": names + ("…" if len(unenrolled) > 5 else ""),
                }
            )
        counts: dict[str, int] = {}
        for x in decisions:
            kind = str(KIND_LABELS[Kind(x.kind)])
            counts[kind] = counts.get(kind, 0) + 1
        summary = pgettext("comma", ", ").join(
            pgettext("cli", "%(kind)s %(n)s") % {"kind": k, "n": v} for k, v in counts.items()
        ) or _("no new evaluations")
        pending = sum(1 for x in decisions if x.status == "pending")
        console.print(
            _("%(dept)s %(window)s: %(summary)s; %(pending)s awaiting the committee")
            % {"dept": d.code, "window": label, "summary": summary, "pending": pending}
        )


def experts(
    quarter: Annotated[str, typer.Option(help="Quarter to rank, e.g. 2026Q3.")],
    department: Annotated[
        str | None, typer.Option(help="Department code (default: every department).")
    ] = None,
) -> None:
    """Rank every customer manager in the four expert fields for a quarter (the committee
    then chooses on the experts page); running a quarter again replaces its ranking."""
    from jinye.periods import Quarter

    try:
        label = str(Quarter.parse(quarter))
    except ValueError as exc:
        err.print(f"--quarter: {exc}")
        raise typer.Exit(2) from exc
    setup_django()
    from jinye.people.experts import do_rank_experts
    from jinye.people.models import ExpertField, ExpertNomination

    for d in departments_named(department):
        do_rank_experts(department=d, quarter=label)
        for field in ExpertField:
            top = (
                ExpertNomination.objects.filter(department=d, quarter=label, field=field, rank=1)
                .select_related("staff")
                .first()
            )
            who = (
                pgettext("cli", "%(name)s (%(score)s)")
                % {"name": top.staff.name, "score": f"{top.score:g}"}
                if top
                else _("no candidates")
            )
            console.print(
                _("%(dept)s %(quarter)s %(field)s: first %(who)s")
                % {"dept": d.code, "quarter": label, "field": field.label, "who": who}
            )
