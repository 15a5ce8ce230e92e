"""indcalc.forked.ordered_map: results in order, a worker's exception raised in the parent, and no
worker left behind however the parent stops (closed early, interrupted, or gone without a word)."""

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from indcalc.forked import ordered_map

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="forks its workers")
CHILDREN = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")


def children() -> list[str]:
    return CHILDREN.read_text().split() if CHILDREN.exists() else []


@pytest.mark.parametrize("workers", [1, 2, 3, 7])
@pytest.mark.parametrize("count", [0, 1, 2, 5, 40])
def test_results_come_in_the_order_of_the_items(workers, count):
    items = [f"{n:03d}" * (n % 5) for n in range(count)]
    assert list(ordered_map(len, items, workers)) == [len(item) for item in items]
    assert children() == []


def test_an_exception_in_a_worker_is_raised_where_its_result_would_be():
    results = ordered_map(int, ["1", "2", "x", "4"], 2)
    assert [next(results), next(results)] == [1, 2]
    with pytest.raises(ValueError, match="'x'"):
        next(results)
    assert children() == []


def test_items_are_taken_a_few_at_a_time():
    """With 2 workers, the third result is asked for once 2 items are out and one more is taken."""
    taken = []

    def items():
        for n in range(100):
            taken.append(n)
            yield n

    results = ordered_map(abs, items(), 2)
    assert next(results) == 0 and taken == [0, 1, 2]
    results.close()
    assert children() == []


@pytest.mark.skipif(not CHILDREN.exists(), reason="counts the workers in /proc")
def test_stopping_early_kills_busy_workers_at_once():
    """Closed while every worker holds a megabyte and sleeps: the workers are gone when close() returns
    (multiprocessing.Pool could hang here, its feeding thread blocked on a pipe no one read)."""
    results = ordered_map(_slow_length, ["x" * (1 << 20)] * 20, 2)
    assert next(results) == 1 << 20
    assert len(children()) == 2
    results.close()
    assert children() == []


@pytest.mark.parametrize("stuck", [False, True], ids=["busy", "stuck"])
def test_workers_end_when_their_parent_dies_without_stopping_them(stuck):
    """A parent that ends by os._exit with workers at work: they exit (each reads the end of its pipe
    once its item is done; on Linux the kernel kills them at once, even stuck in an item for 10
    minutes), so a pipe they share with the parent (stderr here) is closed and the caller is not left
    waiting (subprocess.run reads stderr to its end, and would time out)."""
    if stuck and not sys.platform.startswith("linux"):
        pytest.skip("only Linux kills a worker with its parent")
    code = textwrap.dedent(
        f"""
        import os, sys
        from tests.test_forked import _slow_length
        from indcalc.forked import ordered_map
        results = ordered_map(_slow_length, ["x" * 1000] + [{"'stuck'" if stuck else "'x' * 1000"}] * 50, 3)
        print(next(results), file=sys.stderr, flush=True)
        os._exit(0)
        """
    )
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root)])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert (done.returncode, done.stderr) == (0, "1000\n")


def _slow_length(text: str) -> int:
    """The length of `text`, in 0.2 s; in 10 minutes for "stuck"."""
    import time

    time.sleep(600 if text == "stuck" else 0.2)
    return len(text)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="beside forks on Linux only")
def test_beside_returns_the_bytes_or_none_when_the_work_fails_or_has_no_room():
    from indcalc.forked import beside

    assert (
        beside(lambda: "指标".encode() * 1000, room=6000).result(b"head ")
        == b"head " + "指标".encode() * 1000
    )
    assert beside(lambda: b"x" * 10, room=9).result() is None  # more than it had room for
    assert beside(lambda: b"".decode("ascii") + 1, room=10).result() is None  # raised in the process
    assert beside(lambda: b"x", room=1 << 62).result() is None  # no memory to share: nothing started
    job = beside(lambda: time.sleep(30) or b"x", room=10)
    job.stop()  # killed and reaped
    assert job.pid is None and job.result() is None and children() == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="beside forks on Linux only")
def test_a_ctrl_c_that_comes_while_forking_is_answered_not_lost(monkeypatch):
    # Python runs its modules' at-fork hooks in the parent (logging's) and drops an exception raised in
    # one: a Ctrl-C then was lost and the command ran to its end (a fresh-eyes finding). Here the signal
    # comes in the parent as such a hook would run, inside a block that drops what it raises.
    import signal

    from indcalc.forked import beside

    fork = os.fork

    def interrupted_fork() -> int:
        pid = fork()
        if pid:
            try:  # as CPython runs an at-fork hook: what it raises is printed and dropped
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.05)
            except KeyboardInterrupt:
                pass
        return pid

    monkeypatch.setattr(os, "fork", interrupted_fork)
    with pytest.raises(KeyboardInterrupt):
        beside(lambda: time.sleep(30) or b"x", room=10)
    assert children() == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="beside forks on Linux only")
def test_children_are_waited_for_when_sigchld_is_ignored():
    # a launcher may leave SIGCHLD ignored: the system reaps the children, and waiting for one fails
    # with ECHILD once it has ended; every GB18030 file of 8 MB was an internal error so
    import signal

    from indcalc.forked import beside

    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        assert beside(lambda: time.sleep(0.2) or b"made", room=10).result() == b"made"
        assert beside(lambda: b"x" * 20, room=10).result() is None
        assert list(ordered_map(abs, [-3, 1, -2], 2)) == [3, 1, 2]
    finally:
        signal.signal(signal.SIGCHLD, previous)
