"""Publishers' files (issue 16): each fixture in tests/fixtures/publishers read with no option, its
series and hand-worked growth figures (expected.json, worked out with Python decimal) checked through
the library and, for one figure per file, through `indcalc growth`; the overrides; bad overrides."""

from __future__ import annotations

import csv
import io
import json
import warnings
from pathlib import Path

import pytest

from indcalc import growth, load, pop, yoy
from indcalc.errors import IndcalcNote, IndcalcWarning, InputError
from indcalc.reading import Options
from tests.conftest import invoke

HERE = Path(__file__).parent / "fixtures" / "publishers"
EXPECTED = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
CASES = [(name, i, figure) for name, figures in EXPECTED.items() for i, figure in enumerate(figures)]


def _loaded(name: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IndcalcWarning)  # the notes on skipped lines
        return load(HERE / name)


def _is_series(frame, figure: dict) -> object:
    """Rows of the series a figure is about. The loader's choices beyond expected.json: a scale is
    carried into the unit (``billion U.S. dollars``, ``billion USD_EXC``), a coded unit keeps its label
    (``367: Per cent``), and two series sharing entity and indicator name the dimension that differs
    (``B1GQ [CP_MEUR]``)."""
    unit, indicator = frame["unit"].astype(str), frame["indicator"].astype(str)
    wanted = figure["unit"]
    unit_ok = (unit == wanted) | unit.str.endswith(" " + wanted) if wanted else unit == ""
    unit_ok |= unit.str.startswith(wanted + ": ") if wanted else False
    named = (indicator == figure["indicator"]) | indicator.str.startswith(figure["indicator"] + " [")
    return (frame["entity"].astype(str) == figure["entity"]) & named & unit_ok


@pytest.mark.parametrize(("name", "index", "figure"), CASES, ids=[f"{n}-{i}" for n, i, _ in CASES])
def test_each_figure_reads_with_no_option(name, index, figure):
    frame = _loaded(name)
    rows = frame[_is_series(frame, figure)]
    assert rows["indicator"].nunique() == 1, f"one series for {figure}"
    assert set(rows["frequency"].astype(str)) == {figure["frequency"]}
    series = rows.set_index(rows["period"].astype(str))["value"]
    assert series[figure["from_period"]] == figure["from_value"]
    assert series[figure["to_period"]] == figure["to_value"]
    kind = figure["kind"]
    if kind == "first_to_last":
        result = growth(rows)
        assert result[["from_period", "to_period"]].astype(str).to_numpy().tolist() == [
            [figure["from_period"], figure["to_period"]]
        ]
        pct, pp = result["pct_change"].iloc[0], result["pp_change"].iloc[0]
    else:
        result = (yoy if kind == "yoy" else pop)(rows)
        prefix = "yoy" if kind == "yoy" else "pop"
        row = result[result["period"].astype(str) == figure["to_period"]].iloc[0]
        assert (str(row["prior_period"]), row["prior_value"]) == (figure["from_period"], figure["from_value"])
        pct, pp = row[f"{prefix}_pct"], row[f"{prefix}_pp"]
    assert pct == pytest.approx(figure["pct_change"], rel=1e-12, abs=1e-12)
    if "pp_change" in figure:
        assert pp == pytest.approx(figure["pp_change"], rel=1e-12, abs=1e-12)
    else:
        assert pp != pp  # NaN: not a percent unit
    for period, flag in figure.get("flags", {}).items():
        present = rows[rows["period"].astype(str) == period]
        if len(present):  # a missing figure (": c") is not a row of the loaded frame
            assert present["flag"].astype(str).tolist() == [flag]


FIRSTS = {
    name: next(f for f in figures if f["kind"] == "first_to_last") for name, figures in EXPECTED.items()
}


@pytest.mark.parametrize("name", list(FIRSTS))
def test_growth_through_the_cli_with_no_option(name):
    figure = FIRSTS[name]
    result = invoke(
        "growth", str(HERE / name), "--from", figure["from_period"], "--to", figure["to_period"], "-f", "csv"
    )
    assert result.exit_code == 0, result.stderr
    assert "error" not in result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    frame = _loaded(name)
    names = set(frame[_is_series(frame, figure)]["indicator"].astype(str))
    (row,) = [r for r in rows if r["entity"] == figure["entity"] and r["indicator"] in names]
    assert float(row["pct_change"]) == pytest.approx(figure["pct_change"], rel=1e-12)
    assert (float(row["from_value"]), float(row["to_value"])) == (figure["from_value"], figure["to_value"])


