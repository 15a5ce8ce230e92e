"""A function mapped over items in forked worker processes, results in order, with no thread in the
parent (`ordered_map`); bytes worked out in a forked process while the caller goes on (`beside`).

`multiprocessing.Pool` was used before, and it could hang for ever when stopped mid-way (a Ctrl-C, an
--output that could not be written): `Pool.terminate` joins its task-feeding thread, which may be
blocked writing a task into a pipe that no worker will read again (the workers are terminated; the
pool's own drain of the pipe holds the readers' lock and stops as soon as the pipe is momentarily
empty). With batches of a megabyte the window is wide: `indcalc check` interrupted by Ctrl-C hung in one
run of ten here, and CI's run hung on its test of that.

Here the parent does all the feeding itself, a worker at a time: each worker has one item at most, sent
once its previous result has been taken, so nothing ever waits on a pipe that a live reader will not
empty. When the parent stops early, for whatever reason, its workers are killed and reaped; when the
parent dies without that (``os._exit``, SIGTERM, SIGKILL), the kernel kills them on Linux, and elsewhere
each worker reads the end of its pipe once its item is done (a worker holds no other process's end of
any) and exits.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, Pipe
from typing import TypeVar

__all__ = ["Beside", "beside", "ordered_map"]

Item = TypeVar("Item")
Result = TypeVar("Result")


def ordered_map(work: Callable[[Item], Result], items: Iterable[Item], workers: int) -> Iterator[Result]:
    """`map(work, items)`, computed in `workers` forked processes: one item per worker at a time, the
    next item taken from `items` while they compute, results yielded in the order of `items`. An
    exception in `work` is raised here, where its item's result would be.

    At most `workers` items are out at once, and one more taken: however many `items` there are, only a
    few are held (`items` may be a file read lazily). Workers ignore SIGINT (a terminal's Ctrl-C reaches
    the whole process group): the parent answers it, and its workers are killed once this generator is
    closed or collected.

    Example:
        >>> list(ordered_map(abs, [-3, 1, -2, 5, -8], 2))
        [3, 1, 2, 5, 8]
    """
    started: list[tuple[int, Connection]] = []
    try:
        for _ in range(workers):
            started.append(_start(work, [end for _, end in started]))
        out: deque[Connection] = deque()
        items = iter(items)
        for _, end in started:
            item = next(items, _END)
            if item is _END:
                break
            end.send(item)
            out.append(end)
        while out:
            end = out.popleft()
            item = next(items, _END)  # taken while the workers compute
            done, result = end.recv()
            if not done:
                raise result
            if item is not _END:
                end.send(item)
                out.append(end)
            yield result
    finally:
        for pid, end in started:
            os.kill(pid, signal.SIGKILL)
            end.close()
            _reap(pid)


_END = object()


class Beside:
    """The bytes `work` makes in a forked process (`beside`): `result` waits for them, `stop` kills the
    process; either reaps it, once."""

    def __init__(self, pid: int | None, shared: mmap.mmap | None) -> None:
        self.pid, self.shared = pid, shared

    def result(self, before: bytes = b"") -> bytes | None:
        """The bytes, after `before` (joined in one copy), once the process is done; None if it failed,
        made more than it had room for, or was never started. Its success is read from the shared
        memory, where it marks it last, not from its exit status, which a process that ignores SIGCHLD
        (as some launchers leave it) never gets."""
        if self.pid is None or self.shared is None:
            return None
        _reap(self.pid)
        self.pid = None
        with memoryview(self.shared) as shared:
            size = int.from_bytes(shared[:8], "little")
            found = b"".join((before, shared[9 : 9 + size])) if shared[8] == _DONE else None
        self.shared.close()
        return found

    def stop(self) -> None:
        """Kill and reap the process, if it is still there."""
        if self.pid is not None:
            os.kill(self.pid, signal.SIGKILL)
            _reap(self.pid)
            self.pid = None
        if self.shared is not None:
            self.shared.close()


_DONE = 1  # marks the shared memory of a `beside` process that made its bytes


def beside(work: Callable[[], bytes], room: int) -> Beside:
    """Start `work()` in a forked process (Linux only: forking a process with threads, as a command has,
    is safe there for work that imports nothing) and return at once; its bytes, at most `room` of them,
    come back through memory shared with it (a pipe would copy them twice), from `Beside.result`.
    Elsewhere, or when no process can be forked, nothing is started and the result is None: the caller
    does the work itself. The process dies with its parent and ignores SIGINT, as `ordered_map`'s do.

    Example:
        >>> job = beside(lambda: "指标".encode() * 2, room=64)
        >>> job.result().decode() if sys.platform.startswith("linux") else "指标指标"
        '指标指标'
    """
    if not sys.platform.startswith("linux"):
        return Beside(None, None)
    import ctypes  # noqa: F401  (for `_die_with_parent`: the child imports nothing another thread may hold)

    try:
        shared = mmap.mmap(-1, room + 9)  # anonymous and shared with the child: size, mark, bytes
    except (OSError, OverflowError):
        return Beside(None, None)
    parent = os.getpid()
    try:
        pid = _fork()
    except OSError:
        shared.close()
        return Beside(None, None)
    if pid:
        return Beside(pid, shared)
    try:  # the child: it never returns into the parent's code
        _die_with_parent(parent)
        _quiet()
        made = work()
        if len(made) <= room:
            shared[9 : 9 + len(made)] = made
            shared[:8] = len(made).to_bytes(8, "little")
            shared[8] = _DONE
    finally:
        os._exit(0)


def _fork() -> int:
    """`os.fork()`, with a Ctrl-C that comes meanwhile answered once the fork is done: Python runs the
    at-fork hooks of the modules loaded (logging's, which releases its lock) in the parent, and a
    KeyboardInterrupt raised inside one is printed as ignored and lost, so the command ran on to the
    end (16 of 19 Ctrl-Cs timed at the fork, a fresh-eyes finding). In the main thread, where Python's
    signal handlers run, SIGINT is held over the fork, then raised again (the new process killed)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return os.fork()
    came: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: came.append(signum))
    pid = -1
    try:
        pid = os.fork()
    finally:
        if pid != 0:  # (None: a handler set outside Python, of which only the default can be put back)
            signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
    if pid and came:  # the parent, interrupted: no process left, then the interrupt answered
        os.kill(pid, signal.SIGKILL)
        _reap(pid)
        signal.raise_signal(signal.SIGINT)
    return pid


