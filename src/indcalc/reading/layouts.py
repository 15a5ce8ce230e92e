"""Publishers' layouts: a grid's columns given their roles, whatever the publisher calls them.

indcalc's own layouts (`indcalc.reading.grid.COLUMN_ALIASES`) pass through untouched. Any other grid
is brought to them column by column (never row by row), by general rules and a small table of the
names publishers give their columns (`indcalc.reading.roles`):

- a file with no header row whose first column names what the cells beside it say of each series
  (ONS ``Title``, ``CDID``, ``Unit``; INSEE ``Libellé``, ``idBank``), then holds the periods: one row
  per period and series, the indicator, unit, code and flags from those rows
  (`indcalc.reading.keyed`); and INSEE's series as rows (``Libellé``, ``idBank``, ..., the periods;
  a ``Codes`` row below each series' row), read the same way;
- header cells ``CODE:Label`` or ``CODE: Label`` (SDMX-CSV ``labels=both``) are read as ``CODE``, and
  cells ``c: label`` as ``c`` (but a unit whose label says ``Per cent``); a column named like a label
  (``Reference area``) right after a code column (``REF_AREA``) is its label and is left out;
- a first column named ``a,b,c\\TIME_PERIOD`` (Eurostat TSV) is split into its dimensions;
- with no indicator column, the series key's dimensions but the frequency are the indicator
  (``USD.EUR.SP00.A``; Statistics Canada's member columns joined by ``, ``): `indcalc.reading.keys`;
- a column named after another one and ``コード`` or ``code`` (e-Stat's ``地域 コード`` beside ``地域``)
  holds the codes of that column's labels and is left out;
- a ``year`` and a ``period`` column (BLS: ``M01``..``M12``, ``Q01``..``Q04``, ``A01``) make one
  period; ``M13`` and ``Q05``, annual averages, are left out (said on stderr);
- a period column with no value and no indicator column (FRED, NBS exports turned round): each other
  column is a series named by its header;
- ISO dates (``2024-01-01``, ``2024-03-31``) become months, quarters or years by the spacing of each
  series' dates;
- a unit in the name's trailing parentheses (``国内生产总值(亿元)``, ``GDP (current US$)``) becomes the
  unit when there is no unit column (not a base such as ``(上年同月=100)``); a scale column (IMF
  ``Scale``, SDMX ``UNIT_MULT``) is carried into the unit (``billion U.S. dollars``);
- several entity or indicator columns are joined (``--entity-col A B``); dimensions that are neither
  (``freq``, ``ADJUSTMENT``) keep two series apart when they would share a name: the indicator then
  names the dimensions that differ (``B1GQ [CLV_PCH_PRE]``);
- with a ``;`` delimiter, decimal commas are read (``1.234,5``).

Columns that state growth or a year-to-date figure (比上年增长(%), 当月 and 累计) are renamed first
(`indcalc.reading.derived`).

Flags beside the values (``12.3 p``) and missing markers (``:``, ``n/a``) are read by
`indcalc.building`, whatever the layout.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from indcalc.errors import InputError
from indcalc.reading.cell_forms import (
    DATE,
    DECIMAL_COMMA,
    MONTH_DATE,
    SCALES,
    UNIT_IN_NAME,
    decimal_commas,
    matches,
)
from indcalc.reading.derived import relabel
from indcalc.reading.grid import _ALIASES, Grid, normal
from indcalc.reading.keyed import KeyedRows, key_rows, opens, series_as_rows
from indcalc.reading.keys import Keys
from indcalc.reading.margins import publisher_of
from indcalc.reading.roles import PUBLISHERS, ROLES, SCALE_WORDS, Columns, legacy_fred


def recognise(grid: Grid, columns: Columns) -> tuple[Grid, str]:
    """The grid in indcalc's own layout, and the name of the layout it was read as.

    Example:
        >>> import io
        >>> from indcalc.reading.csv import csv_grid
        >>> from indcalc.reading.sources import read_source
        >>> data = io.BytesIO(b"observation_date,INDPRO\\n2024-01-01,102.5\\n")
        >>> grid = csv_grid(read_source(data), None, None)
        >>> shaped, layout = recognise(grid, Columns())
        >>> layout, shaped.header
        ('FRED', ['period', 'indicator', 'value'])
    """
    if series_as_rows(grid.header) or _keyed(grid):  # before `relabel`: a series' name is no column name
        return _Reshaped.of(grid, columns, _decimal_comma(grid, grid.table(None))).grid()
    grid = relabel(grid, columns)  # stated growth, 当月 and 累计 (`indcalc.reading.derived`)
    names = [normal(h) for h in grid.header]
    roles = [_ALIASES.get(n) for n in names]
    # The table as `indcalc.reading.inspect` parses it next (so parsed once): a long one's value as
    # float64 when it is all plain numbers, its other columns dictionary-encoded.
    table = grid.table(roles.index("value") if "value" in roles else None)
    decimal_comma = _decimal_comma(grid, table)
    if not columns.given and not decimal_comma and _own(grid, roles, table):
        return grid, publisher_of(grid.skipped) or (
            "indcalc long table" if "value" in roles else "indcalc table"
        )
    return _Reshaped.of(grid, columns, decimal_comma).grid()


def _decimal_comma(grid: Grid, table: pa.Table) -> bool:
    """Whether the grid's numbers are written with decimal commas (``1.234,5``, in a ``;`` file)."""
    return grid.delimiter == ";" and any(matches(c, DECIMAL_COMMA) for c in table.columns)


