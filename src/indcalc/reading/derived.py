"""Columns that state figures derived from the levels: growth (比上年增长(%), 同比增长(%), YoY %) and the
single-period and year-to-date pair (当月 and 累计), named for what they are.

Statistical tables rarely hold levels alone: a yearbook gives ``2023年, 2024年, 比上年增长(%)``, a
monthly release ``当月, 累计`` and the growth of each. `relabel` renames such columns to the
``stated_*`` names below (`indcalc.schema.STATED_COLUMNS`), which `indcalc.building` carries into the
loaded frame, `indcalc.building.stated` checks against the levels (``indcalc validate``), and the
commands carry to their output as annotations of the figure's period (`indcalc.schema
.ANNOTATION_COLUMNS`: ``stated_growth_pct`` in yoy, ``to_stated_growth_pct`` in growth):

==============================  =========================================================================
column                          what the file states
==============================  =========================================================================
stated_growth_pct               growth of ``value`` on the same period a year earlier (比上年增长, 同比增长,
                                增速, growth (%), YoY %)
stated_real_growth_pct          growth at comparable prices (按可比价格计算, 实际增长, or any growth
                                under a note 增长速度按可比价格计算): carried, not checked, since the
                                levels are at current prices
stated_pop_growth_pct           growth of ``value`` on the period before (环比增长)
stated_year_end_growth_pct      growth of ``value`` on the end of the year before (比上年末增长)
stated_period_value             the single period's figure (当月, 本月, 本期) beside a year-to-date value
stated_period_growth_pct        growth of ``stated_period_value`` a year on (当月同比增长)
stated_ytd_value                the year-to-date figure (累计, 1-N月, YTD) beside a single-period value
stated_ytd_growth_pct           growth of ``stated_ytd_value`` a year on (累计增长)
stated_share_pct                share of the total, the nearest row above stating 100 (比重(%), 构成(%))
==============================  =========================================================================

A file with a year-to-date column but no value column is read as the year-to-date series (basis
``ytd``, the value is 累计), with the single period's figure beside it when there is one: the
combined January-February figure (``2024年1-2月``) is a year-to-date figure, so every row is one period,
and `indcalc ytd` gives the single periods back. A growth column with no prefix right after a level
column states that column's growth (``当月, 同比增长(%), 累计, 同比增长(%)``). indcalc's own output
columns (``yoy_pct``, ``pct_change``) are computed figures, not stated ones: read back, they are other
columns. In a wide table, each stated column is tagged (``stated_growth_pct@5:2024``) for
`indcalc.building.stated.attach` to give it its period column. A table of growth rates alone is
refused. This module imports no pandas.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from typing import TYPE_CHECKING

import pyarrow as pa

from indcalc.errors import InputError
from indcalc.reading.grid import _ALIASES, Grid, normal
from indcalc.reading.roles import Columns
from indcalc.schema import ANNOTATION_COLUMNS, FRAME_COLUMNS, first_listed

if TYPE_CHECKING:
    import pandas as pd

_PCT = r"(?:\s*[(（\[]?\s*%\s*[)）\]]?)?"
_YEAR = r"(?:\d{4}\s*年?\s*)?"
_ON_LAST_YEAR = (
    r"(?:比上年同期|比去年同期|比上年同月|比去年同月|比上年同季|比上年|比去年|较上年|较上年同期|同比)"
)
_NOTE = r"(?:\s*[(（][^()（）%]*[)）])?"  # (按可比价格计算)
_GROWTH = r"(?:增长率|增长速度|增长|增速|增减率|增减\s*[(（]?±[)）]?|增减|增幅|±)"
_PERIOD = r"(?:当月|本月|当期|本期|当季|本季|当月值|当期值|本月值|this month|current month|this period)"
_YTD = (
    r"(?:累计|本年累计|累计值|本年累计值|自年初累计|1\s*[-~—–至到]\s*\d{1,2}\s*月(?:累计)?"
    r"|ytd|year[- ]to[- ]date|cumulative)"
)
_NAMES = (  # (pattern of a normalised header, role); the first that matches
    (rf"^{_YEAR}(?:比上年末|较上年末|比年初)(?:增长|增减|增幅)?(?:率)?{_PCT}$", "stated_year_end_growth_pct"),
    (rf"^{_YEAR}环比(?:{_GROWTH})?{_PCT}$", "stated_pop_growth_pct"),
    (rf"^(?:{_PERIOD})\s*{_ON_LAST_YEAR}?(?:{_GROWTH}){_PCT}$", "stated_period_growth_pct"),
    (rf"^(?:{_PERIOD})\s*(?:同比|yoy){_PCT}$", "stated_period_growth_pct"),
    (rf"^(?:{_YTD})\s*{_ON_LAST_YEAR}?(?:{_GROWTH}){_PCT}$", "stated_ytd_growth_pct"),
    (rf"^(?:{_YTD})\s*(?:同比|yoy|growth){_PCT}$", "stated_ytd_growth_pct"),
    (rf"^{_YEAR}{_ON_LAST_YEAR}(?:名义|实际)?{_GROWTH}?{_PCT}{_NOTE}$", "growth"),
    (rf"^{_GROWTH}{_PCT}$", "growth"),
    (rf"^{_YEAR}(?:yoy|y/y|year[- ]on[- ]year)\s*(?:growth|change)?\s*(?:\(%\)|%)?$", "growth"),
    (rf"^{_YEAR}(?:growth|growth rate|% change|change)\s*(?:\(%\)|%)$", "growth"),
    (rf"^{_YEAR}% change$", "growth"),
    (rf"^{_YEAR}(?:比重|构成|占比|所占比重|share|share of total|% of total){_PCT}$", "stated_share_pct"),
    (rf"^{_PERIOD}(?:\s*[(（][^()（）]*[)）])?$", "stated_period_value"),
    (rf"^{_YTD}(?:\s*[(（][^()（）]*[)）])?$", "stated_ytd_value"),
)
_GROWTH_OF = {"stated_period_value": "stated_period_growth_pct", "stated_ytd_value": "stated_growth_pct"}


@functools.cache
def _compiled() -> list[tuple[re.Pattern[str], str]]:
    """`_NAMES` compiled, on first use: a file whose every column is named as indcalc's are (entity,
    地区, value, ...) never looks them up, and compiling them took 5 ms of every load."""
    return [(re.compile(pattern), role) for pattern, role in _NAMES]


_REAL = re.compile(r"可比价|不变价|实际|real|constant price")
# a 注 line saying every growth is real (增长速度按可比价格计算), not one indicator's (地区生产总值增速按...)
_REAL_NOTE = re.compile(
    r"(?:^|[注:：，,。;；])\s*(?:增长速度|增速|发展速度|增长率)(?:均|都)?按(?:可比价|不变价)"
    r"|(?:^|[:.;])\s*growth (?:rates? )?(?:is |are )?(?:calculated )?at (?:comparable|constant) prices",
    re.IGNORECASE,
)
_YEAR_OF = re.compile(r"^(\d{4})\s*年?")
_UNIT = re.compile(r"[(（](?P<unit>[^()（）%]+)[)）]\s*$")


def stated_role(name: str) -> str:
    """The role of a header cell among the stated columns ("growth" for one whose level is found by
    position), or "".

    Example:
        >>> [stated_role(n) for n in ("比上年增长(%)", "当月", "1-3月", "YoY %", "国内生产总值")]
        ['growth', 'stated_period_value', 'stated_ytd_value', 'growth', '']
    """
    text = normal(name)
    return next((role for pattern, role in _compiled() if pattern.match(text)), "")


def relabel(grid: Grid, columns: Columns | None = None) -> Grid:
    """The grid with its stated columns renamed (module doc); those the user gives a role (`columns`:
    ``--value-col`` and the others) keep their names.

    A year-to-date column with no value column (and no ``--value-col``) is the value, with the
    single-period column, if any, beside it; a basis column (累计) is added unless the file has one, and
    a unit column from the value's name (``累计(亿元)``) unless the file has one.

    Example:
        >>> grid = Grid("a.csv", ["指标", "时间", "当月", "累计(亿元)"], 1, None, None)
        >>> relabel(grid).header
        ['指标', '时间', 'stated_period_value', 'value', 'basis', 'unit']
    """
    columns = columns or Columns()
    given = {
        normal(c)
        for c in (columns.period, columns.value, columns.unit, *columns.entity, *columns.indicator)
        if c
    }
    names = [normal(h) for h in grid.header]
    own = [_ALIASES.get(n) for n in names]
    roles = ["" if role or n in given else stated_role(n) for n, role in zip(names, own, strict=True)]
    if not any(roles):
        return grid
    levels = {"value", "stated_period_value", "stated_ytd_value"}
    growth_only = all(o or r for o, r in zip(own, roles, strict=True)) and not levels & {*roles}
    if growth_only and "period" in own and "value" not in own and columns.value is None:
        stated = ", ".join(repr(h.strip()) for h, r in zip(grid.header, roles, strict=True) if r)
        raise InputError(
            f"a table of growth rates with no levels ({stated}) cannot be checked or computed from: indcalc "
            "reads levels (a value column, 当月 or 累计 figures, or periods as column names) and their "
            "growth beside them",
            path=grid.name,
            line=grid.header_line,
        )
    header = list(grid.header)
    ytd_is_value = "stated_ytd_value" in roles and "value" not in own and columns.value is None
    for i, role in enumerate(roles):
        if role == "growth":  # right after a level: that level's growth
            before = roles[i - 1] if i else ""
            role = _GROWTH_OF.get(before, "stated_growth_pct")
            if before == "stated_ytd_value" and not ytd_is_value:
                role = "stated_ytd_growth_pct"
            roles[i] = "stated_real_growth_pct" if _REAL.search(names[i]) else role
    added: dict[str, str] = {}
    if ytd_is_value and "period" in own:
        grid = _ytd_quarters(grid, own.index("period"))
    if ytd_is_value:
        ytd_at = roles.index("stated_ytd_value")
        roles = ["stated_growth_pct" if r == "stated_ytd_growth_pct" else r for r in roles]
        roles[ytd_at] = "value"
        if "basis" not in own:
            added["basis"] = "累计"
        unit = _UNIT.search(grid.header[ytd_at])
        if unit and "unit" not in own:
            added["unit"] = unit["unit"].strip()
    real = next((s for s in grid.skipped if _REAL_NOTE.search(s.first_text)), None)
    if real and "stated_growth_pct" in roles:  # 注：增长速度按可比价格计算
        roles = ["stated_real_growth_pct" if r == "stated_growth_pct" else r for r in roles]
        text = real.first_text.strip()
        grid = replace(
            grid,
            remarks=(
                *grid.remarks,
                f"{grid.name}: the stated growth is at comparable prices ({text!r}, line {real.lines[0]}), "
                "not checked against levels at current prices",
            ),
        )
    wide = "period" not in own and columns.period is None
    for i, role in enumerate(roles):
        year = _YEAR_OF.match(names[i]) if wide else None
        if role and role not in header and not year:
            header[i] = role
        elif role and wide:  # tagged: `indcalc.building.stated.attach` gives each its period column
            header[i] = f"{role}@{i}" + (f":{year[1]}" if year else "")
        # in a long table, a second column of one role keeps its name
    return _with_columns(grid, header, added)


_QUARTER_END = r"1\s*[-~—–至到]\s*(?:3|6|9|12)\s*月份?\s*$"


def _ytd_quarters(grid: Grid, field: int) -> Grid:
    """The grid with the period column of a year-to-date table (当季 beside 累计) read as quarters to
    date where NBS writes them so: 上半年 is the year to Q2 (not a half-year), 全年 to Q4, and
    ``1-3月, 1-6月, 1-9月, 1-12月`` (every one a quarter's end) are 1-1季度 ... 1-4季度."""
    import pyarrow.compute as pc

    source = grid.table

    def table(value_field: int | None) -> pa.Table:
        found = source(value_field)
        cells = pc.cast(found.column(field), pa.string())
        cells = pc.replace_substring(pc.replace_substring(cells, "上半年", "1-2季度"), "全年", "1-4季度")
        quarterly = pc.or_(
            pc.match_substring_regex(cells, _QUARTER_END), pc.equal(pc.utf8_trim_whitespace(cells), "")
        )
        if pc.all(quarterly).as_py() and pc.any(pc.match_substring_regex(cells, _QUARTER_END)).as_py():
            for month, quarter in ((3, 1), (6, 2), (9, 3), (12, 4)):
                cells = pc.replace_substring_regex(
                    cells, rf"1\s*[-~—–至到]\s*{month}\s*月份?", f"1-{quarter}季度"
                )
        return found.set_column(field, found.column_names[field], cells)

    return replace(grid, table=table)


def _with_columns(grid: Grid, header: list[str], added: dict[str, str]) -> Grid:
    """The grid with a new header and constant columns `added` (name -> text) after the file's."""
    if not added:
        return replace(grid, header=header)
    source = grid.table
    width = len(grid.header)

    def table(value_field: int | None) -> pa.Table:
        found = source(value_field)
        for k, text in enumerate(added.values()):
            found = found.append_column(
                f"f{width + k}", pa.repeat(pa.scalar(text, pa.string()), found.num_rows)
            )
        return found

    origin = grid.origin or tuple(range(width))
    return replace(grid, header=[*header, *added], table=table, origin=(*origin, *(None,) * len(added)))


def unused_note(frame: pd.DataFrame) -> str | None:
    """The note naming the file's columns that no command uses, None when there are none: those kept
    in the loaded frame as they are, and those reading left out (`indcalc.reading.grid.Grid.left_out`).

    Example:
        >>> import pandas as pd
        >>> frame = pd.DataFrame(columns=["indicator", "period", "value", "stated_growth_pct", "note"])
        >>> frame.attrs["left_out"] = ("ISO",)
        >>> print(unused_note(frame))
        indcalc: note: not used by the commands: 'note' (kept in the loaded frame); 'ISO' (left out when read)
    """
    kept = [c for c in frame.columns if c not in FRAME_COLUMNS and c not in ANNOTATION_COLUMNS]
    left_out = frame.attrs.get("left_out", ())
    said = [
        f"{', '.join(map(repr, names))} ({where})"
        for names, where in ((kept, "kept in the loaded frame"), (left_out, "left out when read"))
        if names
    ]
    return f"indcalc: note: not used by the commands: {'; '.join(said)}" if said else None


def without_figures_note(frame: pd.DataFrame, shown: int = 5) -> str | None:
    """The note naming the series whose value cells are all empty (or missing-value marks), which no
    command shows since the loaded frame holds only figures; None when there are none. Such a row of a
    wide table may be a heading (a yearbook's ``一、综合``), and the note says so.

    Example:
        >>> import pandas as pd
        >>> frame = pd.DataFrame()
        >>> frame.attrs["without_figures"] = (("CPI", "A / PPI"), False)
        >>> note = without_figures_note(frame)
        >>> note.startswith("indcalc: note: 2 series have"), note.endswith("them: 'CPI', 'A / PPI'")
        (True, True)
    """
    names, wide = frame.attrs.get("without_figures", ((), False))
    if not names:
        return None
    listed = first_listed([repr(name) for name in names], shown)
    one = len(names) == 1
    cells = "every value cell empty or a missing-value mark"
    rows = f"{len(names):,} row{'s' * (not one)} of the table"
    subject = (
        f"{rows} {'has' if one else 'have'} no figures (a heading, or a series with {cells})"
        if wide
        else f"{len(names):,} series {'has' if one else 'have'} no figures ({cells})"
    )
    return f"indcalc: note: {subject}, so no command shows {'it' if one else 'them'}: {listed}"
