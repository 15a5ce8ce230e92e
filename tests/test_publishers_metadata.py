"""Publishers' files a new user wrote from the publishers' documentation (issue 16, fresh16 findings 3,
4, 6-8, 10, 11, 13, 16: metadata lines, titles, code columns, delimiters), read through `indcalc growth`
with no option: the series and hand-worked growth figures."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.conftest import invoke

HERE = Path(__file__).parent / "fixtures" / "publishers"


def _growth(name: str) -> dict[tuple[str, str, str], dict[str, str]]:
    """`indcalc growth FILE -f csv`: its rows by (entity, indicator, unit)."""
    result = invoke("growth", str(HERE / name), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    return {(r["entity"], r["indicator"], r["unit"]): r for r in rows}


# (file, (entity, indicator, unit), from_period, to_period, from_value, to_value, pct_change by hand)
CASES = [
    # finding 6: the delimiter of the table's lines (;), not of the title line above it (none)
    (
        "genesis_title_semicolon.csv",
        ("", "BIP", "Mrd. EUR"),
        "2021",
        "2023",
        "3676.5",
        "4185.6",
        509.1 / 3676.5 * 100,
    ),
    (
        "destatis_81000_cp1252.csv",
        ("", "Bruttonationaleinkommen", "Mrd. EUR"),
        "2021",
        "2023",
        "3809.4",
        "4309.1",
        499.7 / 3809.4 * 100,
    ),
    # finding 3: the 指标：line above the header names the indicator and unit; 地区 is the entity
    (
        "nbs_provinces_gbk.csv",
        ("天津市", "地区生产总值", "亿元"),
        "2019",
        "2023",
        "14055.5",
        "16737.3",
        2681.8 / 14055.5 * 100,
    ),
    # finding 4: `X コード` holds the codes of label column X beside it, not a dimension of the series
    (
        "estat_jp_web_codes_sjis.csv",
        ("東京都", "総人口", "人"),
        "2015",
        "2020",
        "13515271",
        "14047594",
        532323 / 13515271 * 100,
    ),
    # finding 7: the e-Stat API's metadata block (lines of 1 to 3 cells) above the header
    (
        "estat_jp_api_meta_sjis.csv",
        ("東京都", "人口", "千人"),
        "2021",
        "2023",
        "14000",
        "14100",
        100 / 14000 * 100,
    ),
    # finding 8: FRED's Excel download, the series line and `Frequency: Monthly` above the header
    ("fredgraph.xlsx", ("", "INDPRO", ""), "2023-01", "2024-03", "102.5", "102.7", 0.2 / 102.5 * 100),
    # finding 14: a yearbook table titled 表2-1 (a 表 before the table number)
    (
        "yearbook_table_prefix.xlsx",
        ("", "地区生产总值", "亿元"),
        "2020",
        "2023",
        "1906.44",
        "2200",
        293.56 / 1906.44 * 100,
    ),
    # finding 10: a wide table's unnamed first column (beside an empty one) holds the names, units in parentheses
    ("genesis_paren_empty_id.csv", ("", "Quote", "%"), "2021", "2022", "3", "4", 1 / 3 * 100),
]


@pytest.mark.parametrize(
    ("name", "key", "start", "end", "first", "last", "pct"), CASES, ids=[c[0] for c in CASES]
)
def test_fresh_file_reads_with_no_option(name, key, start, end, first, last, pct):
    rows = _growth(name)
    assert key in rows, sorted(rows)
    row = rows[key]
    assert (row["from_period"], row["to_period"], row["from_value"], row["to_value"]) == (
        start,
        end,
        first,
        last,
    )
    assert float(row["pct_change"]) == pytest.approx(pct, rel=1e-12)


def test_code_columns_are_named_as_left_out_by_list():
    result = invoke("list", str(HERE / "estat_jp_web_codes_sjis.csv"), "-f", "csv")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 3  # the header and two series
    assert "'表章項目 コード', '地域 コード', '時間軸（年次） コード' (left out when read)" in result.stderr


def test_list_counts_a_missing_figure_as_missing(write_csv):
    """Finding 11: a ``: c`` cell (a confidential figure) is not a figure: not counted, not the last."""
    text = "freq,na_item,unit,geo\\TIME_PERIOD\t2021 \t2022 \t2023 \t2024 \nA,B1GQ,CP_MEUR,FR\t1 \t: c\t3 p\t: c\nA,B1GQ,CP_MEUR,DE\t: c\t: c\t: c\t: c\n"
    result = invoke("list", write_csv(text, "estat.tsv"), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = {r["entity"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    got = [rows["FR"][k] for k in ("first", "last", "count", "missing_count", "missing", "last_flag")]
    assert got == ["2021", "2023", "2", "1", "2022", "p"]
    got = [rows["DE"][k] for k in ("first", "last", "count", "missing_count", "missing", "last_flag")]
    assert got == ["2021", "2024", "0", "0", "", "c"]  # a series with no figure at all is still listed


def test_the_readme_does_not_list_half_years_as_not_read(write_csv):
    """Finding 12: half-years read, so the README's list of what is not read leaves them out."""
    result = invoke(
        "growth", write_csv("indicator,period,value\nGDP,2023-S1,100\nGDP,2024-S1,110\n"), "-f", "csv"
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].startswith(",GDP,,2023S1,2024S1,100,110,")
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    not_read = readme.split("Not read: ", 1)[1].split("###", 1)[0]
    assert "S1" not in not_read and "half-year" not in not_read


