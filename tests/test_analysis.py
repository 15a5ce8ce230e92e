"""The analyst's toolkit on hand-worked figures: pop, implied figures, ytd, shares, contributions, targets."""

import io
import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indcalc import IndcalcWarning, NothingMatched, UsageError, load
from indcalc.changes import pop, yoy
from indcalc.cross_series import contribution, share
from indcalc.cumulative import ytd
from indcalc.reported import implied_base, implied_total
from indcalc.targets import target
from tests.conftest import invoke


def frame_of(text: str) -> pd.DataFrame:
    return load(io.BytesIO(text.encode()))


def test_pop_quarterly_with_annualised_and_log_rates():
    out = pop(
        frame_of("indicator,period,value\nx,2024Q1,100\nx,2024Q2,102\nx,2024Q4,90\n"),
        annualize=True,
        log=True,
    )
    q2 = out.set_index("period").loc["2024Q2"]
    assert q2["prior_period"] == "2024Q1" and q2["pop_change"] == 2 and q2["pop_pct"] == pytest.approx(2.0)
    assert q2["pop_annualized_pct"] == pytest.approx(8.243216, abs=5e-7)  # 1.02 ** 4 = 1.08243216
    assert q2["pop_log_pct"] == pytest.approx(1.980263, abs=5e-7)  # 100 ln 1.02
    assert q2["pop_log_annualized_pct"] == pytest.approx(7.921051, abs=5e-7)  # 4 x 1.980263
    assert (
        out.set_index("period").loc["2024Q4", ["prior_value", "pop_pct", "pop_annualized_pct"]].isna().all()
    )  # Q3 missing


def test_pop_of_an_annual_series_is_on_the_year_before_and_negative_values_have_no_rates():
    frame = frame_of("indicator,period,value\nx,2023,-5\nx,2024,10\nx,2025,12\n")
    out = pop(frame, annualize=True, log=True)
    columns = ["period", "prior_period", "prior_value", "pop_change", "pop_pct", "pop_annualized_pct"]
    assert out[columns].astype(object).where(out[columns].notna(), None).values.tolist() == [
        ["2023", None, None, None, None, None],
        ["2024", "2023", -5.0, 15.0, None, None],  # from a negative base: a change, no rate
        ["2025", "2024", 10.0, 2.0, 20.0, pytest.approx(20.0)],  # one period a year: annualised is 20% too
    ]
    assert math.isnan(out["pop_log_pct"][1])
    assert out["pop_log_pct"][2] == out["pop_log_annualized_pct"][2] == pytest.approx(18.232156, abs=5e-7)


@pytest.mark.parametrize(
    ("prior", "value", "log_pct"),
    [
        (1e-300, 1e300, 138155.10557964272),  # 100 ln 1e600: the ratio is beyond a float, not its log
        (1e300, 1e-100, -92103.40371976183),  # 100 ln 1e-400: the ratio underflows to 0
        (4.0, 5.0, 22.314355131420976),  # 100 ln 1.25, as before
    ],
)
def test_pop_log_of_a_ratio_beyond_a_float(prior, value, log_pct):
    out = pop(frame_of(f"indicator,period,value\nx,2024-01,{prior!r}\nx,2024-02,{value!r}\n"), log=True)
    assert out["pop_log_pct"][1] == pytest.approx(log_pct, rel=1e-12)
    assert out["pop_log_annualized_pct"][1] == pytest.approx(12 * log_pct, rel=1e-12)


def test_pop_warns_about_year_to_date_series():
    with pytest.warns(IndcalcWarning, match="1 year-to-date series compared period on period"):
        pop(frame_of("indicator,period,value\nx,2024年1-2月,3\nx,2024年1-3月,5\n"))


