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

Dask is imported only inside this package's functions and the CLI's job for ``--engine dask``
(`indcalc.cli.engine`), so ``import indcalc`` and the local engine never import it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import warnings
from typing import TYPE_CHECKING, Any

from indcalc.distributed.inputs import (
    ROLE,
    Loaded,
    choose,
    chosen,
    concat,
    empty_rows,
    input_files,
    load_file,
    load_part,
    summary,
)
from indcalc.distributed.partitions import (
    FIRST,
    POSITION,
    Part,
    kernel_args,
    kernels,
    order,
    part_name,
    run_part,
)
from indcalc.errors import UsageError

if TYPE_CHECKING:
    import pandas as pd

    from indcalc.reading import Options
    from indcalc.schema import Computed

__all__ = ["compute", "compute_files", "input_files", "need_dask", "part_name"]

#: The optional extra that brings Dask, named in the error when it is missing.
EXTRA = "install indcalc's dask extra (pip install '.[dask]' in its source directory)"


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
            f"the dask engine needs Dask ({exc.name or 'dask'} is not installed): {EXTRA}"
        ) from None


def quiet_logs() -> None:
    """Run on a worker (``client.run``): its Dask log lines not shown, errors included (`Compute
    Failed` and its traceback, a closed connection as the cluster stops), which the CLI's own
    message tells once (`indcalc.cli.engine.connected`)."""
    import logging

    logging.getLogger("distributed").setLevel(logging.CRITICAL)


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
        partitions: the number of partitions to shuffle into (default: as many as the data has, or
            as the cluster has threads if that is more).

    Example:
        >>> import pandas as pd
        >>> rows = pd.DataFrame({"indicator": ["x", "x"], "period": ["2023", "2024"], "value": [2.0, 3.0]})
        >>> compute("yoy", rows)["yoy_pct"].tolist()  # no Client: Dask's scheduler in this process
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
    loaded = [dask.delayed(load_part)(part, i) for i, part in enumerate(data.to_delayed())]
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
    loaded = [dask.delayed(load_file)(os.path.abspath(f), f, i, options) for i, f in enumerate(files)]
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

    kernel = kernels()[command]
    loaded = list(dask.persist(*loaded))
    summaries = dask.compute(*[dask.delayed(summary)(x) for x in loaded])
    for error, _, _ in summaries:
        if error is not None:
            raise error
    for _, warned, _ in summaries:
        for category, message in warned:
            warnings.warn(message, category, stacklevel=3)
    picked = choose(command, [names for _, _, names in summaries], args, indicators, entities)
    rows = dd.from_delayed(
        [dask.delayed(chosen)(x, picked) for x in loaded], meta=chosen(Loaded(empty_rows(), None), None)
    )
    shuffled = rows.shuffle(on=list(kernel.by), npartitions=partitions or _threads(len(loaded)))
    given, args = args, kernel_args(command, args)
    made: list[str] = []  # the directories made for `directory`, deepest first
    staging = None
    try:
        if directory is not None:
            made = _made(directory)
            staging = _staging(directory)
        work = dask.delayed(run_part)
        tasks = [work(p, command, args, sort, staging, i) for i, p in enumerate(shuffled.to_delayed())]
        parts = dask.compute(*tasks)
        for part in parts:  # the first partition's error, as step 1 raises the first file's
            if part.error is not None:
                raise part.error
        frame = order(concat_results([p.frame for p in parts]), sort, kernel.span)
        attrs = {k: v for p in parts for k, v in p.frame.attrs.get("undefined", {}).items()}
        result = _finished(
            Computed(_output(frame, attrs), concat([p.notes for p in parts])), parts, command, given, args
        )
    except BaseException:  # the output directory as it was: made by this run, it is removed
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        for path in made:
            with contextlib.suppress(OSError):  # only when empty: never what another program put there
                os.rmdir(path)
        raise
    if staging is None:
        return result
    _publish(staging, directory)  # type: ignore[arg-type]
    return None


