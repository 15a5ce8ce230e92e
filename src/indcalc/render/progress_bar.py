"""The progress bar on stderr, for work that takes a while; standard output is left to the results."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from threading import Event
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

#: Set while the data is typed at the terminal (`typing`): no bar is drawn over it.
_typing = Event()


@contextmanager
def typing() -> Iterator[None]:
    """No progress bar inside: standard input is read from the terminal, as it is typed, and a bar
    would be drawn over the lines typed. A bar due while inside is not drawn at all."""
    _typing.set()
    try:
        yield
    finally:
        _typing.clear()


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
    from threading import Lock, Timer

    from rich.cells import cell_len
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.text import Text

    if console is None:
        console = Console(stderr=True)
        if not console.is_interactive:  # TERM=dumb: no bar can be redrawn in place there
            yield lambda _n: None
            return
        # A bar as wide as the terminal has the cursor at its last column, where a ^C typed at it wraps to
        # a line of its own, and the bar is left on screen when it is erased: three columns spare.
        console.width = max(console.width - 3, 20)
    # The label shortened (…) so that the bar, at least 10 cells, its percentage and the time show too.
    text = Text(label)
    text.truncate(max(console.width - 28, 8), overflow="ellipsis")
    label = text.plain
    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(bar_width=max(10, min(40, console.width - 18 - cell_len(label)))),
        TextColumn("{task.percentage:>3.0f}%" if total else ""),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        redirect_stdout=False,  # results go to stdout, untouched
        redirect_stderr=False,
    )
    task = bar.add_task(label, total=total)
    guard, ended, started = Lock(), Event(), Event()

    def show() -> None:
        with guard:  # not once the work is done: a timer firing as it ends would leave a bar behind
            if not ended.is_set() and not _typing.is_set():
                bar.start()
                started.set()

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
            if started.is_set():  # Rich's stop of a bar never started writes a blank line
                bar.stop()
