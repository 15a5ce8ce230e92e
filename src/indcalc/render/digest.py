"""Drawing the summary report (`indcalc.report.Report`) for people: a digest that leads with what
needs attention, as plain text, a terminal table, Markdown or an HTML page for mail; and `subject`,
its one-line headline.

The sections, in order: a heading with the source, its modification time and the time of generation
(and what changed since an earlier summary); the tripped alerts (when any); the biggest rises and
falls by YoY; the latest figures, a compact table (series, latest period, value with its unit, the
change that fits, the trend) whose long names wrap to `width` columns. ``full`` puts the whole
per-series table in place of the compact one. A run that keeps only what is new (`Report.only_new`)
and finds nothing says so in one line.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from indcalc.render.fit import wrapped
from indcalc.render.html import FALL_COLOR, Section, change_color, frame_section, html_page
from indcalc.visible import visible

if TYPE_CHECKING:
    import pandas as pd

    from indcalc.report import Report

#: Formats in which summary draws its report; the others get the per-series table.
REPORT_FORMATS = ("table", "text", "markdown", "html")
#: The width of a text digest when none is given: it reads in a mail client without wrapping.
DIGEST_WIDTH = 100
CHANGE_NOTE = (
    "change: on a year earlier (yoy), else on the previous period (pop); pp for percent units; "
    "— where there is no earlier figure."
)


def draw(
    report: Report,
    fmt: str,
    *,
    digits: int = 2,
    color: bool | None = None,
    width: int = DIGEST_WIDTH,
    full: bool = False,
    terminal: bool = False,
) -> str:
    """The whole report in `fmt` (one of `REPORT_FORMATS`) as one string, so nothing is written when
    something fails; text and tables no wider than `width` columns (but numbers and sparklines, which
    are never cut), coloured in a ``table`` when `color` (None: plain). The `full` table is fitted to
    `width` as any table on a terminal when the report is drawn for one (`terminal`), else whole.

    Example:
        >>> import io
        >>> from indcalc import load
        >>> from indcalc.report import summarize
        >>> text = "indicator,period,value\\nx,2023,100\\nx,2024,90\\n"
        >>> report = summarize(load(io.BytesIO(text.encode())), source="x.csv", timestamp=False)
        >>> draw(report, "text").splitlines()[:3]
        ['indcalc summary · x.csv', '', 'Data: x.csv']
    """
    title = f"indcalc summary · {report.source}"
    if report.only_new and report.table.empty:
        line = f"{title}: nothing new since {report.since} ({_series(report.series)} unchanged)."
        if fmt == "html":
            return html_page(title, [line[len(title) + 2 :]], [])
        return (_md(line, heading=False) if fmt == "markdown" else visible(line)) + "\n"
    lines = _heading_lines(report)
    sections = _sections(report, digits, full)
    if fmt == "html":
        return html_page(title, lines, sections + ([frame_section(report.table, "Series", digits)] * full))
    page = io.StringIO()
    if fmt == "markdown":
        page.write(f"# {_md(title, heading=True)}\n\n")
        # One paragraph, a hard line break (two spaces) between its lines and none after the last.
        page.write("  \n".join(_md(line, heading=False) for line in lines) + "\n\n")
    else:
        page.write(_wrapped([title], width) + "\n" + _wrapped(lines, width) + "\n")
    for section in sections:
        if fmt == "markdown":
            page.write(_markdown_section(section))
        else:
            page.write(_text_section(section, width, color if fmt == "table" else False))
        page.write("\n")
    if full:
        _full_table(report, fmt, page, digits=digits, width=width if terminal else None, color=bool(color))
    return page.getvalue()


def _heading_lines(report: Report) -> list[str]:
    """The lines under the title: the data and its modification time, the generation time, and what
    changed since an earlier summary."""
    modified = f", modified {report.modified.isoformat()}" if report.modified is not None else ""
    lines = [f"Data: {report.source}{modified}"]
    if report.since is not None:
        lines.append(f"Since {report.since}: {_news_counts(report)}")
    if report.generated is not None:  # last: the one line that differs between two runs
        lines.append(f"Generated: {report.generated.isoformat()}")
    return lines


def _news_counts(report: Report) -> str:
    """``2 updated, 1 revised, 1 new; 9 unchanged`` (or ``nothing new; 12 unchanged``)."""
    from indcalc.news import NEWS_KINDS

    marks = report.table["news"].value_counts()
    changed = [f"{int(marks[kind]):,} {kind}" for kind in NEWS_KINDS if marks.get(kind, 0)]
    unchanged = report.series - sum(int(marks.get(kind, 0)) for kind in NEWS_KINDS)
    kept = " (not shown)" if report.only_new and unchanged else ""
    return f"{', '.join(changed) or 'nothing new'}; {unchanged:,} unchanged{kept}"


def _series(count: int) -> str:
    return f"{count:,} series"


def subject(report: Report) -> str:
    """The report in one line, for a mail's subject: the alerts, how many series and to which period
    (those that changed, with an earlier summary), and the source. When the series do not all end
    at the latest period, the line says that is the latest (``3 series, latest 2024-06``).

    Example:
        >>> import io
        >>> from indcalc import load
        >>> from indcalc.report import summarize
        >>> text = "indicator,period,value\\nx,2023-06,100\\nx,2024-06,80\\ny,2024-05,1\\n"
        >>> subject(summarize(load(io.BytesIO(text.encode())), ["yoy_pct < -10"], source="m.csv"))
        'indcalc: 1 alert · 2 series, latest 2024-06 · m.csv'
    """
    from indcalc.news import NEWS_KINDS

    table, parts = report.table, []
    alerts = len(report.tripped)
    if alerts:
        parts.append(f"{alerts:,} alert{'s' * (alerts > 1)}")
    if report.since is None:
        parts.append(f"{_series(len(table))}{_reach(table)}" if len(table) else "no series")
    elif not (table["news"] != "").any():
        parts.append(f"nothing new since {report.since}")
    else:
        marks = table["news"].value_counts()
        updated = int(marks.get("updated", 0))
        if updated:
            parts.append(f"{_series(updated)} updated{_reach(table[table['news'] == 'updated'])}")
        parts += [
            f"{int(marks[kind]):,} {kind}" for kind in NEWS_KINDS if kind != "updated" and marks.get(kind, 0)
        ]
    return visible(" · ".join([f"indcalc: {parts[0]}", *parts[1:], report.source]))


def _reach(table: pd.DataFrame) -> str:
    """`` to <period>`` when every series' latest period ends when the latest does (2024-12, 2024Q4
    and 2024 end alike), else ``, latest <period>``: a series behind is not said to reach it."""
    import numpy as np

    from indcalc import periods

    labels = table["latest_period"].to_numpy(dtype=object)
    codes, ordinals, _ = periods.parse_periods(labels)
    ends = (ordinals + 1) / periods.periods_per_year(codes)
    latest = str(labels[int(np.argmax(ends))])
    return f" to {latest}" if (ends == ends.max()).all() else f", latest {latest}"


def _sections(report: Report, digits: int, full: bool) -> list[Section]:
    """The digest's sections: alerts (when any), rises, falls, and the latest figures (unless `full`)."""
    from indcalc.render.cells import number_format

    sections = []
    if len(report.tripped):
        tripped = report.tripped
        values = [
            number_format(rule.split()[0], digits)(float(value))
            for rule, value in zip(tripped["alert"], tripped["value"], strict=True)
        ]
        rows = [list(row) for row in zip(_names(tripped), tripped["alert"], values, strict=True)]
        sections.append(
            Section(
                f"Alerts ({len(rows):,})",
                ["series", "rule", "value"],
                [False, False, True],
                rows,
                [False] * 3,
            )
        )
    for title, part in (("Biggest rises (YoY)", report.rises), ("Biggest falls (YoY)", report.falls)):
        yoy = _signed(part["yoy_pct"], "yoy_pct", digits)
        pp = _signed(part["yoy_pp"], "yoy_pp", digits)
        shown = [f"{p} ({y})" if p else y for y, p in zip(yoy, pp, strict=True)]
        rows = [
            list(row)
            for row in zip(_names(part), part["latest_period"], _values(part, digits), shown, strict=True)
        ]
        headers = ["series", "latest", "value", "yoy"]
        sections.append(
            Section(
                title,
                headers,
                [False, False, True, True],
                rows,
                [False, False, False, True],
                under={1: 0, 3: 2},  # in HTML: the period under the name, the change under the value
            )
        )
    if not full:
        sections.append(_latest_figures(report, digits))
    return sections


