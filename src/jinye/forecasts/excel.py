"""A customer manager's .xlsx forecast sheet: download the template, fill it, upload it.

The template lists the manager's retailers in the round × the round's SKUs, with any value
already entered. An upload is checked row by row (unknown retailer, SKU not in the round,
text or a negative/fractional number in the quantity, the same retailer×SKU twice); any
error rejects the whole file and nothing is stored: :class:`jinye.errors.Invalid` (code
``upload_rejected``) with one problem per row and column (its ``extra["value"]`` the cell).
A blank quantity means "not filled in".
"""

from datetime import datetime
from pathlib import Path
from typing import IO

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from jinye import access
from jinye.catalog.models import Sku
from jinye.errors import Invalid, Problem
from jinye.forecasts.models import CollectedForecast, ForecastRound, RoundRetailer
from jinye.forecasts.services import Entry, do_enter_forecasts
from jinye.org.models import Staff
from jinye.retailers.models import Retailer
from jinye.sheets.cells import is_blank, normalise_header, quantity, shown
from jinye.sheets.readers import read_table
from jinye.sheets.xlsx import write_xlsx

LICENCE, NAME, SKU_CODE, SKU_NAME, QTY = "许可证号", "店名", "品规编码", "品规名称", "预测量(条)"
HEADERS = [LICENCE, NAME, SKU_CODE, SKU_NAME, QTY]
WIDTHS = {LICENCE: 16, NAME: 24, SKU_NAME: 22}


def _problem(code: str, row: int, column: str, value: str, message: str) -> Problem:
    return Problem(code, message, column, row, {"value": value})


def _own_retailers(rnd: ForecastRound, staff: Staff) -> list[Retailer]:
    ids = RoundRetailer.objects.filter(round=rnd).values("retailer_id")
    return list(Retailer.objects.filter(pk__in=ids, customer_manager=staff).order_by("licence_no"))


def write_template(rnd: ForecastRound, staff: Staff, target: Path | IO[bytes]) -> int:
    """The manager's sheet for ``rnd``; returns the number of rows."""
    retailers = _own_retailers(rnd, staff)
    skus = list(rnd.skus.order_by("code"))
    values = {
        (f.retailer_id, f.sku_id): f.qty
        for f in CollectedForecast.objects.filter(round=rnd, retailer__in=retailers)
    }
    rows = (
        [r.licence_no, r.name, s.code, s.name, values.get((r.pk, s.pk))]
        for r in retailers
        for s in skus
    )
    return write_xlsx(target, HEADERS, rows, f"{rnd.month:%Y-%m}", WIDTHS)


def _qty(cell: object) -> int | None:
    """A retailer's forecast for a SKU: blank is no answer, 0 is "none wanted"."""
    return None if is_blank(cell) else quantity(cell, least=0)


def parse_upload(
    rnd: ForecastRound, staff: Staff, source: Path | IO[bytes], filename: str
) -> list[Entry]:
    """The file's entries, or Invalid with every row's problem."""
    table = read_table(source, filename)
    index = {normalise_header(h): i for i, h in enumerate(table.headers)}
    cols = {h: index.get(normalise_header(h)) for h in (LICENCE, SKU_CODE, QTY)}
    missing = [h for h, i in cols.items() if i is None]
    if missing:
        msg = _("Missing column(s): %(cols)s.") % {"cols": "、".join(missing)}
        raise Invalid(msg, code="missing_columns", row=1)
    retailers = {r.licence_no: r.pk for r in _own_retailers(rnd, staff)}
    skus = {s.code: s.pk for s in rnd.skus.all()}
    all_skus = set(Sku.objects.values_list("code", flat=True))
    errors: list[Problem] = []
    seen: dict[tuple[int, int], int] = {}
    entries: list[Entry] = []

    def cell(row: tuple[object, ...], name: str) -> object:
        i = cols[name]
        return row[i] if i is not None and i < len(row) else None

    for raw in table.rows:
        lic, code = shown(cell(raw.cells, LICENCE)), shown(cell(raw.cells, SKU_CODE))
        q = cell(raw.cells, QTY)
        bad = len(errors)
        if lic not in retailers:
            message = _("Unknown retailer, or not yours in this round.")
            errors.append(_problem("unknown_retailer", raw.number, LICENCE, lic, message))
        if code not in skus:
            if code in all_skus:
                problem = _problem(
                    "sku_not_in_round",
                    raw.number,
                    SKU_CODE,
                    code,
                    _("This SKU is not in the round."),
                )
            else:
                problem = _problem(
                    "unknown_sku", raw.number, SKU_CODE, code, _("Unknown SKU code.")
                )
            errors.append(problem)
        try:
            qty = _qty(q)
        except ValueError as exc:
            errors.append(_problem("bad_qty", raw.number, QTY, shown(q), str(exc)))
            continue
        if len(errors) > bad or qty is None:
            continue
        key = (retailers[lic], skus[code])
        if key in seen:
            msg = _("Duplicate of row %(row)d (same retailer and SKU).") % {"row": seen[key]}
            errors.append(_problem("duplicate_row", raw.number, LICENCE, lic, msg))
            continue
        seen[key] = raw.number
        entries.append(Entry(key[0], key[1], qty, raw.number))
    if errors:
        raise Invalid(
            _("The file has errors; nothing was stored."), code="upload_rejected", problems=errors
        )
    return entries


def do_upload_forecasts(
    *,
    round: ForecastRound,
    user: User,
    source: Path | IO[bytes],
    filename: str,
    now: datetime | None = None,
) -> int:
    """Check the whole file, then store it in one transaction; returns values changed."""
    staff = access.require(user, "enter_forecasts")
    entries = parse_upload(round, staff, source, filename)
    return do_enter_forecasts(round=round, user=user, entries=entries, now=now)
