"""Steps 1 and 2 of the dask engine (`indcalc.distributed`): the input's files read and validated on
the workers, one by one, by indcalc's own loader; the series chosen on the client by their names."""

from __future__ import annotations

import glob
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from indcalc.errors import IndcalcError, IndcalcWarning
from indcalc.schema import ANNOTATION_COLUMNS, STATED_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

    from indcalc.reading import Options

#: Files a directory is read for, by extension (case-insensitive), in name order.
READ_EXTENSIONS = (".parquet", ".csv", ".tsv", ".csv.gz", ".tsv.gz", ".xlsx")
#: Each row's place in the input: its file's (or part's) number * `_PART_ROWS` + its row there.
ROW = "_row"
_PART_ROWS = 1 << 40
#: 1 for a row of the total (share, contribution), 0 for any other row chosen.
ROLE = "_role"
TEXT = ("entity", "indicator", "unit", "period", "frequency", "basis", "qualifier")


#: Extra columns the kernels read (`indcalc.spans.periods_covered`) or carry to their output
#: (`indcalc.schema.ANNOTATION_COLUMNS`); other extras are not carried.
CARRIED = ("covers", "periods_covered", *ANNOTATION_COLUMNS)
#: The columns a loaded frame crosses the shuffle with, in this order (text as strings).
COLUMNS = [*TEXT[:4], "value", *TEXT[4:5], "ordinal", *TEXT[5:], *CARRIED, ROW]


def input_files(source: str) -> list[str]:
    """The files an input names: a file, a directory's indicator files (`READ_EXTENSIONS`) or a
    glob's matches, in name order (the order a local run of their concatenation would read them).

    Raises:
        InputError: nothing to read.

    Example:
        >>> input_files("figures.csv")  # a file is itself, read or not
        ['figures.csv']
    """
    from indcalc.errors import InputError

    if os.path.isdir(source):
        names = [
            os.path.join(source, n)
            for n in os.listdir(source)
            if n.casefold().endswith(READ_EXTENSIONS) and not n.startswith((".", "_"))
        ]
        if not names:
            raise InputError(f"no {', '.join(READ_EXTENSIONS)} files in the directory", path=source)
        return sorted(names)
    if glob.has_magic(source):
        names = sorted(n for n in glob.glob(source) if os.path.isfile(n))
        if not names:
            raise InputError("the pattern matches no file", path=source)
        return names
    return [source]


@dataclass
class Loaded:
    """One input part as a worker loaded it: its rows (`COLUMNS`), their series' names (one row per
    entity, indicator and unit, as a loaded frame), and the error and warnings of reading it."""

    frame: pd.DataFrame | None
    names: pd.DataFrame | None
    error: IndcalcError | None = None
    warned: list[tuple[type[IndcalcWarning], str]] = field(default_factory=list)  # (class, message)


def _as_loaded(read: Callable[[], pd.DataFrame], number: int) -> Loaded:
    """`read()`'s loaded frame, as `Loaded`: with its rows' places, text as strings (step 1)."""
    import numpy as np
    import pandas as pd

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", IndcalcWarning)
        try:
            frame = read()
        except IndcalcError as exc:
            return Loaded(None, None, exc)
    warned = [(w.category, str(w.message)) for w in caught if issubclass(w.category, IndcalcWarning)]
    names = plain(frame[["entity", "indicator", "unit"]].drop_duplicates())
    blank = pd.Series("", index=frame.index, dtype="string[pyarrow]")
    text = [c for c in (*TEXT, *CARRIED) if c not in STATED_COLUMNS]
    columns = {c: _strings(frame[c]) if c in frame.columns else blank for c in text}
    for c in STATED_COLUMNS:  # stated figures are numbers (`indcalc.building.stated.extra_column`)
        given = frame[c] if c in frame.columns else pd.Series(np.nan, index=frame.index)
        columns[c] = pd.to_numeric(given, errors="coerce").astype("float64")
    columns.update(value=frame["value"], ordinal=frame["ordinal"])
    columns[ROW] = number * _PART_ROWS + np.arange(len(frame), dtype="int64")

    return Loaded(
        pd.DataFrame(columns, index=frame.index)[COLUMNS].reset_index(drop=True), names, None, warned
    )