def _latest_figures(report: Report, digits: int) -> Section:
    """The compact table of every series' latest figure, the change that fits it, and its trend."""
    from indcalc.report import headline_changes

    table = report.table
    changes = headline_changes(table)
    pct = _signed(changes["change"].where(changes["change_unit"] == "pct"), "pct", digits)
    pp = _signed(changes["change"].where(changes["change_unit"] == "pp"), "pp", digits)
    shown = [
        f"{p or c} {basis}" if basis else "—" for c, p, basis in zip(pct, pp, changes["basis"], strict=True)
    ]
    columns = [
        _names(table),
        list(table["latest_period"]),
        _values(table, digits),
        shown,
        list(table["trend"]),
    ]
    headers, numeric = ["series", "latest", "value", "change", "trend"], [False, False, True, True, False]
    if "news" in table:
        columns.insert(1, list(table["news"]))
        headers.insert(1, "since")
        numeric.insert(1, False)
    signed = [h == "change" for h in headers]
    at = headers.index
    under = {at(h): at("series") for h in ("since", "latest") if h in headers} | {at("change"): at("value")}
    rows = [list(row) for row in zip(*columns, strict=True)]
    title = f"Latest figures ({_series(len(rows))})"
    return Section(title, headers, numeric, rows, signed, note=CHANGE_NOTE, under=under)