def _made(directory: str) -> list[str]:
    """Make `directory` and the directories above it that are missing; those this call made (not
    one that was there, or that another program made meanwhile), deepest first, so that a failed run
    can remove them (`run`).

    Raises:
        UsageError: a directory cannot be made (a file of that name, no permission); those made
            before it are removed.
    """
    path, missing = os.path.abspath(directory), []
    while not os.path.isdir(path) and os.path.dirname(path) != path:
        missing.append(path)
        path = os.path.dirname(path)
    made: list[str] = []
    try:
        for path in reversed(missing):
            try:
                os.mkdir(path)
            except FileExistsError:
                if not os.path.isdir(path):  # a file of that name
                    raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)) from None
                continue  # made by another program meanwhile: not this run's
            made.insert(0, path)
    except OSError as exc:
        for done in made:
            with contextlib.suppress(OSError):
                os.rmdir(done)
        where = "" if path == os.path.abspath(directory) else f"{path}: "
        raise UsageError(f"cannot write {directory}: {where}{exc.strerror or exc}") from None
    return made


def _staging(directory: str) -> str:
    """A new hidden directory inside `directory` (which exists: `_made`) where the workers write the
    part files: they replace the directory's own once the whole result is written (`_publish`), so
    a failure leaves the directory as it was.

    Raises:
        UsageError: the directory holds a file other than part files and hidden ones (``.``, ``_``),
            which a reader of the directory would read with the result.
    """
    import uuid

    foreign = sorted(n for n in os.listdir(directory) if not (n.startswith((".", "_")) or _is_part(n)))
    if foreign:
        raise UsageError(
            f"{directory}: holds {foreign[0]}, which is not one of indcalc's part files "
            "(part-NNNNN.parquet): write the result to an empty directory"
        )
    staging = os.path.join(directory, f".indcalc-{uuid.uuid4().hex}")
    os.mkdir(staging)
    return staging


def _publish(staging: str, directory: str) -> None:
    """The part files written in `staging` in place of the directory's part files of before."""
    for name in os.listdir(directory):
        if _is_part(name):
            os.unlink(os.path.join(directory, name))
    for name in sorted(os.listdir(staging)):
        os.replace(os.path.join(staging, name), os.path.join(directory, name))
    os.rmdir(staging)


def _is_part(name: str) -> bool:
    """Whether a file in an output directory is a part file (`part_name`) of a result before."""
    return name.startswith("part-") and name.endswith(".parquet")


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


def concat_results(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Partitions' results as one frame; empty ones only when all are (their dtypes may differ)."""
    full = [f for f in frames if len(f)]
    return concat(full or frames[:1])


def _finished(
    part: Computed, parts: tuple[Part, ...], command: str, given: tuple, args: tuple
) -> pd.DataFrame:
    """Step 4: the finishing step of the command's public function on the gathered result; `given`
    are the command's arguments, `args` its kernel's (`kernel_args`)."""
    from indcalc.schema import Computed, check_frame

    kernel = kernels()[command]
    if command == "growth":
        return kernel.finish(part, check_frame(_gathered_ends(parts, 0)), *args)
    if command == "contribution":
        totals = [p.totals for p in parts if p.totals is not None]
        frame = order(concat_results([t.frame for t in totals]), "file", False)
        gathered = Computed(_output(frame, {}), concat([t.notes for t in totals]))
        whole, part_rows = (check_frame(_gathered_ends(parts, role)) for role in (1, 0))
        return kernel.finish(gathered, part, whole, part_rows, given[0], args)
    return kernel.finish(part)


def _gathered_ends(parts: tuple[Part, ...], role: int) -> pd.DataFrame:
    ends = concat([p.ends for p in parts if p.ends is not None])
    return ends[ends[ROLE] == role].drop(columns=[ROLE]).reset_index(drop=True)
