"""What is new since an earlier summary: `read_previous` reads one written by ``indcalc summary -f
json`` or ``-f csv``, and `news` marks each series of a summary against it.

A series is ``new`` when the earlier summary has no series of its entity and indicator, ``updated``
when its latest period differs, ``revised`` when its latest period is the same but its latest figure
is not, and ``""`` when nothing changed. Only the latest figure is compared: a summary carries no
other. Figures are compared as quantities, on one scale: 15000 万元 then 1.5 亿元 (a publisher's new
scale, or --scale-to) is the same figure, compared as 1.5 亿元 with 1.5 亿元 (to a relative 1e-12: the
digits a CSV or JSON summary carries read back exactly, so only a real revision differs); a figure in
another unit (万吨 then 万元) is revised.
"""

from __future__ import annotations

import csv
import io
import json
import os
from typing import TYPE_CHECKING

from indcalc.errors import InputError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

#: What `news` says of a series that changed, in the order reports list them.
NEWS_KINDS = ("new", "updated", "revised")
#: The columns a previous summary must have (``entity`` may be missing: no entities; ``unit`` too, and
#: then latest values are compared as they are).
PREVIOUS_COLUMNS = ("entity", "indicator", "latest_period", "latest_value")
#: Relative difference of two latest values below which they are the same figure.
SAME_FIGURE = 1e-12
_WRITTEN_BY = "a summary written by `indcalc summary -f json` or `-f csv`"


def read_previous(path: str) -> pd.DataFrame:
    """The series of a summary written earlier as JSON or CSV (by its content: JSON starts with ``[``):
    their entity, indicator, canonical latest period and latest value, and unit when it has one.

    Raises:
        InputError: the file is missing or unreadable, not UTF-8, not JSON or CSV of a summary, or a
            latest period or value in it is not one (located by line and column).

    Example:
        >>> import tempfile
        >>> with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        ...     _ = f.write("entity,indicator,latest_period,latest_value\\n,'-x,2024-6,110\\n")
        >>> read_previous(f.name).to_dict("records")
        [{'entity': '', 'indicator': '-x', 'latest_period': '2024-06', 'latest_value': 110.0}]
        >>> with open(f.name, "w") as g:
        ...     _ = g.write("indicator,unit,latest_period,latest_value\\nx,万元,2024,15000\\n")
        >>> read_previous(f.name).to_dict("records")
        [{'entity': '', 'indicator': 'x', 'latest_period': '2024', 'latest_value': 15000.0, 'unit': '万元'}]
    """
    try:
        with open(path, "rb") as file:
            data = file.read()
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except IsADirectoryError:
        raise InputError(f"is a directory, not {_WRITTEN_BY}", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read it: {exc.strerror or exc}", path=path) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text, so not {_WRITTEN_BY}", path=path, line=line) from None
    if not text.strip():
        raise InputError(f"empty, not {_WRITTEN_BY}", path=path)
    if text.lstrip().startswith(("[", "{")):
        return _checked(_json_rows(text, path), None, path)
    delimiter = "\t" if os.path.splitext(path)[1].casefold() == ".tsv" else ","
    return _checked(_csv_rows(text, path, delimiter), (text, delimiter), path)


def _json_rows(text: str, path: str) -> pd.DataFrame:
    import pandas as pd

    try:
        rows = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg}", path=path, line=exc.lineno, column=exc.colno) from None
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise InputError(f"not a list of series, so not {_WRITTEN_BY}", path=path, line=1)
    return pd.DataFrame.from_records(rows)


def _csv_rows(text: str, path: str, delimiter: str) -> pd.DataFrame:
    import pandas as pd

    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, sep=delimiter, engine="python"
        )
    except (pd.errors.ParserError, csv.Error) as exc:  # located and worded as indcalc reads a CSV
        from indcalc.reading.csv import Text, diagnose

        located = diagnose(Text(path, text.encode("utf-8"), delimiter), 0)  # the header first
        raise located or InputError(f"not CSV: {exc}", path=path) from None
    for name in ("entity", "indicator", "unit"):  # undo the CSV writer's guard against spreadsheet formulas
        if name in frame:
            column = frame[name]
            guarded = column.str.match(r"'[=+\-@\t\r]")
            frame[name] = column.where(~guarded, column.str[1:])
    return frame


def _checked(frame: pd.DataFrame, csv_text: tuple[str, str] | None, path: str) -> pd.DataFrame:
    """The four columns of a previous summary, checked: a period, a number (or empty) per series;
    `csv_text` is the text and delimiter of a CSV, to locate a problem (None for JSON)."""
    import numpy as np
    import pandas as pd

    from indcalc import periods

    missing = [name for name in PREVIOUS_COLUMNS[1:] if name not in frame.columns]
    if missing:
        raise InputError(
            f"no column {', '.join(missing)}: not {_WRITTEN_BY}", path=path, line=1 if csv_text else None
        )
    entity = frame["entity"] if "entity" in frame else pd.Series("", index=frame.index)
    out = pd.DataFrame(
        {
            "entity": entity.fillna("").astype(str),
            "indicator": frame["indicator"].fillna("").astype(str),
        }
    )
    labels = frame["latest_period"].fillna("").astype(str)
    codes, ordinals, _ = periods.parse_periods(labels.to_numpy())
    bad = np.flatnonzero(codes == periods.INVALID)
    if len(bad):
        where, of = _where(csv_text, int(bad[0]), list(frame.columns).index("latest_period"))
        raise InputError(f"latest_period {labels.iloc[bad[0]]!r}{of} is not a period", path=path, **where)
    out["latest_period"] = periods.format_periods(codes, ordinals)
    raw = frame["latest_value"]
    values = pd.to_numeric(raw.replace("", np.nan), errors="coerce").astype("float64")
    bad = np.flatnonzero(values.isna().to_numpy() & raw.notna().to_numpy() & (raw != "").to_numpy())
    if len(bad):
        where, of = _where(csv_text, int(bad[0]), list(frame.columns).index("latest_value"))
        raise InputError(f"latest_value {raw.iloc[bad[0]]!r}{of} is not a number", path=path, **where)
    out["latest_value"] = values.to_numpy()
    if "unit" in frame:
        out["unit"] = frame["unit"].fillna("").astype(str).to_numpy()
    return out.drop_duplicates(["entity", "indicator"], keep="last").reset_index(drop=True)