def _reap(pid: int) -> None:
    """Wait for process `pid` to end (a process that ignores SIGCHLD has its children reaped by the
    system: the wait then ends when they do, with no child to report)."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _start(work: Callable, others: list[Connection]) -> tuple[int, Connection]:
    """A forked worker running `work` on each item it is sent, and the parent's end of its pipe;
    `others` are the parent's ends of the workers started before, which the new one closes."""
    ours, theirs = Pipe()
    parent = os.getpid()
    pid = _fork()
    if pid:
        theirs.close()
        return pid, ours
    try:  # the worker: it never returns into the parent's code
        _die_with_parent(parent)
        for end in (*others, ours):
            end.close()
        _quiet()
        _serve(work, theirs)
    finally:
        os._exit(0)


def _die_with_parent(parent: int) -> None:
    """On Linux, have the kernel kill this worker the moment its parent dies (``PR_SET_PDEATHSIG``):
    killed by SIGTERM or SIGKILL, a parent cannot stop its workers, which would otherwise finish the
    batch at hand (a second or more) before reading the end of their pipe."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # gone already, before the kernel was asked
        os._exit(0)


def _quiet() -> None:
    """A worker ignores SIGINT, ends on SIGTERM and SIGHUP whatever handler it was forked with (the
    parent's, while --output is written, raised an exception), and holds neither standard input nor
    output open (a pipeline's reader waits for every writer to close it)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)


def _serve(work: Callable, end: Connection) -> None:
    """Items from `end`, each answered with ``(True, result)`` or ``(False, exception)``, until the
    parent's end is closed."""
    while True:
        try:
            item = end.recv()
        except EOFError:
            return
        try:
            end.send((True, work(item)))
        except Exception as exc:  # raised in the parent, where the result would be
            try:
                end.send((False, exc))
            except Exception:  # an exception that cannot be pickled
                end.send((False, RuntimeError(f"in a worker process: {exc!r}")))
