"""What is new since an earlier summary: `read_previous` reads one written by ``indcalc summary -f
json`` or ``-f csv``, and `news` marks each series of a summary against it.

A series is ``new`` when the earlier summary has no series of its entity and indicator, ``updated``
when its latest period differs, ``revised`` when its latest period is the same but its latest value
is not (beyond a relative 1e-12: the digits a CSV or JSON summary carries read back exactly, so only
a real revision differs), and ``""`` when nothing changed. Only the latest figure is compared: a
summary carries no other.
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
#: The columns a previous summary must have (``entity`` may be missing: no entities).
PREVIOUS_COLUMNS = ("entity", "indicator", "latest_period", "latest_value")
#: Relative difference of two latest values below which they are the same figure.
SAME_FIGURE = 1e-12
_WRITTEN_BY = "a summary written by `indcalc summary -f json` or `-f csv`"


def read_previous(path: str) -> pd.DataFrame:
    """The series of a summary written earlier as JSON or CSV (by its content: JSON starts with ``[``):
    their entity, indicator, canonical latest period and latest value.

    Raises:
        InputError: the file is missing or unreadable, not UTF-8, not JSON or CSV of a summary, or a
            latest period or value in it is not one (located by line and column).

    Example:
        >>> import tempfile
        >>> with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        ...     _ = f.write("entity,indicator,latest_period,latest_value\\n,'-x,2024-6,110\\n")
        >>> read_previous(f.name).to_dict("records")
        [{'entity': '', 'indicator': '-x', 'latest_period': '2024-06', 'latest_value': 110.0}]
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
    for name in ("entity", "indicator"):  # undo the CSV writer's guard against spreadsheet formulas
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
    ``updated``, ``revised`` or ``""``.

    Example:
        >>> import pandas as pd
        >>> now = pd.DataFrame({"entity": ["", "", "", ""], "indicator": ["a", "b", "c", "d"],
        ...     "latest_period": ["2024-06", "2024-06", "2024-06", "2024-06"],
        ...     "latest_value": [1.0, 2.0, 3.0, 4.0]})
        >>> before = pd.DataFrame({"entity": ["", "", ""], "indicator": ["a", "b", "c"],
        ...     "latest_period": ["2024-06", "2024-05", "2024-06"], "latest_value": [1.0, 2.0, 3.5]})
        >>> news(now, before).tolist()
        ['', 'updated', 'revised', 'new']
    """
    import numpy as np
    import pandas as pd

    keys = pd.DataFrame({"entity": table["entity"].astype(str), "indicator": table["indicator"].astype(str)})
    earlier = keys.merge(previous, on=["entity", "indicator"], how="left", validate="many_to_one")
    found = earlier["latest_period"].notna().to_numpy()
    moved = earlier["latest_period"].to_numpy(dtype=object) != table["latest_period"].to_numpy(dtype=object)
    before = earlier["latest_value"].to_numpy(dtype="float64")
    now = table["latest_value"].to_numpy(dtype="float64")
    with np.errstate(invalid="ignore"):
        same = np.isclose(now, before, rtol=SAME_FIGURE, atol=0, equal_nan=True)
    return np.select([~found, moved, ~same], list(NEWS_KINDS), default="").astype(object)
