"""Writing hundreds of thousands of demo rows quickly: PostgreSQL's COPY, plain batched inserts elsewhere.

The full-scale demo writes millions of rows. Building a model instance and an INSERT for each
costs far more than the data itself, so `RowWriter` takes plain tuples of the fields the demo
chooses and fills every other column with the model's own default, read once from an unsaved
instance (a field added to a model later gets its default without changing the demo code).
Columns the database computes (generated fields) are left to it.

Primary keys are reserved from the table's sequence before the rows are written, so rows that
point at each other (a person, their employment, their enrolments) are built in one pass.

PostgreSQL checks each foreign key of each row at commit, one lookup (and row lock) at a time:
most of the time of a load. When the database user may, `load_transaction` leaves those checks
out and `foreign_keys_check` makes them afterwards, one query per foreign key for all the rows
written, and refuses the data if any row points at nothing.
"""

import contextlib
from collections import deque
from collections.abc import Iterable, Sequence
from functools import cache

from django.db import DatabaseError, connection, models, transaction

# Field types whose Python values every database driver takes as they are.
PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "EmailField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}
# psycopg adapts these itself (an aware datetime becomes a timestamptz); SQLite needs Django's form.
POSTGRESQL_PLAIN_TYPES = PLAIN_TYPES | {"DateField", "DateTimeField", "UUIDField"}
IDS_RESERVED_AT_ONCE = 10_000


class RowWriter:
    """Rows of one model, buffered and written by `flush` (inside the caller's transaction).

    `fields` names the attributes each row gives, in order (`id` first); the other columns get
    the model's defaults.
    """

    def __init__(self, model: type[models.Model], fields: Sequence[str]):
        self.model = model
        columns = [field for field in model._meta.concrete_fields if not getattr(field, "generated", False)]
        by_name = {field.attname: field for field in columns} | {field.name: field for field in columns}
        unknown = [name for name in fields if name not in by_name]
        if unknown:
            raise ValueError(f"{model.__name__} has no field {', '.join(unknown)}.")
        given = [by_name[name] for name in fields]
        if given[0] is not model._meta.pk:
            raise ValueError("The first field of each row must be the primary key.")
        template = model()
        self.defaults = [field.get_db_prep_save(getattr(template, field.attname), connection) for field in columns]
        self.positions = [columns.index(field) for field in given]
        plain = POSTGRESQL_PLAIN_TYPES if connection.vendor == "postgresql" else PLAIN_TYPES
        self.prepare = [None if field.get_internal_type() in plain else field for field in given]
        self.needs_preparing = any(self.prepare)
        quote = connection.ops.quote_name
        self.table = quote(model._meta.db_table)
        self.column_list = ", ".join(quote(field.column) for field in columns)
        self.rows: list[list] = []
        self.written = 0
        self._ids: deque[int] = deque()
        self._next_id: int | None = None
        self.first_id: int | None = None  # of the rows this writer wrote, for foreign_keys_check

    def next_id(self) -> int:
        """A primary key nobody else will be given."""
        if not self._ids:
            self._ids.extend(self._reserve_ids(IDS_RESERVED_AT_ONCE))
        return self._ids.popleft()

    def _reserve_ids(self, count: int) -> list[int]:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Moves the sequence on by `count` at once (a nextval per id costs more than the row);
                # the demo is loaded while nothing else writes these tables.
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%(table)s, %(pk)s),"
                    " nextval(pg_get_serial_sequence(%(table)s, %(pk)s)) + %(count)s - 1)",
                    {"table": self.model._meta.db_table, "pk": self.model._meta.pk.column, "count": count},
                )
                last = cursor.fetchone()[0]
                return list(range(last - count + 1, last + 1))
            if self._next_id is None:  # one writer per table at a time: the demo is loaded alone
                cursor.execute(f"SELECT COALESCE(MAX({connection.ops.quote_name('id')}), 0) FROM {self.table}")
                self._next_id = cursor.fetchone()[0] + 1
        first, self._next_id = self._next_id, self._next_id + count
        return list(range(first, first + count))

    def add(self, *values) -> None:
        if self.first_id is None:
            self.first_id = values[0]
        row = list(self.defaults)
        if self.needs_preparing:
            for position, field, value in zip(self.positions, self.prepare, values, strict=True):
                row[position] = field.get_db_prep_save(value, connection) if field is not None else value
        else:
            for position, value in zip(self.positions, values, strict=True):
                row[position] = value
        self.rows.append(row)

    def flush(self) -> int:
        """Write the buffered rows; return how many."""
        if not self.rows:
            return 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.table} ({self.column_list}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * len(self.defaults))
                cursor.executemany(
                    f"INSERT INTO {self.table} ({self.column_list}) VALUES ({placeholders})",  # noqa: S608 (model's own names)
                    self.rows,
                )
        count, self.rows = len(self.rows), []
        self.written += count
        return count

    def __len__(self) -> int:
        return len(self.rows)


@contextlib.contextmanager
def load_transaction():
    """A transaction for demo rows: on PostgreSQL, without a foreign-key check per row when the
    database user may turn them off (run `foreign_keys_check` once the load is done)."""
    with transaction.atomic():
        if _row_checks_may_be_skipped():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        yield


@cache
def _row_checks_may_be_skipped() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        try:
            with transaction.atomic():
                cursor.execute("SELECT has_parameter_privilege(current_user, 'session_replication_role', 'SET')")
                return bool(cursor.fetchone()[0])
        except DatabaseError:  # before PostgreSQL 15: only a superuser may
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            return bool(cursor.fetchone()[0])


def foreign_keys_check(writers: Iterable[RowWriter]) -> None:
    """Every foreign key of every row the writers wrote points at a row that exists; raises
    DatabaseError naming the first that does not."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for writer in writers:
            if writer.first_id is None:
                continue
            meta = writer.model._meta
            for field in meta.concrete_fields:
                if not field.is_relation or not field.db_constraint:
                    continue
                target = field.related_model._meta
                cursor.execute(
                    f"SELECT child.{quote(meta.pk.column)} FROM {quote(meta.db_table)} child "  # noqa: S608 (model names)
                    f"WHERE child.{quote(meta.pk.column)} >= %s AND child.{quote(field.column)} IS NOT NULL "
                    f"AND NOT EXISTS (SELECT 1 FROM {quote(target.db_table)} parent "
                    f"WHERE parent.{quote(field.target_field.column)} = child.{quote(field.column)}) LIMIT 1",
                    [writer.first_id],
                )
                orphan = cursor.fetchone()
                if orphan:
                    raise DatabaseError(
                        f"{meta.label} {orphan[0]}: its {field.name} points at a {target.label} that does not exist."
                    )
