"""Formulas on hand-worked figures from the seed documents, the gap rule and undefined growth."""

import io
import math
import random
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from indcalc import IndcalcWarning, UsageError, calc, formulas, growth, list_series, load, select, yoy
from indcalc.arithmetic import decimals, difference, growth_figures, is_percent_unit

NAN = math.nan


def frame_of(text: str) -> pd.DataFrame:
    return load(io.BytesIO(text.encode()))


def close(actual, expected, tol=5e-5):
    if isinstance(expected, float) and math.isnan(expected):
        return math.isnan(actual)
    return abs(actual - expected) <= tol


# from, to, years, percent -> change, pct_change, pp_change, multiple, cagr_pct (worked by hand)
HAND_WORKED = [
    # 000: "The proportion of high-tech manufacturing rose from 5.45% to 16%" (14th FYP: 5 years)
    (5.45, 16, 5, True, 10.55, 193.5780, 10.55, 2.935780, 24.0351),
    # 000: "doubled from 2 to 6": it tripled
    (2, 6, 5, False, 4, 200.0, NAN, 3.0, 24.5731),
    # 000: "specialized, refined, and innovative" firms from 70 to 395
    (70, 395, 5, False, 325, 464.2857, NAN, 5.642857, 41.3513),
    # 000: 1,100+ scaled enterprises (up from 890)
    (890, 1100, 5, False, 210, 23.5955, NAN, 1.235955, 4.3279),
    # 000: emerging industries 25.9% -> 43.9% of output value
    (25.9, 43.9, 5, True, 18.0, 69.4981, 18.0, 1.694981, 11.1304),
    # 000: phosphogypsum utilisation 15% -> 82%
    (15, 82, 5, True, 67, 446.6667, 67, 5.466667, 40.4574),
    # 100 -> 121 over two years is 10% a year
    (100, 121, 2, False, 21, 21.0, NAN, 1.21, 10.0),
    # undefined: growth from zero or a negative base; CAGR to a negative value or over no time
    (0, 5, 5, False, 5, NAN, NAN, NAN, NAN),
    (-2, 3, 5, False, 5, NAN, NAN, NAN, NAN),
    (5, -1, 5, False, -6, -120.0, NAN, -0.2, NAN),
    (5, 0, 2, False, -5, -100.0, NAN, 0.0, -100.0),
    (4, 5, 0, True, 1, 25.0, 1, 1.25, NAN),
    (4, 5, NAN, False, 1, 25.0, NAN, 1.25, NAN),
]


@pytest.mark.parametrize(("a", "b", "years", "percent", *"cxpmg"), HAND_WORKED)
def test_growth_figures_hand_worked(a, b, years, percent, c, x, p, m, g):
    f = growth_figures(np.array([a]), np.array([b]), np.array([years]), np.array([percent]))
    got = [float(f[k][0]) for k in ("change", "pct_change", "pp_change", "multiple", "cagr_pct")]
    assert all(close(v, e) for v, e in zip(got, [c, x, p, m, g], strict=True)), got


@pytest.mark.parametrize(
    ("a", "b", "rate"), [(100, 110, 10.0), (5.6, 8.2, 46.42857142857143), (5, 0, -100.0)]
)
def test_cagr_over_one_year_is_the_change_to_the_last_bit(a, b, rate):
    """(110 / 100) ** 1 - 1 is 0.10000000000000009: over one year the rate is pct_change, exactly, in
    the table kernels and in calc's scalar formulas alike."""
    from indcalc.formulas import figures

    f = growth_figures(np.array([a]), np.array([b]), np.array([1.0]), np.array([False]))
    assert float(f["cagr_pct"][0]) == float(f["pct_change"][0]) == rate
    assert figures(a, b, 1.0, False)["cagr_pct"] == rate