def test_series_counts_and_the_base_in_parentheses_is_not_a_unit():
    assert _loaded("nbs_annual_gbk.csv")["indicator"].nunique() == 6
    assert _loaded("yearbook_city_2-1.xlsx")["indicator"].nunique() == 9
    monthly = _loaded("nbs_monthly_gbk.csv")
    cpi = monthly[monthly["indicator"] == "居民消费价格指数(上年同月=100)"]
    assert (cpi["unit"].astype(str).unique().tolist(), cpi["value"].iloc[0]) == ([""], 100.5)


def test_notes_and_metadata_are_skipped_and_said_on_stderr():
    result = invoke("list", str(HERE / "nbs_annual_gbk.csv"), "-f", "csv")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [  # notes, not warnings: one line for the lines skipped
        f"indcalc: note: {HERE / 'nbs_annual_gbk.csv'}: skipped 2 metadata lines above the header "
        "(lines 1-2: '数据库：年度数据') and 3 footnote lines below the table "
        "(lines 10-12: '注：1.本表按当年价格计算，数值为虚构的测试数据。')",
        "indcalc: note: read as NBS export (data.stats.gov.cn)",
    ]
    assert result.stdout.splitlines()[1] == ",国内生产总值,亿元,annual,2019,2023,5,0,"


def test_notes_below_a_long_table_are_located_by_their_line_in_the_whole_file(tmp_path):
    """The notes are found in the file's last 32 KB; their lines are counted from the top."""
    rows = "".join(f"region {i},GDP,2024,{i}.5\n" for i in range(5000))  # about 110 KB
    path = tmp_path / "long.csv"
    path.write_text(
        f"entity,indicator,period,value\n{rows}\nNote: figures are provisional.\nSource: a bureau\n"
    )
    with pytest.warns(IndcalcWarning) as said:
        load(path)
    assert [str(w.message) for w in said] == [
        f"{path}: skipped 2 footnote lines below the table (lines 5003-5004: 'Note: figures are provisional.')"
    ]


@pytest.mark.parametrize(
    ("name", "layout"),
    [
        ("API_NY.GDP.MKTP.CD_DS2_en_csv_v2_100001.csv", "World Bank WDI"),
        ("WEOApr2024all.xls", "IMF WEO"),
        ("sdmx_csv1_oecd_csvfile.csv", "SDMX-CSV"),
        ("sdmx_csv2_oecd_labels.csv", "SDMX-CSV (code/label columns)"),
        ("sdmx_csv2_bis_labels_both.csv", "SDMX-CSV (code: label cells)"),
        ("estat_nama_10_gdp.tsv", "Eurostat TSV"),
        ("fred_multi.csv", "FRED"),
        ("fred_GDP_legacy.csv", "FRED"),  # DATE, as FRED headed its dates before 2024
        ("bls_cu.data.0.Current.txt", "BLS time series"),
    ],
)
def test_list_says_how_a_file_was_read(name, layout):
    result = invoke("list", str(HERE / name), "-f", "csv")
    assert result.exit_code == 0
    assert f"indcalc: note: read as {layout}" in result.stderr.splitlines()


@pytest.mark.parametrize("command", ["list", "validate"])
@pytest.mark.parametrize(
    ("name", "said"),
    [
        (
            "API_NY.GDP.MKTP.CD_DS2_en_csv_v2_100001.csv",
            "'Country Code', 'Indicator Code' (left out when read)",
        ),
        (
            "sdmx_csv2_bis_labels_both.csv",
            "'FREQ' (kept in the loaded frame); 'STRUCTURE', 'STRUCTURE_ID', 'ACTION', 'COLLECTION', "
            "'DECIMALS', 'TITLE_TS', 'OBS_CONF', 'OBS_PRE_BREAK' (left out when read)",
        ),
    ],
)
def test_columns_left_out_when_read_are_named_not_dropped_silently(command, name, said):
    result = invoke(command, str(HERE / name), "-f", "csv")
    assert result.exit_code in (0, 1), result.stderr  # validate: 1 for the WDI file's empty cell
    assert f"indcalc: note: not used by the commands: {said}" in result.stderr.splitlines()