def _keyed(grid: Grid) -> bool:
    """Whether the grid's series are described in rows above their figures (`indcalc.reading.keyed`);
    the grid is parsed as text to know only when its first cell is such a row's key."""
    if not opens(grid.header):
        return False
    import pyarrow.compute as pc

    table = grid.table(None)
    return (
        bool(table.num_columns)
        and key_rows(grid.header, pc.utf8_trim_whitespace(table.column(0))) is not None
    )


def _own(grid: Grid, roles: list[str | None], table: pa.Table) -> bool:
    """Whether the grid is in indcalc's own layout with nothing for this module to do."""
    used = [r for r in roles if r]
    names = [normal(h) for h in grid.header]
    if len(used) != len(set(used)) or "\\" in grid.header[0] or any(n in ROLES for n in names):
        return False
    if any(role not in used for s in grid.skipped for role, _ in s.stated):
        return False  # a metadata line names a role the table has no column for
    if "period" in used and "value" not in used:
        return False  # periods as rows
    named = roles.index("indicator") if "indicator" in used else _unnamed_names(grid.header, used)
    if "unit" not in used and named is not None and matches(table.column(named), UNIT_IN_NAME):
        return False
    return not ("period" in used and "value" in used and matches(table.column(roles.index("period")), DATE))


def _unnamed_names(header: list[str], used: list[str | None]) -> int | None:
    """The column of a wide table's indicator names when the header leaves it unnamed (GENESIS:
    ``;;2021;2022``): its first column, blank, when no column has the indicator, period or value role.

    Example:
        >>> _unnamed_names(["", "", "2021"], [None, None, None]), _unnamed_names(["x", "2021"], [None, None])
        (0, None)
    """
    wide = not {"indicator", "period", "value"} & set(used)
    return 0 if wide and header and not header[0].strip() else None


