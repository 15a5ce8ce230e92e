"""The kernels on a Dask cluster (``--engine dask``): the same results as a local run, past one machine.

The data's way, in four steps (README, More than one machine):

1. Reading and validating, before the shuffle. Each input file is read by indcalc's own loader
   (`indcalc.reading.load`) on a worker, with its own name, so a bad row is reported with its file
   and line exactly as a local run reports it; when several files are bad, the first in name order
   is. A DataFrame handed in (`compute`) is checked part by part (`check_frame`). Errors and warnings
   come back as data; each row gets its place in the input (``_row``: the file's or part's number and
   the row's), which gives the local order back at the end.
2. Choosing, on the client: the names of the series (one row per entity, indicator and unit) are
   gathered, and ``-i``/``-e``, ``--total`` and ``--part`` are matched on them as a local run matches
   them on the whole table (`indcalc.selection.select`, `indcalc.cross_series.whole_and_parts`), with
   the same errors.
3. One shuffle by the series key (entity and indicator; the entity alone for share and contribution),
   text as strings (not categoricals, whose categories differ between files). On each partition its
   rows are put back in input order and made a loaded frame again by `check_frame` (which also refuses
   a period that two files both give for a series), and the kernel's ``_part`` form runs once on the
   whole partition.
4. Gathering: each partition's result is sorted into the order of a local run (series in order of
   first appearance, or by name; periods as the kernel gives them), and the notes are turned into the
   warnings and errors of a local run by the public functions' own finishing steps (``finish_*``).

Dask is imported here only: nothing else in indcalc imports it, and this module only when asked for.
"""

from __future__ import annotations

import glob
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from indcalc.errors import IndcalcError, IndcalcWarning, UsageError

if TYPE_CHECKING:
    import pandas as pd

    from indcalc.reading import Options
    from indcalc.schema import Computed

#: The optional extra that brings Dask, named in the error when it is missing.
EXTRA = "indcalc[dask]"
#: Files a directory is read for, by extension (case-insensitive), in name order.
READ_EXTENSIONS = (".parquet", ".csv", ".tsv", ".csv.gz", ".tsv.gz", ".xlsx")
ROW, FIRST, POSITION = "_row", "_first", "_position"
_PART_ROWS = 1 << 40  # rows of one file (or part) at most: `_row` is its number * this + the row
TEXT = ("entity", "indicator", "unit", "period", "frequency", "basis", "qualifier")
#: Extra columns the kernels read (`indcalc.spans.periods_covered`); other extras are not carried.
CARRIED = ("covers", "periods_covered")
#: The columns a loaded frame crosses the shuffle with, in this order (text as strings).
COLUMNS = [*TEXT[:4], "value", *TEXT[4:5], "ordinal", *TEXT[5:], *CARRIED, ROW]


def need_dask() -> None:
    """Fail with the extra to install when Dask is not installed.

    Raises:
        UsageError: dask.dataframe or distributed cannot be imported.
    """
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise UsageError(
            f"the dask engine needs Dask ({exc.name or 'dask'} is not installed): pip install '{EXTRA}'"
        ) from None