def test_bls_annual_averages_are_left_out_not_a_month():
    frame = _loaded("bls_style.csv")
    assert not frame["period"].astype(str).str.endswith("-13").any()
    assert frame.groupby("indicator", observed=True).size().tolist() == [15, 15]


SDMX_BY_HAND = (
    "REF_AREA;MEASURE;TIME_PERIOD;OBS_VALUE;NOTE\n"
    "FR;GDP;2023;1.234,5;a\nFR;GDP;2024;1.296,0;b\n"  # decimal commas, 5% growth
)


def test_decimal_commas_with_a_semicolon():
    frame = load(io.BytesIO(SDMX_BY_HAND.encode()))
    assert frame["value"].tolist() == [1234.5, 1296.0]


# Overrides: a file that no name rule reads, then read by saying which column is which.
PLAIN = (
    "Title of the table\n"
    "Region,Region code,Measure,When,Amount,Marker\n"
    "North,N,Output,2023,100,x\nNorth,N,Output,2024,110,\nSouth,S,Output,2023,50,\nSouth,S,Output,2024,x,\n"
)


@pytest.mark.parametrize(
    ("options", "args", "expected"),
    [
        (
            Options(
                period_col="When",
                value_col="Amount",
                entity_col=("Region", "Region code"),
                indicator_col=("Measure",),
                missing=("x",),
            ),
            ["--period-col", "When", "--value-col", "Amount", "--entity-col", "Region", "--entity-col",
             "Region code", "--indicator-col", "Measure", "--missing", "x"],
            [("North, N", "Output", 10.0)],
        ),
    ],
)  # fmt: skip
def test_column_overrides_in_the_library_and_the_cli(write_csv, options, args, expected):
    with pytest.warns(
        IndcalcNote, match=r"skipped 1 metadata line above the header \(line 1: 'Title of the table'\)"
    ):
        frame = load(io.BytesIO(PLAIN.encode()), options)
    with pytest.warns(IndcalcWarning, match="single period"):  # South 2024 is x: missing
        found = growth(frame)
    assert (
        list(
            zip(found["entity"].astype(str), found["indicator"].astype(str), found["pct_change"], strict=True)
        )
        == expected
    )
    result = invoke("growth", write_csv(PLAIN), *args, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith('"North, N",Output,,2023,2024,100,110,10,10,')


def test_header_row_and_skip():
    data = "made by hand\nsecond line, with a comma\nindicator,period,value\nx,2023,1\nx,2024,2\n"
    for options in (Options(header_row=3), Options()):
        with pytest.warns(IndcalcNote, match="skipped 2 metadata lines above the header"):
            assert load(io.BytesIO(data.encode()), options)["value"].tolist() == [1.0, 2.0]
    result = invoke("growth", "-", "--skip", "2", "-f", "csv", input=data)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == ",x,,2023,2024,1,2,1,100,,2,1,100"


def test_unit_col_override(write_csv):
    data = "indicator,period,value,measured in\nx,2023,1,%\nx,2024,2,%\n"
    result = invoke("growth", write_csv(data), "--unit-col", "measured in", "-f", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == ",x,%,2023,2024,1,2,1,100,1,2,1,100"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--header-row", "50"], "{f}:50: no header on line 50: the table ends on line 14"),
        (["--value-col", "FOO"], "{f}:1: no column 'FOO' to read the value from; the header has 'observation_date', 'INDPRO'"),
        (["--header-row", "2", "--skip", "1"], "give --header-row or --skip, not both"),
    ],
)  # fmt: skip
def test_bad_overrides_exit_2_with_a_located_message(args, message):
    path = str(HERE / "fred_INDPRO.csv")
    result = invoke("growth", path, *args, "-f", "csv")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"indcalc: error: {message.format(f=path)}\n"


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("2023 Q1", "2024 Q1", ("2023Q1", "2024Q1")),
        ("2023-T4", "2024-T4", ("2023Q4", "2024Q4")),
        ("Mar-2023", "Mar-2024", ("2023-03", "2024-03")),
        ("2023 MAR", "2024 MAR", ("2023-03", "2024-03")),
        ("2023-03-31", "2024-03-31", ("2023", "2024")),  # a year apart: annual
    ],
)
def test_period_forms(first, second, expected):
    data = f"indicator,period,value\nx,{first},100\nx,{second},110\n"
    found = growth(load(io.BytesIO(data.encode())))
    assert (found["from_period"].iloc[0], found["to_period"].iloc[0], found["pct_change"].iloc[0]) == (
        *expected,
        10.0,
    )


