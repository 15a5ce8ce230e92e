import io

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indcalc import growth, load, periods
from indcalc.compute import pop, yoy
from indcalc.periods import parse_period, parse_periods


@pytest.mark.parametrize(
    ("text", "label", "frequency"),
    [
        ("2024", "2024", "annual"),
        (" 2024 ", "2024", "annual"),
        ("2024Q1", "2024Q1", "quarterly"),
        ("2024-Q1", "2024Q1", "quarterly"),
        ("2024q4", "2024Q4", "quarterly"),
        ("2024-04", "2024-04", "monthly"),
        ("2024-4", "2024-04", "monthly"),
        ("2024M04", "2024-04", "monthly"),
        ("2024M4", "2024-04", "monthly"),
        ("2024m12", "2024-12", "monthly"),
        ("2024/04", "2024-04", "monthly"),
    ],
)
def test_accepted_spellings_give_canonical_labels(text, label, frequency):
    period = parse_period(text)
    assert (period.label, period.frequency) == (label, frequency)
    codes, ordinals, _ = parse_periods([text])
    assert (codes[0], ordinals[0]) == (period.code, period.ordinal)


@pytest.mark.parametrize(
    "text", ["", "24", "20245", "2024Q5", "2024Q0", "2024-13", "2024-00", "2024-1-1", "Q1 2024", "abc"]
)
def test_rejected_spellings(text):
    assert parse_period(text) is None
    assert parse_periods([text])[0][0] == periods.INVALID


@pytest.mark.parametrize(
    ("text", "code", "ordinal"),
    [
        ("2024", 0, 2024),
        ("2024Q1", 1, 8096),  # 2024 * 4
        ("2024Q4", 1, 8099),
        ("2024-01", 2, 24288),  # 2024 * 12
        ("2024-12", 2, 24299),
    ],
)
def test_ordinals_count_periods_from_year_zero(text, code, ordinal):
    period = parse_period(text)
    assert (period.code, period.ordinal) == (code, ordinal)


@pytest.mark.parametrize(
    ("earlier", "later", "years"),
    [
        ("2020", "2025", 5.0),
        ("2024-01", "2024-07", 0.5),
        ("2023Q1", "2024Q3", 1.5),
        ("2023Q4", "2024Q1", 0.25),
        ("2023-12", "2024-01", 0.0833333),  # one month
    ],
)
def test_growth_spans_years_by_period_arithmetic(earlier, later, years):
    frame = load(io.BytesIO(f"indicator,period,value\nx,{later},2\nx,{earlier},1\n".encode()))
    assert growth(frame)["years"].tolist() == [pytest.approx(years, abs=5e-8)]


# rows of one series; the period each row is compared with by yoy (a year earlier) and by pop (the
# period before), worked by hand; the row just before a January is December, not last January
LAGS = [
    (["2022", "2023", "2024"], {"2023": "2022", "2024": "2023"}, {"2023": "2022", "2024": "2023"}),
    (
        ["2023Q1", "2023Q4", "2024Q1", "2024Q2"],
        {"2024Q1": "2023Q1"},
        {"2024Q1": "2023Q4", "2024Q2": "2024Q1"},
    ),
    (
        ["2023-01", "2023-12", "2024-01", "2024-02"],
        {"2024-01": "2023-01"},
        {"2024-01": "2023-12", "2024-02": "2024-01"},
    ),
]


@pytest.mark.parametrize(("rows", "year_earlier", "period_before"), LAGS)
def test_yoy_and_pop_compare_with_the_period_a_year_and_one_period_earlier(rows, year_earlier, period_before):
    text = "indicator,period,value\n" + "".join(f"x,{p},{n + 1}\n" for n, p in enumerate(rows))
    frame = load(io.BytesIO(text.encode()))
    for compare, expected in ((yoy, year_earlier), (pop, period_before)):
        out = compare(frame)
        found = dict(zip(out["period"], out["prior_period"], strict=True))
        assert {p: q for p, q in found.items() if isinstance(q, str)} == expected, compare.__name__


@given(st.integers(1000, 9999), st.sampled_from([0, 1, 2]), st.integers(0, 11))
def test_format_is_the_inverse_of_parse(year, code, sub):
    ordinal = year * periods.PERIODS_PER_YEAR[code] + sub % periods.PERIODS_PER_YEAR[code]
    label = periods.format_periods(np.array([code]), np.array([ordinal]))[0]
    codes, ordinals, _ = parse_periods([label])
    assert (codes[0], ordinals[0]) == (code, ordinal)
    assert parse_period(label).label == label