# Figures at the ends of a float's range whose result fits although a step on the way does not.
# (from, to, years, change, pct_change, multiple, cagr_pct)
EXTREMES = [
    # to - from is -2e308, beyond a float; (to / from - 1) * 100 = (-1 - 1) * 100 is not
    (1e308, -1e308, 1.0, NAN, -200.0, -1.0, NAN),
    # (-1 / 1.5 - 1) * 100
    (1.5e308, -1e308, 1.0, NAN, -500 / 3, -2 / 3, NAN),
    # to - from is 1.2e308, fits: the plain form
    (-1e307, 1.1e308, 1.0, 1.2e308, NAN, NAN, NAN),
    # to / from is 1e600, beyond a float; its 10th root 1e60 is not: (1e60 - 1) * 100
    (1e-300, 1e300, 10.0, 1e300, NAN, NAN, 1e62),
    # to / from is 1e-400, below the least float (0.0); its 100th root is 1e-4: (1e-4 - 1) * 100
    (1e300, 1e-100, 100.0, -1e300, -100.0, 0.0, -99.99),
    # to / from is 1e-310, a subnormal float with 9 significant digits; its 2nd root is 1e-155
    (1e300, 1e-10, 2.0, -1e300, -100.0, 1e-310, -100.0),
    # beyond a float however computed: 2e323 %
    (5e-324, 1.0, 1.0, 1.0, NAN, NAN, NAN),
]


@pytest.mark.parametrize(("start", "end", "years", *"cxmg"), EXTREMES)
def test_extreme_figures_are_given_when_they_fit(start, end, years, c, x, m, g):
    vector = growth_figures(np.array([start]), np.array([end]), np.array([years]), np.array([False]))
    scalar = formulas.figures(start, end, years, False)
    for name, expected in zip(("change", "pct_change", "multiple", "cagr_pct"), (c, x, m, g), strict=True):
        got = [float(vector[name][0]), math.nan if scalar[name] is None else scalar[name]]
        if math.isnan(expected):
            assert all(math.isnan(v) for v in got), (name, got)
        else:
            assert got == [pytest.approx(expected, rel=1e-12)] * 2, (name, got)


# Differences of figures from the seed documents, as a statistician writes them.
EXACT_DIFFERENCES = [
    (43.9, 25.9, 18.0, "18"),  # 000: emerging industries' share, 25.9% -> 43.9%
    (8.2, 5.6, 2.6, "2.6"),  # a pp change, not 2.5999999999999996
    (16.0, 5.45, 10.55, "10.55"),  # 000: high-tech manufacturing 5.45% -> 16%
    (1100.0, 890.0, 210.0, "210"),  # 000: scaled enterprises
    (89.8, 0.0, 89.8, "89.8"),  # not 89.80000000000001
    (0.3, 0.1, 0.2, "0.2"),  # 0.3 - 0.1 is 0.19999999999999998 in floats
    (1 / 3, 0.0, 1 / 3, None),  # a ratio: no decimal form, the float difference
    # a difference of 17 significant digits, -1048576.5476886857: the float nearest it, not the
    # float difference of the two figures, ...6858 (Hypothesis found it in CI)
    (-65536.3875108267, 983040.160177859, -1048576.5476886856, "-1048576.5476886856"),
]


