"""Foreign keys checked once per statement (PostgreSQL) instead of once per row.

A PostgreSQL foreign key runs one trigger per inserted row and constraint: a lookup and a
``FOR KEY SHARE`` lock on the referenced row, each through its own executor start-up. For the
alert intake, which writes tens of thousands of dissuasion tasks a second with nine references
each, those checks were a third of the database's time. A *set-checked reference* keeps the
same guarantee with one statement-level trigger per reference: after an INSERT it locks every
distinct referenced row at once (``FOR KEY SHARE``, as the built-in check does) and refuses the
statement when one is missing.

What each reference installs (model field ``db_constraint=False``, so Django creates no
constraint of its own):

- after INSERT on the referencing table, per statement: every non-null value must name a row of
  the referenced table, which stays locked against deletion until commit;
- after UPDATE of the column, per row and only when the value changed: the same, for that row;
- after DELETE on the referenced table, and after an update of its key, per row: no referencing
  row may still name it (Django's ``on_delete`` has emptied or deleted them before, as it does
  with a constraint).

The checks are immediate (end of statement), not deferred to commit like Django's constraints,
and rely on READ COMMITTED, PostgreSQL's and Django's default: a delete that waited for a
referencing insert to commit sees that row in its check. The error is an ``IntegrityError``
(SQLSTATE 23503 on PostgreSQL) naming the reference.

SQLite, the embedded database, gets plain row triggers for the referencing side only. Its
deleting side is left to Django's ``on_delete``, as it was: Django empties a SQLite database
(tests, ``flush``) by deleting table after table in one transaction, in no particular order,
which the deferred constraints it creates allow and an immediate trigger would refuse.

``installed`` lists the triggers present, so a test can require every ``db_constraint=False``
reference to be covered: a later migration that rebuilds a table on SQLite drops its triggers,
and that test then fails until they are installed again."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import migrations

PREFIX = "fzref_"
_SUFFIXES = ("_ins", "_upd", "_del", "_key")


@dataclass(frozen=True)
class Reference:
    """``table.column`` refers to ``parent.parent_column``."""

    table: str
    column: str
    parent: str
    parent_column: str = "id"

    @property
    def name(self) -> str:
        """Base name of this reference's functions and triggers (under PostgreSQL's 63)."""
        base = f"{PREFIX}{self.table}_{self.column}"
        if len(base) > 55:
            digest = hashlib.sha1(base.encode()).hexdigest()[:8]  # noqa: S324 - a name, not a secret
            base = f"{base[:46]}_{digest}"
        return base

    def triggers(self, vendor: str) -> tuple[str, ...]:
        """The triggers ``install_sql`` creates for ``vendor``."""
        suffixes = _SUFFIXES if vendor == "postgresql" else _SUFFIXES[:2]
        return tuple(self.name + suffix for suffix in suffixes)

    def message(self) -> str:
        return (
            f"{self.table}.{self.column} must name an existing {self.parent}.{self.parent_column}"
            f" ({self.name})"
        )


def of(model: Any, fields: Iterable[str]) -> list[Reference]:
    """The references of ``model``'s foreign keys ``fields`` (historical models in migrations)."""
    found = []
    for name in fields:
        field = model._meta.get_field(name)
        target = field.target_field
        found.append(
            Reference(
                model._meta.db_table,
                field.column,
                target.model._meta.db_table,
                target.column,
            )
        )
    return found


