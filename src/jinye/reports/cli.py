"""``jinye report --quarter 2026Q1 --format docx -o report.docx`` (or ``--month 2026-03``)."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from jinye.clikit import console, err, setup_django


class Format(StrEnum):
    docx = "docx"
    xlsx = "xlsx"
    html = "html"


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def report(
    quarter: Annotated[str | None, typer.Option(help="Quarter, e.g. 2026Q1.")] = None,
    month: Annotated[
        str | None, typer.Option(help="Month, e.g. 2026-03 (instead of a quarter).")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="docx, xlsx or html.")] = Format.docx,
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")] = Path(
        "report.docx"
    ),
    department: Annotated[
        str | None, typer.Option(help="Department code (default: the first).")
    ] = None,
) -> None:
    """Write the operation analysis (经济运行分析) of a quarter or month for a whole department."""
    if bool(quarter) == bool(month):
        err.print("Give exactly one of --quarter or --month.")
        raise typer.Exit(2)
    from jinye.periods import Month, Quarter

    try:
        period = Quarter.parse(quarter) if quarter else Month.parse(month)
    except ValueError as exc:
        err.print(f"--{'quarter' if quarter else 'month'}: {exc}")
        raise typer.Exit(2) from exc
    setup_django()
    from django.template.loader import render_to_string

    from jinye.errors import JinyeError
    from jinye.org.models import MarketingDepartment
    from jinye.reports.builder import build_report
    from jinye.reports.render import render_docx, render_xlsx
    from jinye.retailers.models import Retailer
    from jinye.targets.selectors import plan_cases

    depts = MarketingDepartment.objects.order_by("code")
    dept = depts.filter(code=department).first() if department else depts.first()
    if dept is None:
        if department:
            err.print(f"--department: no department with code {department!r}.")
        else:
            err.print("No department yet: create one with `jinye setup` (see jinye setup --help).")
        raise typer.Exit(2)
    try:
        built = build_report(
            department=dept,
            period=period,
            retailers=Retailer.objects.filter(area__department=dept),
            plan=lambda p: plan_cases(dept, p),
        )
    except JinyeError as exc:
        err.print(f"--{'quarter' if quarter else 'month'}: {exc.message}")
        raise typer.Exit(2) from exc
    if fmt == Format.docx:
        output.write_bytes(render_docx(built))
    elif fmt == Format.xlsx:
        output.write_bytes(render_xlsx(built))
    else:
        html = render_to_string("reports/standalone.html", {"report": built})
        output.write_text(html, encoding="utf-8")
    console.print(f"Wrote {built.title} to {output}")
