import io
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indcalc import growth, load, periods
from indcalc.changes import pop, yoy
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
        ("0000", "0000", "annual"),  # year 0 is read, as in ISO 8601
        ("0099", "0099", "annual"),
        ("0999Q4", "0999Q4", "quarterly"),
        ("0099q1", "0099Q1", "quarterly"),
        ("0099-1", "0099-01", "monthly"),
        ("0009M12", "0009-12", "monthly"),
        ("9999-12", "9999-12", "monthly"),
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
        ("0000", 0, 0),
        ("0000Q1", 1, 0),
        ("0000-01", 2, 0),
        ("0099-01", 2, 1188),  # 99 * 12
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


@pytest.mark.parametrize(
    ("code", "ordinal", "label"),
    [
        (0, 0, "0000"),
        (0, 99, "0099"),
        (0, 999, "0999"),
        (1, 396, "0099Q1"),  # 99 * 4
        (1, 3, "0000Q4"),
        (2, 1188, "0099-01"),  # 99 * 12
        (2, 11, "0000-12"),
        (2, 119999, "9999-12"),
    ],
)
def test_labels_of_years_below_1000_have_four_digits(code, ordinal, label):
    assert periods.format_periods(np.array([code]), np.array([ordinal])).tolist() == [label]
    assert periods.Period(code, ordinal).label == label


@given(st.integers(0, 9999), st.sampled_from([0, 1, 2]), st.integers(0, 11))
def test_format_is_the_inverse_of_parse(year, code, sub):
    ordinal = year * periods.PERIODS_PER_YEAR[code] + sub % periods.PERIODS_PER_YEAR[code]
    label = periods.format_periods(np.array([code]), np.array([ordinal]))[0]
    codes, ordinals, _ = parse_periods([label])
    assert (codes[0], ordinals[0]) == (code, ordinal)
    assert parse_period(label).label == label


def test_years_below_1000_round_trip_through_indcalcs_own_output_in_a_real_pipe(tmp_path):
    data = tmp_path / "early.csv"
    data.write_text(
        "indicator,period,value\nx,0000,1\nx,0001,2\nq,0099Q1,3\nq,0099Q2,4\nm,0099-01,5\nm,0099-02,6\n"
    )
    run = [sys.executable, "-m", "indcalc", "yoy"]
    first = subprocess.run([*run, str(data)], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert (first.returncode, first.stderr) == (0, "")
    assert [line.split(",")[3] for line in first.stdout.splitlines()[1:]] == [
        "0000", "0001", "0099Q1", "0099Q2", "0099-01", "0099-02"
    ]  # fmt: skip
    assert first.stdout.splitlines()[2].split(",")[5] == "0000"  # prior_period of 0001
    again = subprocess.run([*run, "-"], capture_output=True, text=True, input=first.stdout)
    assert (again.returncode, again.stderr, again.stdout) == (0, "", first.stdout)
