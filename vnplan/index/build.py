"""Build and update the SQLite index: :class:`PlanIndex` adds Plans, :func:`build_index` a folder.

Incremental by ``source.sha256``: a plan whose sha256 is already indexed is skipped, so running
the same build twice changes nothing. An input that cannot be read (malformed JSON, not a Plan)
becomes one row of ``index_errors`` and one entry of the report; the build goes on.
SQLite from the standard library: nothing to install or start, and FTS5 ships with it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable, Optional, Union

from ..models import Plan
from ..planfiles import iter_plan_records
from .rows import COLUMNS, PLAN_COLUMNS, plan_row, plan_rows

#: Plans written per transaction by :func:`build_index`.
COMMIT_EVERY = 200


def schema_sql() -> str:
    """The DDL of the index (tables, indexes, FTS5 tables, views): ``vnplan/index/schema.sql``."""
    return resources.files("vnplan.index").joinpath("schema.sql").read_text(encoding="utf-8")


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


_PLAN_SQL = _insert_sql("plans", PLAN_COLUMNS)
_FACT_SQL = {t: _insert_sql(t, ("plan_id",) + cols) for t, cols in COLUMNS.items()}


# columns added to the schema after its first release, by table: (name, SQL type)
_ADDED_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "plans": (("issuer_parent", "TEXT"),),
    "funding": (("amount", "REAL"), ("unit", "TEXT")),
}


@dataclass
class IndexReport:
    """What a build did: plans added, plans skipped (same sha256 indexed), inputs that failed."""

    added: int = 0
    skipped: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)


class PlanIndex:
    """An open index database; use as a context manager (commits on exit) or call :meth:`close`."""

    def __init__(self, path: Union[str, Path]):
        self.path = Path(path)
        self.conn = sqlite3.connect(self.path)
        self._add_new_columns()
        self.conn.executescript(schema_sql())
        self.report = IndexReport()

    def _add_new_columns(self) -> None:
        """An index built by an earlier version lacks the columns added since."""
        for table, added in _ADDED_COLUMNS.items():
            cols = {r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")}
            for name, sql_type in added:
                if cols and name not in cols:
                    self.conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type}")

    def has(self, sha256: str) -> bool:
        """True when a plan with this source sha256 is indexed."""
        return self.conn.execute("SELECT 1 FROM plans WHERE sha256 = ?", (sha256,)).fetchone() is not None

    def add(self, plan: Plan, json_file: Optional[str] = None) -> bool:
        """Index ``plan`` (read from ``json_file``, if any); False when it was there already."""
        if self.has(plan.source.sha256):
            self.report.skipped += 1
            return False
        c = self.conn
        plan_id = c.execute(_PLAN_SQL, plan_row(plan, json_file)).lastrowid
        c.execute("INSERT INTO plans_text (plan_id, title, text) VALUES (?, ?, ?)",
                  (plan_id, plan.metadata.title, plan.text))
        c.execute("INSERT INTO plans_fts (rowid, title, text) VALUES (?, ?, ?)",
                  (plan_id, plan.metadata.title, plan.text))
        for table, rows in plan_rows(plan).items():
            if rows:
                c.executemany(_FACT_SQL[table], [(plan_id,) + r for r in rows])
        c.executemany("INSERT INTO tasks_fts (text, plan_id, task_n) VALUES (?, ?, ?)",
                      [(t.text, plan_id, n) for n, t in enumerate(plan.tasks)])
        if json_file:
            c.execute("DELETE FROM index_errors WHERE location = ?", (json_file,))
        self.report.added += 1
        return True

    def error(self, location: str, message: str) -> None:
        """Record an input that could not be indexed (kept once per location)."""
        self.conn.execute("INSERT OR REPLACE INTO index_errors (location, error) VALUES (?, ?)", (location, message))
        self.report.errors.append((location, message))

    def commit(self) -> None:
        """Make what was added so far durable."""
        self.conn.commit()

    def close(self) -> None:
        """Commit and close the database."""
        self.conn.commit()
        self.conn.close()

    def __enter__(self) -> "PlanIndex":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def build_index(
    source: Union[str, Path],
    db: Union[str, Path],
    on_error: Optional[Callable[[str, str], None]] = None,
) -> IndexReport:
    """Index every plan under ``source`` (a batch output folder, a ``.jsonl`` of Plans, a Plan
    JSON or a plan document) into the SQLite database ``db`` (created when missing).

    ``on_error(location, message)`` is called for each input that fails, as it fails.
    """
    with PlanIndex(db) as ix:
        for n, rec in enumerate(iter_plan_records(source), 1):
            if rec.plan is None:
                ix.error(rec.where, rec.error or "unreadable")
                if on_error:
                    on_error(rec.where, rec.error or "unreadable")
            else:
                ix.add(rec.plan, rec.where)
            if n % COMMIT_EVERY == 0:
                ix.commit()
        return ix.report
