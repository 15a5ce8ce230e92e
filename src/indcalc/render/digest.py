"""Drawing the summary report (`indcalc.report.Report`) for people: a table, plain text or Markdown.

The sections, in order: a heading with the source and, in text and Markdown, its modification time and
the time of generation; the tripped alerts (when any); the per-series table; the biggest rises and
falls by YoY. Each section's table is drawn by `indcalc.render.render`.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from indcalc.visible import visible

if TYPE_CHECKING:
    from indcalc.report import Report

#: Formats in which summary draws its report (headings, alerts, movers); others get the table.
REPORT_FORMATS = ("table", "text", "markdown")


class _Page(io.StringIO):
    """Collects a report; for a terminal, tables fit its width and keep their colour."""

    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


def draw(
    report: Report,
    fmt: str,
    *,
    digits: int = 2,
    color: bool | None = None,
    width: int = 100,
    terminal: bool = False,
) -> str:
    """The whole report in `fmt` (one of `REPORT_FORMATS`) as one string, so nothing is written when
    something fails; `terminal` draws the tables for a terminal `width` columns wide.

    Example:
        >>> import io
        >>> from indcalc import load
        >>> from indcalc.report import summarize
        >>> text = "indicator,period,value\\nx,2023,100\\nx,2024,90\\n"
        >>> report = summarize(load(io.BytesIO(text.encode())), source="x.csv", timestamp=False)
        >>> draw(report, "text").splitlines()[:3]
        ['indcalc summary · x.csv', '', 'Data: x.csv']
    """
    from indcalc.render import markdown_text, render

    page = _Page(terminal)
    name = visible(report.source)  # a file's name is text a person reads: shown, not obeyed
    if fmt == "markdown":
        name = markdown_text(name, heading=True)
    if fmt in ("markdown", "text"):
        page.write(
            f"# indcalc summary · {name}\n\n" if fmt == "markdown" else f"indcalc summary · {name}\n\n"
        )
        modified = f", modified {report.modified.isoformat()}" if report.modified is not None else ""
        page.write(f"Data: {name}{modified}\n")
        if report.generated is not None:
            page.write(f"Generated: {report.generated.isoformat()}\n")
        page.write("\n")
    sections = [("Series", report.table), ("Biggest rises (YoY)", report.rises)]
    sections.append(("Biggest falls (YoY)", report.falls))
    if len(report.tripped):
        sections.insert(0, ("Alerts", report.tripped))
    for title, part in sections:
        if part.empty:
            page.write(f"{'### ' if fmt == 'markdown' else ''}{title}\n\nNone.\n\n")
            continue
        render(part, fmt, page, title=title, digits=digits, color=color, width=width)
        page.write("\n")
    return page.getvalue()