def _names(part: pd.DataFrame) -> list[str]:
    """Each series as ``entity / indicator``, or its indicator alone when it has no entity."""
    entity, indicator = part["entity"].astype(str), part["indicator"].astype(str)
    return list(indicator.where(entity == "", entity + " / " + indicator))


def _values(part: pd.DataFrame, digits: int) -> list[str]:
    """Latest values with their units: ``110 billion yuan``, ``16%``."""
    from indcalc.render.cells import number_format

    write = number_format("latest_value", digits)
    return [
        f"{write(float(v))}{'' if not u else u if u in ('%', '％') else ' ' + u}" if v == v else "—"
        for v, u in zip(part["latest_value"], part["unit"].astype(str), strict=True)
    ]


def _signed(values: pd.Series, column: str, digits: int) -> list[str]:
    """Changes as ``+1.50%`` or ``-2.00 pp``; empty where undefined."""
    from indcalc.render.cells import number_format

    name = {"pct": "pct_change", "pp": "pp_change"}.get(column, column)
    write = number_format(name, digits)
    return [
        "" if v != v else ("+" if v > 0 else "") + write(float(v)) for v in values.to_numpy(dtype="float64")
    ]


def _md(text: str, *, heading: bool) -> str:
    from indcalc.render.markdown import markdown_text

    return markdown_text(visible(text), heading=heading)


def _markdown_section(section: Section) -> str:
    """A section as a Markdown heading and a GitHub table (or its empty line)."""
    head = f"### {_md(section.title, heading=True)}\n\n"
    if not section.rows:
        return head + f"{section.empty}\n"

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |\n"

    body = [line([_md(h, heading=False) for h in section.headers])]
    body.append(line(["--:" if n else ":--" for n in section.numeric]))
    body += [line([_md(cell, heading=False) for cell in row]) for row in section.rows]
    note = f"\n{_md(section.note, heading=False)}\n" if section.note else ""
    return head + "".join(body) + note


def _text_section(section: Section, width: int, color: bool | None) -> str:
    """A section as a plain-text (or, with `color`, a coloured) table `width` columns wide at most
    (`_fitted`): text wraps at spaces (a word too long for its column goes on the next line), numbers
    are never cut; in a narrow table the sparkline goes under the name, shortened to its latest
    figures when even so the table is too wide. The note under it wraps to `width`."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        force_terminal=bool(color),
        no_color=not color,
        highlight=False,
        emoji=False,
        markup=False,
        color_system="standard" if color else None,
    )
    console.print(Text(visible(section.title), style="bold"))
    if not section.rows:
        console.print(section.empty)
        return out.getvalue()
    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=True)
    widths, console.width, under, kept = _fitted(section, width)
    name, trend = section.headers.index("series"), _column(section, "trend")
    shown = [i for i in range(len(section.headers)) if not (under and i == trend)]
    for i in shown:
        table.add_column(
            section.headers[i] + (" / trend" if under and i == name else ""),
            justify="right" if section.numeric[i] else "left",
            no_wrap=widths[i] is None,
            overflow="fold",  # a word longer than its column goes on the next line, never cut
            width=widths[i],
        )
    for row in section.rows:
        texts = {
            i: visible(row[i]) if widths[i] is None else wrapped(visible(row[i]), widths[i]) for i in shown
        }
        cells = [Text(texts[i], style=_style(section, i, row[i]) if color else "") for i in shown]
        if under:  # the sparkline's latest `kept` figures on a line of their own, under the name
            cells[shown.index(name)].append("\n" + row[trend][-kept:], style="cyan" if color else "")  # type: ignore[index]
        table.add_row(*cells)
    console.print(table)
    console.width = width  # prose wraps to the width asked for, even under a table left wider
    if section.note:
        console.print(Text(section.note, style="dim"))
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


def _wrapped(lines: list[str], width: int) -> str:
    """Lines of text wrapped at spaces to `width` columns (a word longer than that is folded)."""
    from rich.console import Console
    from rich.text import Text

    out = io.StringIO()
    console = Console(file=out, width=width, no_color=True, highlight=False, emoji=False, markup=False)
    for line in lines:
        console.print(Text(visible(line)), overflow="fold")
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


def _column(section: Section, header: str) -> int | None:
    return section.headers.index(header) if header in section.headers else None


def _style(section: Section, column: int, text: str) -> str:
    """A cell's colour on a terminal: rises green, falls red, sparklines cyan."""
    if section.headers[column] == "trend":
        return "cyan"
    color = change_color(text) if section.signed[column] else ""
    return "" if not color else "red" if color == FALL_COLOR else "green"