@pytest.mark.parametrize(("to", "start", "expected", "text"), EXACT_DIFFERENCES)
def test_differences_keep_the_decimals_of_their_figures(to, start, expected, text):
    assert difference(np.array([to]), np.array([start])).tolist() == [expected]
    assert formulas.difference(to, start) == expected
    f = growth_figures(np.array([start]), np.array([to]), np.array([1.0]), np.array([True]))
    assert float(f["change"][0]) == expected and float(f["pp_change"][0]) == expected
    if text is not None:
        assert repr(expected).removesuffix(".0") == text


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-(10**12), 10**12), st.integers(-(10**12), 10**12), st.integers(0, 3)),
        min_size=1,
        max_size=20,
    )
)
def test_difference_of_decimal_figures_is_the_decimal_difference(pairs):
    """Figures with d decimals (a CSV's text): the difference is Decimal(a) - Decimal(b), exactly."""
    texts = [(str(Decimal(a).scaleb(-d)), str(Decimal(b).scaleb(-d))) for a, b, d in pairs]
    to = np.array([float(a) for a, _ in texts])
    start = np.array([float(b) for _, b in texts])
    expected = [float(Decimal(a) - Decimal(b)) for a, b in texts]
    assert difference(to, start).tolist() == expected
    assert [formulas.difference(float(a), float(b)) for a, b in texts] == expected
    rows = "".join(f"s{i},2020,{b}\ns{i},2021,{a}\n" for i, (a, b) in enumerate(texts))
    out = yoy(frame_of("indicator,period,value\n" + rows)).dropna(subset=["prior_value"])
    assert out.set_index("indicator")["yoy_change"].to_dict() == {f"s{i}": e for i, e in enumerate(expected)}


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(-(10**9), 10**9), st.integers(0, 4), st.integers(-(10**9), 10**9), st.integers(0, 4)
        ),
        min_size=1,
        max_size=20,
    )
)
def test_growth_of_a_table_is_growth_of_each_pair_alone(pairs):
    """A table's pairs are worked on one scale when they can be (`arithmetic._Difference`), each pair
    alone on its own decimals: the same floats, bit for bit, whatever the other rows' decimals."""
    start = np.array([float(Decimal(a).scaleb(-d)) for a, d, _, _ in pairs])
    to = np.array([float(Decimal(b).scaleb(-e)) for _, _, b, e in pairs])
    table = growth_figures(start, to, np.ones(len(pairs)), np.zeros(len(pairs), dtype=bool))
    for i in range(len(pairs)):
        alone = growth_figures(start[i : i + 1], to[i : i + 1], np.ones(1), np.zeros(1, dtype=bool))
        for name, column in alone.items():
            assert np.array_equal(table[name][i : i + 1], column, equal_nan=True), (name, i)


_WRITTEN = st.builds(  # figures as a file writes them: digits and a decimal point, up to 17 digits
    lambda digits, places, sign: sign * float(Decimal(digits).scaleb(-places)),
    st.integers(0, 10**17),
    st.integers(0, 17),
    st.sampled_from([1, -1]),
)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.floats(allow_nan=True, allow_infinity=True, width=64)
        | _WRITTEN
        | st.sampled_from([0.5e15, 0.5e14, 4.9999999999999e14, 0.5e12 + 0.5, 1e-16, 5e-17, -0.0]),
        min_size=1,
        max_size=30,
    )
)
def test_vectorised_and_scalar_decimals_agree_on_every_float(values):
    got = decimals(np.array(values, dtype="float64")).tolist()
    assert got == [-1 if (d := formulas.decimals(v)) is None else d for v in values]


@pytest.mark.parametrize(
    ("unit", "percent"),
    [
        ("%", True),
        ("％", True),
        ("Percent", True),
        ("pct", True),
        ("百分比", True),  # percentage, in Chinese yearbooks' unit columns
        ("百分点", False),  # percentage points
        ("‰", False),
        ("pp", False),
        ("", False),
        ("billion yuan", False),
    ],
)
def test_percent_units(unit, percent):
    assert is_percent_unit(unit) is percent


def test_growth_on_the_bundled_seed_figures():
    with pytest.warns(IndcalcWarning, match="series with a single period"):
        out = growth(load()).set_index("indicator")
    share = out.loc["High-tech manufacturing share of industrial output"]
    assert (share["from_period"], share["to_period"], share["years"]) == ("2020", "2025", 5.0)
    assert close(share["pp_change"], 10.55) and close(share["pct_change"], 193.5780)
    assert close(share["multiple"], 2.935780) and close(share["cagr_pct"], 24.0351)
    tripled = out.loc["Enterprises with revenue over 10 billion yuan"]
    assert tripled["multiple"] == 3.0 and math.isnan(tripled["pp_change"])


