"""HTML for mail: a self-contained page (inline styles, no external asset, no script) of tables.

Mail clients drop ``<style>`` blocks, scripts, external stylesheets and often inline SVG, so every
style is an attribute of its element, sparklines are Unicode blocks, and the page is one table per
section in a column at most 720 px wide that narrows with a phone's screen. Every text from the
data is shown as `indcalc.visible.visible` shows it and HTML-escaped (quotes too): names come from
files anyone may have written.
"""

from __future__ import annotations

import html
from typing import IO, TYPE_CHECKING, NamedTuple

from indcalc.render.cells import UNDEFINED
from indcalc.visible import visible

if TYPE_CHECKING:
    import pandas as pd

    from indcalc.formulas import Rows

FONT = (
    "-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Noto Sans','Noto Sans CJK SC',"
    "'PingFang SC','Hiragino Sans GB','Microsoft YaHei',sans-serif"
)
RISE_COLOR, FALL_COLOR, MUTED_COLOR, RULE_COLOR = "#1a7f37", "#cf222e", "#57606a", "#d0d7de"


class Section(NamedTuple):
    """A titled table of cells already formatted for people, drawn alike as text, Markdown and HTML.

    Attributes:
        title: the heading above the table.
        headers: the column names.
        numeric: per column, whether it holds figures (right-aligned, never wrapped).
        rows: the cells, row by row (text from the data not yet escaped for any format).
        signed: per column, whether its figures are changes (green up, red down).
        empty: what to say instead of a table without rows.
        note: a line under the table (a footnote).
        under: in HTML, columns drawn under another's cell as a smaller line (by index: ``{1: 0}``
            puts column 1 under column 0), so a table is narrow enough for a phone.
    """

    title: str
    headers: list[str]
    numeric: list[bool]
    rows: list[list[str]]
    signed: list[bool]
    empty: str = "None."
    note: str = ""
    under: dict[int, int] | None = None


def escaped(text: str) -> str:
    """`text` as it reads in HTML: shown by `visible`, then escaped (``< > & " '``).

    Example:
        >>> escaped('<script>alert("x")</script>')
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    """
    return html.escape(visible(text), quote=True)


def change_color(text: str) -> str:
    """The colour of a change as written (``+1.00%`` green, ``-1.00%`` red, zero or undefined none).

    Example:
        >>> change_color("+3.00 pp"), change_color("-0.50%"), change_color("0.00%"), change_color("—")
        ('#1a7f37', '#cf222e', '', '')
    """
    if text == UNDEFINED or not any(ch in "123456789" for ch in text):
        return ""
    return FALL_COLOR if text.startswith("-") else RISE_COLOR


def html_table(section: Section) -> str:
    """One section as a heading and an HTML table with inline styles (or its `Section.empty` line).

    Text cells wrap at spaces; figures and periods stay whole, sparklines wrap between figures.
    Columns `Section.under` names go under another's cell, joined by `` · ``.
    """
    cell = f"padding:4px 6px;border-bottom:1px solid {RULE_COLOR};vertical-align:top;"
    parts = [f'<h2 style="font-size:16px;margin:20px 0 6px;">{escaped(section.title)}</h2>\n']
    if not section.rows:
        parts.append(f'<p style="margin:0;color:{MUTED_COLOR};">{escaped(section.empty)}</p>\n')
        return "".join(parts)
    under = section.under or {}
    shown = [i for i in range(len(section.headers)) if i not in under]
    below = {i: [j for j in sorted(under) if under[j] == i] for i in shown}
    align = {i: "text-align:right;" if section.numeric[i] else "text-align:left;" for i in shown}
    parts.append('<table role="presentation" cellspacing="0" cellpadding="0" ')
    parts.append('style="border-collapse:collapse;width:100%;font-size:14px;">\n<tr>')
    for i in shown:
        smaller = " · ".join(escaped(section.headers[j]) for j in below[i])
        header = escaped(section.headers[i]) + (
            f'<br><span style="font-size:12px;">{smaller}</span>' if smaller else ""
        )
        parts.append(f'<th style="{cell}{align[i]}font-weight:600;color:{MUTED_COLOR};">{header}</th>')
    parts.append("</tr>\n")
    for row in section.rows:
        parts.append("<tr>")
        for i in shown:
            lines = [_piece(section, row, i)]
            smaller = " · ".join(_piece(section, row, j) for j in below[i] if row[j])
            if smaller:
                lines.append(f'<br><span style="font-size:12px;color:{MUTED_COLOR};">{smaller}</span>')
            parts.append(f'<td style="{cell}{align[i]}">{"".join(lines)}</td>')
        parts.append("</tr>\n")
    parts.append("</table>\n")
    if section.note:
        note = escaped(section.note)
        parts.append(f'<p style="margin:4px 0 0;font-size:12px;color:{MUTED_COLOR};">{note}</p>\n')
    return "".join(parts)


