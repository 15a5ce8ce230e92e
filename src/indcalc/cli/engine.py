"""`--engine dask`: a command's job on a Dask cluster instead of in this process (`indcalc.distributed`).

`on` gives the job `run` runs: the local one as it is, or one that connects to the cluster (--scheduler,
DASK_SCHEDULER_ADDRESS, --scheduler-file, else a LocalCluster on this machine), computes there and
hands back the result, or writes it as Parquet part files when -o names a directory (`directory`):
a failed or interrupted run (Ctrl-C, SIGTERM, SIGHUP) leaves that directory as it was, and removes it
when the run made it.
Dask is imported only inside the job, and only for --engine dask.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indcalc.cli.inputs import Inputs
from indcalc.cli.options import Cluster, DirectoryPath, Engine, Format, Output
from indcalc.cli.output import signals_raise
from indcalc.errors import InputError, UsageError

if TYPE_CHECKING:
    import pandas as pd

    from indcalc.cli.program import Done

CONNECT_SECONDS = 10  # to reach a scheduler before saying it cannot be reached
WORKERS_SECONDS = 30.0  # for a scheduler's first worker, unless INDCALC_DASK_WORKERS_TIMEOUT says


def directory(cluster: Cluster, out: Output) -> Path | None:
    """The directory -o names for Parquet part files (dask engine only): an existing directory, a
    name with a trailing slash, or a name without an extension when no text format is asked for;
    None for a single file or stdout."""
    if cluster.engine is not Engine.dask or out.output is None:
        return None
    named = isinstance(out.output, DirectoryPath) or out.output.is_dir()
    if named or (not out.output.suffix and out.fmt in (Format.auto, Format.parquet)):
        return out.output
    return None


def where_written(cluster: Cluster, out: Output) -> Output:
    """The output bundle `run` writes with: none when the job writes -o's directory itself."""
    return out._replace(output=None, fmt=Format.auto) if directory(cluster, out) else out


def on(
    cluster: Cluster, local: Callable[[], Any], source: Inputs, out: Output, command: str, *args: object
) -> Callable:
    """The job of `command` on the engine `cluster` names: `local` for the local engine; `args` are
    the command's arguments after the frame (`indcalc.distributed.compute`).

    Example: ``run(on(cluster, source.then("indcalc.changes", "yoy"), source, out, "yoy"), ...)``
    """
    if cluster.engine is Engine.local:
        return lambda: _local(local, source)

    def job() -> pd.DataFrame | Done:
        from indcalc import distributed
        from indcalc.cli.program import Done

        distributed.need_dask()
        if source.file == "-":
            raise UsageError("the dask engine reads files: give FILE, a directory or a glob, not stdin")
        written = directory(cluster, out)
        # Writing a directory, SIGTERM and SIGHUP raise as Ctrl-C does, so that what the run made
        # there is removed on the way out (`indcalc.distributed.run`), as for any --output.
        raising = signals_raise() if written is not None else contextlib.nullcontext()
        with connected(cluster, quiet=not out.debug), raising:
            result = distributed.compute_files(
                command,
                source.where() or str(_bundled()),
                source.options(),
                *args,
                indicators=source.indicators or (),
                entities=source.entities or (),
                sort=source.sort,
                directory=None if written is None else str(written),
            )
        return Done(None) if result is None else result

    return job


def _local(local: Callable[[], Any], source: Inputs) -> Any:
    """The local job, after a word on --engine dask if FILE is a directory."""
    if source.file not in (None, "-") and Path(source.file).is_dir():
        hint = "is a directory, not a file (a directory of files is read with --engine dask)"
        raise InputError(hint, path=source.file)
    return local()


def _bundled() -> Path:
    from indcalc.reading import bundled_data_path

    return bundled_data_path()


@contextlib.contextmanager
def connected(cluster: Cluster, quiet: bool = True) -> Iterator[None]:
    """A Dask client for the block: to the scheduler given, else to a LocalCluster on this machine
    (closed after it). Dask's own log lines below errors are not shown; when `quiet` (no --debug), nor
    are the LocalCluster's workers' (a task's error is indcalc's to tell, or an internal error, once,
    on this side). A scheduler given must have a worker within INDCALC_DASK_WORKERS_TIMEOUT seconds
    (default `WORKERS_SECONDS`).

    Raises:
        UsageError: the scheduler cannot be reached, or has no workers; --scheduler-file names no file.
    """
    import logging
    import os

    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)
    # Interrupted mid-gather (Ctrl-C), the client's waiting tasks end with its AllExit, which asyncio
    # reports on their way out as "Task exception was never retrieved" and a traceback each, even
    # after the block: Dask's own stop signal, never the user's business, so not shown.
    logging.getLogger("asyncio").addFilter(_not_all_exit)
    address = cluster.scheduler  # or DASK_SCHEDULER_ADDRESS (the option's envvar)
    with contextlib.ExitStack() as stack:
        try:
            if cluster.scheduler_file is not None:
                if not cluster.scheduler_file.is_file():  # distributed would wait for it for ever
                    raise UsageError(f"--scheduler-file {cluster.scheduler_file}: no such file")
                client = Client(scheduler_file=str(cluster.scheduler_file), timeout=CONNECT_SECONDS)
            elif address:
                client = Client(address, timeout=CONNECT_SECONDS)
            else:
                # Its worker processes are started with SIGINT blocked (they inherit the mask of the
                # thread that starts them, made meanwhile): Ctrl-C reaches a terminal's whole process
                # group, and only indcalc answers it, closing them (each printed its traceback).
                # multiprocessing's resource tracker, started first by that thread, would unblock
                # SIGINT there as it starts: it is started here, before.
                from multiprocessing import resource_tracker

                resource_tracker.ensure_running()
                with _sigint_blocked():
                    local = stack.enter_context(
                        LocalCluster(dashboard_address=None, silence_logs=logging.ERROR)
                    )
                client = Client(local)
                if quiet:
                    from indcalc.distributed import quiet_logs

                    client.run(quiet_logs)
        except (OSError, TimeoutError, ValueError) as exc:
            where = cluster.scheduler_file or address
            raise UsageError(f"cannot reach the Dask scheduler at {where}: {exc}") from None
        stack.enter_context(client)
        if cluster.scheduler_file is not None or address:
            seconds = float(os.environ.get("INDCALC_DASK_WORKERS_TIMEOUT") or WORKERS_SECONDS)
            try:
                client.wait_for_workers(1, timeout=seconds)
            except TimeoutError:
                where = cluster.scheduler_file or address
                raise UsageError(
                    f"the Dask scheduler at {where} has no workers (waited {seconds:g} s; "
                    "start one with `dask worker ADDRESS`)"
                ) from None
        yield


def _not_all_exit(record: object) -> bool:
    """A logging filter: False for a record of a `distributed.client.AllExit` (see `connected`)."""
    exc_info = getattr(record, "exc_info", None)
    return not (exc_info and exc_info[0] is not None and exc_info[0].__name__ == "AllExit")


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    """Within the block, SIGINT is blocked in this thread, and so in the threads and processes it
    starts; one that came meanwhile is raised as the block ends (main thread, where signals exist)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