def _strings(column: pd.Series) -> pd.Series:
    return column.astype("object").where(column.notna(), "").astype(str).astype("string[pyarrow]")


def load_file(path: str, shown: str, number: int, options: Options) -> Loaded:
    """A file read on a worker from its absolute `path` (workers may run in another directory),
    named in messages as the user gave it (`shown`), as a local run names it."""
    import io

    from indcalc.errors import InputError
    from indcalc.reading import load, read_bytes

    def read() -> pd.DataFrame:
        try:
            data = read_bytes(path)[1]
        except InputError as exc:
            exc.path = shown
            raise
        stream = io.BytesIO(data)
        stream.name = shown  # type: ignore[attr-defined]
        return load(stream, options)

    return _as_loaded(read, number)


def load_part(part: pd.DataFrame, number: int) -> Loaded:
    from indcalc.schema import check_frame

    return _as_loaded(lambda: check_frame(part), number)


def empty_rows() -> pd.DataFrame:
    import pandas as pd

    dtypes = {c: "string[pyarrow]" for c in (*TEXT, *CARRIED)} | dict.fromkeys(
        ("value", *STATED_COLUMNS), "float64"
    )
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, "int64")) for c in COLUMNS})


def summary(loaded: Loaded) -> tuple[IndcalcError | None, list[str], pd.DataFrame | None]:
    return loaded.error, loaded.warned, loaded.names


def choose(
    command: str, names: list[pd.DataFrame], args: tuple, indicators: Any, entities: Any
) -> pd.DataFrame | None:
    """Step 2 (module doc): the series chosen, as rows of entity, indicator, unit and `ROLE`; None
    for all of them."""

    from indcalc.selection import select

    if not (indicators or entities or command in ("share", "contribution")):
        return None
    if command in ("share", "contribution"):  # the total looked for in every entity, as locally
        from indcalc.cross_series import warn_without_total, whole_and_parts

        catalogue = select(_catalogue(names), indicators)
        whole, part_rows = whole_and_parts(catalogue, args[0], args[1] if len(args) > 1 else (), entities)
        warn_without_total(whole, part_rows, args[0], command)
        marked = concat([plain(whole).assign(**{ROLE: 1}), plain(part_rows).assign(**{ROLE: 0})])
    else:
        marked = plain(select(_catalogue(names), indicators, entities)).assign(**{ROLE: 0})
    keys = ["entity", "indicator", "unit"]
    return marked[[*keys, ROLE]].astype({k: str for k in keys})


def _catalogue(names: list[pd.DataFrame]) -> pd.DataFrame:
    """The series' names (entity, indicator and unit: one row each) as a loaded frame, one made-up
    period each, for the choosing functions, which read only names and units."""
    import numpy as np
    import pandas as pd

    from indcalc.periods import FREQUENCY_NAMES
    from indcalc.schema import BASIS_NAMES

    catalogue = concat(names).drop_duplicates()
    size = len(catalogue)
    columns = {c: pd.Categorical(catalogue[c].astype(str)) for c in ("entity", "indicator", "unit")}
    return pd.DataFrame(
        {
            **columns,
            "period": pd.Categorical(["2000"] * size),
            "value": np.zeros(size),
            "frequency": pd.Categorical(["annual"] * size, categories=list(FREQUENCY_NAMES)),
            "ordinal": np.full(size, 2000, dtype="int64"),
            "basis": pd.Categorical(["period"] * size, categories=list(BASIS_NAMES)),
        }
    )


def chosen(loaded: Loaded, chosen: pd.DataFrame | None) -> pd.DataFrame:
    """An input part's rows of the chosen series, with their `ROLE`."""
    import numpy as np

    frame = loaded.frame
    if chosen is None:
        return frame.assign(**{ROLE: np.zeros(len(frame), dtype="int8")})
    keys = ["entity", "indicator", "unit"]
    joined = frame.astype({k: str for k in keys}).merge(chosen, on=keys, how="left")
    keep = joined[ROLE].notna().to_numpy()
    return frame[keep].assign(**{ROLE: joined[ROLE].to_numpy()[keep].astype("int8")})


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    import pandas as pd

    return pd.concat(frames, ignore_index=True)


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Categorical columns as str (categories differ between partitions)."""
    import pandas as pd

    categorical = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    return frame.astype({c: "object" for c in categorical})