def test_iso_dates_take_each_series_frequency_from_its_spacing():
    data = (
        "date,indicator,value\n"
        "2023-03-31,q,1\n2023-06-30,q,2\n2023-09-30,q,3\n"
        "2023-01-01,m,1\n2023-02-01,m,2\n"
        "2023-01-01,d,1\n2023-01-02,d,2\n"
    )
    with pytest.raises(
        InputError, match=r"<stream>:8:1: '2023-01-02': a second date in one month of the series"
    ):
        load(io.BytesIO(data.encode()))
    frame = load(io.BytesIO(data.rsplit("2023-01-01,d", 1)[0].encode()))
    assert frame["period"].astype(str).tolist() == ["2023Q1", "2023Q2", "2023Q3", "2023-01", "2023-02"]


@pytest.mark.parametrize(
    "labels",
    [
        ("2023-S1", "2023-S2", "2024-S1", "2024-S2"),  # SDMX, Eurostat
        ("2023S1", "2023S2", "2024S1", "2024S2"),
        ("2023-H1", "2023-H2", "2024-H1", "2024-H2"),
        ("2023H1", "2023H2", "2024H1", "2024H2"),
        ("2023年上半年", "2023年下半年", "2024年上半年", "2024年下半年"),
    ],
)
def test_half_years_are_a_semiannual_frequency(labels):
    """yoy: S1 against the previous S1; pop: S2 against S1 (and S1 against the previous S2)."""
    text = "indicator,period,value\n" + "".join(
        f"x,{p},{v}\n" for p, v in zip(labels, (100, 110, 120, 121), strict=True)
    )
    frame = load(io.BytesIO(text.encode()))
    assert frame["period"].astype(str).tolist() == ["2023S1", "2023S2", "2024S1", "2024S2"]
    assert set(frame["frequency"].astype(str)) == {"semiannual"}
    out = yoy(frame)
    assert out["prior_period"].astype(str).tolist()[2:] == ["2023S1", "2023S2"]
    assert out["yoy_pct"].tolist()[2:] == pytest.approx([20.0, 10.0])  # 120/100, 121/110
    out = pop(frame)
    assert out["prior_period"].astype(str).tolist()[1:] == ["2023S1", "2023S2", "2024S1"]
    assert out["pop_pct"].tolist()[1:] == pytest.approx(
        [10.0, 100 / 11, 100 / 120]
    )  # 110/100, 120/110, 121/120
    row = growth(frame).iloc[0]
    assert (row["years"], row["pct_change"]) == (1.5, pytest.approx(21.0))
    result = invoke("growth", "-", "-f", "csv", "--from", labels[0], "--to", labels[2], input=text)
    assert result.exit_code == 0, result.stderr
    assert ",2023S1,2024S1,100,120,20," in result.stdout


# A layout not targeted: an OECD.Stat (stats.oecd.org, retired 2024) "Export > Text file (CSV)", written
# from its documentation: code/label column pairs, TIME as 2023-Q1 and Time as Q1-2023, PowerCode Code
# a power of ten, Flag Codes beside the value.
OECD_STAT = (
    '"LOCATION","Country","SUBJECT","Subject","MEASURE","Measure","FREQUENCY","Frequency","TIME","Time",'
    '"Unit Code","Unit","PowerCode Code","PowerCode","Reference Period Code","Reference Period","Value",'
    '"Flag Codes","Flags"\n'
    '"AUS","Australia","B1_GE","GDP","VOBARSA","US dollars","Q","Quarterly","2023-Q1","Q1-2023","USD",'
    '"US Dollar","6","Millions","2015","2015",100000,,\n'
    '"AUS","Australia","B1_GE","GDP","VOBARSA","US dollars","Q","Quarterly","2024-Q1","Q1-2024","USD",'
    '"US Dollar","6","Millions","2015","2015",104000,"P","Provisional value"\n'
)


