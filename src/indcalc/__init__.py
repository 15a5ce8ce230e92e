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
    "IndcalcWarning",
    "InputError",
    "NothingMatched",
    "Options",
    "UsageError",
    "__version__",
    "calc",
    "growth",
    "inspect",
    "list_series",
    "load",
    "select",
    "yoy",
]

from indcalc.errors import IndcalcError, IndcalcWarning, InputError, NothingMatched, UsageError

if TYPE_CHECKING:
    from indcalc.compute import calc, growth, list_series, select, yoy
    from indcalc.reading import Options, inspect, load

_LAZY = {
    "load": "indcalc.reading",
    "inspect": "indcalc.reading",
    "Options": "indcalc.reading",
    "calc": "indcalc.compute",
    "growth": "indcalc.compute",
    "list_series": "indcalc.compute",
    "select": "indcalc.compute",
    "yoy": "indcalc.compute",
}


def __getattr__(name: str) -> Any:
    """Import the pandas-backed API on first use (PEP 562), keeping start-up fast."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'indcalc' has no attribute {name!r}")