#: Columns of a text digest that wrap at spaces when the table is too wide: the name, down to
#: `NAME_MIN_WIDTH`, then a value and its unit, a change and its basis, down to their longest word.
WRAPPING = ("series", "value", "change", "yoy")
NAME_MIN_WIDTH = 20


def _fitted(section: Section, width: int) -> tuple[list[int | None], int, bool, int]:
    """Per column, the width it wraps to so the table fits `width` (None: its cells' width); the
    width the table needs (`width`, or more when even narrowed it is wider: its lines are left long,
    nothing is cut); whether the sparklines go under the names, which they do when the table does
    not fit with them in a column of their own; and how many of their latest figures are kept, all
    of them unless, under the names, the table is still too wide once the names are down to
    `NAME_MIN_WIDTH` and the values and changes wrapped (a sparkline loses its oldest figures, never
    its latest)."""
    from rich.cells import cell_len

    headers = section.headers
    cells = [[headers[i], *(row[i] for row in section.rows)] for i in range(len(headers))]
    natural = [max(cell_len(text) for text in column) for column in cells]
    name, trend = headers.index("series"), _column(section, "trend")

    def footprint(sizes: list[int], under: bool) -> int:  # padding of 2 and a rule of 1 per column
        return sum(size + 3 for i, size in enumerate(sizes) if not (under and i == trend)) + 1

    longest = natural[trend] if trend is not None else 0
    if footprint(natural, False) <= width:
        return [None] * len(natural), width, False, longest
    for under in (False, True) if trend is not None else (False,):
        least = max(min(natural[name], NAME_MIN_WIDTH), natural[trend] if under else 0)  # type: ignore[index]
        sizes = [*natural[:name], least, *natural[name + 1 :]]
        for i, header in enumerate(headers):  # a value and a change wrap, as much as needed
            if header in WRAPPING and i != name:
                words = max(cell_len(word) for text in cells[i] for word in text.split() or [""])
                sizes[i] = max(min(sizes[i], words), sizes[i] - max(0, footprint(sizes, under) - width))
        sizes[name] = max(least, min(natural[name], width - footprint(sizes, under) + least))
        if footprint(sizes, under) <= width:
            break
    if under and footprint(sizes, under) > width:  # the sparklines keep their latest figures
        sizes[name] = max(min(natural[name], NAME_MIN_WIDTH), sizes[name] - (footprint(sizes, under) - width))
        longest = min(longest, sizes[name])
    fixed = [size if header in WRAPPING else None for size, header in zip(sizes, headers, strict=True)]
    return fixed, max(width, footprint(sizes, under)), under, longest


def _full_table(
    report: Report, fmt: str, page: io.StringIO, *, digits: int, width: int | None, color: bool
) -> None:
    """The whole per-series table (``--full``), as the other commands write a table to a file, or
    to a terminal `width` columns wide."""
    from indcalc.render import render
    from indcalc.render.table import write_for_terminal

    if report.table.empty:
        page.write(f"{'### ' if fmt == 'markdown' else ''}Series\n\nNone.\n\n")
        return
    if width is not None and fmt != "markdown":
        write_for_terminal(report.table, page, title="Series", digits=digits, color=color, width=width)
    else:
        render(report.table, "markdown" if fmt == "markdown" else "text", page, title="Series", digits=digits)
    page.write("\n")
