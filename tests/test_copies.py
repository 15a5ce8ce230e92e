"""Columns a kernel says repeat another's figures (`indcalc.copies`) are written from the source's
text, and written exactly as if formatted afresh, whether the hint holds or not (issue 18)."""

import io
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indcalc.changes import pop, yoy
from indcalc.copies import Copy, holding, note
from indcalc.reading import load
from indcalc.render.machine import write_csv, write_json

FIGURES = [0.0, -0.0, 1.5, -2.25, 1e-7, 2.5e-300, 8.52e10, 1e16, 193.57798165137615, float("nan"), 16.0]


def written(frame: pd.DataFrame, fmt: str, batch_rows: int) -> str:
    out = io.StringIO()
    (write_csv if fmt == "csv" else write_json)(frame, out, batch_rows)
    return out.getvalue()


def without_hints(frame: pd.DataFrame) -> pd.DataFrame:
    plain = frame.copy()
    plain.attrs = {}
    return plain


@st.composite
def hinted_frames(draw):
    """A frame whose ``prior`` copies ``value`` at rows near, far before or after each row, and whose
    ``pp`` copies ``change`` where defined; sometimes the hints are false."""
    size = draw(st.integers(1, 40))
    value = np.array(draw(st.lists(st.sampled_from(FIGURES), min_size=size, max_size=size)))
    change = np.array(draw(st.lists(st.sampled_from(FIGURES), min_size=size, max_size=size)))
    rows = np.array(draw(st.lists(st.integers(-1, size - 1), min_size=size, max_size=size)))
    prior = np.where(rows >= 0, value[np.maximum(rows, 0)], np.nan)
    percent = np.array(draw(st.lists(st.booleans(), min_size=size, max_size=size)))
    pp = np.where(percent, change, np.nan)
    if draw(st.booleans()):  # a false hint: one figure changed
        at = draw(st.integers(0, size - 1))
        prior[at], pp[at] = draw(st.sampled_from(FIGURES)), draw(st.sampled_from(FIGURES))
    frame = pd.DataFrame(
        {"name": pd.Categorical([f"s{i % 3}" for i in range(size)]), "value": value, "prior": prior}
    )
    frame = frame.assign(change=change, pp=pp)
    note(frame, prior=Copy("value", rows), pp=Copy("change"))
    return frame


@given(hinted_frames(), st.sampled_from(["csv", "json"]), st.sampled_from([1, 3, 7, 1 << 16]))
def test_copied_columns_are_written_as_if_formatted_afresh(frame, fmt, batch_rows):
    assert written(frame, fmt, batch_rows) == written(without_hints(frame), fmt, batch_rows)


def test_a_hint_holds_only_where_every_figure_is_the_same_bits():
    frame = pd.DataFrame({"value": [1.0, 0.0, 2.0], "prior": [np.nan, 1.0, -0.0], "pp": [1.0, np.nan, 2.0]})
    note(frame, prior=Copy("value", np.array([-1, 0, 1])), pp=Copy("value"))
    assert sorted(holding(frame)) == ["pp"]  # -0.0 is written "-0", 0.0 "0": not the same figure
    frame.loc[2, "prior"] = 0.0
    assert sorted(holding(frame)) == ["pp", "prior"]
    assert sorted(holding(frame.iloc[1:])) == ["pp"]  # rows filtered: the positions no longer match
    assert sorted(holding(frame.astype({"pp": "float32"}))) == ["prior"]
    assert holding(frame.drop(columns="value")) == {}


@pytest.mark.parametrize("kernel", [yoy, pop])
def test_yoy_and_pop_say_which_columns_repeat_others(kernel):
    out = kernel(load())
    prefix = kernel.__name__
    assert sorted(holding(out)) == sorted(["prior_value", f"{prefix}_pp"])
    assert written(out, "csv", 7) == written(without_hints(out), "csv", 7)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_repeated_figures_are_formatted_once_each_and_written_as_each_alone(fmt):
    # a batch whose figures repeat is formatted per distinct figure (`_Copier.formatted`); small
    # batches never are, so both must read the same
    rng = np.random.default_rng(18)
    figures = rng.choice(np.array(FIGURES + [0.1 * i for i in range(50)]), size=20_000)
    frame = pd.DataFrame({"name": "x", "value": figures, "ratio": rng.uniform(0, 1, 20_000)})
    assert written(frame, fmt, 1 << 16) == written(frame, fmt, 4096)


def test_figures_are_spread_only_where_a_batch_repeats_them_and_a_column_is_not_looked_at_in_vain_again():
    # `_Copier.formatted`: spread (dictionary) where under 40% of a batch's figures are distinct; a
    # column whose batch was looked at in vain is formatted figure by figure from then on
    import pyarrow as pa

    from indcalc.render.machine import _Copier, figure_cells, table_of

    rng = np.random.default_rng(18)
    shares = rng.integers(0, 10_000, 1 << 15) / 100  # 2-decimal shares: about a quarter distinct
    mostly_distinct = np.repeat(rng.integers(0, 10**9, 1 << 14) / 1000, 2)  # half distinct, in a sample too
    frame = pd.DataFrame({"share": shares, "level": mostly_distinct})
    copier = _Copier(table_of(frame), {}, figure_cells)
    for name in ("share", "level"):
        column = pa.array(frame[name])
        with mock.patch("pyarrow.compute.dictionary_encode", wraps=pa.compute.dictionary_encode) as encode:
            for _ in range(2):
                assert copier.formatted(name, column).equals(figure_cells(column))
        assert encode.call_count == (2 if name == "share" else 1)
    assert copier.unrepeating == {"level"}