def input_files(source: str) -> list[str]:
    """The files an input names: a file, a directory's indicator files (`READ_EXTENSIONS`) or a
    glob's matches, in name order (the order a local run of their concatenation would read them).

    Raises:
        InputError: nothing to read.

    Example:
        >>> input_files("data/indicators.csv")
        ['data/indicators.csv']
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
    warned: list[str] = field(default_factory=list)


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
    warned = [str(w.message) for w in caught if issubclass(w.category, IndcalcWarning)]
    names = _plain(frame[["entity", "indicator", "unit"]].drop_duplicates())
    blank = pd.Series("", index=frame.index, dtype="string[pyarrow]")
    plain = {c: _strings(frame[c]) if c in frame.columns else blank for c in (*TEXT, *CARRIED)}
    plain.update(value=frame["value"], ordinal=frame["ordinal"])
    plain[ROW] = number * _PART_ROWS + np.arange(len(frame), dtype="int64")

    return Loaded(pd.DataFrame(plain, index=frame.index)[COLUMNS].reset_index(drop=True), names, None, warned)


def _strings(column: pd.Series) -> pd.Series:
    return column.astype("object").where(column.notna(), "").astype(str).astype("string[pyarrow]")


def _load_file(path: str, shown: str, number: int, options: Options) -> Loaded:
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


def _load_part(part: pd.DataFrame, number: int) -> Loaded:
    from indcalc.schema import check_frame

    return _as_loaded(lambda: check_frame(part), number)


def _empty_rows() -> pd.DataFrame:
    import pandas as pd

    dtypes = {c: "string[pyarrow]" for c in (*TEXT, *CARRIED)} | {"value": "float64"}
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, "int64")) for c in COLUMNS})


@dataclass(frozen=True)
class Kernel:
    """How a command runs: the key it is shuffled by, its kernel on one partition (the loaded frame
    in, a `Computed` or, for contribution, a pair of them out) and its finishing step on the client."""

    by: tuple[str, ...]
    part: Callable[..., Any]
    finish: Callable[..., pd.DataFrame]
    span: bool = False  # contribution's results are ordered by span first (`contribution_part`)


def _kernels() -> dict[str, Kernel]:
    from indcalc import changes, cross_series, cumulative, listing

    series = ("entity", "indicator")
    return {
        "growth": Kernel(series, changes.growth_part, changes.finish_growth),
        "yoy": Kernel(series, changes.yoy_part, lambda part, *_: part.frame),
        "pop": Kernel(series, _pop_part, lambda part, *_: changes.finish_pop(part)),
        "list": Kernel(series, listing.list_part, lambda part, *_: part.frame),
        "ytd": Kernel(series, cumulative.ytd_part, lambda part, *_: cumulative.finish_ytd(part)),
        "share": Kernel(("entity",), cross_series.share_part, lambda part, *_: part.frame),
        "contribution": Kernel(("entity",), _contribution_part, cross_series.finish_contribution, True),
    }


def _pop_part(frame: pd.DataFrame, annualize: bool = False, log: bool = False) -> Computed:
    from indcalc.changes import pop_part

    return pop_part(frame, annualize=annualize, log=log)


def _contribution_part(whole: pd.DataFrame, part_rows: pd.DataFrame, start: Any, end: Any) -> tuple:
    from indcalc.changes import growth_part
    from indcalc.cross_series import contribution_part

    return growth_part(whole, start, end), contribution_part(whole, part_rows, start, end)


@dataclass
class Part:
    """What a partition gives back: its result (`FIRST` and `POSITION` beside the command's
    columns), the kernel's notes, the first and last row of each of its series (the finishing
    steps' messages need no more), and, for contribution, the total's growth."""

    frame: pd.DataFrame
    notes: pd.DataFrame
    ends: pd.DataFrame | None = None
    totals: Computed | None = None


def _run_part(
    rows: pd.DataFrame, command: str, args: tuple, sort: str, directory: str | None, number: int
) -> Part:
    """Step 3 on one partition: its rows in input order, made a loaded frame, the kernel run once on
    all of them; with `directory`, the result is written there as part file `number` and only its
    first row comes back (the finishing steps ask only whether a result is empty)."""
    import pandas as pd

    from indcalc.schema import Computed, check_frame

    kernel = _kernels()[command]
    rows = rows.sort_values(ROW, kind="stable")
    places, role = rows[ROW].to_numpy(), rows[ROLE].to_numpy()
    rows = rows.drop(columns=[ROW, ROLE, *(c for c in CARRIED if (rows[c] == "").all())])
    frame = check_frame(rows.astype({c: "object" for c in rows.columns if c not in ("value", "ordinal")}))
    if kernel.by == ("entity",):
        whole, part_rows = frame[role == 1], frame[role == 0]
        if command == "share":
            done = kernel.part(whole, part_rows, given_total=args[0])
        else:
            totals, done = kernel.part(whole, part_rows, *args)
    else:
        whole, part_rows = frame.iloc[:0], frame
        done = kernel.part(frame, *args)
    first = pd.DataFrame({"entity": rows["entity"], "indicator": rows["indicator"], FIRST: places})
    first = first.drop_duplicates(["entity", "indicator"])
    result = _placed(done.frame, first, sort, kernel.span)
    ends = None
    if command in ("growth", "contribution"):
        ends = pd.concat([_ends(whole).assign(**{ROLE: 1}), _ends(part_rows).assign(**{ROLE: 0})])
    if directory is not None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(_plain(result.drop(columns=[FIRST, POSITION])), preserve_index=False)
        pq.write_table(table, os.path.join(directory, part_name(number)))
        result = result.iloc[:1]
    totals_part = None
    if command == "contribution":
        totals_part = Computed(_placed(totals.frame, first, sort, False), totals.notes)
    return Part(result, done.notes, ends, totals_part)


ROLE = "_role"  # 1: a row of the total (share, contribution); 0: any other row chosen


def part_name(number: int) -> str:
    """The name of part file `number` of a result written to a directory: zero-padded, so that name
    order is number order.

    Example:
        >>> part_name(7)
        'part-00007.parquet'
    """
    return f"part-{number:05d}.parquet"


def _placed(result: pd.DataFrame, first: pd.DataFrame, sort: str, span: bool) -> pd.DataFrame:
    """A partition's result with each row's series' first place in the input (`FIRST`) and its own
    place in the result (`POSITION`), sorted as a local run orders it (`_order`)."""
    import numpy as np

    plain = {c: result[c].astype("object").astype(str) for c in ("entity", "indicator")}
    import pandas as pd

    keys = pd.DataFrame(plain).merge(first.astype({"entity": str, "indicator": str}), how="left")
    placed = result.assign(**{FIRST: keys[FIRST].to_numpy(), POSITION: np.arange(len(result))})
    return _order(placed, sort, span)


def _order(result: pd.DataFrame, sort: str, span: bool) -> pd.DataFrame:
    """Rows in a local run's order: series as they first appear in the input (`FIRST`) or by entity
    and indicator name (``sort="name"``), each series' rows as its kernel gives them (`POSITION`);
    contribution's by span first, as `contribution_part` orders them."""
    import pandas as pd

    names = ["entity", "indicator"] if sort == "name" else []
    leading = ["from_period", "to_period"] if span else []
    keys = pd.DataFrame({c: result[c].astype("object").astype(str) for c in (*leading, *names)})
    if sort != "name":
        keys[FIRST] = result[FIRST].to_numpy()
    keys[POSITION] = result[POSITION].to_numpy()
    order = keys.reset_index(drop=True).sort_values(list(keys.columns), kind="stable").index.to_numpy()
    return result.take(order).reset_index(drop=True)