def test_growth_columns_and_dtypes_are_the_documented_ones():
    with pytest.warns(IndcalcWarning):
        out = growth(load())
    assert list(out.columns) == [
        "entity", "indicator", "unit", "from_period", "to_period", "from_value", "to_value",
        "change", "pct_change", "pp_change", "multiple", "years", "cagr_pct",
    ]  # fmt: skip
    assert all(
        out[c].dtype == "category" for c in ["entity", "indicator", "unit", "from_period", "to_period"]
    )
    assert all(out[c].dtype == "float64" for c in out.columns[5:])


SHUFFLED = """entity,indicator,period,value,unit
B,share,2025,16,%
A,count,2022,4,
B,share,2020,5.45,%
A,count,2020,2,
A,count,2021,3,
"""


def test_growth_uses_period_order_not_file_order():
    """Periods in time order within a series; the series in the order they first appear."""
    out = growth(frame_of(SHUFFLED))
    assert out[["entity", "from_period", "to_period", "from_value", "to_value"]].values.tolist() == [
        ["B", "2020", "2025", 5.45, 16.0],
        ["A", "2020", "2022", 2.0, 4.0],
    ]


def test_growth_between_given_periods_leaves_out_series_lacking_one():
    with pytest.warns(IndcalcWarning, match=r"1 series without a value for 2021 or 2022 left out: B / share"):
        out = growth(frame_of(SHUFFLED), "2021", "2022")
    assert out[["entity", "from_value", "to_value", "years", "pct_change"]].values.tolist() == [
        ["A", 3.0, 4.0, 1.0, pytest.approx(100 / 3)]
    ]


@pytest.mark.parametrize(
    ("rows", "years", "cagr"),
    [
        ("x,2024-01,100\nx,2024-07,110", 0.5, 21.0),  # 10% in half a year: 1.1 ** 2 = 1.21
        ("x,2023Q1,100\nx,2024Q3,121", 1.5, 13.550813),  # 1.21 ** (2/3)
        ("x,2020,100\nx,2025,161.051", 5.0, 10.0),  # 1.1 ** 5 = 1.61051
    ],
)
def test_years_and_cagr_for_each_frequency(rows, years, cagr):
    out = growth(frame_of("indicator,period,value\n" + rows)).iloc[0]
    assert out["years"] == years
    assert out["cagr_pct"] == pytest.approx(cagr, abs=5e-7)


def test_single_period_series_are_left_out_with_a_warning():
    with pytest.warns(IndcalcWarning, match="1 series with a single period"):
        out = growth(frame_of("indicator,period,value\nx,2024,1\ny,2020,1\ny,2021,2\n"))
    assert out["indicator"].tolist() == ["y"]


@pytest.mark.parametrize(
    ("start", "end"), [("2025", "2020"), ("2024", "2024"), ("2024", "2025-01"), ("20x", None)]
)
def test_growth_rejects_impossible_period_options(start, end):
    with pytest.raises(UsageError):
        growth(frame_of(SHUFFLED), start, end)


GAPPED = "entity,indicator,period,value,unit\n" + "".join(
    f"E,rate,{p},{v},%\n"
    for p, v in [
        ("2023-01", 10),
        ("2023-03", 12),
        ("2023-04", 0),
        ("2024-01", 11),
        ("2024-02", 14),
        ("2024-03", 15),
        ("2024-04", 5),
    ]
)


def test_yoy_looks_up_the_same_period_a_year_earlier_never_the_row_twelve_back():
    out = yoy(frame_of(GAPPED)).set_index("period")
    assert out.loc["2024-01", "prior_period"] == "2023-01"
    assert out.loc["2024-01", "yoy_change"] == 1 and close(out.loc["2024-01", "yoy_pct"], 10.0)
    assert close(out.loc["2024-01", "yoy_pp"], 1)
    assert pd.isna(out.loc["2024-02", "prior_period"]) and math.isnan(
        out.loc["2024-02", "yoy_pct"]
    )  # 2023-02 missing
    assert out.loc["2024-03", "prior_value"] == 12 and close(out.loc["2024-03", "yoy_pct"], 25.0)
    # a zero prior: the change is defined, the growth rate is not
    assert out.loc["2024-04", "yoy_change"] == 5 and math.isnan(out.loc["2024-04", "yoy_pct"])


