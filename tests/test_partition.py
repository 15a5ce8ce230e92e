"""Kernels per partition: run on parts of a table split by series (or entity), then concatenated and
sorted, a kernel gives exactly what it gives on the whole table, empty parts included (issue 15)."""

import warnings
import zlib

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indcalc import UsageError, periods
from indcalc.changes import growth_part, pop_part, yoy_part
from indcalc.cross_series import contribution, contribution_part, share, share_part, whole_and_parts
from indcalc.cumulative import ytd_part
from indcalc.listing import list_part
from indcalc.schema import Computed, check_frame

FIRST_YEAR = {"annual": 2015, "quarterly": 2019 * 4, "monthly": 2021 * 12}
LABEL = {"annual": "{y}", "quarterly": "{y}Q{s}", "monthly": "{y}-{s:02d}"}
PER_YEAR = {"annual": 1, "quarterly": 4, "monthly": 12}


def label(frequency: str, ordinal: int) -> str:
    year, sub = divmod(ordinal, PER_YEAR[frequency])
    return LABEL[frequency].format(y=year, s=sub + 1)


@st.composite
def panels(draw) -> pd.DataFrame:
    """A random panel: a few entities and indicators, each series of one frequency, gapped periods,
    figures with decimals (zero and negative ones too), some in percent, some year to date, some
    flagged (an annotation) and some confidential (no figure, flag c)."""
    rows = []
    for entity in draw(st.lists(st.sampled_from(["", "A", "B", "C"]), min_size=1, max_size=3, unique=True)):
        for indicator in draw(
            st.lists(st.sampled_from(["x", "y", "z", "w"]), min_size=1, max_size=3, unique=True)
        ):
            frequency = draw(st.sampled_from(list(FIRST_YEAR)))
            unit = draw(st.sampled_from(["", "%", "亿元"]))
            basis = "ytd" if frequency == "monthly" and draw(st.booleans()) else "period"
            offsets = draw(st.lists(st.integers(0, 14), min_size=1, max_size=8, unique=True))
            for offset in offsets:
                value = draw(st.integers(-50, 5000)) / draw(st.sampled_from([1, 10, 100]))
                flag = draw(st.sampled_from(["", "", "p", "e", "c"]))
                if flag == "c":  # confidential: no figure, a row for its flag (schema annotations)
                    value = np.nan
                ordinal = FIRST_YEAR[frequency] + offset
                rows.append((entity, indicator, unit, label(frequency, ordinal), value, basis, flag))
    order = draw(st.permutations(range(len(rows))))
    columns = ["entity", "indicator", "unit", "period", "value", "basis", "flag"]
    return pd.DataFrame([rows[i] for i in order], columns=columns)


def parts_of(frame: pd.DataFrame, k: int, by: list[str]) -> list[pd.DataFrame]:
    """`frame` split into k parts by a hash of the key columns `by`, and one empty part."""
    key = [
        zlib.crc32("\x1f".join(map(str, names)).encode())
        for names in zip(*(frame[c] for c in by), strict=True)
    ]
    part = np.array(key, dtype="int64") % k
    return [frame[part == i] for i in range(k)] + [frame.iloc[:0]]


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as objects (categories differ between parts), rows in a canonical order."""
    frame = frame.astype(  # text as objects: pandas 3 makes "str" columns, which the sort below missed
        {
            c: object
            for c in frame.columns
            if isinstance(frame[c].dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(frame[c].dtype)
        }
    )
    frame = frame.where(frame.notna(), None) if len(frame) else frame
    keys = [c for c in frame.columns if frame[c].dtype == object]
    return frame.sort_values(keys, kind="stable", key=lambda c: c.astype(str)).reset_index(drop=True)


def combined(results: list[Computed]) -> Computed:
    # pandas 2.1+ warns that all-NA columns of a part will one day decide the dtype; plain() compares
    # values, not dtypes, so either way gives the same comparison
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return Computed(
            pd.concat([r.frame for r in results], ignore_index=True),
            pd.concat([r.notes for r in results], ignore_index=True),
        )


def assert_same(parts: Computed, whole: Computed) -> None:
    got, want = plain(parts.frame), plain(whole.frame)
    pd.testing.assert_frame_equal(got, want, check_dtype=False, check_index_type=False, check_exact=True)
    pd.testing.assert_frame_equal(
        plain(parts.notes), plain(whole.notes), check_dtype=False, check_index_type=False, check_exact=True
    )


SERIES_KERNELS = {
    "growth": lambda f: growth_part(f, None, None),
    "growth_between": lambda f: growth_part(f, periods.parse_period("2016"), periods.parse_period("2019")),
    "yoy": yoy_part,
    "pop": pop_part,
    "pop_annualized_log": lambda f: pop_part(f, annualize=True, log=True),
    "list": list_part,
    "ytd": ytd_part,
}


@pytest.mark.parametrize("name", list(SERIES_KERNELS))
@settings(max_examples=25)
@given(panel=panels(), k=st.integers(1, 5))
def test_series_kernels_run_per_series_partition(name, panel, k):
    kernel = SERIES_KERNELS[name]
    frame = check_frame(panel)
    whole = kernel(frame)
    assert_same(combined([kernel(part) for part in parts_of(frame, k, ["entity", "indicator"])]), whole)


CROSS = [("x", ()), ("x", ("y",)), ("x", ("y", "z")), (None, ("y", "z"))]


@pytest.mark.filterwarnings("ignore::indcalc.IndcalcWarning")  # the entities without a total
@pytest.mark.parametrize(("total", "parts"), CROSS)
@settings(max_examples=25)
@given(panel=panels(), k=st.integers(1, 5))
def test_share_runs_per_entity_partition(total, parts, panel, k):
    frame = check_frame(panel)
    try:
        expected = share(frame, total, parts)
    except UsageError:  # an error of the whole table (no parts in the total's unit): not what is tested
        return
    whole, part_rows = whole_and_parts(frame, total, parts)
    results = [
        share_part(w, p, given_total=total is not None)
        for w, p in zip(parts_of(whole, k, ["entity"]), parts_of(part_rows, k, ["entity"]), strict=True)
    ]
    parts = combined(results)
    assert_same(parts, Computed(expected, parts.notes))


@pytest.mark.filterwarnings("ignore::indcalc.IndcalcWarning")  # the totals' and parts' left out
@pytest.mark.parametrize(("total", "parts"), CROSS[:3])
@settings(max_examples=25)
@given(panel=panels(), k=st.integers(1, 5))
def test_contribution_runs_per_entity_partition(total, parts, panel, k):
    frame = check_frame(panel)
    try:
        expected = contribution(frame, total, parts)
    except UsageError:  # an error of the whole table (no two periods): not what is tested
        return
    whole, part_rows = whole_and_parts(frame, total, parts)
    results = [
        contribution_part(w, p, None, None)
        for w, p in zip(parts_of(whole, k, ["entity"]), parts_of(part_rows, k, ["entity"]), strict=True)
    ]
    parts = combined(results)
    assert_same(parts, Computed(expected, parts.notes))