def test_an_oecd_stat_export_reads_with_no_option():
    frame = load(io.BytesIO(OECD_STAT.encode()))
    found = growth(frame)
    assert found[["entity", "indicator", "unit"]].astype(str).to_numpy().tolist() == [
        ["AUS", "B1_GE, VOBARSA", "million US Dollar"]
    ]
    assert found["pct_change"].tolist() == [4.0]
    assert frame["flag"].astype(str).tolist() == ["", "P"]


def test_a_repeated_row_of_a_wide_table_is_one_error_naming_the_period():
    result = invoke("growth", "-", "-f", "csv", input="指标,2023,2024\nGDP,1,2\nGDP,3,4\n")
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr == "indcalc: error: <stdin>:3:2: duplicate: series 'GDP' already has '2023' on line 2\n"
    )


def test_dates_six_months_apart_are_half_years():
    """FRED's semiannual series are dated on the half-year's first day."""
    frame = load(io.BytesIO(b"observation_date,X\n2023-01-01,1\n2023-07-01,2\n2024-01-01,3\n"))
    assert frame["period"].astype(str).tolist() == ["2023S1", "2023S2", "2024S1"]
    assert yoy(frame)["yoy_pct"].tolist()[2] == pytest.approx(200.0)


@pytest.mark.parametrize(
    ("name", "layout"),
    [
        ("nbs_annual_gbk.csv", "NBS export (data.stats.gov.cn)"),
        ("nbs_monthly_rows_gbk.csv", "NBS export (data.stats.gov.cn)"),
        ("yearbook_city_2-1.xlsx", "statistical yearbook table"),
    ],
)
def test_list_names_a_layout_known_by_the_lines_above_its_header(name, layout):
    result = invoke("list", str(HERE / name), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert f"indcalc: note: read as {layout}" in result.stderr.splitlines()
    assert "warning" not in result.stderr
    if name.startswith("yearbook"):  # its section rows, named: in no command's output
        assert result.stderr.splitlines()[-1] == (
            "indcalc: note: 3 rows of the table have no figures (a heading, or a series with every value cell "
            "empty or a missing-value mark), so no command shows them: '一、综合', '二、工业', '三、固定资产投资与消费'"
        )


def test_a_file_with_only_footnotes_has_one_note_naming_them(write_csv):
    path = write_csv("indicator,2023,2024\nx,1,2\n\nSource: made up\nNote: figures invented\n")
    result = invoke("growth", path, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"indcalc: note: {path}: skipped 2 footnote lines below the table (lines 4-5: 'Source: made up')\n"
    )


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_a_footnote_a_comma_split_is_a_footnote_whatever_the_line_ends(write_csv, end):
    # "Source: Banque de France, 2024" is two fields, fewer than the header's: still a note.
    text = "entity,indicator,period,value\nA,x,2023,1\nA,x,2024,2\nSource: Banque de France, 2024\n"
    path = write_csv(text.replace("\n", end))
    result = invoke("growth", path, "-f", "csv")
    assert (result.exit_code, result.stdout.splitlines()[1]) == (0, "A,x,,2023,2024,1,2,1,100,,2,1,100")
    assert result.stderr == (
        f"indcalc: note: {path}: skipped 1 footnote line below the table (line 4: 'Source: Banque de France, 2024')\n"
    )


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("entity,indicator,period,value\nA,x,2023,1\nA,x,2024,2\nSource: Banque de France, 2024,,\n", 4),
        ("entity,indicator,2023,2024\nA,x,1,2\nSource: Banque de France, 2024,,\n", 3),  # wide
        ("entity,indicator,2023,2024\nA,x,1,2\nSource: Banque de France, 2024, 2023, 2024\n", 3),
        (
            "entity,indicator,period,value\nA,x,2023,1\nA,x,2024,2\nSource: Banque de France, 2024, a, b, c\n",
            4,
        ),
    ],
    ids=["long", "wide", "as wide as the table", "wider than the table"],
)
def test_a_split_footnote_with_a_label_is_a_footnote_whatever_its_width(write_csv, text, line):
    # Padded by a spreadsheet with empty cells to the header's width, or split into as many cells
    # as the header has or more (as wide, in a wide table, it was a series of its own): a note, named.
    path = write_csv(text)
    result = invoke("growth", path, "-f", "csv")
    assert (result.exit_code, result.stdout.splitlines()[1:]) == (0, ["A,x,,2023,2024,1,2,1,100,,2,1,100"])
    assert result.stderr.startswith(
        f"indcalc: note: {path}: skipped 1 footnote line below the table (line {line}: 'Source: Banque de France, 2024"
    )