def test_yoy_quarterly_and_annual():
    out = yoy(
        frame_of("indicator,period,value\nq,2023Q2,80\nq,2024Q2,100\nq,2024Q1,1\na,2023,50\na,2024,40\n")
    )
    got = out.set_index(["indicator", "period"])["yoy_pct"]
    assert got[("q", "2024Q2")] == 25.0 and math.isnan(got[("q", "2024Q1")]) and got[("a", "2024")] == -20.0
    assert out["yoy_pp"].isna().all()  # no percent unit


def label(frequency: str, year: int, sub: int) -> str:
    """A period label written independently of indcalc (sub is 0-based)."""
    return {"A": f"{year}", "Q": f"{year}Q{sub + 1}", "M": f"{year}-{sub + 1:02d}"}[frequency]


@st.composite
def gapped_series(draw):
    """Several series, one frequency each, with random periods deleted: (series, label, value) rows."""
    rows = []
    for number in range(draw(st.integers(1, 4))):
        frequency = draw(st.sampled_from("AQM"))
        per_year = {"A": 1, "Q": 4, "M": 12}[frequency]
        start = draw(st.integers(2000 * per_year, 2010 * per_year))
        kept = draw(st.lists(st.booleans(), min_size=1, max_size=40))
        values = st.one_of(st.integers(-5, 100).map(float), st.floats(-1e6, 1e6, allow_nan=False))
        for step, keep in enumerate(kept):
            if keep:
                year, sub = divmod(start + step, per_year)
                rows.append((f"s{number}", label(frequency, year, sub), draw(values)))
    return rows


def exact_change(to_value: float, from_value: float) -> float:
    """The difference a statistician writes: in decimals, when both figures have a decimal form of at
    most 15 significant digits (their shortest repr), else the float difference."""

    def written(v: float) -> Decimal | None:
        d = Decimal(repr(v)).normalize()
        decimals = max(0, -d.as_tuple().exponent)
        ok = v == 0 or (decimals <= 15 and abs(d) * 10**decimals < 10**15)
        return d if ok else None

    a, b = written(to_value), written(from_value)
    return float(a - b) if a is not None and b is not None else to_value - from_value


def reference_yoy(rows):
    """YoY by looking up the label of the same period one year earlier, with dicts."""
    index = {(s, p): v for s, p, v in rows}
    result = {}
    for s, p, v in rows:
        prior = index.get((s, f"{int(p[:4]) - 1}{p[4:]}"))
        pct = (v - prior) / prior * 100 if prior is not None and prior > 0 else None
        if pct is not None and not math.isfinite(pct):
            pct = None  # too large for a float: reported as undefined
        result[(s, p)] = (prior, None if prior is None else exact_change(v, prior), pct)
    return result


@settings(max_examples=150, deadline=None)
@given(gapped_series(), st.randoms(use_true_random=False))
def test_yoy_equals_a_reference_by_period_lookup_on_gapped_series(rows, rnd):
    assume(rows)
    rnd.shuffle(rows)
    text = "indicator,period,value\n" + "".join(f"{s},{p},{v!r}\n" for s, p, v in rows)
    out = yoy(frame_of(text))
    expected = reference_yoy(rows)
    assert len(out) == len(rows)
    for r in out.itertuples():
        prior, change, pct = expected[(r.indicator, r.period)]
        assert (prior is None) == math.isnan(r.prior_value)
        if prior is not None:
            assert r.prior_value == prior and r.yoy_change == change
        assert (pct is None) == math.isnan(r.yoy_pct)
        if pct is not None:
            assert r.yoy_pct == pytest.approx(pct, rel=1e-12, abs=1e-9)