@pytest.mark.parametrize(
    ("months", "apart", "named"),
    [
        (["2023-04", "2023-07", "2023-10", "2024-01"], 3, "quarters (2024Q2)"),  # by their first month
        (["2023-03", "2023-06", "2023-09"], 3, "quarters (2024Q2)"),  # ... or by their last
        (["2023-01", "2023-07", "2023-10"], 3, "quarters (2024Q2)"),  # a quarter missing
        (["2022-01", "2022-07", "2023-01"], 6, "half-years (2024S1)"),
        (["2021-12", "2022-12", "2023-12"], 12, "years (2024)"),  # December figures
        (["2023-01", "2023-02", "2023-05"], None, ""),  # a month with its prior: months with a gap
        (["2023-01", "2023-03", "2023-05"], None, ""),  # every other month
        (["2023-01", "2023-04", "2023-06"], None, ""),  # not a multiple of three months apart
        (["2023-04"], None, ""),  # one figure: nothing to compare
        (["2023年1-3月", "2023年1-6月", "2023年1-9月"], None, ""),  # year to date: warned of as such
    ],
)
def test_pop_warns_of_figures_months_apart(months, apart, named):
    """pop on quarterly figures dated by a month (2023-04) compared each with the month before, which
    is not there: every change empty, with no word. Now a warning says so, naming the series and how
    far apart their figures are, and how to write them (a series with its months in order beside it has
    no warning of its own); not on year-to-date figures, which have their own."""
    text = "indicator,period,value\n" + "".join(f"GDP,{m},{100 + i}\n" for i, m in enumerate(months))
    text += "CPI,2023-01,100\nCPI,2023-02,101\n"
    if apart is None:
        with warnings.catch_warnings(record=True) as got:
            warnings.simplefilter("always")
            pop(frame_of(text))
        assert not [w for w in got if "months apart" in str(w.message)]
        return
    match = rf"^1 monthly series \(GDP\) has figures {apart} months apart or more \({months[0]}, {months[1]}, \.\.\.\)"
    with pytest.warns(IndcalcWarning, match=match) as got:
        out = pop(frame_of(text))
    assert f"written as {named} or as dates" in str(got[0].message)
    assert out["pop_pct"].isna().sum() == len(months) + 1


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # 000: new energy materials 85.2 billion yuan (+28.6% YoY) -> 66.25 billion the year before
        ({"growth_pct": 28.6}, 66.2519),
        # 003: R&D is 6.35% of GDP, 3.7 points above the national average -> 2.65%
        ({"pp": 3.7}, 2.65),
    ],
)
def test_implied_base(args, expected):
    value = 85.2 if "growth_pct" in args else 6.35
    assert implied_base(value, **args)["from_value"][0] == pytest.approx(expected, abs=5e-5)


def test_implied_total_and_bad_arguments():
    # 003: 2.74 billion yuan of R&D is 6.35% of GDP -> GDP 43.15 billion yuan
    assert implied_total(2.74, 6.35)["total"][0] == pytest.approx(43.1496, abs=5e-5)
    for call in (
        lambda: implied_total(1, 0),
        lambda: implied_base(1, growth_pct=-100),
        lambda: implied_base(1),
    ):
        with pytest.raises(UsageError):
            call()


