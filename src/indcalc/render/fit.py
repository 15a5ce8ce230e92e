"""Column fitting: which columns of a table a terminal shows, how wide, and which it hides.

A table too wide for its terminal first hides its number columns with no defined value (before any
name wraps), then breaks its headers after underscores, wraps its text columns and hides columns in
a set order (`NARROW_DROP_ORDER`, then the others from the right, then `KEPT_LONGEST`
from its end); numbers and sparklines are never cut. A chart's legend folds to the width (`folded`).
"""

from __future__ import annotations

from dataclasses import dataclass

from indcalc.render.cells import UNDEFINED

#: In a terminal too narrow for the whole table, these columns are hidden first (in this order); then
#: the other columns not in `KEPT_LONGEST`, from the right; then those of `KEPT_LONGEST`, from its end.
NARROW_DROP_ORDER = (
    "file",
    "expected",
    "years",
    "multiple",
    "change",
    "yoy_change",
    "missing_count",
    "prior_period",
    "unit",
    "text",
    "frequency",
    "first_period",
    "pop_change",
)
#: The columns a command exists for, kept longest in a narrow terminal (the first the longest): the
#: sparkline and latest figure of summary, the rates of yoy, pop, share and contribution, target's
#: required and historical CAGR, growth's pct_change, pp_change and periods.
KEPT_LONGEST = (
    "period",
    "verdict",
    "trend",
    "latest_value",
    "latest_period",
    "yoy_pct",
    "yoy_pp",
    "pop_pct",
    "pop_pp",
    "share_pct",
    "share_pp_change",
    "contribution_pp",
    "contribution_rate_pct",
    "required_cagr_pct",
    "target_value",
    "historical_cagr_pct",
    "target_period",
    "pct_change",
    "pp_change",
    "from_period",
    "to_period",
    "value",
)
#: Never hidden: what names a row.
NEVER_HIDDEN = frozenset({"entity", "indicator", "claim", "problem"})
#: Text columns drawn whole, never wrapped or cut (a sparkline cut short shows another trend).
UNBROKEN = frozenset({"trend"})
#: Text columns wrap but never below this width (or their header's), so names stay readable.
TEXT_MIN_WIDTH = {"indicator": 18, "entity": 10, "problem": 40, "expected": 24}
#: ... nor below their longest word up to this width (``Afghanistan`` is not broken into ``Afghanista/n``) ...
TEXT_LONGEST_WORD = 20
#: ... and on a terminal too narrow for those, down to this before a column the command exists for goes.
TEXT_NARROWEST = 10


@dataclass(frozen=True)
class Layout:
    """Which columns a terminal table shows: (index, header, fixed width or None), and which it hides."""

    columns: list[tuple[int, str, int | None]]
    hidden: list[str]
    width: int | None = None  # wider than the terminal: the width the table needs