@pytest.mark.parametrize("pad", ["", ",,,"], ids=["one cell", "padded"])
@pytest.mark.parametrize("rows", [0, 2000], ids=["short", "below 80 kB of multi-line cells"])
def test_a_quoted_note_over_several_lines_is_one_footnote(write_csv, pad, rows):
    body = "".join(f'B,"GDP\nreal {i}",2023,1\n' for i in range(rows))
    text = f'entity,indicator,period,value\n{body}A,x,2023,1\nA,x,2024,2\n"Source: Banque de France,\nprovisional"{pad}\n'
    path = write_csv(text)
    result = invoke("growth", path, "-f", "csv", "-e", "A")
    assert (result.exit_code, result.stdout.splitlines()[1:]) == (0, ["A,x,,2023,2024,1,2,1,100,,2,1,100"])
    line = 4 + 2 * rows
    assert result.stderr == (
        f"indcalc: note: {path}: skipped 1 footnote line below the table "
        f"(line {line}: 'Source: Banque de France,\\nprovisional')\n"
    )


def test_a_labelled_footnote_wider_than_the_table_is_no_header(write_csv):
    # Split by its commas into more cells than the header has: it was taken for the header.
    note = "Source: U.S. Bureau of Economic Analysis, Real Gross Domestic Product [GDPC1], FRED, St. Louis"
    path = write_csv(f"observation_date,GDPC1\n2023-01-01,1\n2024-01-01,2\n{note}\n")
    result = invoke("growth", path, "-f", "csv")
    assert (result.exit_code, result.stdout.splitlines()[1:]) == (
        0,
        [",GDPC1,,2023,2024,1,2,1,100,,2,1,100"],
    )
    assert "skipped 1 footnote line below the table (line 4: 'Source: U.S. Bureau" in result.stderr


@pytest.mark.parametrize(
    "note",
    [
        '"Figures for 2024 are provisional\nsee the release",,,',  # a sentence padded to the width
        "（1）数据为初步核算数,,,",
        "[1] Provisional, subject to revision",
        "注1：本表按当年价格计算, 增速按可比价格计算, a, b, c",
        "Nota: datos provisionales, 2024",
        "Anmerkung: vorläufig, 2024",
        "(1) Provisional, subject to revision",
        "①按可比价格计算，下同",
        'Note: screens of 55" and over',  # the file's only quote: an odd number, the note's width unchecked
        '注：屏幕尺寸55"及以上',
    ],
)
def test_more_kinds_of_footnote_are_footnotes(write_csv, note):
    path = write_csv(f"entity,indicator,period,value\nA,x,2023,1\nA,x,2024,2\n{note}\n")
    result = invoke("growth", path, "-f", "csv")
    assert (result.exit_code, result.stdout.splitlines()[1:]) == (0, ["A,x,,2023,2024,1,2,1,100,,2,1,100"])
    assert "skipped 1 footnote line below the table (line 4: " in result.stderr


def test_a_numbered_item_with_its_figures_is_no_footnote(write_csv):
    # ①农业 is a yearbook's sub-item: short of a cell, it is an error, not a note that hides it.
    result = invoke("growth", write_csv("指标,2022年,2023年\n工业,1,2\n①农业,100\n"), "-f", "csv")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "3:2: this row has 2 fields, the header has 3" in result.stderr


