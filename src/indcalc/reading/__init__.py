"""Reading indicator files: the only package that touches input files.

`load` turns a file into one validated DataFrame, the *loaded frame* (schema in `indcalc.building`).
The data's way: `sources` reads the bytes (a path, standard input, an open file; gzip unwrapped) and
tells the format; a CSV's text is decoded to UTF-8 (`encodings`) and parsed (`csv`; `fields` counts
fields to sniff the delimiter and locate errors), a workbook or Parquet file read (`sheets`), each
into a `Grid` of text cells (`grid`), which `indcalc.building` turns into the loaded frame. It reads:

- CSV, TSV and their ``.gz`` forms; the delimiter is sniffed among ``,`` ``;`` tab and ``|``; UTF-8 with
  or without a BOM, UTF-16 or UTF-32 with a BOM (Excel's "Unicode Text"), else GB18030 (which covers
  GBK) when it gives Chinese text, unless ``encoding`` is given; CRLF line ends, blank lines and quoted
  multi-line cells are fine.
- ``.xlsx`` (the first sheet, or ``sheet``) and ``.parquet``, by extension; on standard input the
  format is sniffed from the first bytes.
- Long tables (columns indicator, period, value, optional entity, unit, basis) and wide ones (periods as
  column names, as in statistical yearbooks), detected from the header unless ``wide`` says.

Every problem is located: the file, the physical line (the header is line 1; for Excel, the sheet's
row number; for Parquet, the row number counting the header as 1) and the column (1-based field
number). `load` raises `InputError` listing the first 20 problems and counting the rest; `inspect`
returns them all (or the first ones asked for, counting all), warnings included, for ``indcalc
validate``. This package imports no pandas, and `inspect` imports `indcalc.building` (which does) only
once a long table is parsed: the CLI imports pandas on another thread meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from warnings import warn

from indcalc.errors import IndcalcNote, IndcalcWarning, InputError
from indcalc.reading.grid import Grid, Inspection, Problem, map_columns
from indcalc.reading.margins import skipped_note
from indcalc.reading.roles import Columns
from indcalc.reading.sources import RawFile, Source, bundled_data_path, read_bytes, read_source

# The parsers (pyarrow's) are imported where they are used, so that `indcalc.reading.sources` can be
# imported alone, and a file's read begun, before them (`indcalc.reading.sources.fetching`).

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MAX_LISTED",
    "Options",
    "Source",
    "bundled_data_path",
    "error_of",
    "inspect",
    "load",
    "read_bytes",
]

MAX_LISTED = 20


@dataclass(frozen=True)
class Options:
    """How to read a file; every field has a working default.

    Attributes:
        wide: True or False forces a wide or long table; None detects it from the header.
        sheet: the Excel sheet to read (default: the first).
        encoding: the text encoding of a CSV (default: UTF-8, or UTF-16/32 by their byte order mark,
            else GB18030 if it gives Chinese text; see `indcalc.reading.encodings.decode`).
        scale_to: put every money series on this scale (``亿``, ``billion``, ...).
        header_row: the line (sheet row) of the header (default: found below any metadata or title
            lines, see `indcalc.reading.margins`).
        period_col, value_col, unit_col: the column of each (default: found by name, see
            `indcalc.reading.layouts`).
        entity_col, indicator_col: the columns of each, joined when several (default: by name).
        missing: more cell texts that mark a missing figure (besides ``-``, ``..``, ``:``, ``n/a``...).
    """

    wide: bool | None = None
    sheet: str | None = None
    encoding: str | None = None
    scale_to: str | None = None
    header_row: int | None = None
    period_col: str | None = None
    value_col: str | None = None
    entity_col: tuple[str, ...] = ()
    indicator_col: tuple[str, ...] = ()
    unit_col: str | None = None
    missing: tuple[str, ...] = ()

    @property
    def columns(self) -> Columns:
        """The column roles the user gives (`indcalc.reading.layouts.Columns`)."""
        return Columns(
            self.period_col,
            self.value_col,
            tuple(self.entity_col),
            tuple(self.indicator_col),
            self.unit_col,
            tuple(self.missing),
        )


def load(source: Source = None, options: Options | None = None) -> pd.DataFrame:
    """Read an indicator file into the validated loaded frame.

    Args:
        source: a path, ``"-"`` for standard input, an open binary file, or None for the bundled data.
        options: format options (`Options`).

    Raises:
        InputError: what could not be read, located; the next 19 problems in its ``also``, and how
            many more there are in its ``unshown``.

    Example:
        >>> frame = load()
        >>> row = frame[frame["indicator"] == "High-tech manufacturing share of industrial output"]
        >>> row[["period", "value", "unit"]].to_numpy().tolist()
        [['2020', 5.45, '%'], ['2025', 16.0, '%']]
    """
    found = inspect(source, options, warnings=False, limit=MAX_LISTED)
    if found.error_count:
        raise error_of(found.errors, found.error_count)
    assert found.frame is not None
    return found.frame


def inspect(
    source: Source = None,
    options: Options | None = None,
    *,
    warnings: bool = True,
    limit: int | None = None,
) -> Inspection:
    """Read a file as `load` does, but return every problem (errors and, if asked, warnings).

    Warnings are suspicious but readable things: missing-value tokens, periods missing inside a series
    (a deleted row or an empty value cell), and jumps of more than 100x between neighbours (a likely
    unit slip). With `limit`, only the first problems in line order are listed (and located), but all
    are counted (`Inspection.error_count`, `Inspection.warning_count`).

    Example:
        >>> import io
        >>> found = inspect(io.BytesIO(b"indicator,period,value\\nx,2023,a\\nx,2024,b\\n"), limit=1)
        >>> [(p.line, p.message) for p in found.problems], found.error_count
        ([(2, "'a' is not a number")], 2)
    """
    from indcalc.reading.encodings import NotUtf8

    options = options or Options()
    try:
        raw = read_source(source)
        try:
            grid, layout = _recognised(raw, options, at_once=True)
        except NotUtf8:  # a big file whose start is UTF-8 has a byte further on that is not
            grid, layout = _recognised(raw, options, at_once=False)
    except InputError as exc:
        return Inspection.stopped(exc, limit)
    from indcalc.building.build import interpret

    found = interpret(grid, wide=options.wide, scale_to=options.scale_to, warnings=warnings, limit=limit)
    if found.read is not None:  # errors or not, as validate says
        found.read.attrs["left_out"] = grid.left_out  # what of the file was not read, as list says too
    if found.frame is not None:
        found.frame.attrs["layout"] = layout  # how the file was read, as `indcalc list` says
        skipped = skipped_note(grid.name, grid.skipped)  # once read: not before an error
        if skipped:
            warn(skipped, IndcalcNote, stacklevel=2)
        for note in (*grid.notes, *found.notes):
            warn(note, IndcalcWarning, stacklevel=2)
        for remark in grid.remarks:
            warn(remark, IndcalcNote, stacklevel=2)
    return found


def error_of(problems: list[Problem], total: int | None = None) -> InputError:
    """One InputError for the first problem, with the next ones (up to 20 in all) in its ``also`` and
    the number of the others (of `total`, by default those in `problems`) in its ``unshown``."""
    errors = [p.as_error() for p in problems[:MAX_LISTED]]
    first = errors[0]
    first.also = tuple(errors[1:])
    first.unshown = (len(problems) if total is None else total) - len(errors)
    return first


def _recognised(src: RawFile, options: Options, *, at_once: bool) -> tuple[Grid, str]:
    """The grid of `src` in indcalc's layout and the layout's name; a long table parsed now, before
    pandas is needed (see grid), and a CSV's cells checked to be UTF-8 as they are (`at_once`: see
    `indcalc.reading.csv.csv_grid`)."""
    from indcalc.reading.csv import csv_grid
    from indcalc.reading.layouts import recognise
    from indcalc.reading.sheets import parquet_grid, xlsx_grid

    if src.kind == "xlsx":
        grid = xlsx_grid(src, options.sheet, options.header_row)
    elif src.kind == "parquet":
        grid = parquet_grid(src)
    else:
        grid = csv_grid(src, options.encoding, options.header_row, at_once=at_once)
    grid, layout = recognise(grid, options.columns)
    columns = map_columns(grid)
    if options.wide is not True and "period" in columns and "value" in columns:
        grid.table(columns["value"])
    return grid, layout
