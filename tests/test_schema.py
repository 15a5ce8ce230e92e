"""The frame contract (indcalc.schema): frames built by hand, checked and normalised at every entry."""

import io

import numpy as np
import pandas as pd
import pytest

import indcalc
from indcalc import InputError, load
from indcalc.render import render
from indcalc.schema import LIST_COLUMNS, check_frame, series_label
from indcalc.series_index import series_order
from tests.conftest import as_expected_figures, invoke

MONTHLY = "indicator,period,value\nx,2023-01,100\nx,2023-02,110\nx,2024-01,120\nx,2024-02,99\n"
ROWS = {
    "indicator": ["GDP", "GDP", "GDP", "Share", "Share", "GDP"],
    "period": ["2022Q4", "2023Q1", "2023Q4", "2022Q4", "2023Q4", "2024Q4"],
    "value": [100.0, 101.5, 108.0, 45.6, 44.2, 120.0],
}
CSV = "indicator,period,value\n" + "".join(
    f"{i},{p},{v}\n" for i, p, v in zip(ROWS["indicator"], ROWS["period"], ROWS["value"], strict=True)
)


def csv_of(frame: pd.DataFrame) -> str:
    stream = io.StringIO()
    render(frame, "csv", stream)
    return stream.getvalue()


def test_frequency_is_read_by_name_not_by_category_order():
    frame = load(io.BytesIO(MONTHLY.encode()))
    rebuilt = frame.assign(frequency=pd.Categorical(frame["frequency"].astype(str)))  # categories ['monthly']
    got = indcalc.yoy(rebuilt)
    assert got["prior_period"].astype(object).where(got["prior_period"].notna(), None).tolist() == [
        None,
        None,
        "2023-01",
        "2023-02",
    ]
    assert got["yoy_pct"].tolist()[2:] == pytest.approx([20.0, -10.0])
    pd.testing.assert_frame_equal(got, indcalc.yoy(frame))


@pytest.mark.parametrize(
    ("name", "args"),
    [("yoy", ()), ("growth", ()), ("pop", ()), ("list_series", ())],
)
def test_a_frame_typed_by_hand_gives_the_numbers_of_the_cli(name, args, write_csv):
    command = {"list_series": "list"}.get(name, name)
    cli = invoke(command, write_csv(CSV), "-f", "csv")
    assert cli.exit_code == 0, cli.stderr
    got = csv_of(getattr(indcalc, name)(pd.DataFrame(ROWS), *args))
    assert as_expected_figures(got, cli.stdout) == cli.stdout


def test_categorical_columns_in_any_category_order_give_the_same_result():
    plain = pd.DataFrame(ROWS)
    shuffled = plain.assign(
        indicator=pd.Categorical(plain["indicator"], categories=["Share", "GDP"]),
        period=pd.Categorical(plain["period"], categories=sorted(set(plain["period"]), reverse=True)),
    )
    pd.testing.assert_frame_equal(indcalc.growth(shuffled), indcalc.growth(plain))
    pd.testing.assert_frame_equal(indcalc.by_name(check_frame(shuffled)), indcalc.by_name(check_frame(plain)))


def test_a_loaded_frame_passes_as_it_is():
    frame = load()
    assert check_frame(frame) is frame


def test_plain_entity_and_unit_columns_make_series():
    frame = pd.DataFrame(
        {
            "entity": ["A", "B", "A", "B"],
            "indicator": ["x", "x", "x", "x"],
            "unit": ["%", "%", "%", "%"],
            "period": ["2023", "2023", "2024", "2024"],
            "value": [1.5, 2.0, 2.5, 1.0],
        }
    )
    out = indcalc.growth(frame)
    assert out["entity"].astype(str).tolist() == ["A", "B"]
    assert out["pp_change"].tolist() == [1.0, -1.0]
    assert indcalc.select(frame, ["x"], ["b"])["value"].tolist() == [2.0, 1.0]


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"indicator": ["x"], "value": [1.0]}, "no 'period' column"),
        ({"period": ["2024"], "value": [1.0]}, "no 'indicator' column"),
        ({"indicator": ["x"], "period": ["2024"]}, "no 'value' column"),
        (
            {"indicator": ["x"], "period": ["2024"], "value": ["many"]},
            "column 'value': 'many' is not a number",
        ),
        (
            {"indicator": ["x"], "period": ["spring"], "value": [1.0]},
            "column 'period': 'spring' is not a period",
        ),
        (
            {"indicator": ["x"], "period": ["2024-01"], "value": [1.0], "frequency": ["annual"]},
            "column 'frequency': 'annual' beside period '2024-01', which is monthly",
        ),
        ({"indicator": ["x"], "period": ["2024"], "value": [1.0], "basis": ["often"]}, "column 'basis'"),
        (
            {"indicator": ["x", "x"], "period": ["2024", "2024"], "value": [1.0, 2.0]},
            "has period 2024 2 times",
        ),
        ({"indicator": ["x", "x"], "period": ["2024", "2024Q1"], "value": [1.0, 2.0]}, "series x mixes"),
        ({"indicator": ["", "x"], "period": ["2024", "2024"], "value": [1.0, 2.0]}, "column 'indicator'"),
    ],
)
def test_a_frame_that_cannot_work_is_refused_naming_the_column(columns, message):
    with pytest.raises(InputError, match=message):
        indcalc.yoy(pd.DataFrame(columns))