def _ends(frame: pd.DataFrame) -> pd.DataFrame:
    """The first and last row (by period) of each series of a loaded frame."""
    ordered = frame.sort_values(["entity", "indicator", "ordinal"], kind="stable")
    firsts = ordered.drop_duplicates(["entity", "indicator"], keep="first")
    lasts = ordered.drop_duplicates(["entity", "indicator"], keep="last")
    return _plain(pd_concat([firsts, lasts]).drop_duplicates())


def pd_concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    import pandas as pd

    return pd.concat(frames, ignore_index=True)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Categorical columns as str (categories differ between partitions)."""
    import pandas as pd

    categorical = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    return frame.astype({c: "object" for c in categorical})


def compute(
    command: str,
    data: Any,
    *args: object,
    indicators: tuple[str, ...] | list[str] = (),
    entities: tuple[str, ...] | list[str] = (),
    sort: str = "file",
    partitions: int | None = None,
) -> pd.DataFrame:
    """Run a command's kernel on a Dask DataFrame, a pyarrow Table or a pandas DataFrame, on the
    current Dask scheduler (a `distributed.Client` if one is made), with no file in between.

    The result, its warnings and errors are those of the local function on the same rows in the same
    order (``indcalc.yoy(frame)``, ...): rows as in a frame built by hand (`indcalc.schema`), each part
    checked by `check_frame`.

    Args:
        command: growth, yoy, pop, list, ytd, share or contribution.
        data: the rows; a Dask DataFrame's partitions are read in their order.
        *args: the command's arguments after the frame, as the local function takes them
            (``"GDP", ["A*"]`` for share; ``from_period, to_period`` for growth); pop takes
            ``annualize, log``.
        indicators, entities: globs choosing series, as `indcalc.selection.select`.
        sort: ``file`` (series as they first appear) or ``name``.
        partitions: the number of partitions to shuffle into (default: as many as the data has).

    Example:
        >>> import pandas as pd
        >>> rows = pd.DataFrame({"indicator": ["x", "x"], "period": ["2023", "2024"], "value": [2.0, 3.0]})
        >>> compute("yoy", rows)["yoy_pct"].tolist()  # doctest: +SKIP
        [nan, 50.0]
    """
    need_dask()
    import dask
    import dask.dataframe as dd
    import pandas as pd

    if not isinstance(data, dd.DataFrame):
        if not isinstance(data, pd.DataFrame):  # a pyarrow Table
            data = data.to_pandas()
        data = dd.from_pandas(data, npartitions=1, sort=False)
    loaded = [dask.delayed(_load_part)(part, i) for i, part in enumerate(data.to_delayed())]
    return run(
        command, loaded, args, indicators=indicators, entities=entities, sort=sort, partitions=partitions
    )


def compute_files(
    command: str,
    source: str,
    options: Options,
    *args: object,
    indicators: tuple[str, ...] | list[str] = (),
    entities: tuple[str, ...] | list[str] = (),
    sort: str = "file",
    directory: str | None = None,
) -> pd.DataFrame | None:
    """`compute` on the files an input names (`input_files`), each read by indcalc's loader on a
    worker; with `directory`, the result is written there as Parquet part files (`part_name`) and
    None returned."""
    need_dask()
    import dask

    files = input_files(source)
    loaded = [dask.delayed(_load_file)(os.path.abspath(f), f, i, options) for i, f in enumerate(files)]
    return run(
        command, loaded, args, indicators=indicators, entities=entities, sort=sort, directory=directory
    )


def run(
    command: str,
    loaded: list[Any],
    args: tuple,
    *,
    indicators: tuple[str, ...] | list[str] = (),
    entities: tuple[str, ...] | list[str] = (),
    sort: str = "file",
    partitions: int | None = None,
    directory: str | None = None,
) -> pd.DataFrame | None:
    """Steps 1 to 4 (module doc) on the input parts `loaded` (delayed `Loaded`)."""
    import dask
    import dask.dataframe as dd

    from indcalc.schema import Computed

    kernel = _kernels()[command]
    loaded = list(dask.persist(*loaded))
    summaries = dask.compute(*[dask.delayed(_summary)(x) for x in loaded])
    for error, _, _ in summaries:
        if error is not None:
            raise error
    for _, warned, _ in summaries:
        for message in warned:
            warnings.warn(message, IndcalcWarning, stacklevel=3)
    chosen = _choose(command, [names for _, _, names in summaries], args, indicators, entities)
    rows = dd.from_delayed(
        [dask.delayed(_chosen)(x, chosen) for x in loaded], meta=_chosen(Loaded(_empty_rows(), None), None)
    )
    shuffled = rows.shuffle(on=list(kernel.by), npartitions=partitions or _threads(len(loaded)))
    given, args = args, _kernel_args(command, args)
    if directory is not None:
        os.makedirs(directory, exist_ok=True)
    tasks = [
        dask.delayed(_run_part)(p, command, args, sort, directory, i)
        for i, p in enumerate(shuffled.to_delayed())
    ]
    parts = dask.compute(*tasks)
    frame = _order(pd_concat_results([p.frame for p in parts]), sort, kernel.span)
    attrs = {k: v for p in parts for k, v in p.frame.attrs.get("undefined", {}).items()}
    result = _finished(
        Computed(_output(frame, attrs), pd_concat([p.notes for p in parts])), parts, command, given, args
    )
    return None if directory is not None else result


def _threads(parts: int) -> int:
    """How many partitions to shuffle into by default: as many as the input has, and at least as
    many as the cluster has threads."""
    try:
        from distributed import get_client

        return max(parts, sum(get_client().nthreads().values()))
    except ValueError:  # no cluster: Dask's own scheduler in this process
        return parts


def _output(frame: pd.DataFrame, attrs: dict) -> pd.DataFrame:
    from indcalc.schema import output_frame

    frame = output_frame(frame.drop(columns=[FIRST, POSITION]))
    if attrs:
        frame.attrs["undefined"] = attrs
    return frame


def pd_concat_results(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Partitions' results as one frame; empty ones only when all are (their dtypes may differ)."""
    full = [f for f in frames if len(f)]
    return pd_concat(full or frames[:1])


