"""The table for people: a Rich table, rounded to ``digits``, with thousands separators and
``%``/``pp``/``×`` suffixes (`indcalc.render.cells`), positive changes green and negative red (no colour
when NO_COLOR is set or the output is not a terminal, unless FORCE_COLOR forces it: `indcalc.color`),
undefined figures as an em dash explained in a footnote (`indcalc.render.footnotes`), text columns empty
everywhere left out, CJK text aligned by display width, and columns fitted to the terminal
(`indcalc.render.fit`).
"""

from __future__ import annotations

import io
import shutil
from typing import IO, TYPE_CHECKING

from indcalc.color import rich_force_terminal
from indcalc.formulas import Rows
from indcalc.render.cells import UNDEFINED, display, is_signed_column
from indcalc.render.fit import UNBROKEN, fit_columns, wrapped
from indcalc.render.footnotes import footnote, undefined_notes
from indcalc.visible import visible

if TYPE_CHECKING:
    import pandas as pd

#: A table in a terminal shows this many rows at most, then says how many more there are.
TERMINAL_ROWS = 200


def write_table(
    frame: pd.DataFrame | Rows,
    stream: IO[str],
    *,
    title: str = "",
    digits: int = 2,
    color: bool | None = None,
    width: int | None = None,
) -> None:
    """A Rich table for people; plain box-drawing text when the stream is not a terminal.

    A terminal gets the first `TERMINAL_ROWS` rows and a line saying how many more there are (a
    table of a whole panel would take an hour to draw and scroll past unread); files and pipes get
    every row. `width` is the terminal's, for a stream that stands in for one (a report composed
    before writing).
    """
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    terminal = stream.isatty() if hasattr(stream, "isatty") else False
    count = len(frame)
    more = count - TERMINAL_ROWS if terminal else 0
    head = _head(frame, TERMINAL_ROWS) if more > 0 else frame
    columns, cells, numeric, _ = display(head, digits)
    target = stream if terminal else io.StringIO()
    # On a terminal, COLUMNS, else its own size (Rich takes 80 columns for TERM=dumb), with its height:
    # Rich takes a width given alone as 80 on a dumb terminal. Elsewhere, no terminal to ask.
    screen_width, screen_height = shutil.get_terminal_size() if terminal else (100_000, None)
    console = Console(
        file=target,
        # With color None, Rich decides, but FORCE_COLOR is read as indcalc reads it (0: not forced).
        force_terminal=color if color is not None else rich_force_terminal(terminal),
        no_color=(color is False) or None,
        width=(width or screen_width) if terminal else screen_width,
        height=screen_height,
        highlight=False,
        emoji=False,
        markup=False,
    )
    shown = [visible(str(c)) for c in columns]  # a column's name may come from a file
    layout = fit_columns(shown, cells, numeric, console.width if terminal else None)
    if layout.width is not None:  # too wide even narrowed: the terminal wraps the lines, nothing is cut
        console.width = layout.width
    note = footnote(head, [columns[i] for i, _, _ in layout.columns], undefined_notes(frame))  # those shown
    table = Table(
        title=Text(visible(title), style="bold") if title else None,
        box=box.SIMPLE_HEAVY,
        title_justify="left",
        show_edge=False,
    )
    for i, header, width in layout.columns:
        whole = numeric[i] or columns[i] in UNBROKEN
        table.add_column(
            header,
            justify="right" if numeric[i] else "left",
            no_wrap=whole,
            width=width,
            overflow="fold",  # a word longer than its column goes on the next line, never cut with …
        )
    for row in cells:  # a wrapped column's text broken by `wrapped`: never inside a figure
        table.add_row(
            *(_styled(columns[i], row[i] if w is None else wrapped(row[i], w)) for i, _, w in layout.columns)
        )
    console.print(table)
    if note:
        console.print(Text(note, style="dim"))
    if more > 0:
        rows = f"{more:,} more row{'s' * (more > 1)}"
        console.print(Text(f"… and {rows}: --format csv, or a file or pipe, gives every row.", style="dim"))
    if layout.hidden:
        hidden = ", ".join(layout.hidden)
        console.print(Text(f"Hidden to fit the terminal: {hidden} (see --format csv).", style="dim"))
    if not terminal:  # plain text for files and pipes: no padding to a screen width
        stream.writelines(line.rstrip() + "\n" for line in target.getvalue().splitlines())


def _head(frame: pd.DataFrame | Rows, count: int) -> pd.DataFrame | Rows:
    """The first `count` rows of a DataFrame or of `Rows`."""
    if isinstance(frame, Rows):
        return Rows(frame.columns, frame.rows[:count])
    return frame.head(count)


def write_text(frame: pd.DataFrame | Rows, stream: IO[str], *, title: str = "", digits: int = 2) -> None:
    """The table as plain text, without colour, whatever the stream (a terminal too): for mail.

    Example:
        >>> import sys
        >>> write_text(Rows(["indicator", "pct_change"], [["x", 193.578]]), sys.stdout)
         indicator   pct_change
        ━━━━━━━━━━━━━━━━━━━━━━━━
         x              193.58%
    """
    write_table(frame, _Plain(stream), title=title, digits=digits, color=False)


def write_for_terminal(
    frame: pd.DataFrame, stream: IO[str], *, title: str, digits: int, color: bool, width: int
) -> None:
    """The table as a terminal `width` columns wide shows it (its first rows, columns fitted), written
    to any stream: for a report composed whole before it is written to the terminal."""
    write_table(frame, _Plain(stream, terminal=True), title=title, digits=digits, color=color, width=width)


class _Plain:
    """A stream that says it is not a terminal, so a table comes out as plain text (or, `terminal`,
    that it is one, so a table comes out as one would show it)."""

    def __init__(self, stream: IO[str], *, terminal: bool = False) -> None:
        self.stream, self.terminal = stream, terminal

    def isatty(self) -> bool:
        return self.terminal

    def write(self, text: str) -> int:
        return self.stream.write(text)

    def writelines(self, lines: object) -> None:
        self.stream.writelines(lines)  # type: ignore[arg-type]

    def flush(self) -> None:
        self.stream.flush()


def _styled(column: str, text: str) -> object:
    from rich.text import Text

    style = ""
    if is_signed_column(column) and text != UNDEFINED:
        style = "red" if text.startswith("-") else ("" if _is_zero(text) else "green")
    elif text == UNDEFINED:
        style = "dim"
    return Text(text, style=style)


def _is_zero(text: str) -> bool:
    return not any(ch in "123456789" for ch in text)
