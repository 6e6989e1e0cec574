"""Review pages: check a plan's facts against its text in a browser.

:func:`render_plan` gives one self-contained HTML page (CSS and JS inline, no network, works from
``file://``): the normalized text laid out by section with every fact highlighted from its span,
a legend, tooltips with each fact's fields, and a side panel (metadata, outline, fact lists with
counts and a filter, warnings). :func:`write_site` writes one page per plan of a batch output
folder plus a sortable ``index.html``. Both only read the Plan.
"""

from __future__ import annotations

from .page import IndexRow, PlanCounts, render_index, render_plan
from .site import SiteReport, write_page, write_site

__all__ = ["render_plan", "render_index", "write_page", "write_site", "SiteReport", "IndexRow", "PlanCounts"]
