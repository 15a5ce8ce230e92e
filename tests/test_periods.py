import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indcalc import periods
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
    ("earlier", "later", "years"),
    [
        ("2020", "2025", 5),
        ("2024-01", "2024-07", 0.5),
        ("2023Q1", "2024Q3", 1.5),
        ("2023-12", "2024-01", 1 / 12),
    ],
)
def test_span_in_years_is_ordinal_difference_over_periods_per_year(earlier, later, years):
    a, b = parse_period(earlier), parse_period(later)
    assert (b.ordinal - a.ordinal) / a.periods_per_year == pytest.approx(years)


def test_one_year_earlier_is_ordinal_minus_periods_per_year():
    for text, prior in [("2024-01", "2023-01"), ("2024Q1", "2023Q1"), ("2024", "2023")]:
        p = parse_period(text)
        assert periods.Period(p.code, p.ordinal - p.periods_per_year).label == prior


@given(st.integers(1000, 9999), st.sampled_from([0, 1, 2]), st.integers(0, 11))
def test_format_is_the_inverse_of_parse(year, code, sub):
    ordinal = year * periods.PERIODS_PER_YEAR[code] + sub % periods.PERIODS_PER_YEAR[code]
    label = periods.format_periods(np.array([code]), np.array([ordinal]))[0]
    codes, ordinals, _ = parse_periods([label])
    assert (codes[0], ordinals[0]) == (code, ordinal)
    assert parse_period(label).label == label
