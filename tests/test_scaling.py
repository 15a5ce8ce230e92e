"""Cost grows linearly: a 10x larger panel takes at most 15x the time (slow; run with pytest -m slow)."""

import io
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


def seconds_for(rows: int) -> float:
    import pyarrow.csv as pa_csv
    from make_panel import make_panel

    from indcalc import load, yoy
    from indcalc.render.machine import write_csv

    data = io.BytesIO()
    pa_csv.write_csv(make_panel(rows, 0.05), data)
    best = float("inf")
    for _ in range(3):
        data.seek(0)
        start = time.perf_counter()
        write_csv(yoy(load(io.BytesIO(data.getvalue()))), io.StringIO())
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.slow
def test_yoy_cost_is_linear_in_rows():
    small, large = seconds_for(100_000), seconds_for(1_000_000)
    assert large <= 15 * small, (small, large)
