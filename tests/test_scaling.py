"""Cost grows linearly: a 10x larger panel takes at most 15x the time, and on the realistic shape
(a unit column mixing % and level units, names of realistic length, 1-4 decimals) 4x the rows take at
most about 4x the time (slow; run with pytest -m slow). The only tests that time anything: they
assert a ratio measured in one run, never a wall-clock time."""

import io
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


def seconds_for(rows: int, shape: str = "today", jobs: tuple[str, ...] = ("yoy",)) -> float:
    """The best of 3 of loading a panel of `shape` from CSV bytes, running `jobs` and writing CSV."""
    import pyarrow.csv as pa_csv
    from make_panel import make_panel

    import indcalc
    from indcalc.render.machine import write_csv

    data = io.BytesIO()
    pa_csv.write_csv(make_panel(rows, 0.05, shape=shape), data)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        frame = indcalc.load(io.BytesIO(data.getvalue()))
        for job in jobs:
            write_csv(getattr(indcalc, job)(frame), io.StringIO())
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.slow
def test_yoy_cost_is_linear_in_rows():
    small, large = seconds_for(100_000), seconds_for(1_000_000)
    assert large <= 15 * small, (small, large)


@pytest.mark.slow
def test_cost_on_the_realistic_shape_is_linear_in_rows():
    jobs = ("yoy", "growth", "pop")
    small, large = seconds_for(250_000, "units", jobs), seconds_for(1_000_000, "units", jobs)
    assert large <= 6 * small, (small, large)  # about 4x, with room for a noisy neighbour