def _postgresql(ref: Reference) -> list[str]:
    t, c, p, k, n = ref.table, ref.column, ref.parent, ref.parent_column, ref.name
    raise_ = (
        f"RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', "
        f"MESSAGE = '{ref.message()}', TABLE = '{t}', COLUMN = '{c}'"
    )
    return [
        f"""
CREATE OR REPLACE FUNCTION {n}_ins() RETURNS trigger LANGUAGE plpgsql AS $fz$
DECLARE
    wanted bigint;
    found bigint;
BEGIN
    -- One index lookup and lock per distinct value, whatever the statistics say: PL/pgSQL
    -- keeps this plan, and a plan made while the referenced table was small (a hash join
    -- over a scan of it) would read the whole table for every statement once it is large.
    SELECT count(*), count(locked.one) INTO wanted, found
    FROM (SELECT DISTINCT r.{c} AS v FROM {n}_new r WHERE r.{c} IS NOT NULL) d
    LEFT JOIN LATERAL (
        SELECT 1 AS one FROM {p} x WHERE x.{k} = d.v FOR KEY SHARE OF x
    ) locked ON true;
    IF found < wanted THEN
        {raise_};
    END IF;
    RETURN NULL;
END
$fz$""",  # noqa: S608 - names from model metadata, no input
        f"""
CREATE OR REPLACE FUNCTION {n}_upd() RETURNS trigger LANGUAGE plpgsql AS $fz$
BEGIN
    PERFORM 1 FROM {p} x WHERE x.{k} = NEW.{c} FOR KEY SHARE OF x;
    IF NOT FOUND THEN
        {raise_};
    END IF;
    RETURN NULL;
END
$fz$""",
        f"""
CREATE OR REPLACE FUNCTION {n}_del() RETURNS trigger LANGUAGE plpgsql AS $fz$
BEGIN
    IF EXISTS (SELECT 1 FROM {t} r WHERE r.{c} = OLD.{k}) THEN
        {raise_};
    END IF;
    RETURN NULL;
END
$fz$""",  # noqa: S608 - names from model metadata, no input
        f"CREATE TRIGGER {n}_ins AFTER INSERT ON {t} REFERENCING NEW TABLE AS {n}_new "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {n}_ins()",
        f"CREATE TRIGGER {n}_upd AFTER UPDATE OF {c} ON {t} FOR EACH ROW "
        f"WHEN (NEW.{c} IS NOT NULL AND NEW.{c} IS DISTINCT FROM OLD.{c}) "
        f"EXECUTE FUNCTION {n}_upd()",
        f"CREATE TRIGGER {n}_del AFTER DELETE ON {p} FOR EACH ROW EXECUTE FUNCTION {n}_del()",
        f"CREATE TRIGGER {n}_key AFTER UPDATE OF {k} ON {p} FOR EACH ROW "
        f"WHEN (OLD.{k} IS DISTINCT FROM NEW.{k}) EXECUTE FUNCTION {n}_del()",
    ]


def _sqlite(ref: Reference) -> list[str]:
    t, c, p, k, n = ref.table, ref.column, ref.parent, ref.parent_column, ref.name
    fail = f"SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: {ref.message()}');"
    missing = f"NEW.{c} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {p} WHERE {k} = NEW.{c})"  # noqa: S608
    return [
        f"CREATE TRIGGER {n}_ins AFTER INSERT ON {t} FOR EACH ROW WHEN {missing} BEGIN {fail} END",
        f"CREATE TRIGGER {n}_upd AFTER UPDATE OF {c} ON {t} FOR EACH ROW WHEN {missing} "
        f"BEGIN {fail} END",
    ]


def install_sql(vendor: str, ref: Reference) -> list[str]:
    if vendor == "postgresql":
        return _postgresql(ref)
    if vendor == "sqlite":
        return _sqlite(ref)
    raise NotImplementedError(f"set-checked references are not written for {vendor}")


def uninstall_sql(vendor: str, ref: Reference) -> list[str]:
    n = ref.name
    on = {"_ins": ref.table, "_upd": ref.table, "_del": ref.parent, "_key": ref.parent}
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {n}{s} ON {on[s]}" for s in _SUFFIXES] + [
            f"DROP FUNCTION IF EXISTS {n}{s}()" for s in ("_ins", "_upd", "_del")
        ]
    return [f"DROP TRIGGER IF EXISTS {n}{s}" for s in _SUFFIXES]


def installed(connection: Any) -> set[str]:
    """Names of the set-checked reference triggers present in ``connection``'s database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s",
                [PREFIX + "%"],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [PREFIX + "%"],
            )
        return {name for (name,) in cursor.fetchall()}


class SetCheckedReferences(migrations.RunPython):
    """Migration operation: install (and on reverse, remove) the set-checked references of
    ``model_name``'s foreign keys ``fields`` in ``app_label``. The fields must already have
    ``db_constraint=False`` in the migration state."""

    def __init__(self, app_label: str, model_name: str, fields: Sequence[str]) -> None:
        self.target = (app_label, model_name, tuple(fields))
        super().__init__(self._install, self._uninstall)

    def _references(self, apps: Any) -> list[Reference]:
        app_label, model_name, fields = self.target
        return of(apps.get_model(app_label, model_name), fields)

    def _install(self, apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        for ref in self._references(apps):
            for sql in uninstall_sql(vendor, ref) + install_sql(vendor, ref):
                schema_editor.execute(sql)

    def _uninstall(self, apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        for ref in self._references(apps):
            for sql in uninstall_sql(vendor, ref):
                schema_editor.execute(sql)

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        app_label, model_name, fields = self.target
        return (self.__class__.__qualname__, [app_label, model_name, list(fields)], {})

    def describe(self) -> str:
        app_label, model_name, fields = self.target
        return f"Set-checked references of {app_label}.{model_name}: {', '.join(fields)}"