def test_yoy_output_is_sorted_by_series_then_period():
    rows = [("b", "2024"), ("a", "2025"), ("b", "2023"), ("a", "2020")]
    random.Random(1).shuffle(rows)
    out = yoy(frame_of("indicator,period,value\n" + "".join(f"{s},{p},1\n" for s, p in rows)))
    assert list(zip(out["indicator"], out["period"], strict=True)) == [
        ("a", "2020"),
        ("a", "2025"),
        ("b", "2023"),
        ("b", "2024"),
    ]


def test_calc_matches_growth_figures():
    out = calc(5.45, 16, years=5, percent=True).iloc[0]
    assert (
        close(out["pp_change"], 10.55)
        and close(out["pct_change"], 193.5780)
        and close(out["cagr_pct"], 24.0351)
    )
    no_years = calc(2, 6).iloc[0]
    assert no_years["multiple"] == 3 and math.isnan(no_years["cagr_pct"]) and math.isnan(no_years["years"])


def test_list_series_reports_missing_periods():
    out = list_series(frame_of(GAPPED + "F,count,2024Q1,1,\nF,count,2024Q4,2,\n")).set_index("entity")
    assert out.loc["E", ["frequency", "first", "last", "count", "missing_count", "missing"]].tolist() == [
        "monthly", "2023-01", "2024-04", 7, 9, "2023-02 2023-05 2023-06 2023-07 2023-08 2023-09 2023-10 2023-11 2023-12",
    ]  # fmt: skip
    assert out.loc["F", ["frequency", "count", "missing"]].tolist() == ["quarterly", 2, "2024Q2 2024Q3"]


@pytest.mark.parametrize(
    "text",
    [  # January inside a year-to-date February (1-2月), as releases publish it, and as `indcalc ytd` writes it
        "指标,时间,累计\nx,2023年1-2月,20\nx,2023年3月,30\nx,2024年1-2月,21\nx,2024年4月,40\n",
        "indicator,period,value,covers\nx,2023-02,20,2023-01..2023-02\nx,2023-03,10,2023-03\n"
        "x,2024-02,21,2024-01..2024-02\nx,2024-04,9,2024-04\n",
    ],
)
def test_list_series_does_not_miss_a_january_inside_a_combined_figure(text):
    row = list_series(frame_of(text)).iloc[0]
    missing = "2023-04 2023-05 2023-06 2023-07 2023-08 2023-09 2023-10 2023-11 2023-12 2024-03"
    assert (row["count"], row["missing_count"], row["missing"]) == (4, 10, missing)  # not 2024-01


def test_list_series_without_gaps():
    out = list_series(frame_of("indicator,period,value\nx,2024-01,1\nx,2024-02,1\ny,2024,3\n"))
    assert out[["indicator", "count", "missing_count", "missing"]].values.tolist() == [
        ["x", 2, 0, ""],
        ["y", 1, 0, ""],
    ]


@pytest.mark.parametrize(
    ("indicators", "entities", "expected"),
    [
        (
            ["*share*"],
            ["J*"],
            {
                "High-tech manufacturing share of industrial output",
                "Emerging industries share of output value",
                "Agricultural products processing cluster share of industrial output",
                "R&D expenditure share of GDP",
            },
        ),
        (["scaled ENTERPRISES"], [], {"Scaled enterprises"}),
        (
            ["*share*", "Scaled*"],
            ["jingmen"],
            {
                "High-tech manufacturing share of industrial output",
                "Emerging industries share of output value",
                "Agricultural products processing cluster share of industrial output",
                "Scaled enterprises",
            },
        ),
        ([], ["Zhong?iang"], {"Phosphogypsum utilisation rate"}),
    ],
)
def test_select_globs_are_case_insensitive(indicators, entities, expected):
    assert set(select(load(), indicators, entities)["indicator"].unique()) == expected


def test_select_with_no_match_is_a_usage_error():
    with pytest.raises(UsageError, match="no series match indicators='nothing\\*'"):
        select(load(), ["nothing*"])


