"""A table read from a file before its cells mean anything, what reading it found, and column names.

The file readers (`indcalc.reading.csv`, `indcalc.reading.sheets`) build a `Grid`; `indcalc.building`
turns it into the loaded frame. This module needs neither pandas nor numpy, so a file is read and
parsed while pandas is still being imported.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from indcalc.errors import InputError

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from indcalc.reading.margins import Skipped

COLUMN_ALIASES = {
    "indicator": ("indicator", "series", "指标", "指标名称", "项目"),
    "entity": ("entity", "region", "area", "city", "country", "地区", "城市", "区域"),
    "unit": ("unit", "units", "单位", "计量单位"),
    "period": ("period", "date", "time", "year", "时间", "期间", "日期", "年份", "年度"),
    "value": ("value", "数值", "值"),
    "basis": ("basis", "口径"),
}
_ALIASES = {alias: name for name, aliases in COLUMN_ALIASES.items() for alias in aliases}


@dataclass(frozen=True)
class Grid:
    """A table read from a file, before its cells mean anything.

    Attributes:
        name: the file as shown in messages.
        header: the header's cells.
        header_line: the header's line.
        table: ``table(value_field)`` gives the data rows as columns ``f0``, ``f1``, ... of text (an
            empty cell is ``""``, never null, whatever the format); with a field index, that column
            as float64 (null: no figure) when it holds only plain numbers (the fast path). A CSV
            is parsed once per `value_field`: `indcalc.reading.inspect` parses a long table before
            importing `indcalc.building`, so that pandas can be imported meanwhile.
        locate: data row indices -> (line, the row's cells), for messages.
        delimiter: a CSV's delimiter (``;`` says decimal commas), empty for other formats.
        notes: warnings of what reading left out (BLS annual averages), said on stderr once the
            file is read without errors.
        remarks: what reading found that calls for nothing (stated growth at comparable prices,
            not checked), said on stderr as notes, not warnings, once the file is read without errors.
        skipped: the lines above the header and below the table (`indcalc.reading.margins`), said
            in one note on stderr once the file is read without errors.
        origin: for a grid reshaped from a publisher's layout (`indcalc.reading.layouts`), the file's
            field index of each field (None: cells from several; an array: each data row's, for a
            field melted from several columns); None when fields are the file's.
        left_out: the file's columns that reading left out (a publisher's codes beside the names
            read, SDMX-CSV label columns beside their codes), named on stderr by `list` and `validate`.
        codec: what a CSV's text was decoded from (``utf-8``, ``gb18030``, ...); empty for other formats.
        forced: the codec is the one --encoding named, not one found in the file.
        sheets: a workbook's sheets, when it has more than one and the first was read (no --sheet).
        file_rows: for a grid reshaped from a publisher's layout, each data row's row in the file's
            own table, whose order is the file's (a series of an ONS file is a column there, a run
            of rows here); None when the rows are the file's.
    """

    name: str
    header: list[str]
    header_line: int
    table: Callable[[int | None], pa.Table]
    locate: Callable[[set[int]], dict[int, tuple[int, list[str]]]]
    delimiter: str = ""
    notes: tuple[str, ...] = ()
    remarks: tuple[str, ...] = ()
    origin: tuple[int | Sequence[int | None] | None, ...] | None = None
    skipped: tuple[Skipped, ...] = ()
    left_out: tuple[str, ...] = ()
    codec: str = ""
    forced: bool = False
    sheets: tuple[str, ...] = ()
    file_rows: Sequence[int] | None = None

    def column_number(self, field: int, row: int | None = None) -> int | None:
        """The 1-based column of the file that a field's cell in data row `row` comes from (None: from
        several, or from one that depends on the row and no row is given)."""
        if self.origin is None:
            return field + 1
        at = self.origin[field] if field < len(self.origin) else None
        if at is not None and not isinstance(at, int):  # a column per row (series melted into rows)
            at = None if row is None or at[row] is None else int(at[row])
        return None if at is None else at + 1


def sheet_hint(sheets: tuple[str, ...]) -> str:
    """For a message on what a grid lacks: that it is a workbook's first sheet (`Grid.sheets`), and
    --sheet names another; empty for any other grid.

    Example:
        >>> sheet_hint(("Cover", "Data"))
        "; this is the workbook's first sheet, 'Cover', of 'Cover', 'Data': name one with --sheet"
    """
    if not sheets:
        return ""
    names = ", ".join(map(repr, sheets))
    return f"; this is the workbook's first sheet, {sheets[0]!r}, of {names}: name one with --sheet"


@dataclass(frozen=True, slots=True)  # slots: validate --all may list millions
class Problem:
    """One problem found in a file, located, as `indcalc validate` lists it."""

    path: str
    line: int | None
    column: int | None
    severity: str  # "error" or "warning"
    message: str
    text: str = ""  # the offending cell
    expected: str = ""  # what it should be
    hint: bool = False  # the error message should say what was expected

    @classmethod
    def of(cls, error: InputError) -> Problem:
        """A located error raised while reading."""
        return cls(error.path or "", error.line, error.column, "error", error.message)

    def as_error(self) -> InputError:
        """This problem as the exception commands raise.

        Example:
            >>> problem = Problem("a.csv", 3, 4, "error", "'x' is not a number", "x", "a number", hint=True)
            >>> str(problem.as_error())
            "a.csv:3:4: 'x' is not a number; expected a number"
        """
        message = f"{self.message}; expected {self.expected}" if self.hint else self.message
        return InputError(message, path=self.path, line=self.line, column=self.column)


@dataclass(frozen=True)
class Inspection:
    """What reading a file found: the loaded frame (None when errors stop it) and its problems.

    Attributes:
        frame: the loaded frame, or None when errors stop it.
        problems: in line order; every one, or the first ones when fewer were asked for.
        counts: how many errors and warnings were found, listed or not; None: those in `problems`.
        notes: warnings about the frame as a whole (what --scale-to left on its own scale), said on
            stderr once the file is read without errors.
        read: the frame as read, errors or not (None when reading stopped before it was built): what
            validate's notes about the file as a whole (columns no command uses, series with no
            figures) are taken from, whether or not the file has errors.
    """

    frame: pd.DataFrame | None
    problems: list[Problem]
    counts: tuple[int, int] | None = None
    notes: tuple[str, ...] = ()
    read: pd.DataFrame | None = None

    @classmethod
    def stopped(cls, error: InputError, limit: int | None = None) -> Inspection:
        """Reading stopped by `error`, with the further errors it lists (``also``) and counts
        (``unshown``): the first `limit` listed (None: all), every one counted."""
        problems = [Problem.of(e) for e in (error, *error.also)]
        return cls(None, problems[:limit], (len(problems) + error.unshown, 0))

    @property
    def errors(self) -> list[Problem]:
        """The listed problems that stop a command."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def error_count(self) -> int:
        """How many errors were found, listed or not."""
        return len(self.errors) if self.counts is None else self.counts[0]

    @property
    def warning_count(self) -> int:
        """How many warnings were found, listed or not."""
        return len(self.problems) - len(self.errors) if self.counts is None else self.counts[1]


def normal(name: str) -> str:
    """A header or basis cell as matched: NFKC-normalised, stripped, case-folded."""
    return unicodedata.normalize("NFKC", name).strip().casefold()


def map_columns(grid: Grid) -> dict[str, int]:
    """Canonical or normalised name -> field index of every named column; errors on repeats.

    Example:
        >>> grid = Grid("a.csv", ["地区", "Indicator", "年份", "数值", " Note "], 1, None, None)
        >>> map_columns(grid)
        {'entity': 0, 'indicator': 1, 'period': 2, 'value': 3, 'note': 4}
    """
    columns: dict[str, int] = {}
    for index, raw in enumerate(grid.header):
        name = normal(raw)
        name = _ALIASES.get(name, name)
        if not name:
            name = f"#{index}"  # an unnamed column: kept by position (a wide table's first column)
        if name in columns:
            raise InputError(
                f"column {raw.strip()!r} appears twice in the header "
                f"(fields {columns[name] + 1} and {index + 1})",
                path=grid.name,
                line=grid.header_line,
                column=index + 1,
            )
        columns[name] = index
    return columns
