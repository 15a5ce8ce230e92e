"""Step 3 of the dask engine (`indcalc.distributed`): on each partition after the shuffle, its rows
made a loaded frame again and the command's kernel run once on all of them; the result put in the
order of a local run (`order`), or written as a Parquet part file (`part_name`)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from indcalc.distributed.inputs import CARRIED, ROLE, ROW, concat, plain
from indcalc.errors import IndcalcError
from indcalc.schema import STATED_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

    from indcalc.schema import Computed

#: Beside a partition's result: its series' first place in the input, and its own place in the result.
FIRST, POSITION = "_first", "_position"


@dataclass(frozen=True)
class Kernel:
    """How a command runs: the key it is shuffled by, its kernel on one partition (the loaded frame
    in, a `Computed` or, for contribution, a pair of them out) and its finishing step on the client."""

    by: tuple[str, ...]
    part: Callable[..., Any]
    finish: Callable[..., pd.DataFrame]
    span: bool = False  # contribution's results are ordered by span first (`contribution_part`)


def kernels() -> dict[str, Kernel]:
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


def kernel_args(command: str, args: tuple) -> tuple:
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


@dataclass
class Part:
    """What a partition gives back: its result (`FIRST` and `POSITION` beside the command's
    columns), the kernel's notes, the first and last row of each of its series (the finishing
    steps' messages need no more), and, for contribution, the total's growth."""

    frame: pd.DataFrame
    notes: pd.DataFrame
    ends: pd.DataFrame | None = None
    totals: Computed | None = None
    error: IndcalcError | None = None  # the partition's, given back as data: the task did not fail


def run_part(
    rows: pd.DataFrame, command: str, args: tuple, sort: str, directory: str | None, number: int
) -> Part:
    """Step 3 on one partition: its rows in input order, made a loaded frame, the kernel run once on
    all of them; with `directory`, the result is written there as part file `number` and only its
    first row comes back (the finishing steps ask only whether a result is empty). An indcalc error
    comes back in the `Part` (raised on the client, `indcalc.distributed.run`), as step 1's do: a task
    that fails is one Dask logs on the worker, with a traceback."""
    try:
        return _run_part(rows, command, args, sort, directory, number)
    except IndcalcError as exc:
        return Part(rows.iloc[:0], rows.iloc[:0], error=exc)


def _run_part(
    rows: pd.DataFrame, command: str, args: tuple, sort: str, directory: str | None, number: int
) -> Part:
    import pandas as pd

    from indcalc.schema import Computed, check_frame

    kernel = kernels()[command]
    rows = rows.sort_values(ROW, kind="stable")
    places, role = rows[ROW].to_numpy(), rows[ROLE].to_numpy()
    numbers = ("value", "ordinal", *STATED_COLUMNS)
    absent = [c for c in CARRIED if (rows[c].isna() if c in numbers else rows[c] == "").all()]
    rows = rows.drop(columns=[ROW, ROLE, *absent])
    frame = check_frame(rows.astype({c: "object" for c in rows.columns if c not in numbers}))
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
        import pyarrow.parquet as pq

        from indcalc.render.machine import table_of

        table = table_of(plain(result.drop(columns=[FIRST, POSITION])))
        pq.write_table(table, os.path.join(directory, part_name(number)))
        result = result.iloc[:1]
    totals_part = None
    if command == "contribution":
        totals_part = Computed(_placed(totals.frame, first, sort, False), totals.notes)
    return Part(result, done.notes, ends, totals_part)


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
    place in the result (`POSITION`), sorted as a local run orders it (`order`)."""
    import numpy as np

    plain = {c: result[c].astype("object").astype(str) for c in ("entity", "indicator")}
    import pandas as pd

    keys = pd.DataFrame(plain).merge(first.astype({"entity": str, "indicator": str}), how="left")
    placed = result.assign(**{FIRST: keys[FIRST].to_numpy(), POSITION: np.arange(len(result))})
    return order(placed, sort, span)


def order(result: pd.DataFrame, sort: str, span: bool) -> pd.DataFrame:
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
    return plain(concat([firsts, lasts]).drop_duplicates())