@settings(max_examples=200, deadline=None)
@given(
    st.floats(-1e9, 1e9, allow_nan=False),
    st.floats(-1e9, 1e9, allow_nan=False),
    st.one_of(st.none(), st.floats(0, 50)),
    st.booleans(),
)
def test_scalar_and_vectorised_formulas_agree(start, end, years, percent):
    from indcalc.formulas import figures

    scalar = figures(start, end, years, percent)
    vector = growth_figures(
        np.array([start]),
        np.array([end]),
        np.array([np.nan if years is None else years]),
        np.array([percent]),
    )
    for name, value in scalar.items():
        other = float(vector[name][0])
        assert (value is None) == math.isnan(other), name
        if value is not None:
            assert value == pytest.approx(other, rel=1e-12, abs=1e-12), name


def test_a_difference_with_more_digits_than_a_float_holds_is_not_rounded():
    """6.103515625e-05 (14 decimals) - 91 needs 16 significant digits: rounding it to 14 decimals would
    add an error (-90.99993896484376); the plain float difference is the closest there is."""
    from indcalc import formulas
    from indcalc.arithmetic import difference

    assert formulas.difference(6.103515625e-05, 91.0) == -90.99993896484375
    assert difference(np.array([6.103515625e-05]), np.array([91.0])).tolist() == [-90.99993896484375]
    assert difference(np.array([43.9]), np.array([25.9])).tolist() == [18.0]  # still exact where it fits


@pytest.mark.parametrize(
    ("from_value", "to_value", "pct"),
    [
        (0.1, 0.3, 200.0),  # 0.2 * 100 / 0.1: not 199.99999999999997 from (0.3 - 0.1) / 0.1 * 100
        (890.0, 1100.0, 23.59550561797753),  # 21000 / 890 = 23.5955056179775280..., correctly rounded
        (5.6, 8.2, 46.42857142857143),  # 260 / 5.6 = 46.428571428571428...
        (25.9, 43.9, 69.4980694980695),  # 1800 / 25.9, the seeds' emerging-industries share
    ],
)
def test_pct_change_is_the_decimal_difference_in_hundredths_over_the_base(from_value, to_value, pct):
    from indcalc import formulas

    vector = growth_figures(np.array([from_value]), np.array([to_value]), None, np.array([False]))
    assert float(vector["pct_change"][0]) == pct  # a division of exact figures: the same on every CPU
    assert formulas.figures(from_value, to_value, None, False)["pct_change"] == pct


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(-(10**15), 10**15), st.integers(1, 10**15), st.integers(0, 8), st.integers(0, 8)
        ),
        min_size=1,
        max_size=20,
    )
)
def test_ratios_of_decimal_figures_are_the_ratios_of_the_decimals_rounded_once(pairs):
    """pct_change and multiple of figures as a file writes them (of 15 significant digits at most,
    which a float holds) are the exact ratios of their decimals, rounded once (Fraction -> float), in
    the table kernels and in calc's scalar formulas."""
    from fractions import Fraction

    written = [(Decimal(b).scaleb(-db), Decimal(a).scaleb(-da)) for a, b, da, db in pairs]
    assume(all(formulas.decimals(float(v)) is not None for pair in written for v in pair))
    start = np.array([float(b) for b, _ in written])
    to = np.array([float(a) for _, a in written])
    f = growth_figures(start, to, np.ones(len(start)), np.zeros(len(start), bool))
    pct = [float((Fraction(a) - Fraction(b)) * 100 / Fraction(b)) for b, a in written]
    multiple = [float(Fraction(a) / Fraction(b)) for b, a in written]
    assert (f["pct_change"].tolist(), f["multiple"].tolist()) == (pct, multiple)
    scalar = [formulas.figures(float(b), float(a), 1.0, False) for b, a in written]
    assert [s["pct_change"] for s in scalar] == pct and [s["multiple"] for s in scalar] == multiple