@pytest.mark.parametrize(
    ("args", "row"),
    [
        (
            ["85.2", "--growth", "28.6"],
            ",,,,,66.25194401244168,85.2,18.94805598755832,28.6,,1.286,,",
        ),
        (["2.74", "--share", "6.35"], "2.74,6.35,43.1496062992126"),
    ],
)
def test_calc_implied_figures_on_the_command_line(args, row):
    result = invoke("calc", *args, "-f", "csv")
    assert result.exit_code == 0 and result.stdout.splitlines()[1] == row


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["5"], "give TO, or one of --growth, --pp and --share"),
        (["5", "6", "--growth", "3"], "--growth cannot be used with TO"),
        (["5", "--pp", "1", "--share", "2"], "--share cannot be used with --pp"),
    ],
)
def test_calc_needs_exactly_one_of_to_growth_pp_share(args, message):
    result = invoke("calc", *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"indcalc: error: {message}\n"


RELEASE = "indicator,period,value,unit\n" + "".join(
    f"IVA,{p},{v},亿元\n"
    for p, v in [
        ("2023年1-2月", 380),
        ("2023年1-3月", 600),
        ("2023年1-4月", 815),
        ("2024年1-2月", 410),
        ("2024年1-3月", 650),
        ("2024年1-4月", 880),
        ("2024年1-6月", 1350),
    ]
)


def test_ytd_single_periods_from_a_bureau_release():
    out = ytd(frame_of(RELEASE)).set_index("period")
    assert out.loc["2024-02", ["value", "covers", "periods_covered"]].tolist() == [
        410.0,
        "2024-01..2024-02",
        2,
    ]
    assert out.loc["2024-03", "value"] == 240 and out.loc["2024-04", "value"] == 230
    assert math.isnan(out.loc["2024-06", "value"])  # May is missing: no value rather than a wrong one
    assert out.loc["2024-06", "ytd_value"] == 1350


def test_yoy_on_ytd_compares_cumulative_with_cumulative():
    out = yoy(frame_of(RELEASE)).set_index("period")
    assert out.loc["2024-04", "prior_period"] == "2023-04"  # January-April against January-April
    assert out.loc["2024-04", "yoy_pct"] == pytest.approx(7.975460, abs=5e-7)  # 65 / 815


def test_ytd_needs_year_to_date_series():
    with pytest.raises(UsageError, match="no year-to-date series"):
        ytd(frame_of("indicator,period,value\nx,2024-01,1\n"))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 500), min_size=1, max_size=12), min_size=1, max_size=3), st.booleans()
)
def test_ytd_round_trip_discrete_cumulative_discrete(years, quarterly):
    per_year = 4 if quarterly else 12
    rows = []
    for number, months in enumerate(years):
        year = 2020 + number
        total = 0
        for index, amount in enumerate(months[:per_year]):
            total += amount
            label = f"{year}Q{index + 1}" if quarterly else f"{year}-{index + 1:02d}"
            rows.append((label, amount, total))
    text = "indicator,period,value,basis\n" + "".join(f"x,{p},{c},ytd\n" for p, _, c in rows)
    out = ytd(frame_of(text))
    assert out["value"].tolist() == [float(a) for _, a, _ in rows]


SECTORS = "indicator,period,value\nGDP,2023,100\nGDP,2024,110\nIndustry,2023,40\nIndustry,2024,46\nServices,2023,60\nServices,2024,64\n"


def test_share_of_total_with_pp_change():
    out = share(frame_of(SECTORS), "GDP").set_index(["indicator", "period"])
    assert out.loc[("Industry", "2023"), "share_pct"] == pytest.approx(40.0)  # 40 of 100
    assert out.loc[("Industry", "2024"), "share_pct"] == pytest.approx(41.818182, abs=5e-7)  # 46 of 110
    assert out.loc[("Industry", "2024"), "share_pp_change"] == pytest.approx(1.818182, abs=5e-7)
    assert out.loc[("Services", "2024"), "share_pp_change"] == pytest.approx(-1.818182, abs=5e-7)  # 64/110
    assert out["parts_share_pct"].tolist() == pytest.approx([100.0] * 4)
    assert math.isnan(out.loc[("Industry", "2023"), "share_pp_change"])


def test_shares_given_in_percent_are_shares_already():
    out = share(frame_of("indicator,period,value,unit\nA share,2020,25.9,%\nA share,2025,43.9,%\n"), None)
    assert out["share_pct"].tolist() == [25.9, 43.9] and out["share_pp_change"].tolist()[1] == pytest.approx(
        18.0
    )


def test_share_errors():
    for kernel in (share, contribution):  # a filter that matches nothing, as README's API section says
        with pytest.raises(NothingMatched, match="total='Nothing' matches no indicator"):
            kernel(frame_of(SECTORS), "Nothing")
    with pytest.raises(UsageError, match="matches 2 indicators"):
        share(frame_of(SECTORS), "*s*")
    with pytest.raises(UsageError, match="parts not given in percent need a total"):
        share(frame_of(SECTORS), None)