def _piece(section: Section, row: list[str], column: int) -> str:
    """A cell's text escaped: a figure or a period kept whole (``+3.90 pp``, ``2024-06``), a sparkline
    free to wrap between figures, a change in its colour."""
    text, header = row[column], section.headers[column]
    html_text = escaped(text)
    if header == "trend":  # a long one wraps in its cell, between any two figures, to fit a phone
        html_text = f'<span style="word-break:break-all;">{html_text}</span>'
    elif section.numeric[column] or header.endswith(("period", "latest")):
        html_text = f'<span style="white-space:nowrap;">{html_text}</span>'
    color = change_color(text) if section.signed[column] else ""
    return f'<span style="color:{color};">{html_text}</span>' if color else html_text


def html_page(title: str, lines: list[str], sections: list[Section]) -> str:
    """A whole page: `title` as its heading, `lines` as paragraphs under it, then the sections.

    Example:
        >>> page = html_page("Report <1>", ["Data: x.csv"], [])
        >>> page.startswith("<!DOCTYPE html>"), "<title>Report &lt;1&gt;</title>" in page
        (True, True)
    """
    body = [f'<h1 style="font-size:20px;margin:0 0 8px;">{escaped(title)}</h1>\n']
    body += [f'<p style="margin:2px 0;color:{MUTED_COLOR};">{escaped(line)}</p>\n' for line in lines]
    body += [html_table(section) for section in sections]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        f"<title>{escaped(title)}</title>\n</head>\n"
        f'<body style="margin:0;padding:12px;background:#ffffff;color:#1f2328;font-family:{FONT};">\n'
        '<div style="max-width:720px;margin:0 auto;">\n' + "".join(body) + "</div>\n</body>\n</html>\n"
    )


def frame_section(frame: pd.DataFrame | Rows, title: str, digits: int = 2) -> Section:
    """A result as a `Section`, rounded as the terminal table, with its footnote.

    Example:
        >>> from indcalc.formulas import Rows
        >>> frame_section(Rows(["indicator", "pct_change"], [["x", -1.5]]), "t").rows
        [['x', '-1.50%']]
    """
    from indcalc.render.cells import display, is_signed_column
    from indcalc.render.footnotes import footnote, undefined_notes

    columns, cells, numeric, _ = display(frame, digits)
    note = footnote(frame, columns, undefined_notes(frame))
    signed = [is_signed_column(c) for c in columns]
    return Section(title, columns, numeric, cells, signed, note=note)


def write_html(frame: pd.DataFrame | Rows, stream: IO[str], *, title: str = "", digits: int = 2) -> None:
    """A result as an HTML page of one table, rounded as the terminal table (for any command's
    ``--format html``).

    Example:
        >>> import io
        >>> from indcalc.formulas import Rows
        >>> out = io.StringIO()
        >>> write_html(Rows(["indicator", "pct_change"], [["<b>", -1.5]]), out, title="t")
        >>> 'text-align:left;">&lt;b&gt;</td>' in out.getvalue(), "<b>" in out.getvalue()
        (True, False)
    """
    stream.write(html_page(title or "indcalc", [], [frame_section(frame, title or "Result", digits)]))
