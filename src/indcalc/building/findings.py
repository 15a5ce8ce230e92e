"""What is wrong or suspicious in a file, first by position in the long table, then located: the
file's line and column and the cell's text, read back only for the problems listed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from indcalc.reading.fields import line_breaks
from indcalc.reading.grid import Grid, Problem

if TYPE_CHECKING:
    from indcalc.building.reshape import Long


@dataclass
class Found:
    """Positions (rows of the long table) with one kind of problem, before their lines are known."""

    positions: np.ndarray
    message: Callable[[int, str, int], str]  # (position, cell text, line of the ref) -> message
    field: Callable[[int], int]  # position -> field index of the offending cell
    expected: str = ""
    refs: np.ndarray | None = None  # per position, another position the message refers to
    severity: str = "error"
    hint: bool = False  # error messages end with "; expected ..."
    shown: Callable[[int], str] | None = None  # position -> the text shown, when not the cell's
    # the message takes the ref's text and column too: (position, text, line, ref's text, ref's column)
    ref_text: bool = False


def found_at(positions: np.ndarray, *args, **kwargs) -> list[Found]:
    """A Found when there are positions, else nothing."""
    return [Found(np.asarray(positions), *args, **kwargs)] if len(positions) else []


def once_per_line(
    long: Long, positions: np.ndarray, refs: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Which of `positions` to report where the series of a line share its period cell (a
    publisher's column per series, melted into rows: ONS, FRED), for a problem with that cell: one
    per line of the file, or, with `refs` (per position, another position the problem refers to), one
    per line and line referred to. Returned as indices into `positions`, in their order, with how many
    of them each stands for; elsewhere (a line of one series) every position.

    Example:
        >>> from types import SimpleNamespace
        >>> ons = SimpleNamespace(row=range(6), file_rows=np.array([0, 0, 1, 1, 2, 2]))
        >>> [a.tolist() for a in once_per_line(ons, np.array([2, 3, 4, 5]))]
        [[0, 2], [2, 2]]
        >>> [a.tolist() for a in once_per_line(ons, np.array([4, 5]), refs=np.array([0, 3]))]
        [[0, 1], [1, 1]]
    """
    if long.file_rows is None:
        return np.arange(len(positions)), np.ones(len(positions), dtype=np.int64)
    rows = np.asarray(long.row)
    key = long.file_rows[rows[positions]].astype(np.int64)
    if refs is not None:
        key = key * (int(long.file_rows.max(initial=0)) + 1) + long.file_rows[rows[refs]]
    _, first, counts = np.unique(key, return_index=True, return_counts=True)
    order = np.argsort(first)
    return first[order], counts[order]


def locate(
    grid: Grid, long: Long, found: list[Found], limit: int | None = None, batch: int = 1 << 17
) -> list[Problem]:
    """Problems with file, line, column and cell text, in the file's order (line, then column): the
    first `limit` of them (None: all), errors chosen before warnings, so that locating them reads no
    further into the file than it must; located `batch` at a time, so that only a batch's records are
    held. A grid reshaped from a publisher's layout is put back in the file's order (`Grid.file_rows`):
    an ONS file's problems by line, not series by series."""
    in_file = None if grid.file_rows is None else np.asarray(grid.file_rows)
    chosen = []  # (file row, column, row, field, kind, index into its positions)
    for kind in found:
        kind_rows = kind.positions if isinstance(long.row, range) else np.asarray(long.row)[kind.positions]
        file_rows = kind_rows if in_file is None else in_file[kind_rows]
        order = np.argsort(file_rows, kind="stable")[:limit]  # (row, position): line, then column
        for i in order.tolist():
            row, field = int(kind_rows[i]), kind.field(int(kind.positions[i]))
            column = field if grid.origin is None else grid.column_number(field, row)  # the file's
            chosen.append((int(file_rows[i]), -1 if column is None else column, row, field, kind, i))
    if limit is not None:  # errors first, so that warnings never hide one; then listed in file order
        chosen.sort(key=lambda c: (c[4].severity != "error", *c[:2]))
        del chosen[limit:]
    chosen.sort(key=lambda c: c[:2])
    problems: list[Problem] = []
    for start in range(0, len(chosen), batch):  # a batch's records at a time: bounded memory
        problems += _problems(grid, long, [c[2:] for c in chosen[start : start + batch]])
    return problems


def _problems(grid: Grid, long: Long, chosen: list[tuple[int, int, Found, int]]) -> list[Problem]:
    """`chosen` problems (row, field, kind, index into its positions) located and worded."""
    rows = {row for row, *_ in chosen}
    rows |= {int(long.row[kind.refs[i]]) for _, _, kind, i in chosen if kind.refs is not None}
    records = grid.locate(rows) if rows else {}
    problems = []
    for row, column, kind, i in chosen:
        p = int(kind.positions[i])
        line, cells = records.get(row, (None, []))
        text = cells[column] if column < len(cells) else ""
        text = text if kind.shown is None else kind.shown(p)
        ref_line, said = 0, ()
        if kind.refs is not None:
            ref = int(kind.refs[i])
            ref_row, field = int(long.row[ref]), kind.field(ref)
            ref_line, ref_cells = records.get(ref_row, (0, []))
            ref_line = _cell_line(grid, ref_line, ref_cells, field, ref_row)
            if kind.ref_text:  # the ref's own text and column, as the message names them
                own = ref_cells[field] if field < len(ref_cells) else ""
                said = (kind.shown(ref) if kind.shown else own, grid.column_number(field, ref_row))
        problems.append(
            Problem(
                grid.name,
                _cell_line(grid, line, cells, column, row),
                grid.column_number(column, row),
                kind.severity,
                kind.message(p, text, ref_line, *said),
                text,
                kind.expected,
                kind.hint,
            )
        )
    return problems


def _cell_line(grid: Grid, line: int | None, cells: list[str], field: int, row: int) -> int | None:
    """The line of a CSV's cell in field `field` of data row `row`, whose record starts on `line` with
    `cells`: further down when a cell before it holds line breaks (a quoted multi-line cell). A sheet's
    row (a cell's line breaks are not lines there) and a cell made of several stay on `line`."""
    column = grid.column_number(field, row)
    if line is None or not grid.delimiter or column is None:
        return line
    return line + sum(line_breaks(cell) for cell in cells[: column - 1])