def test_contribution_hand_worked():
    out = contribution(frame_of(SECTORS), "GDP").set_index("indicator")
    assert out.loc["Industry", "contribution_pp"] == pytest.approx(6.0)  # (46-40)/100*100
    assert out.loc["Industry", "contribution_rate_pct"] == pytest.approx(60.0)  # 6/10*100
    assert out.loc["Services", "contribution_pp"] == pytest.approx(4.0)
    assert out["total_pct_change"].tolist() == pytest.approx([10.0, 10.0])


# Entity A has its total; B to H have parts but no row of GDP (a regional file without their GDP).
NO_TOTAL = "entity,indicator,unit,period,value\nA,GDP,亿元,2023,100\nA,GDP,亿元,2024,110\n" + "".join(
    f"{e},Industry,亿元,{year},{value}\n" for e in "ABCDEFGH" for year, value in ((2023, 40), (2024, 46))
)
WITHOUT_TOTAL = {  # one entity lacking the total, and more
    "share": ("its shares are left empty", "their shares are left empty"),
    "contribution": ("it is left out", "they are left out"),
}


@pytest.mark.parametrize("command", ["share", "contribution"])
@pytest.mark.parametrize(
    ("entities", "named"),
    [
        ([], "7 entities with parts (B, C, D, E, F and 2 more)"),
        (["A", "B"], "1 entity with parts (B)"),
        (["[A-E]"], "4 entities with parts (B, C, D, E)"),
    ],
)
def test_an_entity_with_parts_but_no_total_is_named_in_a_warning(write_csv, command, entities, named):
    args = [command, write_csv(NO_TOTAL), "--total", "GDP", "-f", "csv", *(f"-e{e}" for e in entities)]
    result = invoke(*args)
    warning = f"the total 'GDP' has no rows for {named}: {WITHOUT_TOTAL[command][not named.startswith('1 ')]}"
    assert (result.exit_code, result.stderr) == (0, f"indcalc: warning: {warning}\n")
    rows = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    kernel = {"share": share, "contribution": contribution}[command]
    with pytest.warns(IndcalcWarning) as warned:  # the library says the same, once
        frame = kernel(frame_of(NO_TOTAL), "GDP", entities=entities)
    assert [str(w.message) for w in warned] == [warning]
    if command == "share":  # kept, with empty shares
        assert len(rows) == len(frame) == 2 * (1 + int(named.split()[0]))
        assert rows[rows["entity"] != "A"]["share_pct"].tolist() == [""] * (len(rows) - 2)
    else:  # left out
        assert rows["entity"].tolist() == frame["entity"].tolist() == ["A"]


def test_a_part_in_percent_is_a_share_without_a_total_and_not_warned_of():
    text = "entity,indicator,unit,period,value\nA,GDP,亿元,2024,10\nA,x,亿元,2024,4\nB,s,%,2024,20\n"
    out = share(frame_of(text), "GDP", ["x", "s"])  # no warning: IndcalcWarning is an error here
    assert out["share_pct"].tolist() == [40.0, 20.0]


@pytest.mark.parametrize("command", ["share", "contribution"])
@pytest.mark.parametrize(
    ("entities", "message"),
    [
        (["B"], "--total 'GDP' has no rows for entity B (it has rows for entity A)"),
        (["B", "C*"], "--total 'GDP' has no rows for entities B, C (it has rows for entity A)"),
        (
            ["[B-H]"],
            "--total 'GDP' has no rows for entities B, C, D, E, F and 2 more (it has rows for entity A)",
        ),
        (["Z"], "no series match -e 'Z': the entities are A, B, C, D, E, F, G, H"),
    ],
)
def test_an_entity_chosen_without_a_total_is_an_error_that_says_so(write_csv, command, entities, message):
    args = [command, write_csv(NO_TOTAL), "--total", "GDP", *(f"-e{e}" for e in entities)]
    result = invoke(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"indcalc: error: {message}\n")
    kernel = {"share": share, "contribution": contribution}[command]
    with pytest.raises(NothingMatched) as raised:
        kernel(frame_of(NO_TOTAL), "GDP", entities=entities)
    assert str(raised.value) == message.replace("--total ", "total=").replace("-e ", "entities=")


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.floats(1, 1e6), st.floats(0, 1e6)), min_size=1, max_size=6))
def test_contributions_of_parts_add_up_to_the_total_growth(parts):
    total_from = sum(a for a, _ in parts)
    total_to = sum(b for _, b in parts)
    lines = [f"Total,2023,{total_from!r}", f"Total,2024,{total_to!r}"]
    for i, (a, b) in enumerate(parts):
        lines += [f"p{i},2023,{a!r}", f"p{i},2024,{b!r}"]
    out = contribution(frame_of("indicator,period,value\n" + "\n".join(lines) + "\n"), "Total")
    assert out["contribution_pp"].sum() == pytest.approx(out["total_pct_change"].iloc[0], rel=1e-9, abs=1e-6)


