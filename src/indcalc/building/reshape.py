"""A grid's cells in long form: one position per figure cell, whether the file is a long table or a
wide one (periods as column names, melted into rows), with the field each cell came from.

The columns are found by name (`indcalc.reading.grid.COLUMN_ALIASES`); the text columns (entity,
indicator, unit, basis) become categoricals; the file's other named columns are carried along.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from indcalc import periods
from indcalc.building.categories import blank_categorical, text_categorical
from indcalc.errors import InputError
from indcalc.reading.grid import COLUMN_ALIASES, Grid, sheet_hint

#: Columns a file may have besides those indcalc reads (each becomes a column of the loaded frame).
MAX_EXTRA_COLUMNS = 1000


@dataclass
class Long:
    """The table in long form, one position per figure cell, with where each cell came from."""

    row: np.ndarray | range  # source data row of each position
    value_field: np.ndarray  # field index of the value cell
    period_field: int | None  # field index of the period cell; None when periods are column names
    values: pa.ChunkedArray
    period: pd.Categorical
    text: dict[str, pd.Categorical]  # entity, indicator, unit, basis
    fields: dict[str, int]  # field index of each of those the file has
    extras: dict[str, pa.ChunkedArray] = field(default_factory=dict)
    extra_fields: dict[str, int] = field(default_factory=dict)  # field index of each of the extras
    blank: np.ndarray | None = None  # per position, whether its row's every cell is empty (None: none is)
    # the period cell is the file's for several series (a publisher's column per series, melted into
    # rows: ONS, FRED): a series' own cell on a row is its value's
    shared_period: bool = False
    # with a shared period cell: each source data row's row in the file's own table (`Grid.file_rows`),
    # so that a problem with that cell is said once for the file's line, not once per series
    file_rows: np.ndarray | None = None

    def value_field_of(self, position: int) -> int:
        """The field index of a position's value cell."""
        return int(self.value_field[position])

    def period_field_of(self, position: int) -> int:
        """The field index of a position's period cell (in a wide table, the column it came from)."""
        return int(self.value_field[position]) if self.period_field is None else self.period_field

    def own_field_of(self, position: int) -> int:
        """The field index of the cell that is a position's series' own on its row, where a warning
        about the series at that period points: the period's, or the value's when the period cell is
        shared by several series (`shared_period`)."""
        return self.value_field_of(position) if self.shared_period else self.period_field_of(position)


def to_long(grid: Grid, columns: dict[str, int], wide: bool | None) -> Long:
    """The grid in long form; a wide table (`wide` True, or None and the header says so) melted."""
    is_long = "period" in columns and "value" in columns
    period_names = {}
    if wide or (wide is None and not is_long):  # a long table's other names need not be periods
        ids = set(COLUMN_ALIASES)
        candidates = {n: i for n, i in columns.items() if n not in ids and not n.startswith("#")}
        codes, _, _ = periods.parse_periods([grid.header[i] for i in candidates.values()])
        period_names = {
            n: i for (n, i), c in zip(candidates.items(), codes, strict=True) if c != periods.INVALID
        }
    if wide or (not is_long and wide is None and period_names and "value" not in columns):
        if not period_names:
            raise InputError(
                "no column name is a period, so this is not a wide table",
                path=grid.name,
                line=grid.header_line,
            )
        return _melt(grid, columns, period_names)
    missing = [name for name in ("indicator", "period", "value") if name not in columns]
    if missing:
        found = ", ".join(repr(h.strip()) for h in grid.header)
        raise InputError(
            f"missing required column{'s' * (len(missing) > 1)} {', '.join(map(repr, missing))} "
            f"(the header has {found}); required: indicator, period, value (optional: entity, unit), "
            f"or a wide table with periods as column names{sheet_hint(grid.sheets)}",
            path=grid.name,
            line=grid.header_line,
        )
    extra = _extra_fields(grid, columns, melted=False)
    table = grid.table(columns["value"])
    n = table.num_rows
    text = _text_columns(table, columns, n, period=True)
    return Long(
        row=range(n),
        value_field=np.broadcast_to(columns["value"], n),
        period_field=columns["period"],
        values=table.column(columns["value"]),
        period=text.pop("period"),
        text=text,
        fields={n: i for n, i in columns.items() if n in ("entity", "indicator", "unit", "basis")},
        extras=_extras(grid, table, extra),
        extra_fields={grid.header[i].strip(): i for i in extra.values()},
        blank=blank_rows(table),
        shared_period=_series_melted(grid, columns["value"]),
        file_rows=np.asarray(grid.file_rows)
        if grid.file_rows is not None and _series_melted(grid, columns["value"])
        else None,
    )


def _series_melted(grid: Grid, value_field: int) -> bool:
    """Whether a grid's values come from a column per series, melted into rows (`Grid.origin`: the
    value field's file column varies by row), so that their period cells are shared.

    Example:
        >>> grid = Grid("a.csv", ["period", "indicator", "value"], 1, None, None, origin=(0, None, [1, 2]))
        >>> _series_melted(grid, 2), _series_melted(Grid("a.csv", ["period", "value"], 1, None, None), 1)
        (True, False)
    """
    at = None if grid.origin is None or value_field >= len(grid.origin) else grid.origin[value_field]
    return at is not None and not isinstance(at, int)


