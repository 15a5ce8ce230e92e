"""How a figure reads for people, in the table and in Markdown: rounded to ``digits``, thousands
separators, ``%``/``pp``/``×`` suffixes by the column's name, an em dash where a figure is undefined.

Machine formats (`indcalc.render.machine`, `indcalc.render.binary`) never go through here: they carry
the figures unrounded.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from indcalc.formulas import Rows
from indcalc.render.machine import records
from indcalc.visible import visible

if TYPE_CHECKING:
    import pandas as pd

UNDEFINED = "—"

MULTIPLE_COLUMNS = frozenset({"multiple"})


def is_percent_column(name: str) -> bool:
    """Columns in percent carry ``pct`` (``pct_change``, ``yoy_pct``, ``share_pct``, ...)."""
    return name.endswith(("pct_change", "_pct"))


def is_pp_column(name: str) -> bool:
    """Columns in percentage points carry ``pp`` (``pp_change``, ``yoy_pp``, ``contribution_pp``, ...)."""
    return name == "pp_change" or name.endswith(("_pp", "_pp_change"))


def is_signed_column(name: str) -> bool:
    """Changes and growth rates, coloured green when up and red when down."""
    return "change" in name or name.startswith(("yoy_", "pop_", "contribution_")) or name.endswith("cagr_pct")


#: From this size on a figure is written in exponent form: a float holds 15 significant digits, and the
#: decimal digits of 1e308 written out are binary noise after those.
HUGE = 1e16


def format_cell(column: str, value: object, digits: int = 2) -> str:
    """A cell as people read it: rounded, thousands separators, unit suffixes; em dash if undefined.

    Example:
        >>> format_cell("pct_change", 193.578), format_cell("pp_change", 10.55), format_cell("multiple", 3.0)
        ('193.58%', '10.55 pp', '3.00×')
        >>> format_cell("value", 1100.0), format_cell("value", 85.2), format_cell("value", 0.008)
        ('1,100', '85.2', '0.008')
        >>> format_cell("yoy_pct", None), format_cell("count", 12)
        ('—', '12')
        >>> format_cell("value", 1e308), format_cell("pct_change", -2.5e20)
        ('1e+308', '-2.5e+20%')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return UNDEFINED
    if isinstance(value, str):
        return visible(value)
    return number_format(column, digits)(float(value))  # type: ignore[arg-type]


def number_format(column: str, digits: int = 2) -> Callable[[float], str]:
    """How `format_cell` writes a defined figure of `column`: a function of the float, chosen once for
    a whole column.

    Example:
        >>> number_format("yoy_pct")(-3.456), number_format("value", 3)(0.0001234)
        ('-3.46%', '0.000123')
        >>> number_format("yoy_pp")(-2e-7), number_format("yoy_pp")(-0.0), number_format("yoy_pct")(-1e-9)
        ('-0.0000002 pp', '0.00 pp', '0.00%')
    """
    fixed = f",.{digits}f"
    suffix = (
        "%"
        if is_percent_column(column)
        else " pp"
        if is_pp_column(column)
        else "×"
        if column in MULTIPLE_COLUMNS
        else ""
    )

    def plain(number: float) -> str:
        size = abs(number)
        if size >= HUGE:
            return format(number, ".15g")
        if number.is_integer() and size < 1e15:
            return format(int(number), ",")
        if 0 < size < 1:  # keep small figures visible: `digits` significant digits
            text = format(number, f",.{max(digits, -math.floor(math.log10(size)) + digits - 1)}f")
        else:
            text = format(number, fixed)
        return text.rstrip("0").rstrip(".") if "." in text else text

    def suffixed(number: float) -> str:
        if abs(number) >= HUGE:  # 1e308 as 1e+308, not its 309 digits of binary noise
            return format(number, ".15g") + suffix
        text = format(number, fixed)
        if not text.strip("-0.,"):  # rounded to nothing: points as small as a change keep its digits
            text = plain(number) if suffix == " pp" and number else text.lstrip("-")  # no "-0.00"
        return text + suffix

    return suffixed if suffix else plain


def is_text(series: pd.Series) -> bool:
    """Whether a column of a DataFrame holds text (a categorical or strings), not figures."""
    import pandas as pd

    return isinstance(series.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(series.dtype)


def display(
    frame: pd.DataFrame | Rows, digits: int
) -> tuple[list[str], list[list[str]], list[bool], list[dict[str, object]]]:
    """Columns to show, formatted cells, which columns are numeric, and the rows (for the footnote).

    Text columns empty on every row are left out.

    Example:
        >>> display(Rows(["claim", "note", "pct_change"], [["x", "", 69.5]]), 2)[:3]
        (['claim', 'pct_change'], [['x', '69.50%']], [False, True])
    """
    rows = records(frame)
    names = list(frame.columns)
    # Rows (calc's) hold Python values: a text column has text, a figure column left undefined on every
    # row is still a figure column, shown as undefined and footnoted.
    text = {
        c
        for c in names
        if any(isinstance(r[c], str) for r in rows)
        and all(isinstance(r[c], str) or r[c] is None for r in rows)
    }
    if not isinstance(frame, Rows):
        text = {c for c in names if is_text(frame[c])}
    columns = [c for c in names if not (c in text and rows and all(not r[c] for r in rows))]
    numeric = [c not in text for c in columns]
    cells = [[format_cell(c, row[c], digits) for c in columns] for row in rows]
    return columns, cells, numeric, rows
