"""The progress bar on stderr, for work that takes a while; standard output is left to the results."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


@contextmanager
def progress(
    label: str,
    total: int | None = None,
    *,
    since: float | None = None,
    after_seconds: float = 2.0,
    console: Console | None = None,
) -> Iterator[Callable[[int], None]]:
    """A Rich progress bar on stderr once the work has taken `after_seconds` (counted from `since`, a
    `time.monotonic()`, when given), on a terminal only; yields ``advance(n)``, which moves it `n` of
    `total` steps (without a total the bar pulses). Standard output is left alone: results go there.

    Example:
        >>> with progress("yoy", total=10) as advance:  # stderr is no terminal here: nothing shown
        ...     advance(10)
    """
    import sys
    import time

    if console is None and (sys.stderr is None or not sys.stderr.isatty()):  # closed (2>&-) or not a terminal
        yield lambda _n: None
        return
    from threading import Event, Lock, Timer

    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%" if total else ""),
        TimeElapsedColumn(),
        console=console or Console(stderr=True),
        transient=True,
        redirect_stdout=False,  # results go to stdout, untouched
        redirect_stderr=False,
    )
    task = bar.add_task(label, total=total)
    guard, ended = Lock(), Event()

    def show() -> None:
        with guard:  # not once the work is done: a timer firing as it ends would leave a bar behind
            if not ended.is_set():
                bar.start()

    waited = time.monotonic() - since if since is not None else 0.0
    timer = Timer(max(after_seconds - waited, 0.0), show)
    timer.daemon = True
    timer.start()
    try:
        yield lambda n: bar.advance(task, n)
    finally:
        timer.cancel()
        with guard:
            ended.set()
            bar.stop()