class _Reshaped(Keys, KeyedRows):
    """The columns of a grid being brought to indcalc's layout: (name, cells) pairs, all text."""

    def __init__(self, grid: Grid, header: list[str], cells: list[pa.ChunkedArray]) -> None:
        self.source = grid
        self.header = header
        self.cells = cells
        self.origin: list[int | None] = list(range(len(header)))  # the file's field of each column
        self.rows: pa.Array | None = None  # the source row of each row, when rows were left out
        self.layout = ""
        self.dimensions: list[str] = []
        self.notes: list[str] = list(grid.notes)
        self.left_out: list[str] = []  # the file's columns not read (`Grid.left_out`)

    @classmethod
    def of(cls, grid: Grid, columns: Columns, decimal_comma: bool) -> _Reshaped:
        import pyarrow.compute as pc

        table = grid.table(None)
        shaped = cls(
            grid, [h.strip() for h in grid.header], [pc.utf8_trim_whitespace(c) for c in table.columns]
        )
        if not (shaped.series_rows() or shaped.keyed_rows()):
            shaped.split_codes()
            shaped.split_key()
            shaped.drop_labels()
            shaped.drop_codes(columns)
        publisher = next((name for name, signs in PUBLISHERS if signs <= set(map(normal, shaped.header))), "")
        publisher = publisher or ("FRED" if legacy_fred(shaped.header) else publisher_of(grid.skipped))
        shaped.roles(columns)
        shaped.stated_roles()
        shaped.layout = (
            f"{publisher} ({shaped.layout})" if publisher and shaped.layout else publisher or shaped.layout
        )
        shaped.pair_year_period()
        shaped.tidy(columns, decimal_comma)
        return shaped

    def column(self, name: str) -> pa.ChunkedArray | None:
        return self.cells[self.header.index(name)] if name in self.header else None

    def roles(self, columns: Columns) -> None:
        """Each column renamed to its role: as the user says, else by indcalc's own names, else by
        `ROLE_NAMES` (a role found in one of these is not looked for in the next); several entity or
        indicator columns joined (``a, b``); in a long table, columns before the value that have no
        role are dimensions of the series (SDMX-CSV), which make the indicator when no column names
        one (`Keys.key_indicator`)."""
        import pyarrow.compute as pc

        names = [normal(h) for h in self.header]
        role: dict[int, str] = {}
        given = [("period", columns.period), ("value", columns.value), ("unit", columns.unit)]
        given += [("entity", c) for c in columns.entity] + [("indicator", c) for c in columns.indicator]
        for name, column in given:
            if column is None:
                continue
            if normal(column) not in names:
                shown = ", ".join(repr(h) for h in self.header)
                raise InputError(
                    f"no column {column!r} to read the {name} from; the header has {shown}",
                    path=self.source.name,
                    line=self.source.header_line,
                )
            role[names.index(normal(column))] = name
        for lookup in (_ALIASES, ROLES):
            before = set(role.values())
            for i, name in enumerate(names):
                found = lookup.get(name)
                if i in role or found is None or found in before:
                    continue
                if found in role.values() and found not in ("entity", "indicator", "period", "ignored"):
                    continue  # the first unit, value, flag or scale column
                role[i] = found
        if 0 not in role and _unnamed_names(self.header, list(role.values())) == 0:
            role[0] = "indicator"
        if "value" in role.values():
            value_at = min(i for i, r in role.items() if r == "value")
            self.dimensions += [self.header[i] for i in range(value_at) if i not in role]
        joiner = {"entity": ", ", "indicator": self.key_indicator(role)}
        kept = [(i, r) for i, r in sorted(role.items()) if r != "ignored"]
        self.left_out += [self.header[i] for i, r in sorted(role.items()) if r == "ignored"]
        joined, origin = {}, []
        for name in ("entity", "indicator"):
            parts = [i for i, r in kept if r == name]
            if parts:
                cells = [self.cells[i] for i in parts]
                joined[name] = (
                    cells[0] if len(parts) == 1 else pc.binary_join_element_wise(*cells, joiner[name])
                )
                origin.append(self.origin[parts[0]] if len(parts) == 1 else None)
        periods = [i for i, r in kept if r == "period"]
        header, cells = list(joined), list(joined.values())
        for i, r in kept:
            if r not in joined:
                header.append("year" if r == "period" and names[i] == "year" and len(periods) > 1 else r)
                cells.append(self.cells[i])
                origin.append(self.origin[i])
        others = [i for i in range(len(names)) if i not in role]
        self.header = header + [self.header[i] for i in others]
        self.cells = cells + [self.cells[i] for i in others]
        self.origin = origin + [self.origin[i] for i in others]

    def stated_roles(self) -> None:
        """What metadata lines above the header state for every row (``指标：地区生产总值(亿元)``,
        `indcalc.reading.margins.stated_roles`) as a column, for a role the table has no column for."""
        n = len(self.cells[0]) if self.cells else 0
        for role, text in (pair for s in self.source.skipped for pair in s.stated):
            if role not in self.header:
                self.header.insert(0, role)
                self.cells.insert(0, pa.chunked_array([pa.repeat(pa.scalar(text, pa.string()), n)]))
                self.origin.insert(0, None)

    def pair_year_period(self) -> None:
        """A ``year`` column and a ``period`` column (``M01``, ``Q01``, ``A01``) as one period; the annual
        averages ``M13``/``Q05`` left out."""
        import pyarrow.compute as pc

        year, period = self.column("year"), self.column("period")
        if year is None:
            return
        i = self.header.index("year")
        if period is None:
            self.header[i] = "period"
            return
        code = pc.utf8_upper(period)
        average = pc.match_substring_regex(code, r"^(M13|Q05)$")
        sub = pc.replace_substring_regex(code, r"^M(\d\d)$", r"-\1")
        sub = pc.replace_substring_regex(sub, r"^Q0?(\d)$", r"Q\1")
        sub = pc.replace_substring_regex(sub, r"^A01$", "")
        self.cells[self.header.index("period")] = pc.binary_join_element_wise(year, sub, "")
        del self.header[i], self.cells[i], self.origin[i]
        left = pc.sum(average).as_py() or 0
        if left:
            self.notes.append(
                f"{self.source.name}: left out {left} annual average{'s' * (left > 1)} (M13 or Q05)"
            )
            self.keep(pc.invert(average))

    def keep(self, mask: pa.ChunkedArray) -> None:
        """Only the rows where `mask` is true."""
        import pyarrow.compute as pc

        rows = pa.array(range(len(mask))) if self.rows is None else self.rows
        self.rows = rows.filter(pa.concat_arrays(mask.chunks) if isinstance(mask, pa.ChunkedArray) else mask)
        self.cells = [pc.filter(c, mask) for c in self.cells]

    def tidy(self, columns: Columns, decimal_comma: bool) -> None:
        """The steps after the roles: series from columns, dates, units, scales, keys and markers."""
        import pyarrow.compute as pc

        if "period" in self.header and "value" not in self.header and "indicator" not in self.header:
            self.melt_series()
        if "period" in self.header and "value" in self.header:
            self.dates()
        self.units_from_names()
        self.scale()
        self.qualify()
        values = ["value"] if "value" in self.header else [h for h in self.header if h not in _IDS]
        for name in values:
            i = self.header.index(name)
            for token in columns.missing:
                self.cells[i] = pc.if_else(pc.equal(self.cells[i], token.strip()), "", self.cells[i])
            if decimal_comma:
                self.cells[i] = decimal_commas(self.cells[i])

    def melt_series(self) -> None:
        """Periods as rows, a column per series (FRED, NBS exports turned round): one row per cell."""
        ids = [h for h in self.header if h in _IDS]
        series = [h for h in self.header if h not in _IDS and h not in self.dimensions]
        if not series:
            return
        n = len(self.cells[0]) if self.cells else 0
        rows = pa.array(range(n)) if self.rows is None else self.rows
        self.rows = pa.concat_arrays([rows] * len(series))
        cells = [
            pa.chunked_array([c for _ in series for c in self.column(h).chunks], pa.string()) for h in ids
        ]
        names = pa.chunked_array([pa.array([h] * n, pa.string()) for h in series])
        values = pa.chunked_array([c for h in series for c in self.column(h).chunks], pa.string())
        series_origin = [self.origin[self.header.index(h)] for h in series]  # the value's: its series' column
        self.origin = [self.origin[self.header.index(h)] for h in ids] + [None, np.repeat(series_origin, n)]
        self.header, self.cells = [*ids, "indicator", "value"], [*cells, names, values]
        self.layout = self.layout or "periods as rows"

    def dates(self) -> None:
        """ISO dates as months, quarters or years, by the spacing of each series' dates; so are the
        months of Statistics Canada's ``REF_DATE``, whose quarterly tables date a quarter by its first
        month (``2024-04``: 2024Q2), so that a quarter is compared with the quarter before it, not
        with a month that is not there. A Statistics Canada table has one frequency: the closest
        spacing of any of its series (one with quarters missing is not half-yearly)."""
        import pyarrow.compute as pc

        from indcalc import periods

        i = self.header.index("period")
        text = self.cells[i]
        statcan = self.layout.startswith("Statistics Canada")  # a table of one frequency
        form = f"{DATE}|{MONTH_DATE}" if statcan else DATE
        is_date = pc.fill_null(pc.match_substring_regex(text, form), False)
        if not pc.any(is_date).as_py():
            return
        digits = pc.if_else(is_date, text, "0000-01-01")
        year, month = (
            pc.cast(pc.utf8_slice_codeunits(digits, a, b), pa.int64()).to_numpy() for a, b in ((0, 4), (5, 7))
        )
        series = pc.dictionary_encode(self.series_key()).combine_chunks().indices.to_numpy().astype("int64")
        dated = is_date.to_numpy(zero_copy_only=False)
        code, ordinal, clash = periods.by_spacing(year, month, series, dated, one_frequency=statcan)
        if clash >= 0:
            row = clash if self.rows is None else self.rows[clash].as_py()
            line = self.source.locate({row}).get(row, (None,))[0]
            raise InputError(
                f"{pc.take(text, [clash])[0].as_py()!r}: a second date in one month of the series; indcalc "
                "reads annual, quarterly and monthly figures",
                path=self.source.name,
                line=line,
                column=None if self.origin[i] is None else self.origin[i] + 1,
            )
        labels = pa.array(periods.format_periods(code, ordinal), pa.string())
        self.cells[i] = pc.if_else(is_date, labels, text)

    def series_key(self) -> pa.ChunkedArray:
        """Each row's entity and indicator as one text (for grouping)."""
        import pyarrow.compute as pc

        parts = [self.column(h) for h in ("entity", "indicator") if h in self.header]
        if not parts:
            return pa.chunked_array([pa.array([""] * len(self.cells[0]), pa.string())])
        return parts[0] if len(parts) == 1 else pc.binary_join_element_wise(*parts, "\x1f")

    def units_from_names(self) -> None:
        """A unit in the indicator's trailing parentheses, when there is no unit column (a note in
        parentheses after it stays in the name: ``Unemployment, total (modeled ILO estimate)``)."""
        import pyarrow.compute as pc

        if "unit" in self.header or "indicator" not in self.header:
            return
        i = self.header.index("indicator")
        found = pc.extract_regex(self.cells[i], UNIT_IN_NAME)
        if found.null_count == len(found):
            return
        name = pc.binary_join_element_wise(pc.struct_field(found, "name"), pc.struct_field(found, "note"), "")
        self.cells[i] = pc.coalesce(name, self.cells[i])
        self.header.insert(i + 1, "unit")
        self.cells.insert(i + 1, pc.coalesce(pc.struct_field(found, "unit"), ""))
        self.origin.insert(i + 1, self.origin[i])

    def scale(self) -> None:
        """A scale column (``Billions``, a power of ten) carried into the unit: ``billion U.S. dollars``."""
        import pyarrow.compute as pc

        if "scale" not in self.header:
            return
        i = self.header.index("scale")
        scale = pc.utf8_lower(pc.replace_substring_regex(self.cells[i], r"^(\d+)[:,].*$", r"\1"))
        words = {
            w: SCALE_WORDS.get(w, w.removesuffix("s") if w.removesuffix("s") in SCALES else "")
            for w in pc.unique(scale).to_pylist()
        }
        word = pc.take(
            pa.array(list(words.values()), pa.string()),
            pc.index_in(scale, pa.array(list(words), pa.string())),
        )
        unit = (
            self.column("unit")
            if "unit" in self.header
            else pc.cast(pc.if_else(pc.equal(scale, scale), "", ""), pa.string())
        )
        joined = pc.utf8_trim_whitespace(pc.binary_join_element_wise(word, unit, " "))
        scale_at = self.origin.pop(i)
        del self.header[i], self.cells[i]
        if "unit" in self.header:
            self.cells[self.header.index("unit")] = joined
        else:
            self.header.append("unit")
            self.cells.append(joined)
            self.origin.append(scale_at)

    def qualify(self) -> None:
        """Series that share entity, indicator and unit-less name told apart by the dimensions (and
        unit) that differ between them: ``B1GQ [CLV_PCH_PRE]``."""
        import pyarrow.compute as pc

        parts = [h for h in dict.fromkeys(("unit", *self.dimensions)) if h in self.header]
        if not parts or "indicator" not in self.header:
            return
        varying = [h for h in parts if len(pc.unique(self.column(h))) > 1]
        if not varying:
            return
        key = self.series_key()
        full = pc.binary_join_element_wise(key, *(self.column(h) for h in varying), "\x1f")
        table = pa.table({"key": key, "full": full})
        counts = table.group_by("key").aggregate([("full", "count_distinct")])
        shared = counts.filter(pc.greater(counts["full_count_distinct"], 1))["key"]
        ambiguous = pc.is_in(key, shared)
        if not pc.any(ambiguous).as_py():
            return
        i = self.header.index("indicator")
        named = pc.binary_join_element_wise(
            self.cells[i], " [", pc.binary_join_element_wise(*(self.column(h) for h in varying), ","), "]", ""
        )
        self.cells[i] = pc.if_else(ambiguous, named, self.cells[i])

    def grid(self) -> tuple[Grid, str]:
        """The reshaped grid (rows located in the source), and the layout's name."""
        source, rows = self.source, self.rows
        table = pa.table({f"f{i}": c for i, c in enumerate(self.cells)})
        shape = "long table" if "value" in self.header else "wide table"

        def typed(_value_field: int | None) -> pa.Table:
            return table

        def locate(wanted: set[int]) -> dict[int, tuple[int, list[str]]]:
            origin = {r: r if rows is None else rows[r].as_py() for r in wanted}
            lines = source.locate(set(origin.values()))
            return {
                r: (lines[o][0], [str(v) for v in table.slice(r, 1).to_pylist()[0].values()])
                for r, o in origin.items()
                if o in lines
            }

        grid = Grid(
            source.name,
            self.header,
            source.header_line,
            typed,
            locate,
            notes=tuple(self.notes),
            remarks=source.remarks,
            origin=tuple(self.origin),
            skipped=source.skipped,
            left_out=tuple(self.left_out),
            codec=source.codec,
            forced=source.forced,
            file_rows=None if rows is None else rows.to_numpy(zero_copy_only=False),
        )
        return grid, self.layout or shape


#: A column named after another one and a word for code: ``地域 コード``, ``Country Code`` (normalised).
_IDS = ("entity", "indicator", "unit", "period", "year", "flag", "scale", "basis")