def test_target_hand_worked_from_the_seeds():
    # 000: scaled enterprises 890 (2020) -> 1,100 (2025); what does 1,500 by 2030 take?
    row = target(frame_of("indicator,period,value\nfirms,2020,890\nfirms,2025,1100\n"), 1500, "2030").iloc[0]
    assert row["years"] == 5
    assert row["required_cagr_pct"] == pytest.approx(6.399531, abs=5e-7)  # (1500 / 1100) ** (1/5)
    assert row["historical_cagr_pct"] == pytest.approx(4.327917, abs=5e-7)  # (1100 / 890) ** (1/5)
    assert row["projected_value"] == pytest.approx(1359.5506, abs=5e-5)  # the same pace: x1.2360 again
    assert row["projected_value"] == 1100 * (1100 / 890)  # to the last bit, on any CPU: no pow of 1


@pytest.mark.parametrize(
    ("first", "latest", "by", "projected"),
    [
        (100.0, 121.0, "2030", 121 * 1.21**2.5),  # 2 years of history, 5 ahead: the multiple to the 5/2
        (1e-300, 1e300, "2030", math.inf),  # a multiple beyond a float: through the rate, too large: empty
        (4.0, 0.0, "2030", 0.0),  # to zero: stays there
        (0.0, 5.0, "2030", math.nan),  # no rate from a zero base: no projection
    ],
)
def test_target_projection_at_the_historical_pace(first, latest, by, projected):
    frame = frame_of(f"indicator,period,value\nx,2023,{first!r}\nx,2025,{latest!r}\n")
    got = float(target(frame, 200, by).iloc[0]["projected_value"])
    assert math.isnan(got) if not math.isfinite(projected) else got == pytest.approx(projected, rel=1e-15)


def test_target_errors():
    frame = frame_of("indicator,period,value\nfirms,2020,890\nfirms,2025,1100\n")
    with pytest.raises(UsageError, match="by=2024 is not after the latest period"):
        target(frame, 1500, "2024")
    with pytest.raises(UsageError, match="by='soon' is not a period"):
        target(frame, 1500, "soon")


def test_toolkit_commands_on_the_command_line(write_csv):
    path = write_csv(SECTORS)
    shares = invoke("share", path, "--total", "GDP", "-f", "csv")
    assert (
        shares.exit_code == 0
        and shares.stdout.splitlines()[0]
        == "entity,indicator,unit,period,value,total,share_pct,prior_period,share_pp_change,parts_share_pct"
    )
    moved = invoke("contribution", path, "--total", "GDP", "--part", "Ind*", "-f", "csv")
    assert moved.stdout.splitlines()[1] == ",Industry,,2023,2024,40,46,100,110,10,6,60"
    goal = invoke("target", path, "-i", "GDP", "--value", "121", "--by", "2026", "-f", "csv")
    assert goal.stdout.splitlines()[1].startswith(",GDP,,2024,110,2026,121,2,")
    missing = invoke("contribution", path)
    assert missing.exit_code == 2 and missing.stdout == "" and "Missing option '--total'" in missing.stderr
    release = invoke("ytd", write_csv(RELEASE, "release.csv"), "-f", "csv")
    assert release.stdout.splitlines()[1] == ",IVA,亿元,2023-02,380,380,2023-01..2023-02,2"
    assert np.isclose(
        float(invoke("pop", path, "-i", "GDP", "-f", "csv").stdout.splitlines()[2].split(",")[8]), 10.0
    )


