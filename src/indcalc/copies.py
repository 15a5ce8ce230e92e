"""Columns of a result that repeat another column's figures: a kernel's hint to the writers.

A kernel often puts the same figures in two columns: yoy's ``prior_value`` is ``value`` a year earlier
(in another row), its ``yoy_pp`` is ``yoy_change`` on the rows with a percent unit. Formatting a figure
as text is the largest cost of writing millions of rows of CSV, so the kernel says which columns are
copies (`note`) and the writers take the source's text for them instead of formatting each figure
again (`indcalc.render.machine`). A hint is used only where it holds (`holding`: the same bits, row
for row), so a frame filtered or reordered after its kernel is written as right, only slower.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

#: The key of the hints in a result's ``attrs``.
COPIES = "copies"


class Copy:
    """A column's figures are `source`'s at `rows` (-1 where the column is undefined), or `source`'s
    at the same row wherever the column is defined (`rows` None)."""

    __slots__ = ("rows", "source")

    def __init__(self, source: str, rows: np.ndarray | None = None) -> None:
        self.source, self.rows = source, rows

    def __deepcopy__(self, memo: dict) -> Copy:
        """Itself: pandas copies a frame's attrs deeply into each frame made from it, and a Copy is
        never changed (its rows can be millions)."""
        return self


def note(frame: pd.DataFrame, **copies: Copy) -> None:
    """Say in `frame`'s attrs that each named column is a `Copy`."""
    frame.attrs[COPIES] = copies


def holding(frame: pd.DataFrame) -> dict[str, Copy]:
    """The hints of `frame` that hold: column and source both float64 columns of the frame, and for
    each row the column's figure the same bits as the source's (any NaN where it is undefined).

    Example:
        >>> import numpy as np, pandas as pd
        >>> frame = pd.DataFrame({"value": [1.0, 2.0, 3.0], "prior_value": [float("nan"), 1.0, 2.0],
        ...                       "pp": [1.0, float("nan"), 3.0]})
        >>> note(frame, prior_value=Copy("value", np.array([-1, 0, 1])), pp=Copy("value"))
        >>> sorted(holding(frame))
        ['pp', 'prior_value']
        >>> sorted(holding(frame.iloc[::-1].reset_index(drop=True)))  # reordered: the rows no longer hold
        ['pp']
    """
    found = {}
    for name, copy in frame.attrs.get(COPIES, {}).items():
        if {name, copy.source} <= set(frame.columns) and _holds(frame, name, copy):
            found[name] = copy
    return found


def _holds(frame: pd.DataFrame, name: str, copy: Copy) -> bool:
    import numpy as np

    if not (frame[name].dtype == np.float64 and frame[copy.source].dtype == np.float64):
        return False
    figures, source = frame[name].to_numpy(), frame[copy.source].to_numpy()
    if copy.rows is None:
        return bool(np.all(np.isnan(figures) | (figures.view(np.int64) == source.view(np.int64))))
    rows = copy.rows
    if len(rows) != len(figures) or (len(rows) and not -1 <= rows.min() <= rows.max() < len(source)):
        return False
    defined = rows >= 0
    taken = source[np.where(defined, rows, 0)]
    return bool(np.all(np.where(defined, figures.view(np.int64) == taken.view(np.int64), np.isnan(figures))))
