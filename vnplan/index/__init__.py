"""An embedded SQLite index over many Plans, and SQL queries on it.

``vnplan index OUTDIR -o plans.db`` builds it from batch output (incrementally, by source
sha256); ``vnplan query plans.db "SQL"`` prints the answer as a table, CSV or JSON. The tables,
full-text indexes and views are in ``schema.sql``. The index only reads Plans.
"""

from __future__ import annotations

from .build import IndexReport, PlanIndex, build_index, schema_sql
from .query import format_result, run_query

__all__ = ["PlanIndex", "IndexReport", "build_index", "schema_sql", "run_query", "format_result"]