def fit_columns(columns: list[str], cells: list[list[str]], numeric: list[bool], width: int | None) -> Layout:
    """Fit a table into `width` terminal cells (None: any width).

    When the table is too wide, number columns with no defined value (even one the command exists
    for) go first, before any name wraps. If it is still too wide, headers break after their
    underscores, text columns wrap down to a readable width (`TEXT_MIN_WIDTH`, or their longest word
    up to `TEXT_LONGEST_WORD`), and columns are hidden: those in `NARROW_DROP_ORDER`, then the
    others from the right; then text columns wrap down to `TEXT_NARROWEST`, and last those in
    `KEPT_LONGEST` (the columns the command exists for) are hidden; `NEVER_HIDDEN` columns stay. A
    hidden column (but an empty one) that fits again once later ones are gone comes back, but for a
    secondary one while a `KEPT_LONGEST` one stays hidden. Room left goes to the wrapped names first.
    Numbers and sparklines are never cut or wrapped: when even the narrowest table is wider than
    `width`, `Layout.width` says how wide it is and its lines are left to the terminal to wrap.

    Example:
        >>> fit_columns(["indicator", "years"], [["Scaled enterprises", "5"]], [False, True], 30).columns
        [(0, 'indicator', None), (1, 'years', None)]
        >>> fit_columns(["indicator", "years"], [["Scaled enterprises", "5"]], [False, True], 24)
        Layout(columns=[(0, 'indicator', 18)], hidden=['years'], width=None)
        >>> fit_columns(["indicator", "years"], [["Scaled enterprises", "5"]], [False, True], 26)
        Layout(columns=[(0, 'indicator', 18)], hidden=['years'], width=None)
        >>> fit_columns(["indicator", "yoy_pp"], [["Scaled enterprises", "—"]], [False, True], 24)
        Layout(columns=[(0, 'indicator', None)], hidden=['yoy_pp'], width=None)
    """
    from rich.cells import cell_len

    def footprint(sizes: dict[int, int]) -> int:  # padding of 2 and a rule of 1 per column, and the edges
        return sum(size + 3 for size in sizes.values()) + 1

    natural = {
        i: max(cell_len(t) for t in [name, *(row[i] for row in cells)]) for i, name in enumerate(columns)
    }
    if width is None or footprint(natural) <= width:
        return Layout([(i, name, None) for i, name in enumerate(columns)], [])
    empty = [i for i in range(len(columns)) if numeric[i] and all(row[i] == UNDEFINED for row in cells)]
    full = {i: size for i, size in natural.items() if i not in empty}
    if footprint(full) <= width:  # without its empty columns the table fits: no name wraps
        return Layout([(i, columns[i], None) for i in full], [columns[i] for i in empty])
    whole = [numeric[i] or name in UNBROKEN for i, name in enumerate(columns)]
    headers = {i: name.replace("_", "_\n") for i, name in enumerate(columns)}
    sizes = {}
    for i in full:
        name = columns[i]
        header = max(cell_len(part) for part in headers[i].split("\n"))
        body = max((cell_len(row[i]) for row in cells), default=0)
        word = min(max((cell_len(w) for row in cells for w in row[i].split()), default=0), TEXT_LONGEST_WORD)
        sizes[i] = (
            max(header, body)
            if whole[i]
            else min(max(header, body), max(TEXT_MIN_WIDTH.get(name, 12), header, word))
        )
    order = [c for c in NARROW_DROP_ORDER if c in columns]
    order += [c for c in reversed(columns) if c not in order and c not in KEPT_LONGEST]
    order += [c for c in reversed(KEPT_LONGEST) if c in columns]
    droppable = [columns.index(c) for c in order if c not in NEVER_HIDDEN and columns.index(c) not in empty]
    kept = [i for i in droppable if columns[i] in KEPT_LONGEST]
    dropped = []
    for phase in ("others", "wrap", "kept"):
        if phase == "wrap":  # text columns wrap down to TEXT_NARROWEST before a kept column goes
            for i in sizes if footprint(sizes) > width else ():
                if not whole[i]:
                    sizes[i] = min(sizes[i], max(TEXT_NARROWEST, cell_len(headers[i].split("\n")[0])))
            continue
        for i in [i for i in droppable if (i in kept) == (phase == "kept")]:
            if footprint(sizes) <= width:
                break
            dropped.append((i, sizes.pop(i)))
    wanted_hidden = False  # a column the command exists for stays hidden: no secondary one in its room
    for i, size in reversed(dropped):  # what fits again after later drops comes back, most wanted first
        if wanted_hidden and columns[i] not in KEPT_LONGEST:
            continue
        if footprint(sizes) + size + 3 <= width:
            sizes[i] = size
        elif columns[i] in KEPT_LONGEST:
            wanted_hidden = True
    sizes = dict(sorted(sizes.items()))
    # Room left over goes to the wrapped text columns, in proportion to what they lack: first to what
    # their cells lack (a name on one line), then to what their whole header does.
    cell_widths = {
        i: max([cell_len(row[i]) for row in cells] + [cell_len(p) for p in headers[i].split("\n")])
        for i in sizes
    }
    for wanted in (cell_widths, natural):
        lacking = {i: wanted[i] - sizes[i] for i in sizes if not whole[i] and wanted[i] > sizes[i]}
        room = width - footprint(sizes)
        if room > 0 and lacking:
            total = sum(lacking.values())
            for i, short in lacking.items():
                sizes[i] += min(short, room * short // total)
    return Layout(
        [(i, headers[i], None if whole[i] else sizes[i]) for i in sizes],
        [columns[i] for i in range(len(columns)) if i not in sizes],
        footprint(sizes) if footprint(sizes) > width else None,
    )


def folded(lines: list[str], width: int) -> str:
    """Lines of a legend (``  <mark> <name>: <value>``) no wider than `width` terminal cells: a long
    one folds onto lines indented under its name (a CJK character counts two cells), never cut.

    Example:
        >>> print(folded(["  1 Jingmen / High-tech manufacturing share: 16%"], 30))
          1 Jingmen / High-tech
            manufacturing share: 16%
    """
    from rich.console import Console
    from rich.text import Text

    console = Console(width=max(width, 20), color_system=None, highlight=False)
    out = []
    for line in lines:  # each "  <marker> <name>: <value>": its later lines under the name
        pieces = [
            str(p).rstrip() for p in Text(line.lstrip()).wrap(console, max(width - 4, 16), overflow="fold")
        ]
        out += ["  " + pieces[0], *("    " + piece for piece in pieces[1:])]
    return "\n".join(out)
