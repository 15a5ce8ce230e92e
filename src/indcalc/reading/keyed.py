"""Series described in rows above their figures (ONS time series, INSEE BDM series), and INSEE's
series as rows, for `indcalc.reading.layouts`.

Some downloads have no header row. Their first column names, line by line, what the cells beside it
say of each series column (its title, code, unit, last update), then holds the periods, one a line,
with each series' figures beside them::

    "Title","LFS: Employment rate: Northern Ireland: Aged 16-64: Female: %: SA"     ONS
    "CDID","LF62"
    "Source dataset ID","LMS"
    "PreUnit",""
    "Unit","%"
    ...
    "1992","54.2"
    "1992 Q2","54.3"
    "1992 APR","54.0"

    "Libellé";"Indice brut de la production industrielle ...";"Codes"                INSEE
    "idBank";"010767831";""
    "Dernière mise à jour";"03/04/2026 08:45";""
    "Période";"";""
    "2026-02";"111.68";"A"

The rows above the first one whose first cell starts with a year are the *key rows*. A grid is read so
when its first cell is a key of `indcalc.reading.roles.ROW_KEYS` and another key row is one too. By the
keys (`ROW_KEYS`), each series column gets its indicator (``Title``, ``Libellé``), its unit (``PreUnit``
and ``Unit`` joined: ``£`` and ``m`` are ``£m``; when both are empty, as ONS's dataset CSVs leave some,
the unit its title carries where ONS writes one, the title kept whole as the name: ``... Seasonally
adjusted £m``, ``...: %: SA``, ``...: £ million: CP SA``, ``... (millions)``, ``CPI INDEX 00: ALL ITEMS
2015=100``, ``... (January 1987=100)``, see `unit_in_title`; never one from INSEE's parentheses, which
hold other things: ``(NAF rév. 2, niveau division, poste 21)``) and its code,
kept as published in a column named as the file names its key (``CDID``, ``idBank``), which tells apart
two series of one name (``Title [D7G7]``). A column headed ``Codes`` on the name row holds the status
codes of the series column before it (INSEE: ``P`` provisional, ``SD`` semi-final, ``O`` missing...),
read as its flags; ``A``, a normal value, is no flag. A column with no name there is no series (INSEE's
``Date de parution au JO``, named on the period row) and is left out, as are the key rows with other
keys (``Release date``, ``Dernière mise à jour``): `indcalc list` names them.

INSEE's other layout of a series download, *series as rows* (`series_as_rows`: a ``Libellé``,
``idBank``, ``Dernière mise à jour``, ``Période`` header over the periods, a row per series and a
``Codes`` row below each), is read the same way (`KeyedRows.series_rows`): a long table of the same
columns, each series' flags from its ``Codes`` row.

When the periods hold several frequencies (an ONS series: its years, then its quarters, then its
months), each frequency is a series of its own, named in the indicator (``... [monthly]``): the
annual figure of an ONS series is its own statistic (an average or a total of the year), not one
more period of the monthly series.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa

from indcalc.reading.grid import normal
from indcalc.reading.roles import ROW_KEY_FLAGS, ROW_KEY_NORMAL, ROW_KEY_PUBLISHERS, ROW_KEYS

#: Each key's role (`ROW_KEYS`), normalised.
_ROLE_OF = {key: role for role, keys in ROW_KEYS.items() for key in keys}
#: A period row's first cell: it starts with a year (``1992``, ``1992 Q2``, ``2024-T1``, ``2026-02``).
_PERIOD_ROW = r"^\s*\d{4}"


def opens(header: list[str]) -> bool:
    """Whether a header's first cell is a key that names or codes a series (``Title``, ``CDID``,
    ``Libellé``): whether the grid may be laid out so (module doc), before its cells are read.

    Example:
        >>> opens(["Title", "CPI"]), opens(["Libellé", "Indice", "Codes"]), opens(["period", "value"])
        (True, True, False)
    """
    return len(header) >= 2 and _ROLE_OF.get(normal(header[0])) in ("indicator", "code")


def key_rows(header: list[str], first: pa.ChunkedArray) -> int | None:
    """How many rows below the header are key rows (module doc), or None when the grid is not laid
    out so: its first cell is no key that names a series (`opens`), no key row below it is a key, or no
    row starts with a year.

    Example:
        >>> first = pa.chunked_array([["CDID", "Unit", "Release date", "1992", "1992 Q2"]])
        >>> key_rows(["Title", "CPI"], first), key_rows(["Title", "2020"], pa.chunked_array([["GDP"]]))
        (3, None)
    """
    import pyarrow.compute as pc

    if not opens(header):
        return None
    starts = pc.fill_null(pc.match_substring_regex(first, _PERIOD_ROW), False)
    at = pc.index(starts, True).as_py()
    if at is None or at <= 0:
        return None
    keys = [normal(k) for k in first.slice(0, at).to_pylist()]
    return at if all(keys) and any(k in _ROLE_OF for k in keys) else None


def series_as_rows(header: list[str]) -> bool:
    """Whether a header is that of INSEE's other layout of a series download, *series as rows*: a key
    that names a series first (``Libellé``, ``Label``), an ``idBank`` column, then the periods (after
    ``Période``), one row per series, each followed by a ``Codes`` row of its status codes::

        "Libellé";"idBank";"Dernière mise à jour";"Période";"1982-T1";"1982-T2";...
        "Taux de chômage localisé par région - Corse";"001515865";"20/12/2023 12:00";"";"7.4";"7.6";...
        "Codes";"";"";"";"A";"A";...

    Example:
        >>> series_as_rows(["Libellé", "idBank", "Dernière mise à jour", "Période", "2023-T1"])
        True
        >>> series_as_rows(["Libellé", "Indice", "Codes"]), series_as_rows(["Label", "2023", "2024"])
        (False, False)
    """
    keys = [_ROLE_OF.get(normal(h)) for h in header]
    return len(keys) >= 3 and keys[0] == "indicator" and "code" in keys


class KeyedRows:
    """The reading of keyed rows by `indcalc.reading.layouts._Reshaped` (whose columns it reads and
    changes)."""

    header: list[str]
    cells: list[pa.ChunkedArray]
    origin: list[int | None]
    rows: pa.Array | None
    layout: str
    left_out: list[str]

    def keyed_rows(self) -> bool:
        """The series described in key rows as a long table (module doc): ``indicator``, ``unit``, the
        code column, ``period``, ``value`` and ``flag`` (when the file has codes), one row per period
        and series. Whether the columns were laid out so."""
        count = key_rows(self.header, self.cells[0]) if self.cells else None
        if count is None:
            return False
        shown = [self.header[0].strip(), *(str(k) for k in self.cells[0].slice(0, count).to_pylist())]
        roles = [_ROLE_OF.get(normal(k)) for k in shown]
        keyed = [
            [self.header[j], *self.cells[j].slice(0, count).to_pylist()] for j in range(len(self.header))
        ]
        name_row = (
            roles.index("indicator") if "indicator" in roles else roles.index(next(r for r in roles if r))
        )
        series: list[int] = []
        flags: dict[int, int] = {}
        for j in range(1, len(self.header)):
            label = str(keyed[j][name_row] or "").strip()
            if normal(label) in ROW_KEY_FLAGS and series and series[-1] == j - 1:
                flags[j - 1] = j
            elif label:
                series.append(j)
            else:  # no series: named by its first key cell that says something (the period row's)
                said = next((str(c).strip() for c in keyed[j] if c and str(c).strip()), f"column {j + 1}")
                self.left_out.append(said)
        self.left_out += [k for k, r in zip(shown, roles, strict=True) if r is None]

        def joined(role: str, j: int) -> str:
            return "".join(str(keyed[j][i] or "").strip() for i, r in enumerate(roles) if r == role)

        n = len(self.cells[0]) - count
        code_key = next((k for k, r in zip(shown, roles, strict=True) if r == "code"), "")

        def each(texts: list[str]) -> pa.ChunkedArray:  # a text per series, on each of its rows
            return pa.chunked_array([pa.array(np.repeat(np.array(texts, dtype=object), n), pa.string())])

        def below(columns: list[int]) -> pa.ChunkedArray:  # the columns' cells below the key rows, in turn
            return pa.chunked_array(
                [c for j in columns for c in self.cells[j].slice(count).chunks], pa.string()
            )

        periods = below([0] * len(series))
        header = ["indicator", "unit", *([code_key] if code_key else []), "period", "value"]
        titles = [joined("indicator", j) for j in series]
        cells = [_split_frequencies(each(titles), periods)]
        units = [joined("unit", j) or unit_in_title(t) for j, t in zip(series, titles, strict=True)]
        cells.append(each(units))
        cells += [each([joined("code", j) for j in series])] if code_key else []
        cells += [periods, below(series)]
        origin: list = [None] * (len(header) - 2)
        origin += [self.origin[0], np.repeat([self.origin[j] for j in series], n)]
        if flags:  # a series with no codes column has empty ones
            header.append("flag")
            codes = [flags.get(j) for j in series]
            empty = pa.array([""] * n, pa.string())
            cells.append(
                _flags(
                    pa.chunked_array(
                        [c for f in codes for c in (self.cells[f].slice(count).chunks if f else [empty])],
                        pa.string(),
                    )
                )
            )
            origin.append(
                np.repeat([self.origin[f if f else j] for f, j in zip(codes, series, strict=True)], n)
            )
        self.rows = pa.array(np.tile(np.arange(count, count + n), len(series)), pa.int64())
        self.header, self.cells, self.origin = header, cells, origin
        self.layout = ROW_KEY_PUBLISHERS.get(normal(code_key), "series described in rows")
        return True

    def series_rows(self) -> bool:
        """INSEE's series as rows (`series_as_rows`) as a long table: ``indicator``, ``unit`` (empty),
        the code column (``idBank``), ``period``, ``value`` and ``flag`` (the codes of the ``Codes`` row
        below each series, ``A`` none), one row per period and series. Whether the columns were so."""
        import pyarrow.compute as pc

        if not series_as_rows(self.header) or not self.cells:
            return False
        keys = [_ROLE_OF.get(normal(h)) for h in self.header]
        name, code = keys.index("indicator"), keys.index("code")
        marker = keys.index("period") if "period" in keys else max(name, code)
        periods = [j for j in range(marker + 1, len(self.header)) if keys[j] is None]
        self.left_out += [self.header[j] for j in range(marker + 1) if keys[j] is None]
        first = pc.utf8_trim_whitespace(self.cells[name]).combine_chunks()
        is_codes = pc.is_in(first, value_set=pa.array(["Codes"], pa.string())).to_numpy(zero_copy_only=False)
        series = np.flatnonzero(~is_codes)
        below = np.minimum(series + 1, len(is_codes) - 1)
        codes = np.where(is_codes[below] & (series + 1 < len(is_codes)), below, -1)  # -1: no Codes row
        n, at = len(series), pa.array(series, pa.int64())
        flag_at = pa.array(np.where(codes < 0, 0, codes), pa.int64())
        no_codes = pa.array(codes < 0)

        def each(column: pa.ChunkedArray) -> pa.ChunkedArray:  # a series' cell, on each of its periods
            return pa.chunked_array([pc.take(column, at).combine_chunks()] * len(periods), pa.string())

        def cells(rows: pa.Array, empty: pa.Array | None = None) -> pa.ChunkedArray:
            taken = [pc.take(self.cells[j], rows).combine_chunks() for j in periods]
            return pa.chunked_array(
                [c if empty is None else pc.if_else(empty, "", c) for c in taken], pa.string()
            )

        code_key, names = self.header[code].strip(), [self.header[j].strip() for j in periods]
        self.header = ["indicator", "unit", code_key, "period", "value", "flag"]
        labels = [pa.array(np.repeat(np.array(names, dtype=object), n), pa.string())]
        self.cells = [
            each(self.cells[name]),
            pa.chunked_array([pa.array([""] * n * len(periods), pa.string())]),
            each(self.cells[code]),
            pa.chunked_array(labels, pa.string()),
            cells(at),
            _flags(cells(flag_at, no_codes)),
        ]
        value_origin = np.repeat(np.array(periods), n)
        self.origin = [self.origin[name], None, self.origin[code], value_origin, value_origin, value_origin]
        self.rows = pa.array(np.tile(series, len(periods)), pa.int64())
        self.layout = "INSEE BDM series (series as rows)"
        return True


#: A unit as ONS writes it in a series' title (its ``mm23.csv`` dataset leaves ``Unit`` empty for some).
_TITLE_UNIT = r"%|£ ?(?:m|bn|k|million|billion|thousand)?|000s|thousands|millions|billions|pence"
#: The seasonal adjustment after it, with the prices first at most (ONS's ``CP SA``, ``CVM NSA``).
_ADJUSTED = r"(?:(?:CP|CVM|KP)\s+)?(?:\(?N?SA\)?|Seasonally adjusted|Not seasonally adjusted)"
_UNIT_IN_TITLE = re.compile(
    # a segment of its own between colons, before the seasonal adjustment (and a note) at most
    rf":\s*(?P<segment>{_TITLE_UNIT})\s*(?::\s*{_ADJUSTED}\b.*)?$"
    # or its last word, after a space or a dash, before a seasonal adjustment in brackets at most
    rf"|\S(?:\s+|\s+[-–]\s+)(?P<word>{_TITLE_UNIT})(?:\s*\(N?SA\))?$",
    re.IGNORECASE,
)
#: Or in brackets of its own, anywhere in the title (``Workforce jobs (millions): SA``).
_BRACKETED_UNIT = re.compile(rf"\((?P<unit>{_TITLE_UNIT})\)", re.IGNORECASE)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
_MONTH += r"|January|February|March|April|June|July|August|September|October|November|December"
#: An index's base at the end of its title (``2015=100``, ``Jan 1987=100``, ``January 1987=100``,
#: bracketed or not).
_BASE_IN_TITLE = re.compile(rf"\S[\s:]*\(?(?P<base>(?:(?:{_MONTH}) )?\d{{4}} ?= ?100)\)?$")
#: A title whose base is that of the index it is computed from, not its unit (``CPI ANNUAL RATE 00:
#: ALL ITEMS 2015=100`` is a percent).
_NOT_INDEX = re.compile(r"rate|change|contribution|weight|points|%", re.IGNORECASE)


def unit_in_title(title: str) -> str:
    """The unit a series' title carries, where ONS writes it: last, as a segment of its own before
    the seasonal adjustment (and the prices: ``CP SA``), or in brackets of its own anywhere; an
    index's base last, its month written short or long (not a rate's: the base of the index it is
    of). Empty when it carries none.

    Example:
        >>> unit_in_title("Gross Domestic Product: chained volume measures: Seasonally adjusted £m")
        '£m'
        >>> unit_in_title("LFS: Employment rate: Northern Ireland: Aged 16-64: Female: %: SA")
        '%'
        >>> unit_in_title("LFS: In employment: UK: All: Aged 16+: 000s:SA: Annual = 4 quarter average")
        '000s'
        >>> unit_in_title("Gross Domestic Product: q-on-q4 growth rate CVM SA %")
        '%'
        >>> unit_in_title("CPI INDEX 00: ALL ITEMS 2015=100"), unit_in_title("RPI Index: Jan 1987=100")
        ('2015=100', 'Jan 1987=100')
        >>> unit_in_title("RPI: Clothing and footwear (January 1987=100)")
        'January 1987=100'
        >>> unit_in_title("GDP: expenditure: £ million: CP SA"), unit_in_title("Jobs (millions): SA")
        ('£ million', 'millions')
        >>> unit_in_title("CPI ANNUAL RATE 00: ALL ITEMS 2015=100")  # a rate: the base is not its unit
        ''
        >>> unit_in_title("Retail sales: value: all retailers £m (SA)"), unit_in_title("Output per job")
        ('£m', '')
    """
    found = _UNIT_IN_TITLE.search(title) or _BRACKETED_UNIT.search(title)
    if found:
        return next(unit for unit in found.groups() if unit)
    found = _BASE_IN_TITLE.search(title)
    return found["base"] if found and not _NOT_INDEX.search(title[: found.start("base")]) else ""


def _flags(codes: pa.ChunkedArray) -> pa.ChunkedArray:
    """The status codes as flags: a normal value's code (`ROW_KEY_NORMAL`, INSEE's ``A``) is no flag.

    Example:
        >>> _flags(pa.chunked_array([["A", "P", " A", "SD", ""]])).to_pylist()
        ['', 'P', '', 'SD', '']
    """
    import pyarrow.compute as pc

    normal = pc.is_in(pc.utf8_trim_whitespace(codes), value_set=pa.array(ROW_KEY_NORMAL, pa.string()))
    return pc.if_else(normal, "", codes)


def _split_frequencies(names: pa.ChunkedArray, periods: pa.ChunkedArray) -> pa.ChunkedArray:
    """Each row's indicator, the frequency of its period named after it (``... [monthly]``) when the
    periods are of several frequencies (module doc).

    Example:
        >>> names = pa.chunked_array([["CPI", "CPI", "CPI"]])
        >>> _split_frequencies(names, pa.chunked_array([["1989", "1989 Q1", "1989 JAN"]])).to_pylist()
        ['CPI [annual]', 'CPI [quarterly]', 'CPI [monthly]']
        >>> _split_frequencies(names, pa.chunked_array([["1989-01", "1989-02", "x"]])).to_pylist()
        ['CPI', 'CPI', 'CPI']
    """
    import pyarrow.compute as pc

    from indcalc import periods as time

    labels = pc.unique(periods)
    codes, _, _ = time.parse_periods(labels.to_pylist())  # a few unique labels
    if len(set(codes[codes != time.INVALID].tolist())) < 2:
        return names
    words = [f" [{time.FREQUENCY_NAMES[c]}]" if c != time.INVALID else "" for c in codes.tolist()]
    word = pc.take(pa.array(words, pa.string()), pc.index_in(periods, labels))
    return pc.binary_join_element_wise(names, word, "")