@pytest.mark.parametrize(
    ("from_value", "to_value", "pct", "multiple"),
    [
        (0.11, 0.121, 10.0, 1.1),  # million EUR: was 9.999999999999998 and 1.0999999999999999
        (0.0011, 0.00121, 10.0, 1.1),  # the same on 亿 (was 10.0 there: the scale decided)
        (110.0, 121.0, 10.0, 1.1),  # and on thousand
        (5.45, 16.0, 193.57798165137615, 2.9357798165137616),  # 1600 / 545, not 16 / 5.45 (...761)
    ],
)
def test_pct_change_and_multiple_do_not_depend_on_the_scale(from_value, to_value, pct, multiple):
    vector = growth_figures(np.array([from_value]), np.array([to_value]), np.array([1.0]), np.array([False]))
    assert [float(vector[k][0]) for k in ("pct_change", "multiple", "cagr_pct")] == [pct, multiple, pct]
    scalar = formulas.figures(from_value, to_value, 1.0, False)
    assert [scalar[k] for k in ("pct_change", "multiple", "cagr_pct")] == [pct, multiple, pct]


_SCALES = ["thousand", "万", "million", "亿", "billion", "trillion"]


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 4)), min_size=3, max_size=6),
    st.lists(st.tuples(st.integers(1, 10**9), st.integers(0, 4)), min_size=3, max_size=6),
    st.sampled_from(_SCALES),
    st.sampled_from(["million EUR", "亿元", "thousands of dollars", "billion yuan"]),
)
def test_growth_and_yoy_on_any_scale_to_are_the_unscaled_ones_to_the_last_bit(first, second, scale_to, unit):
    """--scale-to moves the figures' decimal point; the ratios, worked out on the decimals, do not
    move with it: pct_change, multiple and cagr_pct of growth (over one year and over several) and
    yoy_pct are those of the figures as written, float for float."""
    from indcalc.reading import Options

    text = "indicator,period,value,unit\n" + "".join(
        f"{name},{2018 + i},{Decimal(digits).scaleb(-places)},{unit}\n"
        for name, series in (("a", first), ("b", second))
        for i, (digits, places) in enumerate(series)
    )
    unscaled = load(io.BytesIO(text.encode()))
    scaled = load(io.BytesIO(text.encode()), Options(scale_to=scale_to))
    columns = ["pct_change", "multiple", "cagr_pct"]
    for start in (None, "2019"):
        plain, moved = growth(unscaled, start), growth(scaled, start)
        assert moved[columns].equals(plain[columns]), (moved[columns], plain[columns])
    assert yoy(scaled)["yoy_pct"].equals(yoy(unscaled)["yoy_pct"])


def test_a_typeset_minus_is_a_minus_in_files_and_in_calc():
    # U+2212, as typeset tables and PDFs print −0.2 (NFKC keeps it): was "not a number"
    frame = frame_of("indicator,period,value\nx,2023,\u22125\nx,2024,10\n")
    assert frame["value"].tolist() == [-5.0, 10.0]
    from tests.conftest import invoke

    done = invoke("calc", "\u22125", "3", "-f", "csv")
    assert (done.exit_code, done.stdout.splitlines()[1]) == (0, ",,,,,-5,3,8,,,,,")


@pytest.mark.parametrize("others", [[], [1 / 3]], ids=["one scale", "a scale per pair"])
@pytest.mark.parametrize(("to", "start"), [(-0.0, 0.0), (-0.0, -0.0), (0.0, -0.0), (2.5, 2.5)])
def test_no_change_is_0_never_minus_0(others, to, start):
    # growth wrote change -0 for 0 to -0 where calc (formulas.difference) wrote 0 (a fresh-eyes finding)
    f = growth_figures(
        np.array([start, *others]),
        np.array([to, *others]),
        np.ones(1 + len(others)),
        np.ones(1 + len(others), bool),
    )
    for name in ("change", "pp_change"):
        assert math.copysign(1, f[name][0]) == 1 and f[name][0] == 0
    assert math.copysign(1, formulas.difference(to, start)) == 1