@pytest.mark.parametrize(
    ("command", "text", "column", "expected"),
    [
        # a month from year-to-date figures: 45.6 - 30.3 is 15.3 (cumulative 1-2月 then 1-3月)
        (ytd, "indicator,period,value\nx,2024年1-2月,30.3\nx,2024年1-3月,45.6\nx,2024年1-4月,50.9\n", "value",
         [30.3, 15.3, 5.3]),
        # shares given in percent: 5.6% -> 8.2% is 2.6 points, not 2.5999999999999996
        (lambda f: share(f, None), "indicator,period,value,unit\nA,2020,5.6,%\nA,2025,8.2,%\n",
         "share_pp_change", [math.nan, 2.6]),
        # and their sum: shares of 45.6% and 44.2% add up to 89.8%, not 89.80000000000001
        (lambda f: share(f, None), "indicator,period,value,unit\nA,2024,45.6,%\nB,2024,44.2,%\n",
         "parts_share_pct", [89.8, 89.8]),
        (lambda f: pop(f), "indicator,period,value,unit\nA,2024Q1,5.6,%\nA,2024Q2,8.2,%\n", "pop_pp",
         [math.nan, 2.6]),
        (lambda f: yoy(f), "indicator,period,value\nA,2023,5.6\nA,2024,8.2\n", "yoy_change", [math.nan, 2.6]),
    ],
)  # fmt: skip
def test_differences_in_the_toolkit_keep_the_decimals_of_their_figures(command, text, column, expected):
    got = command(frame_of(text))[column].tolist()
    assert [None if math.isnan(v) else v for v in got] == [None if math.isnan(v) else v for v in expected]


@pytest.mark.parametrize(
    ("part", "total", "pp", "rate"),
    [
        # part and total 1e308 -> -1e308: change -2e308 is beyond a float; -2e308 / 1e308 x 100 is not
        (("1e308", "-1e308"), ("1e308", "-1e308"), -200.0, 100.0),
        # 1e300 / -2e308 x 100 = -5e-7, not -0 (1e300 over an infinite moved total)
        (("1e-300", "1e300"), ("1e308", "-1e308"), 1e-6, -5e-7),
        # -2e308 / 1e10 x 100 = -2e300; the rate: -2e308 / 9e10 x 100
        (("1e308", "-1e308"), ("1e10", "1e11"), -2e300, -200 / 9e10 * 1e308),
        # 3 / 10 x 100 and 3 / 20 x 100, as before
        (("4", "7"), ("10", "30"), 30.0, 15.0),
    ],
)
def test_contributions_at_the_ends_of_a_float(part, total, pp, rate):
    text = (
        f"indicator,period,value\nT,2020,{total[0]}\nT,2021,{total[1]}\nA,2020,{part[0]}\nA,2021,{part[1]}\n"
    )
    result = invoke("contribution", "-", "--total", "T", "-f", "csv", input=text)
    assert result.exit_code == 0, result.stderr
    row = dict(zip(*(line.split(",") for line in result.stdout.splitlines()), strict=True))
    assert float(row["contribution_pp"]) == pytest.approx(pp, rel=1e-12)
    assert float(row["contribution_rate_pct"]) == pytest.approx(rate, rel=1e-12)


MIXED_SCALES = (
    "indicator,period,value,unit\nGDP,2023,1000,billion yuan\nGDP,2024,2000,billion yuan\n"
    "第一产业,2024,2000,亿元\n第二产业,2023,6000,亿元\n第二产业,2024,8000,亿元\nExports,2024,300000,万元\n"
    "People,2024,100,万人\n"
)


