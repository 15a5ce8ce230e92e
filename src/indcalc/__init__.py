"""indcalc: growth rates, percentage-point changes, YoY and CAGR for period-stamped indicators.

The Python API returns the same DataFrames the command line renders::

    >>> from indcalc import load, growth, yoy
    >>> frame = load()                  # the bundled figures from the seed documents
    >>> table = growth(frame)           # one row per series, first to last period

Heavy modules (pandas, pyarrow) are imported on first use, so ``import indcalc`` is cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "IndcalcError",
    "IndcalcNote",
    "IndcalcWarning",
    "InputError",
    "NothingMatched",
    "Options",
    "UsageError",
    "__version__",
    "by_name",
    "calc",
    "check",
    "check_frame",
    "contribution",
    "growth",
    "implied_base",
    "implied_total",
    "inspect",
    "list_series",
    "load",
    "pop",
    "select",
    "share",
    "summary",
    "target",
    "yoy",
    "ytd",
]

from indcalc.errors import IndcalcError, IndcalcNote, IndcalcWarning, InputError, NothingMatched, UsageError

if TYPE_CHECKING:
    from indcalc.changes import growth, pop, yoy
    from indcalc.claims import check_text as check
    from indcalc.cross_series import contribution, share
    from indcalc.cumulative import ytd
    from indcalc.listing import list_series
    from indcalc.reading import Options, inspect, load
    from indcalc.report import summary
    from indcalc.reported import calc, implied_base, implied_total
    from indcalc.schema import check_frame
    from indcalc.selection import select
    from indcalc.series_index import by_name
    from indcalc.targets import target

_LAZY = {
    "load": "indcalc.reading",
    "inspect": "indcalc.reading",
    "Options": "indcalc.reading",
    "calc": "indcalc.reported",
    "implied_base": "indcalc.reported",
    "implied_total": "indcalc.reported",
    "check": "indcalc.claims:check_text",
    "check_frame": "indcalc.schema",
    "growth": "indcalc.changes",
    "yoy": "indcalc.changes",
    "pop": "indcalc.changes",
    "list_series": "indcalc.listing",
    "ytd": "indcalc.cumulative",
    "share": "indcalc.cross_series",
    "contribution": "indcalc.cross_series",
    "target": "indcalc.targets",
    "summary": "indcalc.report",
    "select": "indcalc.selection",
    "by_name": "indcalc.series_index",
}


def __getattr__(name: str) -> Any:
    """Import the pandas-backed API on first use (PEP 562), keeping start-up fast."""
    if name in _LAZY:
        import importlib

        module, _, attribute = _LAZY[name].partition(":")
        return getattr(importlib.import_module(module), attribute or name)
    raise AttributeError(f"module 'indcalc' has no attribute {name!r}")