def _where(csv_text: tuple[str, str] | None, row: int, column: int) -> tuple[dict[str, int], str]:
    """Where a field is: a CSV record's line and column (a record may span lines), or for JSON, which
    series of the list (as words for the message)."""
    if csv_text is None:
        return {}, f" (series {row + 1:,})"
    text, delimiter = csv_text
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    next(reader)  # the header
    for number, _ in enumerate(reader):  # an error path: read up to the record at fault
        if number == row:
            break
    return {"line": reader.line_num, "column": column + 1}, ""


def news(table: pd.DataFrame, previous: pd.DataFrame) -> np.ndarray:
    """Per series of a `summary` table, what changed since `previous` (`read_previous`): ``new``,
    ``updated``, ``revised`` or ``""``. With a ``unit`` column on both sides, latest values are
    compared on one scale (`earlier_on_scale`).

    Example:
        >>> import pandas as pd
        >>> now = pd.DataFrame({"entity": ["", "", "", "", ""], "indicator": ["a", "b", "c", "d", "e"],
        ...     "unit": ["", "", "", "", "亿元"], "latest_period": ["2024-06"] * 5,
        ...     "latest_value": [1.0, 2.0, 3.0, 4.0, 1.5]})
        >>> before = pd.DataFrame({"entity": ["", "", "", ""], "indicator": ["a", "b", "c", "e"],
        ...     "unit": ["", "", "", "万元"], "latest_period": ["2024-06", "2024-05", "2024-06", "2024-06"],
        ...     "latest_value": [1.0, 2.0, 3.5, 15000.0]})
        >>> news(now, before).tolist()
        ['', 'updated', 'revised', 'new', '']
    """
    import numpy as np
    import pandas as pd

    keys = pd.DataFrame({"entity": table["entity"].astype(str), "indicator": table["indicator"].astype(str)})
    earlier = keys.merge(previous, on=["entity", "indicator"], how="left", validate="many_to_one")
    found = earlier["latest_period"].notna().to_numpy()
    moved = earlier["latest_period"].to_numpy(dtype=object) != table["latest_period"].to_numpy(dtype=object)
    before = earlier["latest_value"].to_numpy(dtype="float64")
    unlike = np.zeros(len(before), dtype=bool)  # a figure in another unit
    if "unit" in earlier and "unit" in table:
        before, unlike = earlier_on_scale(
            before, earlier["unit"].fillna("").astype(str), table["unit"].astype(str)
        )
    now = table["latest_value"].to_numpy(dtype="float64")
    with np.errstate(invalid="ignore"):
        same = np.isclose(now, before, rtol=SAME_FIGURE, atol=0, equal_nan=True)
    return np.select([~found, moved, ~same | unlike], list(NEWS_KINDS), default="").astype(object)


def earlier_on_scale(
    before: np.ndarray, unit: pd.Series, now_unit: pd.Series
) -> tuple[np.ndarray, np.ndarray]:
    """Earlier latest values in `unit` put on the scale of the latest ones' `now_unit` (as decimals,
    `indcalc.unit_names.common_scale`: 15000 万元 is 1.5 亿元), and where the two units are not one
    unit on two scales (万吨 and 万元: the value is left as it is). Worked out once per pair of units.

    Example:
        >>> import numpy as np, pandas as pd
        >>> values, unlike = earlier_on_scale(np.array([15000.0, 3.0, 7.0]), pd.Series(["万元", "万吨", "%"]),
        ...     pd.Series(["亿元", "万元", "％"]))
        >>> values.tolist(), unlike.tolist()
        ([1.5, 3.0, 7.0], [False, True, False])
    """
    import numpy as np
    import pandas as pd

    from indcalc.building.units import rescaled
    from indcalc.unit_names import common_scale

    pairs = pd.MultiIndex.from_arrays([unit.to_numpy(dtype=str), now_unit.to_numpy(dtype=str)])
    codes, distinct = pd.factorize(pairs)
    scales = [common_scale(u, n) for u, n in distinct]
    written = np.array([s[0] if s else 1.0 for s in scales])[codes]
    wanted = np.array([s[1] if s else 1.0 for s in scales])[codes]
    unlike = np.array([s is None for s in scales], dtype=bool)[codes]
    return (rescaled(before, written, wanted) if (written != wanted).any() else before), unlike