def _summary(loaded: Loaded) -> tuple[IndcalcError | None, list[str], pd.DataFrame | None]:
    return loaded.error, loaded.warned, loaded.names


def _choose(
    command: str, names: list[pd.DataFrame], args: tuple, indicators: Any, entities: Any
) -> pd.DataFrame | None:
    """Step 2 (module doc): the series chosen, as rows of entity, indicator, unit and `ROLE`; None
    for all of them."""

    from indcalc.selection import select

    if not (indicators or entities or command in ("share", "contribution")):
        return None
    catalogue = select(_catalogue(names), indicators, entities)
    if command in ("share", "contribution"):
        from indcalc.cross_series import whole_and_parts

        whole, part_rows = whole_and_parts(catalogue, args[0], args[1] if len(args) > 1 else ())
        marked = pd_concat([_plain(whole).assign(**{ROLE: 1}), _plain(part_rows).assign(**{ROLE: 0})])
    else:
        marked = _plain(catalogue).assign(**{ROLE: 0})
    keys = ["entity", "indicator", "unit"]
    return marked[[*keys, ROLE]].astype({k: str for k in keys})


def _catalogue(names: list[pd.DataFrame]) -> pd.DataFrame:
    """The series' names (entity, indicator and unit: one row each) as a loaded frame, one made-up
    period each, for the choosing functions, which read only names and units."""
    import numpy as np
    import pandas as pd

    from indcalc.periods import FREQUENCY_NAMES
    from indcalc.schema import BASIS_NAMES

    catalogue = pd_concat(names).drop_duplicates()
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