def test_not_a_frame_is_refused():
    with pytest.raises(InputError, match="expected a pandas DataFrame"):
        indcalc.growth([1, 2, 3])


def test_normalised_frame_follows_the_contract():
    frame = check_frame(
        pd.DataFrame({"indicator": ["x", "x"], "period": ["2024年1-2月", "2024年1-3月"], "value": [1, 2]})
    )
    assert frame["frequency"].cat.categories.tolist() == ["annual", "quarterly", "monthly", "semiannual"]
    assert frame["period"].astype(str).tolist() == ["2024-02", "2024-03"]
    assert frame["basis"].astype(str).tolist() == ["ytd", "ytd"]
    assert frame["ordinal"].dtype == "int64" and frame["value"].dtype == "float64"
    assert indcalc.ytd(frame)["value"].tolist() == [1.0, 1.0]


def test_rows_without_a_value_are_dropped_as_the_loader_drops_them():
    frame = check_frame(
        pd.DataFrame({"indicator": ["x", "x"], "period": ["2023", "2024"], "value": [1.0, None]})
    )
    assert frame["period"].astype(str).tolist() == ["2023"]


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("yoy", ()),
        ("pop", ()),
        ("list_series", ()),
        ("growth", ()),
        ("growth", ("2020", "2021")),
        ("by_name", ()),
        ("target", (1, "2030")),
    ],
)
def test_an_empty_frame_gives_an_empty_result(name, args):
    empty = pd.DataFrame({"indicator": [], "period": [], "value": []})
    out = getattr(indcalc, name)(empty, *args)
    assert out.empty
    if name == "list_series":
        assert list(out.columns) == LIST_COLUMNS


def test_empty_loaded_frame_lists_nothing():
    frame = load()
    out = indcalc.list_series(frame.iloc[:0])
    assert out.empty and list(out.columns) == LIST_COLUMNS
    assert np.asarray(out["count"]).dtype == "int64"


@pytest.mark.parametrize(
    ("entity", "indicator", "label"), [("Hubei", "GDP", "Hubei / GDP"), ("", "GDP", "GDP")]
)
def test_series_label(entity, indicator, label):
    assert series_label(entity, indicator) == label


def test_series_keys_work_from_plain_string_columns():
    plain = pd.DataFrame({"entity": ["", "", "A", ""], "indicator": ["b", "a", "b", "b"]})
    typed = plain.astype("category")
    assert series_order(plain).tolist() == series_order(typed).tolist() == [0, 1, 2, 0]


def test_a_series_mixing_frequencies_in_a_frame_made_by_hand_keeps_each_rows_frequency():
    """Every series then counts from one low, as in a panel of one frequency, but the rows' frequencies
    are still their own: a change meant to fill them for a panel of one frequency filled them here too
    (the monthly rows taken for annual ones)."""
    from indcalc.schema import frequency_codes
    from indcalc.series_index import _Sorted

    frame = pd.DataFrame(
        {
            "entity": pd.Categorical(["", "", "", ""]),
            "indicator": pd.Categorical(["x", "x", "y", "y"]),
            "frequency": pd.Categorical(
                ["annual", "monthly", "monthly", "monthly"], categories=["annual", "monthly"]
            ),
            "ordinal": [2023, 24288, 24288, 24289],
            "value": [1.0, 2.0, 3.0, 4.0],
        }
    )
    rows = _Sorted.of(frame)
    assert rows.code.tolist() == frequency_codes(frame["frequency"])[rows.order].tolist() == [0, 2, 2, 2]


def test_a_panel_mixing_frequencies_is_looked_up_in_a_table_not_sorted():
    """Annual ordinals are near 2024 and monthly ones near 24288: counted from one low, the packed keys
    of three annual and three monthly series would fill under a quarter of their range (a sort and
    binary searches); counted from each frequency's own low they fill a table."""
    from indcalc.changes import yoy
    from indcalc.series_index import _Sorted

    lines = ["entity,indicator,period,value"]
    for city in ("A", "B", "C"):
        lines += [f"{city},annual,{year},{100 + year - 2022}" for year in (2022, 2023, 2024)]
        lines += [
            f"{city},monthly,{year}-{month:02d},{month}" for year in (2023, 2024) for month in range(1, 13)
        ]
    frame = load(io.BytesIO(("\n".join(lines) + "\n").encode()))
    assert _Sorted.of(frame).table is not None
    result = yoy(frame)
    annual = result[(result["entity"] == "B") & (result["indicator"] == "annual")]
    assert annual["yoy_pct"].tolist()[1:] == pytest.approx([1.0, 100 / 101])  # 101/100 - 1, 102/101 - 1
    monthly = result[(result["entity"] == "C") & (result["period"] == "2024-07")]
    assert monthly[["prior_period", "yoy_change"]].values.tolist() == [["2023-07", 0.0]]
