"""Write checked import records: upsert by natural key, in batches, inside the caller's
transaction. Returns (created, updated, unchanged); an unchanged record writes nothing.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any, cast

from django.contrib.auth.models import AbstractBaseUser
from django.db import connections, models, router

from jinye.catalog.models import Brand, Sku, load_schemes, price_class_of
from jinye.dataio.validate import LineRecord, OrderRecord, Record
from jinye.orders.models import Order, OrderLine
from jinye.pinyin import initials
from jinye.progress import ProgressFn
from jinye.retailers.models import Retailer

WRITE = "Writing"
CHUNK = 5000  # keys per IN (…) query
BATCH = 2000  # rows per INSERT/UPDATE statement
CENT = Decimal("0.01")
Counts = tuple[int, int, int]


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for first in range(0, len(items), size):
        yield items[first : first + size]


class _Writer:
    """Runs the queued bulk operations batch by batch, reporting progress."""

    def __init__(self, progress: ProgressFn):
        self.progress = progress
        self.steps: list[tuple[Callable[[Sequence[Any]], object], Sequence[Any]]] = []

    def add(self, operation: Callable[[Sequence[Any]], object], items: Sequence[Any]) -> None:
        if items:
            self.steps.append((operation, items))

    def run(self) -> None:
        total = sum(len(items) for _, items in self.steps)
        done = 0
        self.progress(0, total, WRITE)
        for operation, items in self.steps:
            for batch in chunks(items, BATCH):
                operation(batch)
                done += len(batch)
                self.progress(done, total, WRITE)
        self.progress(total, total, WRITE)


def bulk_update(model: type[models.Model], objs: Sequence[models.Model], fields: list[str]) -> None:
    """Save ``fields`` of ``objs``, as ``QuerySet.bulk_update`` does, with one prepared
    ``UPDATE … WHERE pk = %s`` run per row (``executemany``). Django's form, one statement
    with a ``CASE WHEN`` per field and row, cost most of a large import's time under the
    write lock (issue 15 item 8). Like ``bulk_update``, it bypasses ``save()`` and signals."""
    if not objs:
        return
    meta = model._meta
    columns = [cast("models.Field[Any, Any]", meta.get_field(f)) for f in fields]
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(c.column)} = %s" for c in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    rows = [
        [c.get_db_prep_save(getattr(obj, c.attname), connection) for c in columns] + [obj.pk]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _existing(model: type[models.Model], key_field: str, keys: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for part in chunks(keys):
        for obj in model._default_manager.filter(**{f"{key_field}__in": part}):
            found[getattr(obj, key_field)] = obj
    return found


def _upsert(
    model: type[models.Model],
    key_field: str,
    records: list[Record],
    progress: ProgressFn,
    prepare: Callable[[Record, Any], None] | None = None,
) -> Counts:
    existing = _existing(model, key_field, [r.key for r in records])
    create: list[models.Model] = []
    update: list[models.Model] = []
    fields: set[str] = set()
    for rec in records:
        obj = existing.get(rec.key)
        if prepare is not None:
            prepare(rec, obj)
        if obj is None:
            create.append(model(**{key_field: rec.key}, **rec.values))
            continue
        diff = [f for f, v in rec.values.items() if getattr(obj, f) != v]
        for f in diff:
            setattr(obj, f, rec.values[f])
        if diff:
            update.append(obj)
            fields.update(diff)
    manager = model._default_manager
    writer = _Writer(progress)
    writer.add(manager.bulk_create, create)
    writer.add(lambda batch: bulk_update(model, batch, sorted(fields)), update)
    writer.run()
    return len(create), len(update), len(records) - len(create) - len(update)


def _sku_prepare() -> Callable[[Record, Any], None]:
    schemes = load_schemes()

    def prepare(rec: Record, stored: Sku | None) -> None:
        # bulk writes skip Sku.save(), which keeps the class in step with the prices.
        v = rec.values
        transfer = v.get("transfer_price", stored.transfer_price if stored else None)
        v["price_class"] = price_class_of(transfer, v["wholesale_price"], schemes)
        v["search_initials"] = initials(v.get("name", stored.name if stored else ""))[:100]

    return prepare


def _retailer_prepare(rec: Record, stored: Retailer | None) -> None:
    # bulk writes skip Retailer.save(), which keeps the search initials in step.
    v = rec.values
    name = v.get("name", stored.name if stored else "")
    owner = v.get("owner", stored.owner if stored else "")
    v["search_initials"] = initials(name, owner)[:200]


def _create_brands(records: list[Record]) -> None:
    """Create the brands the SKU file names but the catalogue lacks (codes B001, B002, … not
    yet used), and point their SKUs at them."""
    names = sorted({r.values["new_brand"] for r in records if "new_brand" in r.values})
    used = set(Brand.objects.values_list("code", flat=True))
    ids: dict[str, int] = {}
    number = 0
    for name in names:
        number += 1
        while f"B{number:03d}" in used:
            number += 1
        ids[name] = Brand.objects.create(code=f"B{number:03d}", name=name).pk
    for rec in records:
        if "new_brand" in rec.values:
            rec.values["brand_id"] = ids[rec.values.pop("new_brand")]


def _line_values(line: LineRecord, stored: OrderLine | None) -> tuple[int, Decimal, Decimal]:
    price = line.unit_price or (stored.unit_price if stored else line.wholesale_price)
    return line.quantity, price, (price * line.quantity).quantize(CENT)


class _OrderChanges:
    """What writing the checked orders takes: new orders and lines, changed ones, lines gone."""

    def __init__(self) -> None:
        self.new_orders: list[Order] = []
        self.changed_orders: list[Order] = []
        self.order_fields: set[str] = set()
        self.new_lines: list[OrderLine] = []
        self.changed_lines: list[OrderLine] = []
        self.gone_lines: list[int] = []

    def new(self, rec: OrderRecord, user: AbstractBaseUser | None) -> None:
        order = Order(order_no=rec.key, entered_by_id=user.pk if user else None, **rec.values)
        self.new_orders.append(order)
        for line in rec.lines:
            self._add_line(order, line)

    def _add_line(self, order: Order, line: LineRecord) -> None:
        qty, price, amount = _line_values(line, None)
        # The order may not be saved yet; bulk_create takes its id once it is.
        self.new_lines.append(
            OrderLine(
                order=order, sku_id=line.sku_id, quantity=qty, unit_price=price, amount=amount
            )
        )

    def compare(self, rec: OrderRecord, order: Order, stored: dict[int, OrderLine]) -> bool:
        """Queue the differences between ``rec`` and the stored order; True if any."""
        diff = [f for f, v in rec.values.items() if getattr(order, f) != v]
        for f in diff:
            setattr(order, f, rec.values[f])
        if diff:
            self.changed_orders.append(order)
            self.order_fields.update(diff)
        stored = dict(stored)
        changed = bool(diff)
        for line in rec.lines:
            old = stored.pop(line.sku_id, None)
            if old is None:
                self._add_line(order, line)
                changed = True
                continue
            values = _line_values(line, old)
            if (old.quantity, old.unit_price, old.amount) != values:
                old.quantity, old.unit_price, old.amount = values
                self.changed_lines.append(old)
                changed = True
        # The file holds the whole order: stored lines it leaves out are removed.
        self.gone_lines.extend(line.pk for line in stored.values())
        return changed or bool(stored)

    def write(self, progress: ProgressFn) -> None:
        writer = _Writer(progress)
        writer.add(lambda ids: OrderLine.objects.filter(pk__in=ids).delete(), self.gone_lines)
        fields = sorted(self.order_fields)
        writer.add(lambda batch: bulk_update(Order, batch, fields), self.changed_orders)
        writer.add(
            lambda batch: bulk_update(OrderLine, batch, ["quantity", "unit_price", "amount"]),
            self.changed_lines,
        )
        writer.add(Order.objects.bulk_create, self.new_orders)
        writer.add(OrderLine.objects.bulk_create, self.new_lines)
        writer.run()


def _write_orders(
    records: list[OrderRecord], user: AbstractBaseUser | None, progress: ProgressFn
) -> Counts:
    existing: dict[str, Order] = _existing(Order, "order_no", [r.key for r in records])
    stored_lines: dict[int, dict[int, OrderLine]] = defaultdict(dict)
    for part in chunks([o.pk for o in existing.values()]):
        for line in OrderLine.objects.filter(order_id__in=part):
            stored_lines[line.order_id][line.sku_id] = line
    changes = _OrderChanges()
    updated = 0
    for rec in records:
        order = existing.get(rec.key)
        if order is None:
            changes.new(rec, user)
        elif changes.compare(rec, order, stored_lines[order.pk]):
            updated += 1
    changes.write(progress)
    created = len(changes.new_orders)
    return created, updated, len(records) - created - updated


def write(
    kind: str, records: list[Any], *, user: AbstractBaseUser | None, progress: ProgressFn
) -> Counts:
    """Upsert checked ``records`` of ``kind``; (created, updated, unchanged)."""
    if kind == "retailers":
        return _upsert(Retailer, "licence_no", records, progress, _retailer_prepare)
    if kind == "skus":
        _create_brands(records)
        return _upsert(Sku, "code", records, progress, _sku_prepare())
    return _write_orders(records, user, progress)
