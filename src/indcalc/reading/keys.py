"""The series keys of SDMX-CSV and Eurostat files, for `indcalc.reading.layouts`: ``CODE: Label`` headers
and cells (SDMX-CSV ``labels=both``), label columns beside their codes (``labels=name``), Eurostat's
``freq,unit,geo\\TIME_PERIOD`` first column, code columns named after their label column (e-Stat's
``地域 コード``), and the indicator made of a key's dimensions when no column
names one (ECB ``USD.EUR.SP00.A``, Eurostat ``SA.TOTAL.T``, Statistics Canada's member columns).
"""

from __future__ import annotations

import re

import pyarrow as pa

from indcalc.reading.cell_forms import CODE, CODE_LABEL, PERCENT_LABEL
from indcalc.reading.grid import _ALIASES, normal
from indcalc.reading.roles import FREQUENCY_NAMES, ROLES, Columns

_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_CODE_OF = re.compile(r"^(.+?)[\s_]*(?:コード|code)$")


class Keys:
    """The key handling of `indcalc.reading.layouts._Reshaped` (whose columns it reads and changes)."""

    header: list[str]
    cells: list[pa.ChunkedArray]
    origin: list[int | None]
    dimensions: list[str]
    layout: str
    left_out: list[str]

    def split_codes(self) -> None:
        """``CODE:Label`` or ``CODE: Label`` headers as ``CODE`` and ``c: label`` cells as ``c`` (SDMX-CSV
        labels=both); a unit keeps a label that says percent (``367: Per cent``)."""
        import pyarrow.compute as pc

        coded = [bool(CODE_LABEL.match(h)) for h in self.header]
        if sum(coded) < max(2, len(self.header) // 2):
            return
        self.layout = "code: label cells"
        for i, is_coded in enumerate(coded):
            if not is_coded:
                continue
            self.header[i] = self.header[i].split(":", 1)[0]
            name = normal(self.header[i])
            if ROLES.get(name) in ("period", "value"):
                continue  # no codes: a time (``10:00:00``) keeps its colons
            code = pc.replace_substring_regex(self.cells[i], r"^([^:\s]+):.*$", r"\1")
            if name in ("unit_measure", "unit"):
                code = pc.if_else(pc.match_substring_regex(self.cells[i], PERCENT_LABEL), self.cells[i], code)
            self.cells[i] = code

    def split_key(self) -> None:
        """A first column ``freq,unit,geo\\TIME_PERIOD`` split into its dimensions (Eurostat TSV)."""
        import pyarrow.compute as pc

        first = self.header[0]
        if "\\" not in first:
            return
        names = first.split("\\", 1)[0].split(",")
        parts = pc.split_pattern(self.cells[0], ",")
        self.header[:1] = names
        self.origin[:1] = [0] * len(names)
        self.cells[:1] = [pc.utf8_trim_whitespace(pc.list_element(parts, i)) for i in range(len(names))]
        self.dimensions = list(names)
        self.layout = "Eurostat TSV"

    def drop_labels(self) -> None:
        """Label columns (``REF_AREA,Reference area``: SDMX-CSV labels=name) left out."""
        labels = [
            i
            for i in range(1, len(self.header))
            if CODE.match(self.header[i - 1]) and self.header[i] and not CODE.match(self.header[i])
        ]
        if len(labels) < 3:
            return
        self.layout = "code/label columns"
        self.left_out += [self.header[i] for i in labels]
        for i in reversed(labels):
            del self.header[i], self.cells[i], self.origin[i]

    def key_indicator(self, role: dict[int, str]) -> str:
        """With no indicator column, the key's dimensions but the frequency (``freq``; the frequency when
        no other is left: ``A``) made the indicator (their columns given that role in `role`).

        Returns how they are joined: ``.`` for codes named by identifiers (``USD.EUR.SP00.A``), else
        ``, `` (``Employment, Both sexes``).

        Example:
            >>> keyed = Keys()
            >>> keyed.header = ["FREQ", "REF_AREA", "CURRENCY", "EXR_TYPE"]
            >>> keyed.dimensions = ["FREQ", "CURRENCY", "EXR_TYPE"]
            >>> role = {1: "entity"}
            >>> keyed.key_indicator(role), role
            ('.', {1: 'entity', 2: 'indicator', 3: 'indicator'})
        """
        if "indicator" in role.values():
            return ", "
        left = [i for i, h in enumerate(self.header) if h in self.dimensions and i not in role]
        key = [i for i in left if normal(self.header[i]) not in FREQUENCY_NAMES] or left
        role.update({i: "indicator" for i in key})
        return "." if all(_IDENTIFIER.match(self.header[i]) for i in key) else ", "

    def drop_codes(self, columns: Columns) -> None:
        """Code columns named after the label column they code (``地域 コード`` beside ``地域``) left out,
        unless their name or the user gives them a role (OECD's ``PowerCode Code``, the scale)."""
        names = [normal(h) for h in self.header]
        given = {normal(c) for c in (columns.period, columns.value, columns.unit, *columns.entity) if c}
        given |= {normal(c) for c in columns.indicator}
        known = [n in ROLES or n in _ALIASES or n in given for n in names]
        codes = [
            i
            for i, n in enumerate(names)
            if not known[i] and (m := _CODE_OF.match(n)) and m.group(1) in names
        ]
        self.left_out += [self.header[i] for i in codes]
        for i in reversed(codes):
            del self.header[i], self.cells[i], self.origin[i]