def blank_rows(table: pa.Table) -> np.ndarray | None:
    """Which rows of a table have every cell empty or spaces (``,,,``: a spreadsheet's empty row, a
    blank line as the csv module reads it); None when none has. Its number columns are looked at first,
    so a table with a figure in every row costs nothing more.

    Example:
        >>> table = pa.table({"a": ["x", " ", ""], "b": pa.array([1.0, None, None])})
        >>> blank_rows(table).tolist(), blank_rows(table.slice(0, 1))
        ([False, True, True], None)
    """
    import pyarrow.compute as pc

    def empty(cells: pa.Array) -> pa.Array:
        if pa.types.is_floating(cells.type):
            return pc.is_null(cells)
        if pa.types.is_dictionary(cells.type):  # its few values looked at, then spread
            return pc.take(empty(cells.dictionary), cells.indices)
        return pc.fill_null(pc.equal(pc.utf8_trim_whitespace(cells), ""), True)

    blank = None
    for column in sorted(table.columns, key=lambda c: not pa.types.is_floating(c.type)):
        cells = pa.chunked_array([empty(chunk) for chunk in column.chunks], pa.bool_())
        blank = cells if blank is None else pc.and_(blank, cells)
        if not pc.any(blank).as_py():
            return None
    return None if blank is None else blank.to_numpy()


def _melt(grid: Grid, columns: dict[str, int], period_names: dict[str, int]) -> Long:
    """A wide table's period columns as rows (empty cells become missing figures)."""
    ids = {n: i for n, i in columns.items() if n not in period_names}
    if "indicator" not in ids:
        first = min(ids.values(), default=None)
        if first is None:
            raise InputError(
                "a wide table needs an indicator column besides its periods",
                path=grid.name,
                line=grid.header_line,
            )
        name = next(n for n, i in ids.items() if i == first)
        ids["indicator"] = ids.pop(name)
    extra = _extra_fields(grid, ids, melted=True)
    table = grid.table(None)
    fields = list(period_names.values())
    n = table.num_rows
    rows = np.tile(np.arange(n), len(fields))
    labels, label_codes = np.unique([grid.header[i].strip() for i in fields], return_inverse=True)
    return Long(
        row=rows,
        value_field=np.repeat(fields, n),
        period_field=None,
        # chunk by chunk, no copy (pa.chunked_array of ChunkedArrays makes a Python object of each cell)
        values=pa.chunked_array(
            [c.cast(pa.string()) for i in fields for c in table.column(i).chunks], pa.string()
        ),
        period=pd.Categorical.from_codes(np.repeat(label_codes, n), categories=pd.Index(labels, dtype="str")),
        text=_text_columns(table, ids, len(rows), rows),
        fields={n: i for n, i in ids.items() if n in ("entity", "indicator", "unit", "basis")},
        extras=_extras(grid, table, extra, rows),
        extra_fields={grid.header[i].strip(): i for i in extra.values()},
        blank=None if (blank := blank_rows(table)) is None else blank[rows],
    )


def _extra_fields(grid: Grid, columns: dict[str, int], *, melted: bool) -> dict[str, int]:
    """The file's other named columns (`columns` without the period columns of a wide table): at most
    `MAX_EXTRA_COLUMNS`, checked before the table is parsed."""
    names = {n: i for n, i in columns.items() if n not in COLUMN_ALIASES and not n.startswith("#")}
    if len(names) > MAX_EXTRA_COLUMNS:
        shown = ", ".join(repr(grid.header[i].strip()) for i in list(names.values())[:3])
        raise InputError(
            f"{len(names):,} other columns ({shown}, ...) besides "
            f"{'the identifiers and periods' if melted else 'indicator, period and value'}: "
            f"indcalc keeps at most {MAX_EXTRA_COLUMNS:,} (in the loaded frame, unused by the commands); "
            "remove the others",
            path=grid.name,
            line=grid.header_line,
        )
    return names


def _extras(
    grid: Grid, table: pa.Table, names: dict[str, int], rows: np.ndarray | None = None
) -> dict[str, pa.ChunkedArray]:
    """The other columns `names` (`_extra_fields`), one value per position (`rows`: each position's
    row; None: position is row)."""
    return {
        grid.header[i].strip(): table.column(i) if rows is None else table.column(i).take(pa.array(rows))
        for i in names.values()
    }


def _text_columns(
    table: pa.Table, columns: dict[str, int], n: int, rows: np.ndarray | None = None, *, period: bool = False
) -> dict[str, pd.Categorical]:
    """Entity, indicator, unit and basis of each of `n` positions (`rows`: each position's row; None:
    position is row), empty where the file has no such column; with `period`, the period too (a
    long table's). Made two at a time: pyarrow and numpy release the GIL (on the new user's panel,
    2.05M rows, 19 against 29 ms, medians of 6)."""
    from concurrent.futures import ThreadPoolExecutor

    names = ("period",) * period + ("entity", "indicator", "unit", "basis")
    text = {}
    with ThreadPoolExecutor(max_workers=2) as pool:
        made = {
            name: pool.submit(text_categorical, table.column(columns[name]))
            for name in names
            if name in columns
        }
        for name in names:
            if name in made:
                values = made[name].result()
                text[name] = values if rows is None else values.take(rows)
            else:
                text[name] = blank_categorical(n)
    return text