@pytest.mark.parametrize(
    ("name", "said"),
    [
        (
            "API_NY.GDP.MKTP.CD_DS2_en_csv_v2_100001.csv",
            "skipped 2 metadata lines above the header (lines 1, 3: ",
        ),
        ("fredgraph.xlsx", "skipped 8 metadata lines above the header (lines 1-6, 8, 10: "),
    ],
)
def test_the_skipped_lines_are_numbered_as_they_are(name, said):
    """Finding 13: the blank lines between skipped ones are not in the span said."""
    result = invoke("list", str(HERE / name), "-f", "csv")
    assert result.exit_code == 0
    assert said in result.stderr


def test_a_table_number_with_a_prefix_names_the_yearbook_layout():
    """Finding 14: ``表2-1  全市...`` above the header is a yearbook table's title, as ``2-1 ...`` is."""
    result = invoke("list", str(HERE / "yearbook_table_prefix.xlsx"), "-f", "csv")
    assert result.exit_code == 0
    assert "indcalc: note: read as statistical yearbook table" in result.stderr.splitlines()


def test_validate_shows_the_period_of_a_wide_tables_duplicate(write_csv):
    """Finding 16: the ``text`` of a repeated wide-table row is its first period, as the message says."""
    result = invoke("validate", write_csv("indicator,2021,2022\nGDP,1,2\nGDP,3,4\n"), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["line"], r["column"], r["text"]) for r in rows] == [("3", "2", "2021")]
    assert rows[0]["problem"] == "duplicate: series 'GDP' already has '2021' on line 2"


def test_a_terminal_hides_an_all_empty_column_first_and_breaks_no_word(tmp_path):
    """Finding 15: at 80 columns yoy hides yoy_pp, empty on every row (no percent unit), before the
    flags; at 100 columns list does not break ``Afghanistan`` inside the word."""
    from tests.terminal import run_in_pty
    from tests.test_terminal import screen

    tsv = tmp_path / "estat.tsv"
    tsv.write_text(
        "freq,na_item,unit,geo\\TIME_PERIOD\t2019 \t2020 \t2021 \t2022 \t2023 \n"
        "A,B1GQ,CP_MEUR,DE\t3500 \t3400 \t3600 p\t3850 \t4200 p\n"
        "A,B1GQ,CP_MEUR,FR\t2400 \t2300 \t2500 \t: c\t2640 p\n"
    )
    yoy = screen(run_in_pty("yoy", str(tsv), columns=80).output)
    hidden = yoy.split("Hidden to fit the terminal:")[1].split("(see")[0]
    assert "yoy_pp" in hidden and "prior_flag" not in hidden, yoy
    csv_path = tmp_path / "weo.csv"
    csv_path.write_text(
        "entity,indicator,unit,period,value\n"
        "Afghanistan,Gross domestic product current prices,billion U.S. dollars,2022,1\n"
        "Afghanistan,Gross domestic product current prices,billion U.S. dollars,2023,2\n"
    )
    listed = screen(run_in_pty("list", str(csv_path), columns=100).output)
    assert " Afghanistan " in listed, listed


def test_list_a_series_with_no_figure_and_a_gap(write_csv):
    """A series whose every period is a missing figure, with a period missing between: count 0."""
    result = invoke("list", write_csv("indicator,period,value\nx,2015,: c\nx,2017,: c\n"), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == ",x,,annual,2015,2017,0,0,,c,c"
