"""Figures written as text (`indcalc.render.machine.figure_cells`): orjson's output cut into cells must
read exactly as pyarrow's cast to text, the reference every machine format was written with (issue 18)."""

import io
import json
import math
from unittest import mock

import numpy as np
import orjson
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indcalc.render.machine import figure_cells, shortest, write_json


def cast(figures: pa.Array) -> list[str | None]:
    return figures.cast(pa.large_string()).to_pylist()


def by_orjson(figures: pa.Array) -> list[str | None]:
    """`figure_cells(figures)`, checked to have been written by orjson (its fast path)."""
    with mock.patch.object(orjson, "dumps", wraps=orjson.dumps) as dumps:
        cells = figure_cells(figures)
    assert dumps.called
    assert cells.type == pa.large_string()
    return cells.to_pylist()


@pytest.mark.parametrize(
    ("figure", "text"),
    [
        (5.0, "5"),
        (-0.0, "-0"),
        (0.0, "0"),
        (0.25, "0.25"),
        (16.0, "16"),  # 5.45% to 16%: the share's last figure
        (193.57798165137615, "193.57798165137615"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e-5, "0.00001"),  # the smallest plain in both notations
        (-2.5e-5, "-0.000025"),
        (9999999999.0, "9999999999"),  # the largest whole number plain in both
        (9999999999.5, "9999999999.5"),
        (-85.2, "-85.2"),
    ],
)
def test_a_figure_is_written_as_pyarrow_writes_it(figure, text):
    figures = pa.array([figure, figure, 1.5])
    assert by_orjson(figures) == cast(figures) == [text, text, "1.5"]
    assert shortest(figure) == text


@pytest.mark.parametrize(
    "figure", [1e10, 8.52e10, 1e16, 1.5e-6, 9.9e-6, 2.5e-300, float("inf"), -float("inf")]
)
def test_figures_one_notation_writes_in_exponent_form_are_cast(figure):
    figures = pa.array([1.5, figure])
    with mock.patch.object(orjson, "dumps", wraps=orjson.dumps) as dumps:
        assert figure_cells(figures).to_pylist() == cast(figures)
    assert not dumps.called


def test_empty_figures_are_nulls_and_a_nan_that_is_no_null_is_cast():
    figures = pa.array([1.0, None, 2.5, None, 3.0], pa.float64())
    assert by_orjson(figures) == ["1", None, "2.5", None, "3"]
    assert figure_cells(pa.array([None, None, 1.0], pa.float64())).to_pylist() == [None, None, "1"]
    nan = pa.array([1.0, float("nan")])  # not from pandas: a figure "nan", as pyarrow writes it
    assert figure_cells(nan).to_pylist() == cast(nan) == ["1", "nan"]
    assert figure_cells(pa.array([], pa.float64())).to_pylist() == []
    assert figure_cells(pa.array([3, None])).to_pylist() == ["3", None]  # whole-number columns: cast


def test_a_slice_of_a_batch_is_written_from_its_own_rows():
    figures = pa.array([float(i) / 4 if i % 5 else None for i in range(200)], pa.float64()).slice(7, 101)
    assert by_orjson(figures) == cast(figures)


decimals = st.builds(
    lambda digits, places: digits / 10.0**places, st.integers(-(10**12), 10**12), st.integers(0, 8)
)
plain = st.floats(min_value=1e-5, max_value=9.9e9) | st.floats(min_value=-9.9e9, max_value=-1e-5)
wholes = st.integers(-(10**10) + 1, 10**10 - 1).map(float)


@given(st.lists(decimals | plain | wholes, min_size=1), st.lists(st.integers(0, 1000)))
def test_orjson_figures_read_as_pyarrow_casts_them(values, empty):
    values = [v if 1e-5 <= abs(v) < 1e10 or (v == int(v) and abs(v) < 1e10) else 1.5 for v in values]
    figures = pa.array(values, pa.float64())
    if empty:  # some figures empty, fewer than half
        mask = np.zeros(len(values), bool)
        mask[[i % len(values) for i in empty[: len(values) // 2]]] = True
        figures = pa.array(values, pa.float64(), mask=mask)
    assert by_orjson(figures) == cast(figures)


@given(st.lists(st.floats() | st.none()))
def test_any_figures_read_as_pyarrow_casts_them(values):
    figures = pa.array(values, pa.float64())
    assert figure_cells(figures).to_pylist() == cast(figures)


def test_a_million_figures_of_every_plain_kind_read_as_pyarrow_casts_them():
    rng = np.random.default_rng(18)
    low, high = np.float64(1e-5).view(np.int64), np.float64(1e10).view(np.int64)
    figures = np.concatenate(
        [
            rng.integers(low, high, 300_000).view(np.float64),  # any bits in the range
            rng.integers(0, 10**9, 300_000) / 10.0 ** rng.integers(0, 9, 300_000),  # decimals as read
            rng.integers(-(10**10) + 1, 10**10, 100_000).astype(float),  # whole numbers
        ]
    )
    figures = np.concatenate([figures, figures[:300_000] / 7 - 3, -figures[300_000:600_000] / 100])
    size = np.abs(figures)
    figures = figures[(size < 1e10) & ((figures == np.trunc(figures)) | (size >= 1e-5))]  # the few outside
    figures = pa.array(figures * np.where(rng.random(len(figures)) < 0.5, -1, 1))
    assert pa.array(by_orjson(figures), pa.large_string()).equals(figures.cast(pa.large_string()))


@given(st.lists(st.floats() | st.none(), min_size=1), st.sampled_from([2, 1 << 16]))
def test_json_figures_read_as_python_writes_them(values, batch_rows):
    out = io.StringIO()
    write_json(pd.DataFrame({"v": pd.array(values, "float64")}), out, batch_rows)
    expected = [json.dumps(v) if v is not None and math.isfinite(v) else "null" for v in values]
    assert [
        line.rstrip(",").removeprefix('{"v": ').removesuffix("}") for line in out.getvalue().split("\n")[1:-2]
    ] == expected
