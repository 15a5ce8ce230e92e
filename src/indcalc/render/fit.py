"""Column fitting: which columns of a table a terminal shows, how wide, and which it hides.

A table too wide for its terminal first hides its number columns with no defined value (before any
name wraps), then breaks its headers after underscores, wraps its text columns and hides columns in
the order of importance of the command that made it (`ORDERS`, `hiding_order`); numbers and
sparklines are never cut; a wrapped cell breaks at spaces and dashes, before a figure, never inside
it nor inside a word while the terminal leaves room for the word (`wrapped`). A chart's legend folds
to the width (`folded`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from indcalc.render.cells import UNDEFINED

#: Never hidden: what names a row.
NEVER_HIDDEN = frozenset({"entity", "indicator", "claim", "problem"})
#: Text columns drawn whole, never wrapped or cut (a sparkline cut short shows another trend).
UNBROKEN = frozenset({"trend"})
#: Text columns wrap but never below this width (or their header's), so names stay readable.
TEXT_MIN_WIDTH = {"indicator": 18, "entity": 10, "problem": 40, "expected": 24}
#: ... nor below their longest word up to this width (``Afghanistan`` is not broken into ``Afghanista/n``);
#: to give a word that room, the columns the command exists for are hidden (`fit_columns`) ...
TEXT_LONGEST_WORD = 20
#: ... and before an essential column goes they wrap down to their longest word, not below this; only on a
#: terminal too narrow for the names alone do they go down to this, folding their longest words.
TEXT_NARROWEST = 10

#: A column, or columns read together (both ends of a span), hidden and shown again as one.
Rank = str | tuple[str, ...]


@dataclass(frozen=True)
class Order:
    """The importance of one command's columns, each tuple from the most essential to the least.

    `essential` are the columns the command exists for: hidden last, and only once names have wrapped
    down to `TEXT_NARROWEST`. `secondary` are hidden first. The table's other columns (a file's flags,
    columns of a frame made by hand) rank between the two, the leftmost first.
    """

    key: frozenset[str]  # the columns that tell the command's table from the others
    essential: tuple[Rank, ...]
    secondary: tuple[Rank, ...] = ()


#: Each command's order of importance (`Order`), tried in this order (target and summary carry rates of
#: growth, yoy and pop too, so they come before those); `hiding_order` shows them all. Growth (and calc)
#: needs the rate, then both ends of the span, their values and their periods (which nothing else on
#: the row gives), then the change (to_value - from_value); its pp_change is secondary: every one
#: defined equals change (to - from, for a percent unit), the others are empty.
ORDERS = {
    "growth": Order(
        frozenset({"multiple"}),
        ("pct_change", ("from_value", "to_value"), ("from_period", "to_period"), "change"),
        ("cagr_pct", "unit", "pp_change", "multiple", "years"),
    ),
    "target": Order(
        frozenset({"required_cagr_pct"}),
        (
            "latest_value",
            "latest_period",
            "required_cagr_pct",
            "target_value",
            "historical_cagr_pct",
            "target_period",
        ),
        ("projected_value", "unit", "years"),
    ),
    "summary": Order(
        frozenset({"latest_value"}),
        (
            "trend",
            "latest_value",
            "latest_period",
            "yoy_pct",
            "yoy_pp",
            "pop_pct",
            "pop_pp",
            "pct_change",
            "pp_change",
        ),
        ("cagr_pct", "pop_change", "first_period", "frequency", "unit", "yoy_change", "change", "years"),
    ),
    "yoy": Order(
        frozenset({"yoy_pct"}),
        ("period", "yoy_pct", "yoy_pp", "value", "prior_value"),
        ("yoy_change", "prior_period", "unit"),
    ),
    "pop": Order(
        frozenset({"pop_pct"}),
        ("period", "pop_pct", "pop_pp", "value", "prior_value"),
        ("pop_change", "prior_period", "unit"),
    ),
    "contribution": Order(
        frozenset({"contribution_pp"}),
        ("contribution_pp", "contribution_rate_pct", ("from_period", "to_period")),
        (("from_value", "to_value"), "total_pct_change", ("total_from", "total_to"), "unit"),
    ),
    "share": Order(
        frozenset({"share_pct"}),
        ("period", "share_pct", "share_pp_change", "value"),
        ("total", "parts_share_pct", "unit", "prior_period"),
    ),
    "ytd": Order(
        frozenset({"ytd_value"}), ("period", "value"), ("ytd_value", "covers", "periods_covered", "unit")
    ),
    "list": Order(
        frozenset({"missing_count"}),
        (),
        (("first", "last"), "count", "missing", "frequency", "unit", "missing_count"),
    ),
    "validate": Order(
        frozenset({"problem", "severity"}), ("severity", ("line", "column")), ("text", "expected", "file")
    ),
    "check": Order(frozenset({"verdict"}), ("verdict",), ("line", "stated", "computed", "note")),
}


def hiding_order(columns: list[str]) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """The order in which a terminal too narrow for a table hides its columns: first the secondary ones
    and the others, then (once names have wrapped to `TEXT_NARROWEST`) the essential ones. The command
    is the first of `ORDERS` whose key columns the table has; a table of no command (a frame made by
    hand) hides its columns from the right. `NEVER_HIDDEN` columns are never in it.

    Each command's columns, from the most essential (hidden last) to the least (hidden first), ``|``
    between the essential and the secondary ones, ``+`` joining those hidden and shown together:

        >>> import textwrap
        >>> spelled = lambda ranks: " > ".join(r if isinstance(r, str) else "+".join(r) for r in ranks)
        >>> for command, order in ORDERS.items():
        ...     line = f"{command}: {spelled(order.essential) or '()'} | {spelled(order.secondary)}"
        ...     print(textwrap.fill(line, 100, subsequent_indent="    "))
        growth: pct_change > from_value+to_value > from_period+to_period > change | cagr_pct > unit >
            pp_change > multiple > years
        target: latest_value > latest_period > required_cagr_pct > target_value > historical_cagr_pct >
            target_period | projected_value > unit > years
        summary: trend > latest_value > latest_period > yoy_pct > yoy_pp > pop_pct > pop_pp > pct_change >
            pp_change | cagr_pct > pop_change > first_period > frequency > unit > yoy_change > change >
            years
        yoy: period > yoy_pct > yoy_pp > value > prior_value | yoy_change > prior_period > unit
        pop: period > pop_pct > pop_pp > value > prior_value | pop_change > prior_period > unit
        contribution: contribution_pp > contribution_rate_pct > from_period+to_period | from_value+to_value
            > total_pct_change > total_from+total_to > unit
        share: period > share_pct > share_pp_change > value | total > parts_share_pct > unit > prior_period
        ytd: period > value | ytd_value > covers > periods_covered > unit
        list: () | first+last > count > missing > frequency > unit > missing_count
        validate: severity > line+column | text > expected > file
        check: verdict | line > stated > computed > note

    Example:
        >>> hiding_order(["entity", "indicator", "unit", "period", "value", "yoy_pct", "flag"])
        ([('unit',), ('flag',)], [('value',), ('yoy_pct',), ('period',)])
        >>> hiding_order(["entity", "indicator", "from_value", "to_value", "pct_change", "multiple"])
        ([('multiple',)], [('from_value', 'to_value'), ('pct_change',)])
        >>> hiding_order(["indicator", "a", "b"])
        ([('b',), ('a',)], [])
    """
    present = set(columns)
    order = next((o for o in ORDERS.values() if o.key <= present), Order(frozenset(), ()))

    def groups(ranks: tuple[Rank, ...]) -> list[tuple[str, ...]]:  # least essential first
        found = [tuple(c for c in ((r,) if isinstance(r, str) else r) if c in present) for r in ranks]
        return [g for g in reversed(found) if g]

    ranked = {c for r in (*order.essential, *order.secondary) for c in ((r,) if isinstance(r, str) else r)}
    others = [(c,) for c in reversed(columns) if c not in ranked and c not in NEVER_HIDDEN]
    return groups(order.secondary) + others, groups(order.essential)


@dataclass(frozen=True)
class Layout:
    """Which columns a terminal table shows: (index, header, fixed width or None), and which it hides."""

    columns: list[tuple[int, str, int | None]]
    hidden: list[str]
    width: int | None = None  # wider than the terminal: the width the table needs


def fit_columns(columns: list[str], cells: list[list[str]], numeric: list[bool], width: int | None) -> Layout:
    """Fit a table into `width` terminal cells (None: any width).

    When the table is too wide, number columns with no defined value go first, before any name
    wraps. If it is still too wide, headers break after their underscores, text columns wrap down to
    a readable width (`TEXT_MIN_WIDTH`, or their longest word up to `TEXT_LONGEST_WORD`), and columns
    are hidden in the command's order (`hiding_order`): the secondary ones and the others; then text
    columns wrap down to their longest word (`unbroken_width`: a word, a dashed word's part, a figure;
    not below `TEXT_NARROWEST`), and last the essential ones (the columns the command exists for) are
    hidden; `NEVER_HIDDEN` columns stay. Columns read together (``from_value`` and ``to_value``) are
    hidden together. The columns shown are always the most wanted ones: a hidden column that fits
    again in the room the names gave comes back, the most wanted first, and none while one wanted more
    stays hidden (a narrower secondary or essential column never stands in for a wider one before it:
    growth's change is not shown in place of its periods). Room left goes to the wrapped names.

    A word is broken only where the terminal leaves no choice: a word longer than `TEXT_LONGEST_WORD`,
    or any word once the names alone are too wide (then text columns go down to `TEXT_NARROWEST`).
    Such a word is folded, every letter kept, rather than cut with an ellipsis: these columns name the
    row (an indicator, an entity), the letters cut would be shown nowhere else on the screen, and two
    names cut alike (``Provincial-level spec…``) would read as one; a fold costs a line, not the
    name. No hyphen marks the fold, as one would read as part of names that have their own
    (``High-tech``) and be copied with them. Numbers and sparklines are never cut or wrapped: when even
    the narrowest table is wider than `width`, `Layout.width` says how wide it is and its lines are left
    to the terminal to wrap.

    Example:
        >>> fit_columns(["indicator", "years"], [["Scaled enterprises", "5"]], [False, True], 30).columns
        [(0, 'indicator', None), (1, 'years', None)]
        >>> fit_columns(["indicator", "years"], [["Scaled enterprises", "5"]], [False, True], 24)
        Layout(columns=[(0, 'indicator', 18)], hidden=['years'], width=None)
        >>> fit_columns(["indicator", "yoy_pp"], [["Scaled enterprises", "—"]], [False, True], 24)
        Layout(columns=[(0, 'indicator', None)], hidden=['yoy_pp'], width=None)

        A name's longest word (13 cells) keeps its room: at 24 cells the rate is hidden rather than
        ``Phosphogypsum`` broken; at 15 the name alone does not fit, and only then is the word folded:

        >>> row = [["Phosphogypsum utilisation rate", "446.67%"]]
        >>> [fit_columns(["indicator", "yoy_pct"], row, [False, True], w).columns for w in (27, 24, 15)]
        [[(0, 'indicator', 13), (1, 'yoy_\\npct', None)], [(0, 'indicator', 20)], [(0, 'indicator', 11)]]
    """
    from rich.cells import cell_len

    def footprint(sizes: dict[int, int]) -> int:  # padding of 2 and a rule of 1 per column, and the edges
        return sum(size + 3 for size in sizes.values()) + 1

    natural = {
        i: max(cell_len(t) for t in [name, *(row[i] for row in cells)]) for i, name in enumerate(columns)
    }
    if width is None or footprint(natural) <= width:
        return Layout([(i, name, None) for i, name in enumerate(columns)], [])
    empty = {i for i in range(len(columns)) if numeric[i] and all(row[i] == UNDEFINED for row in cells)}
    full = {i: size for i, size in natural.items() if i not in empty}
    if footprint(full) <= width:  # without its empty columns the table fits: no name wraps
        return Layout([(i, columns[i], None) for i in full], [columns[i] for i in sorted(empty)])
    whole = [numeric[i] or name in UNBROKEN for i, name in enumerate(columns)]
    headers = {i: name.replace("_", "_\n") for i, name in enumerate(columns)}
    sizes, narrowest, folding = {}, {}, {}
    for i in full:
        name = columns[i]
        header = max(cell_len(part) for part in headers[i].split("\n"))
        body = max((cell_len(row[i]) for row in cells), default=0)
        # its readable width counts a run of text between spaces as one word (Chinese text too, which
        # keeps a claim on fewer lines); its narrowest, the pieces `wrapped` never breaks
        word = min(max((cell_len(w) for row in cells for w in row[i].split()), default=0), TEXT_LONGEST_WORD)
        piece = min(max((unbroken_width(row[i]) for row in cells), default=0), TEXT_LONGEST_WORD)
        sizes[i] = (
            max(header, body)
            if whole[i]
            else min(max(header, body), max(TEXT_MIN_WIDTH.get(name, 12), header, word))
        )
        folding[i] = sizes[i] if whole[i] else min(sizes[i], max(TEXT_NARROWEST, header))
        narrowest[i] = max(folding[i], min(sizes[i], piece))
    first, last = hiding_order([columns[i] for i in full])
    phases = {
        "secondary": [[columns.index(c) for c in group] for group in first],
        "essential": [[columns.index(c) for c in group] for group in last],
    }
    dropped: list[tuple[str, dict[int, int]]] = []  # each group hidden, with its sizes, least wanted first
    for phase in ("secondary", "wrap", "essential"):
        if phase == "wrap":  # text columns wrap down to their longest word before an essential one goes
            readable = dict(sizes)
            if footprint(sizes) > width:
                sizes = {i: min(size, narrowest[i]) for i, size in sizes.items()}
            continue
        for group in phases[phase]:
            if footprint(sizes) <= width:
                break
            dropped.append((phase, {i: sizes.pop(i) for i in group}))
    # What fits again in the room the names gave comes back, most wanted first, and none while a column
    # more wanted stays hidden (unit, hidden first, not back in the room yoy_change lacks; change not
    # back in place of the periods of growth, which are wider). The names wrap below their readable
    # width for an essential column only: a secondary one comes back only beside names at that width
    # (validate's text did not come back by narrowing the problem column to half its width).
    for phase, group in reversed(dropped):
        room = {i: readable.get(i, size) for i, size in sizes.items()} if phase == "secondary" else sizes
        if footprint(room) + sum(size + 3 for size in group.values()) > width:
            break
        sizes.update(group)
    if footprint(sizes) > width:  # the names alone are too wide: their longest words fold too
        sizes = {i: min(size, folding[i]) for i, size in sizes.items()}
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


#: A figure, never broken across lines: digits with their separators and decimal point, a sign before,
#: and after it a percent, ``pp`` or ``×``, or a Chinese magnitude (万, 亿) and unit (元, 家, 县).
_FIGURE = (
    r"[+\-−±]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)"
    r"(?:[%‰％×]|\u00a0?pp\b|个百分点)?(?:[万亿千百]*[\u3400-\u9fff])?(?:[%‰％])?"
)
#: What a run of text with no spaces is broken into: figures, runs of other narrow text, single characters.
_SEGMENTS = re.compile(rf"(?P<figure>{_FIGURE})|[^\s\d\u2e80-\uffef]+|.")
#: Wide punctuation that does not start a line (it closes what comes before) or end one (it opens).
_CLOSING = frozenset("，。、；：？！）》」』】〉,.;:?!)%％")
_OPENING = frozenset("（《「『【〈(")


#: Where a word breaks after a dash: a hyphen, en or em dash between letters (``High-`` / ``tech``,
#: ``Wuhan-`` / ``Xiangyang-`` / ``Yichang``), never in a figure (``-3.10%``, ``2017-10``) nor at a
#: non-breaking hyphen (U+2011).
_AFTER_DASH = re.compile(r"(?<=[^\W\d_][-\u2010\u2013\u2014])(?=[^\W\d_])")


def _pieces(word: str, width: int = 0) -> list[str]:
    """The pieces of a word (text with no space) that are never broken, in order: a break only beside
    a single wide character (not in 5G, 2024Q1, US$2), never inside a figure, before a closing mark or
    after an opening one; and after a dash between letters (`_AFTER_DASH`) in a piece wider than
    `width` (a dashed word that fits on a line, ``(January-April)``, stays whole)."""
    from rich.cells import cell_len

    out: list[str] = []
    was_wide = True
    for match in _SEGMENTS.finditer(word):
        seg = match.group()
        is_wide = not match.group("figure") and len(seg) == 1 and unicodedata.east_asian_width(seg) in "WF"
        if out and ((not is_wide and not was_wide) or seg[0] in _CLOSING or out[-1][-1] in _OPENING):
            out[-1] += seg
        else:
            out.append(seg)
        was_wide = is_wide
    return [
        part for piece in out for part in (_AFTER_DASH.split(piece) if cell_len(piece) > width else [piece])
    ]


def unbroken_width(text: str) -> int:
    """The width in terminal cells of the widest piece of `text` that `wrapped` never breaks: its
    longest word (a dashed one counted by its parts), figure, or single CJK character.

    Example:
        >>> unbroken_width("High-tech manufacturing share"), unbroken_width("Wuhan-Xiangyang-Yichang")
        (13, 10)
        >>> unbroken_width("比上年增长6.5%"), unbroken_width("×1.10, +0.40 pp"), unbroken_width("")
        (4, 8, 0)
    """
    from rich.cells import cell_len

    words = re.split("[ \n]", _glued(text))
    return max((cell_len(p.replace("\u00a0", " ")) for word in words for p in _pieces(word)), default=0)


def _glued(text: str) -> str:
    """`text` with the spaces that belong inside a figure made no-break spaces, so that it is one word:
    before ``pp`` (``+0.40 pp``), between thousands (``1 250 000``), after a currency (``US$ 1.36``,
    ``USD 3.0``) and inside a period (``2023 Q2``, ``2023 APR``).

    Example:
        >>> [w.replace("\\xa0", "_") for w in _glued("up 1 250 000 from US$ 1.36 in '2023 Q2'").split(" ")]
        ['up', '1_250_000', 'from', 'US$_1.36', 'in', "'2023_Q2'"]
    """
    return _GLUED.sub("\u00a0", text)


_GLUED = re.compile(
    r"(?<=\d) (?=pp\b)|(?<=\d%) (?=pp\b)"  # +0.40 pp
    r"|(?<=\d) (?=\d{3}(?!\d))"  # 1 250 000
    r"|(?<=\$) (?=\d)|(?<=\b[A-Z]{3}) (?=\d)"  # US$ 1.36, USD 3.0
    r"|(?<=\b\d{4}) (?=(?:Q[1-4]|H[12]|[A-Z]{3})\b)"  # 2023 Q2, 2023 APR
)


def wrapped(text: str, width: int) -> str:
    """`text` in lines no wider than `width` terminal cells (a CJK character counts two), broken at
    spaces and between Chinese characters, but never inside a figure (`_FIGURE`: ``1,236.8亿元``,
    ``+0.40 pp``, ``6.5%``), before a closing mark or after an opening one: a line that must break
    breaks before the figure. A dashed word wider than `width` breaks after its dashes (``High-`` /
    ``tech``); one that fits on a line is kept whole. A word or figure wider than `width` alone is
    folded (`fit_columns` makes a column that narrow only when the terminal leaves no choice).

    Example:
        >>> print(wrapped("安徽省第848县", 10))
        安徽省第
        848县
        >>> print(wrapped("比上年增长6.5%，增加100.5亿元", 14))
        比上年增长
        6.5%，增加
        100.5亿元
        >>> print(wrapped("×0.97, -3.10%, -1.40 pp", 20))
        ×0.97, -3.10%,
        -1.40 pp
        >>> print(wrapped("High-tech share", 8))
        High-
        tech
        share
        >>> print(wrapped("Wuhan-Xiangyang-Yichang output", 16))
        Wuhan-Xiangyang-
        Yichang output
    """
    from rich.cells import cell_len

    def fold(piece: str) -> list[str]:  # a piece wider than the line, a character at a time
        parts, part = [], ""
        for ch in piece:
            if part and cell_len(part + ch) > width:
                parts.append(part)
                part = ""
            part += ch
        return [*parts, part]

    lines = []
    for paragraph in _glued(text).split("\n"):
        line = ""
        for word in paragraph.split(" "):
            for n, piece in enumerate(_pieces(word, width)):
                joiner = " " if n == 0 and line else ""
                if cell_len(line + joiner + piece) <= width:
                    line += joiner + piece
                    continue
                if line:
                    lines.append(line)
                *whole, line = fold(piece) if cell_len(piece) > width else [piece]
                lines += whole
        lines.append(line)
    return "\n".join(lines).replace("\u00a0", " ")


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
