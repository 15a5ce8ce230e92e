"""The margins of a published table: metadata or title lines above its header, notes below its rows.

Statistical agencies put lines around the table they publish: ``数据库：年度数据`` and ``时间：最近10年``
above an NBS export, ``"Data Source","World Development Indicators",`` above a World Bank file, a
merged title row above a yearbook table; ``注：...``, ``数据来源：...``, ``Source: ...``, the IMF's
``International Monetary Fund, World Economic Outlook Database, April 2024`` or a GENESIS ``Quelle:``
block below it. Both are found by the same general rules, on the first and last records only (the
rows in between are never looked at one by one):

- the header is the first record with at least two named cells and at least 60% as many filled
  cells as the widest of the first records, and as wide as most of those, when every record above it
  has fewer (two at most in a narrow table: a title, a ``key: value`` line, the e-Stat API's
  ``"STAT_NAME","00200524","人口推計"``) and no one-cell ``key: value`` line follows it before the
  table's rows (FRED's Excel download: ``INDPRO``, ``Industrial Production...``, ``Frequency: Monthly``,
  then the header); else the first record;
- the footer is the trailing block of records with one filled cell at most, from the first of them
  that is a note (it starts with a mark such as ``注`` or ``Source``) or is shorter than the header
  (a note line in a delimited file has one field).

This module needs neither pandas nor numpy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indcalc.errors import InputError
from indcalc.reading.fields import clipped
from indcalc.reading.grid import _ALIASES, normal

#: How many records at the top (and bottom) of a file are looked at for its margins.
SCANNED = 64
#: How a note line below a table starts (case-folded, after spaces; NFKC is not applied).
NOTE_MARKS = (
    "注",
    "註",
    "说明",
    "数据来源",
    "资料来源",
    "来源",
    "source",
    "sources",
    "note",
    "notes",
    "footnote",
    "quelle",
    "anmerkung",
    "nota",
    "fuente",
    "fonte",
    "stand:",
    "©",
    "(c)",
    "international monetary fund",
    "_",
    "*",
)
_NUMBERED = re.compile(
    r"^[\s\u3000]*(?:\(\d{1,2}\)|（\d{1,2}）|\[\d{1,2}\]|[\u2460-\u2473])"
)  # (1) （1） [1] ①
_NOTE = re.compile(
    r"^[\s\u3000]*(?:" + "|".join(re.escape(m) for m in NOTE_MARKS) + ")|" + _NUMBERED.pattern[1:],
    re.IGNORECASE,
)
_LABEL = re.compile(  # a word and a colon, a number between them or not (注1：)
    r"^[\s\u3000]*(?:" + "|".join(re.escape(m) for m in NOTE_MARKS if m.isalpha()) + r")\s*\d*\s*[:：]",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^[-+−]?[\d,.\s]*\d[\d,.\s]*%?$")


def is_label(text: str) -> bool:
    """Whether a cell starts with a note mark written as a label: a word and a colon. A line below a
    table that starts so is a note whatever its width (`footer_start`).

    Example:
        >>> is_label("Source: Eurostat"), is_label(" 注：1.按当年价格"), is_label("Notebooks")
        (True, True, False)
    """
    return bool(_LABEL.match(text))


def filled(record: list[str]) -> int:
    """How many cells of a record hold something besides spaces.

    Example:
        >>> filled(["数据库：年度数据", "", " "]), filled(["a", "b"])
        (1, 2)
    """
    return sum(1 for cell in record if cell.strip())


def header_index(first: list[list[str]]) -> int:
    """Which of the first records (`first`, blank ones included or not) is the header (module doc).

    Example:
        >>> header_index([["数据库：年度"], ["时间：近5年"], ["指标", "2023年", "2022年"], ["G", "1", "2"]])
        2
        >>> header_index([["Source", "WDI", ""], [], ["Country", "Code", "1960", "61"], ["C", "C", "1", "2"]])
        2
        >>> header_index([["indicator", "period", "value"], ["x", "2024", "1"]])
        0
        >>> meta = [["RESULT"], ["STATUS", "0"], ["STAT_NAME", "00200524", "人口推計"], ["VALUE"]]
        >>> fred = [["FRED Graph Observations", ""], ["INDPRO", "Industrial Production: Total Index"]]
        >>> header_index([*fred, ["Frequency: Monthly", ""], ["observation_date", "INDPRO"], ["2024", "1"]])
        3
        >>> header = ["tab_code", "表章項目", "area_code", "地域", "time_code", "unit", "value"]
        >>> header_index([*meta, header, ["020", "人口", "01000", "北海道", "2021000000", "千人", "5200"]])
        4
        >>> header_index([["地区", "2023年"], ["北京", "1"], ["注：a", "b", "c", "d", "e", "f", "g"]])
        0
    """
    # a line that starts with a note's label (`is_label`) is no header, however many cells a comma gave it
    counts = [0 if is_label(next((c for c in r if c.strip()), "")) else filled(r) for r in first]
    widest = max(counts, default=0)
    needed = max(2, -(-widest * 3 // 5))
    lengths = [len(r) for r, count in zip(first, counts, strict=True) if count >= needed]
    usual = max(lengths, key=lengths.count) if lengths else 0  # the table's width (its rows' most common)
    for index, count in enumerate(counts):
        if count >= needed and len(first[index]) == usual and not _stated_below(first[index + 1 :], needed):
            return index if all(c < max(3, needed) for c in counts[:index]) else 0
    return 0


def _stated_below(below: list[list[str]], needed: int) -> bool:
    """Whether a ``key: value`` line of one cell follows (before the next record with `needed` filled
    cells): then the record above it is metadata too (FRED's Excel download: a line ``INDPRO``,
    ``Industrial Production: ...``, then ``Frequency: Monthly``, then the header)."""
    for record in below:
        count = filled(record)
        if count >= needed:
            return False
        if count == 1 and _KEY_VALUE.match(next(c for c in record if c.strip())):
            return True
    return False


def header_at(name: str, first: list[tuple[int, list[str]]], header_row: int | None) -> int:
    """Which of the first (line, fields) records of file `name` is its header: the one on line
    `header_row` (the user's ``header_row``), else as `header_index` finds.

    Raises:
        InputError: line `header_row` is blank or past the end of the file.
    """
    if header_row is None:
        return header_index([fields for _, fields in first])
    for index, (line, fields) in enumerate(first):
        if line == header_row and filled(fields):
            return index
    last = first[-1][0] if first else 0
    where = f"line {header_row} is blank" if header_row <= last else f"the table ends on line {last}"
    raise InputError(f"no header on line {header_row}: {where}", path=name, line=header_row)


def is_note(record: list[str]) -> bool:
    """Whether a record is a note line: one filled cell at most, starting with a note mark.

    Example:
        >>> is_note(["注：1.按当年价格计算。", ""]), is_note(["Source: Eurostat"]), is_note(["GDP", "1"])
        (True, True, False)
        >>> is_note(["(1) Provisional"]), is_note(["①按可比价格计算"])
        (True, True)
    """
    return filled(record) <= 1 and bool(_NOTE.match(next((c for c in record if c.strip()), "")))


def footer_start(last: list[list[str]], width: int) -> int:
    """Where the footer starts among the last records `last` (their count when there is none), for a
    header of `width` cells (module doc).

    A line that starts with a note mark and has fewer cells than the header is a note however many
    of them are filled: a comma in it split it (``Source: Banque de France, 2024``). So is one whose
    mark is a label (`is_label`: ``Source:``, ``注：``), whatever its width: split into as many cells as
    the header has or more, or padded with empty cells to its width (``Source: Banque de France,
    2024,,``). A last data row that starts with a mark's word but no label (``Notebooks,sales,2024,``)
    stays data, and so does a numbered one with figures (``①农业,100``: a yearbook's item). A sentence
    alone in the first cell, padded to the width, is a note too.

    Example:
        >>> rows = [["GDP", "1", "2"], ["注：1.按当年价格。"], ["　　　2.不含港澳。"], ["数据来源：NBS"]]
        >>> footer_start(rows, 3), footer_start(rows[:1], 3), footer_start([["2024-01-01", ""]], 2)
        (1, 1, 1)
        >>> footer_start([["GDP", "1", "2"], ["Source: NBS", " 2024"]], 3)
        1
        >>> footer_start([["GDP", "1", "2"], ["Source: NBS", " 2024", ""]], 3)
        1
        >>> footer_start([["GDP", "1", "2"], ["Notebooks", "2024", ""]], 3)
        2
        >>> footer_start([["GDP", "1", "2"], ["Source: Banque de France", " 2023", " 2024"]], 3)
        1
        >>> footer_start([["GDP", "1", "2"], ["①农业", "100"]], 3)
        2
        >>> footer_start([["GDP", "1", "2"], ["(1) Provisional", " subject to revision"]], 3)
        1
        >>> footer_start([["GDP", "1", "2"], ["Figures for 2024\\nare provisional", "", ""]], 3)
        1
    """

    def split_note(record: list[str]) -> bool:
        text = next((c for c in record if c.strip()), "")
        if is_label(text):
            return True
        if _NUMBERED.match(text) and any(_NUMBER.match(c.strip()) for c in record[1:]):
            return False  # a yearbook's numbered item with its figures (①农业,100)
        return len(record) < width and bool(_NOTE.match(text))

    def sentence(record: list[str]) -> bool:  # one filled cell, the first: a note padded to the width
        text = record[0].strip() if record else ""
        return filled(record) == 1 and any(c.isalpha() for c in text) and any(c.isspace() for c in text)

    start = len(last)
    while start and (filled(last[start - 1]) <= 1 or split_note(last[start - 1])):
        start -= 1
    for index in range(start, len(last)):
        record = last[index]
        text = next((c for c in record if c.strip()), "")
        if (
            is_note(record)
            or split_note(record)
            or (width >= 2 and len(record) < width and any(c.isalpha() for c in text))
            or (width >= 2 and sentence(record))
        ):
            return index
    return len(last)


@dataclass(frozen=True)
class Skipped:
    """Lines skipped around a table: which, and the first one's text, for the note on stderr."""

    where: str  # "above the header" or "below the table"
    lines: list[int]
    first_text: str
    stated: tuple[tuple[str, str], ...] = ()  # (role, text) the lines name (`stated_roles`)

    @classmethod
    def of(cls, where: str, records: list[tuple[int, list[str]]], delimiter: str = "") -> Skipped:
        """The skipped (line, fields) `records` that hold something; the first one's text as written
        in a CSV of `delimiter` (its cells joined by it again, less the empty ones at either end:
        ``Table 1; GDP`` is not ``Table 1, GDP``), a sheet's or a TSV's filled cells joined by commas
        (a tab shows in no quote).

        Example:
            >>> Skipped.of(ABOVE, [(1, ["Table 1", " GDP by region", "", ""])], ";").first_text
            'Table 1; GDP by region'
            >>> Skipped.of(ABOVE, [(1, ["", "Table 1", "", "GDP"])]).first_text
            'Table 1, GDP'
        """
        kept = [(line, fields) for line, fields in records if filled(fields)]
        first = ""
        if kept and delimiter and delimiter != "\t":
            cells = kept[0][1]
            at = [i for i, c in enumerate(cells) if c.strip()]
            first = delimiter.join(cells[at[0] : at[-1] + 1]).strip()
        elif kept:
            first = ", ".join(c.strip() for c in kept[0][1] if c.strip())
        stated = stated_roles([fields for _, fields in kept]) if where == ABOVE else ()
        return cls(where, [line for line, _ in kept], first, stated)

    def said(self) -> str:
        """How the skipped lines are named in the note (`skipped_note`), empty when there are none."""
        if not self.lines:
            return ""
        count = len(self.lines)
        kind = "metadata" if self.where == ABOVE else "footnote"
        span = f"line {self.lines[0]}" if count == 1 else f"lines {spans(self.lines)}"
        shown = clipped(self.first_text)
        return f"{count} {kind} line{'s' * (count > 1)} {self.where} ({span}: {shown!r})"


ABOVE, BELOW = "above the header", "below the table"
#: A metadata line ``key：value`` (full-width or ASCII colon), its key short.
_KEY_VALUE = re.compile(r"^\s*([^：:]{1,24}?)\s*[：:]\s*(\S.*?)\s*$")
#: The roles a metadata line above the header may state for every row (by its key, a column name).
STATED_ROLES = ("entity", "indicator", "unit")


def stated_roles(records: list[list[str]]) -> tuple[tuple[str, str], ...]:
    """The (role, text) that metadata lines above a header state for every row of the table: a line of
    one filled cell ``key：value`` whose key names a column of that role (`indcalc.reading.grid.
    COLUMN_ALIASES`), as NBS's regional export names its indicator and unit: ``指标：地区生产总值(亿元)``.
    The first line for each role counts.

    Example:
        >>> stated_roles([["数据库：分省年度数据"], ["指标：地区生产总值(亿元)"], ["时间：最近5年"]])
        (('indicator', '地区生产总值(亿元)'),)
        >>> stated_roles([["Unit: million EUR", ""], ["Source", "WDI"]])
        (('unit', 'million EUR'),)
    """
    found: dict[str, str] = {}
    for record in records:
        cells = [c for c in record if c.strip()]
        match = _KEY_VALUE.match(cells[0]) if len(cells) == 1 else None
        role = _ALIASES.get(normal(match.group(1))) if match else None
        if role in STATED_ROLES and role not in found:
            found[role] = match.group(2)
    return tuple(found.items())


#: Publishers' layouts known by the first line above their header (`publisher_of`): a small table.
MARGIN_SIGNS = (
    ("NBS export (data.stats.gov.cn)", re.compile(r"^(?:数据库|數據庫)[：:]")),
    (
        "statistical yearbook table",
        re.compile(r"^(?:表\s*)?[0-9０-９]{1,2}\s*[-—–－]\s*[0-9０-９]{1,3}\s*\S"),
    ),
)


def spans(lines: list[int]) -> str:
    """Line numbers in order as runs (the blank lines between skipped ones are not theirs).

    Example:
        >>> spans([1, 2, 3]), spans([1, 3]), spans([1, 2, 3, 4, 5, 6, 8, 10])
        ('1-3', '1, 3', '1-6, 8, 10')
    """
    runs: list[list[int]] = []
    for line in lines:
        if runs and line == runs[-1][-1] + 1:
            runs[-1].append(line)
        else:
            runs.append([line])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs)


def skipped_note(name: str, skipped: tuple[Skipped, ...]) -> str:
    """The one note on stderr (`indcalc.errors.IndcalcNote`) of the lines file `name` had around its
    table, empty when none.

    Example:
        >>> skipped_note("a.csv", (Skipped(ABOVE, [1, 2], "数据库：年度数据"), Skipped(BELOW, [9], "注")))
        ... # doctest: +NORMALIZE_WHITESPACE
        "a.csv: skipped 2 metadata lines above the header (lines 1-2: '数据库：年度数据')
        and 1 footnote line below the table (line 9: '注')"
    """
    said = [s.said() for s in skipped if s.lines]
    return f"{name}: skipped {' and '.join(said)}" if said else ""


def publisher_of(skipped: tuple[Skipped, ...]) -> str:
    """The publisher's layout the lines above the header show (`MARGIN_SIGNS`), else empty.

    Example:
        >>> publisher_of((Skipped(ABOVE, [1], "2-1 全市国民经济主要指标"),))
        'statistical yearbook table'
        >>> publisher_of((Skipped(ABOVE, [1], "表2-1  全市国民经济主要指标"),))
        'statistical yearbook table'
    """
    first = next((s.first_text for s in skipped if s.where == ABOVE and s.lines), "")
    return next((name for name, sign in MARGIN_SIGNS if sign.match(first)), "")