def test_a_last_row_that_starts_like_a_note_word_is_data(write_csv):
    """``Notebooks`` starts with ``note`` but is no label: the last row, its figure empty, is data."""
    path = write_csv("entity,indicator,period,value\nNotebooks,sales,2023,1\nNotebooks,sales,2024,\n")
    result = invoke("yoy", path, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert "skipped" not in result.stderr
    assert result.stdout.splitlines()[1:] == ["Notebooks,sales,,2023,1,,,,,"]


def test_periods_as_rows_errors_name_the_files_column(write_csv):
    """A period column down the side and a column per series (FRED, NBS turned round): a bad cell is
    located at its own column, as in any other layout."""
    path = write_csv("observation_date,A,B\n2023-01-01,1,2\n2023-04-01,x,3\n2023-07-01,3,y\n")
    result = invoke("growth", path, "-f", "csv")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:2] == [
        f"indcalc: error: {path}:3:2: 'x' is not a number; expected a number such as 1100, 1,100, 5.45%, "
        "27.4亿 or 2.74 billion",
        f"indcalc: error: {path}:4:3: 'y' is not a number; expected a number such as 1100, 1,100, 5.45%, "
        "27.4亿 or 2.74 billion",
    ]
    text = "数据库：月度数据\n时间,甲(亿元),乙(%),丙(亿元)\n2024年3月,1,2,3\n2024年2月,4,5,x\n"
    validated = invoke("validate", write_csv(text.encode("gbk"), name="rows.csv"), "-f", "csv")
    assert validated.stdout.splitlines()[1].split(",")[:3][1:] == ["4", "4"]  # line 4, column 4


def test_a_eurostat_half_yearly_tsv(write_csv):
    """Eurostat's semiannual datasets (electricity prices, nrg_pc_204) write ``2023-S1`` columns."""
    text = (
        "freq,product,nrg_cons,unit,tax,currency,geo\\TIME_PERIOD\t2023-S1 \t2023-S2 \t2024-S1 \t2024-S2 \n"
        "S,6000,KWH2500-4999,KWH,I_TAX,EUR,DE\t0.4000 \t0.4200 p\t0.4400 \t0.4620 p\n"
        "S,6000,KWH2500-4999,KWH,I_TAX,EUR,FR\t0.2500 \t: c\t0.2750 \t0.2800 e\n"
    )
    result = invoke("yoy", write_csv(text, name="nrg_pc_204.tsv"), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = [line.split(",")[3:] for line in result.stdout.splitlines()[1:]]
    assert rows[2][:2] + rows[2][4:6] == ["2024S1", "0.44", "0.04", "10"]  # 0.44 / 0.40
    assert rows[3][-2:] == ["p", "p"]
    assert rows[7][:2] + rows[7][-2:] == ["2024S2", "0.28", "e", "c"]  # its prior, 2023S2, is confidential


def test_sdmx_csv_with_eurostats_lowercase_dimension_codes_and_labels_is_read(tmp_path):
    """Eurostat's dimensions are lowercase (freq, unit, na_item, geo; TIME_PERIOD and OBS_VALUE are
    not): its SDMX-CSV 2.0 with labels=both heads them ``freq:Time frequency``, which stopped every
    command ("missing required columns") while the uppercase ``FREQ:Frequency`` of BIS was read."""
    path = tmp_path / "nama_10_gdp.csv"
    path.write_text(
        "STRUCTURE,STRUCTURE_ID,ACTION,freq:Time frequency,unit:Unit of measure,"
        "na_item:National accounts indicator (ESA 2010),geo:Geopolitical entity (reporting),"
        "TIME_PERIOD:Time,OBS_VALUE:Observation value\n"
        'dataflow,ESTAT:NAMA_10_GDP(1.0),I,A:Annual,"CP_MEUR:Current prices, million euro",'
        "B1GQ:Gross domestic product at market prices,DE:Germany,2022,3876810.0\n"
        'dataflow,ESTAT:NAMA_10_GDP(1.0),I,A:Annual,"CP_MEUR:Current prices, million euro",'
        "B1GQ:Gross domestic product at market prices,DE:Germany,2023,4121160.0\n",
        encoding="utf-8",
    )
    result = invoke("growth", str(path), "--format", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1].startswith("DE,B1GQ,CP_MEUR,2022,2023,3876810,4121160,244350,")