def _chosen(loaded: Loaded, chosen: pd.DataFrame | None) -> pd.DataFrame:
    """An input part's rows of the chosen series, with their `ROLE`."""
    import numpy as np

    frame = loaded.frame
    if chosen is None:
        return frame.assign(**{ROLE: np.zeros(len(frame), dtype="int8")})
    keys = ["entity", "indicator", "unit"]
    joined = frame.astype({k: str for k in keys}).merge(chosen, on=keys, how="left")
    keep = joined[ROLE].notna().to_numpy()
    return frame[keep].assign(**{ROLE: joined[ROLE].to_numpy()[keep].astype("int8")})


def _kernel_args(command: str, args: tuple) -> tuple:
    """The arguments each partition's kernel takes, from the command's (`compute`)."""
    from indcalc.changes import growth_periods

    if command == "growth":
        return growth_periods(*(*args, None, None)[:2])
    if command == "pop":
        return tuple(bool(a) for a in args)
    if command == "share":
        return (args[0] is not None,)
    if command == "contribution":
        return growth_periods(*(*args[2:], None, None)[:2])
    return ()


def _finished(
    part: Computed, parts: tuple[Part, ...], command: str, given: tuple, args: tuple
) -> pd.DataFrame:
    """Step 4: the finishing step of the command's public function on the gathered result; `given`
    are the command's arguments, `args` its kernel's (`_kernel_args`)."""
    from indcalc.schema import Computed, check_frame

    kernel = _kernels()[command]
    if command == "growth":
        return kernel.finish(part, check_frame(_gathered_ends(parts, 0)), *args)
    if command == "contribution":
        totals = [p.totals for p in parts if p.totals is not None]
        frame = _order(pd_concat_results([t.frame for t in totals]), "file", False)
        gathered = Computed(_output(frame, {}), pd_concat([t.notes for t in totals]))
        whole, part_rows = (check_frame(_gathered_ends(parts, role)) for role in (1, 0))
        return kernel.finish(gathered, part, whole, part_rows, given[0], args)
    return kernel.finish(part)


def _gathered_ends(parts: tuple[Part, ...], role: int) -> pd.DataFrame:
    ends = pd_concat([p.ends for p in parts if p.ends is not None])
    return ends[ends[ROLE] == role].drop(columns=[ROLE]).reset_index(drop=True)