def test_parts_on_another_scale_of_the_total_s_unit_are_put_on_its_scale():
    """A part in 亿元 under a total in billion yuan was divided as it is (share_pct 100 for 10): now
    each part in the total's unit on another scale (亿元, 万元; 元 and yuan one currency) is put on the
    total's scale, value and unit, before its share or contribution is worked out."""
    out = share(frame_of(MIXED_SCALES), "GDP")  # default parts: the total's unit on any scale
    rows = out[out["period"] == "2024"][["indicator", "unit", "value", "share_pct"]].values.tolist()
    assert rows == [
        ["第一产业", "billion yuan", 200.0, 10.0],  # 2000 亿元 = 200 billion yuan, of 2000
        ["第二产业", "billion yuan", 800.0, 40.0],
        ["Exports", "billion yuan", 3.0, 0.15],  # 300000 万元 = 3 billion yuan, exactly
    ]
    moved = contribution(frame_of(MIXED_SCALES), "GDP", ["第二产业"])
    assert moved[["contribution_pp", "contribution_rate_pct"]].values.tolist() == [[20.0, 20.0]]  # 200 / 1000


def test_a_part_in_another_unit_than_the_total_s_is_taken_as_it_is_with_a_warning():
    with pytest.warns(
        IndcalcWarning,
        match="parts in another unit than the total's, taken as they are: 万人 against billion yuan",
    ):
        out = share(frame_of(MIXED_SCALES), "GDP", ["People"])
    assert out[["unit", "share_pct"]].values.tolist() == [["万人", 5.0]]


def test_each_entity_s_parts_go_on_its_own_total_s_scale():
    text = (
        "entity,indicator,period,value,unit\n荆门,GDP,2024,2000,亿元\n荆门,工业,2024,8000000,万元\n"
        "Hubei,GDP,2024,5000,billion yuan\nHubei,Industry,2024,20000,亿元\n"
    )
    out = share(frame_of(text), "GDP")
    assert out[["entity", "unit", "value", "share_pct"]].values.tolist() == [
        ["荆门", "亿元", 800.0, 40.0],  # 8,000,000 万元 = 800 亿元
        ["Hubei", "billion yuan", 2000.0, 40.0],  # 20,000 亿元 = 2,000 billion yuan
    ]


@pytest.mark.parametrize(
    ("total_unit", "part_unit", "part", "moved", "share_pct"),
    [
        ("亿美元", "万美元", "300000", 30.0, 15.0),  # 300,000 万美元 = 30 亿美元, of 200
        ("亿美元", "million US dollars", "3000", 30.0, 15.0),  # one currency in two languages
        ("billion USD", "亿美元", "300", 30.0, 15.0),
        ("亿港元", "万港元", "300000", 30.0, 15.0),
    ],
)
def test_parts_in_another_currency_than_yuan_go_on_the_total_s_scale(
    total_unit, part_unit, part, moved, share_pct
):
    text = f"indicator,period,value,unit\n出口总额,2024,200,{total_unit}\n机电产品,2024,{part},{part_unit}\n"
    out = share(frame_of(text), "出口总额")
    assert out[["unit", "value", "share_pct"]].values.tolist() == [[total_unit, moved, share_pct]]


def test_pop_names_every_series_of_figures_months_apart_among_others():
    """Several such series among a monthly one and a year-to-date one: found together (no loop over
    series), named in the file's order, the year-to-date one warned of as such only."""
    text = "entity,indicator,period,value,basis\n" + "".join(
        f"{e},GDP,{p},{v},period\n" for e in ("B", "A") for p, v in (("2023-01", 1), ("2023-04", 2))
    )
    text += "A,CPI,2023-01,100,period\nA,CPI,2023-02,101,period\nA,IVA,2023-03,5,ytd\nA,IVA,2023-06,9,ytd\n"
    with pytest.warns(IndcalcWarning) as got:
        pop(frame_of(text))
    said = sorted(str(w.message) for w in got)
    assert said[0].startswith("1 year-to-date series compared period on period")
    assert said[1].startswith(
        "2 monthly series (B / GDP, A / GDP) have figures 3 months apart or more (2023-01, 2023-04"
    )
