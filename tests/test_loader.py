"""The loader: schema, tolerant header matching, and every bad input as a located error (exit 2)."""

import csv
import io
import math
import os
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indcalc import InputError, load
from indcalc.reading import inspect
from tests.conftest import invoke


def test_bundled_data_schema():
    frame = load()
    assert list(frame.columns[:7]) == [
        "entity",
        "indicator",
        "unit",
        "period",
        "value",
        "frequency",
        "ordinal",
    ]
    assert {"source", "note"} <= set(frame.columns)
    assert frame["value"].dtype == np.float64 and frame["ordinal"].dtype == np.int64
    assert (frame["source"].str.len() > 0).all(), "every bundled figure names its document and sentence"


def test_header_names_match_case_insensitively_and_other_columns_are_kept():
    frame = load(io.BytesIO(b" Indicator ,PERIOD,Value,Comment\nx,2024M4,1.5,hi\n"))
    assert frame.loc[0, ["entity", "indicator", "unit", "period", "value", "frequency", "Comment"]].tolist() == [
        "", "x", "", "2024-04", 1.5, "monthly", "hi",
    ]  # fmt: skip


def test_spellings_of_one_period_are_one_period_and_cells_are_trimmed():
    frame = load(io.BytesIO(b"entity,indicator,period,value\n A ,x,2024-4,1\nA,x , 2024-05 , 2 \n"))
    assert frame["period"].tolist() == ["2024-04", "2024-05"]
    assert frame["entity"].tolist() == ["A", "A"] and frame["indicator"].nunique() == 1
    assert frame["value"].tolist() == [1.0, 2.0]


def test_bom_crlf_blank_lines_and_quoted_multiline_cells():
    data = '\ufeffindicator,period,value,note\r\nx,2024,1,"two\r\nlines"\r\n\r\nx,2025,2,\r\n'.encode()
    frame = load(io.BytesIO(data))
    assert frame["value"].tolist() == [1.0, 2.0] and frame["note"][0] == "two\r\nlines"


@pytest.mark.parametrize(
    "rows",
    [
        'US,TV 55" sets,2026,1\nUS,TV 55" sets,2027,2\n',
        'US,TV 55" sets,2026,1\n',
        'US,TV 55" sets,2026,1\n"Korea, Rep.",TV sets,2027,3\n',
        'US,TV 55" sets,2026,1\nUS,"The ""x"" index",2027,3\n',
    ],
    ids=["two", "one", "one and a quoted cell", "one and a quoted cell with doubled quotes"],
)
def test_a_quote_inside_an_unquoted_cell_is_text_whatever_the_number_of_quotes(rows):
    # An odd number of quotes in the file is not a quote left open: the csv module reads it whole.
    # A quote inside a quoted cell doubled as "" is one quote, as the csv module reads it.
    frame = load(io.BytesIO(("entity,indicator,period,value\n" + rows).encode()))
    assert frame["indicator"].iloc[0] == 'TV 55" sets' and frame["value"].iloc[0] == 1.0
    assert set(frame["indicator"]) == {fields[1] for fields in csv.reader(io.StringIO(rows))}


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        # a quoted title whose inner quotes are not doubled: said as it is written
        ('"Regional GDP, 2024 ("provisional")', '"Regional GDP, 2024 ("provisional")'),
        ('"Table 3: "Key" figures"', '"Table 3: "Key" figures"'),
        ('"Unclosed title', '"Unclosed title'),  # a quote never closed
        ('Table 3: "Key figures', 'Table 3: "Key figures'),  # a quote in an unquoted title (read before too)
        # a title split into cells: as the csv module reads them, joined by the file's delimiter
        ('Title,"a "b" c",', 'Title,a b" c"'),
    ],
)
@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_a_title_line_with_a_stray_quote_is_skipped(write_csv, title, shown, line_end):
    # A report's title above the header is no data: a quote in it that the csv module cannot parse
    # (not doubled, or never closed) stopped the file with an error located on line 1.
    lines = [title, "", "Unit: %", "entity,indicator,period,value", "A,GDP,2023,100", 'A,"GDP",2024,110']
    path = write_csv(line_end.join(lines) + line_end)
    result = invoke("growth", path, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == "A,GDP,%,2023,2024,100,110,10,10,10,1.1,1,10"
    assert result.stderr.splitlines()[0] == (
        f"indcalc: note: {path}: skipped 2 metadata lines above the header (lines 1, 3: {shown!r})"
    )


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (  # a semicolon CSV: the title's ";" was said as ","
            "Table 1; GDP by region (million EUR)\nindicator;period;value\nGDP;2023;1\nGDP;2024;2\n",
            "1 metadata line above the header (line 1: 'Table 1; GDP by region (million EUR)')",
        ),
        (  # padded to the table's width, a comma in a quoted cell
            '"Table 1; GDP, by region";;\nindicator;period;value\nGDP;2023;1\nGDP;2024;2\n',
            "1 metadata line above the header (line 1: 'Table 1; GDP, by region')",
        ),
        (  # and a note below the table
            "indicator;period;value\nGDP;2023;1\nGDP;2024;2\nNote: provisional; revised later;;\n",
            "1 footnote line below the table (line 4: 'Note: provisional; revised later')",
        ),
        (  # a TSV's cells: joined by commas, as before (a tab shows in no quote)
            "Table 1\tGDP by region\nindicator\tperiod\tvalue\nGDP\t2023\t1\nGDP\t2024\t2\n",
            "1 metadata line above the header (line 1: 'Table 1, GDP by region')",
        ),
    ],
    ids=["semicolons", "quoted", "below", "tabs"],
)
def test_a_skipped_line_is_quoted_as_written(write_csv, text, said):
    path = write_csv(text)
    result = invoke("growth", path, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == f"indcalc: note: {path}: skipped {said}"


@pytest.mark.parametrize(
    "text",
    [
        "entity,indicator,period,value\nA,x,2023,1\n,,,\nA,x,2024,2\n",
        'entity,indicator,period,value\n"","","",""\nA,x,2023,1\n  , ,,\nA,x,2024,2\n,,,\n',
        "entity,indicator,2023,2024\nA,x,1,2\n,,,\n,, ,\n",
        "entity,indicator,period,value\nA,x,2023,1\nA,x,2024,2\n,,,\nSource: Banque de France, 2024,,\n",
        # of another width than the header's: a blank line too
        'entity,indicator,period,value\nA,x,2023,1\n,,\n   \n""\nA,x,2024,2\n,,,,,\n',
        'entity,indicator,period,value\r\nA,x,2023,1\r\n,\r\n" \n"\r\nA,x,2024,2\r\n',
        "entity,indicator,period,value\rA,x,2023,1\r,,\rA,x,2024,2\r",
        "entity,indicator,2023,2024\nA,x,1,2\n,\n",
    ],
    ids=[
        "long",
        "quoted and spaces",
        "wide",
        "before a footnote",
        "narrower",
        "quoted line end",
        "CR",
        "wide narrower",
    ],
)
def test_a_row_of_empty_cells_is_a_blank_line(write_csv, text):
    # A spreadsheet writes an empty row as ,,, (LibreOffice as "","",""): a blank line, not a row
    # with no indicator and no period.
    result = invoke("growth", write_csv(text), "-f", "csv")
    assert (result.exit_code, result.stdout.splitlines()[1:]) == (0, ["A,x,,2023,2024,1,2,1,100,,2,1,100"])
    assert "error" not in result.stderr


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("A,x,2023,1\n,,\nA,x,2024,a\n", [(4, 4, "'a' is not a number")]),
        (
            "A,x,2023,1\n  \nA,x\n,\nA,x,2024,2,9\n",
            [
                (4, 2, "this row has 2 fields, the header has 4"),
                (6, 5, "this row has 5 fields, the header has 4"),
            ],
        ),
        (
            'A,x,2023,1\n""\n"A,\n",x,2024,2,9\n',
            [(5, 5, "this row has 5 fields, the header has 4")],
        ),  # its 5th field
        # mixed line ends: an LF row blanked just after a lone CR is still a line of its own
        ("\r,,\nA,x,2021,a\n", [(3, 4, "'a' is not a number")]),
        ('A,x,2020,1\r""\nA,x,2021,a\n', [(4, 4, "'a' is not a number")]),
        (",,\r,,\nA,x,2021,a\n", [(4, 4, "'a' is not a number")]),
    ],
    ids=[
        "a bad figure below",
        "rows of the wrong width",
        "below a multi-line cell",
        "after the header's lone CR",
        "after a row's lone CR",
        "two, CR then LF",
    ],
)
def test_lines_keep_their_numbers_below_a_narrow_blank_row(rows, expected):
    # A row of empty cells of another width is blanked, not dropped: every line below keeps its number.
    header = "entity,indicator,period,value" + ("" if rows.startswith("\r") else "\n")
    found = inspect(io.BytesIO((header + rows).encode()), warnings=False)
    assert [(p.line, p.column, p.message) for p in found.problems] == expected


def test_a_csv_grid_is_freed_as_soon_as_it_is_dropped():
    """No reference cycle in the grid's closures: one kept the file's bytes alive until the cyclic
    garbage collector ran, 60 MB more at yoy's peak on a 73 MB file."""
    import gc

    from indcalc.reading.csv import csv_grid
    from indcalc.reading.sources import RawFile

    src = RawFile("a.csv", b"entity,indicator,period,value\nA,x,2023,1\nA,x,2024,2\n", "csv")
    csv_grid(src, None).table(3)  # once, so that imports and caches settle
    gc.collect()
    gc.disable()
    try:
        grid = csv_grid(src, None)
        grid.table(3)
        del grid
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_a_quoted_cell_longer_than_a_parsing_block_is_read(write_csv):
    # 120,000 lines joined into one cell by a quote closed far below: valid CSV, over 2 MB in a cell
    rows = "".join(f"A,GDP,{i},{i}\n" for i in range(120_000))
    path = write_csv('entity,indicator,period,value\nA,"GDP,2000,1\n' + rows + 'B,GDP",2024,3\n')
    frame = load(path)
    assert len(frame) == 1 and frame["indicator"].iloc[0].startswith("GDP,2000,1\nA,GDP,0,0\n")


def test_an_empty_value_is_a_missing_figure_and_the_row_is_dropped():
    frame = load(io.BytesIO(b"indicator,period,value\nx,2023,1\nx,2024,\nx,2025,  \n"))
    assert frame["period"].tolist() == ["2023"]


def test_errors_after_a_multiline_cell_name_the_physical_line():
    data = b'indicator,period,value,note\nx,2024,1,"a\nb\nc"\nx,2025,oops,\n'
    with pytest.raises(InputError) as caught:
        load(io.BytesIO(data))
    assert (caught.value.line, caught.value.column) == (5, 3)


def test_several_problems_are_listed_together_up_to_twenty():
    rows = "".join(f"x,{2000 + i},bad{i}\n" for i in range(25))
    with pytest.raises(InputError) as caught:
        load(io.BytesIO(("indicator,period,value\n" + rows).encode()))
    error = caught.value
    assert error.line == 2 and len(error.also) == 19 and error.unshown == 5
    assert [e.line for e in error.also][:3] == [3, 4, 5]


GOOD_HEADER = "entity,indicator,period,value,unit\n"

# name, file bytes, the exact error lines on stderr ({f} is the file's path)
BAD_INPUTS = [
    ("missing column", b"indicator,period\nx,2024\n",
     ["{f}:1: missing required column 'value' (the header has 'indicator', 'period'); "
      "required: indicator, period, value (optional: entity, unit), or a wide table with periods as column names"]),
    ("non-numeric value", (GOOD_HEADER + "A,x,2024,1,\nA,x,2025,12a,\n").encode(),
     ["{f}:3:4: '12a' is not a number; expected a number such as 1100, 1,100, 5.45%, 27.4亿 or 2.74 billion"]),
    ("infinite value", (GOOD_HEADER + "A,x,2024,inf,\n").encode(),
     ["{f}:2:4: 'inf' is not a number; expected a number such as 1100, 1,100, 5.45%, 27.4亿 or 2.74 billion"]),
    ("unparseable period", (GOOD_HEADER + "A,x,2024-13,1,\n").encode(),
     ["{f}:2:3: '2024-13' is not a period; expected a period such as 2024, 2024Q1, 2024-04, 2024M4, 2024年, 2024年4月, 2024年一季度 or 2024年1-4月"]),
    ("empty file", b"", ["{f}: empty file: expected a header and data rows"]),
    ("blank file", b"\n \n", ["{f}: empty file: expected a header and data rows"]),
    ("header only", GOOD_HEADER.encode(), ["{f}:1: no data rows after the header"]),
    ("only empty rows", (GOOD_HEADER + ",,,\n,,\n,,,,\n").encode(), ["{f}:1: no data rows after the header"]),
    ("no figures", (GOOD_HEADER + "A,x,2024,,\n").encode(), ["{f}: no figures: the value cell is empty"]),
    ("no figures, a missing-value mark among them: said (was 'every one ... is empty')",
     (GOOD_HEADER + "A,x,2023,,\nA,x,2024,NA,\n").encode(),
     ["{f}: no figures: every one of the 2 value cells is empty or a missing-value mark"]),
    ("non-CSV bytes", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["{f}:3:1: binary data (a NUL byte), not a text file"]),
    ("neither UTF-8 nor GB18030", (GOOD_HEADER + "A,").encode() + b"\xff\xfe,2024,1,\n",
     ["{f}:2:2: not UTF-8 or GB18030 text (byte 0xFF); save the file as UTF-8 CSV or pass --encoding"]),
    ("unterminated quote", (GOOD_HEADER + 'A,x,2024,1,\nA,"x,2025,2,\nA,x,2026,3,\n').encode(),
     ['{f}:3:2: unterminated quoted field (a " with no closing ")']),
    ("unterminated quote after a closed multi-line cell: at the quote, not the record's start",
     (GOOD_HEADER + 'A,"multi\nline",2024,"2,\nA,x,2025,3,\n').encode(),
     ['{f}:3:4: unterminated quoted field (a " with no closing ")']),
    ("unterminated quote below a row of the wrong width: both said",
     (GOOD_HEADER + "A,x,2023,1,,extra\n" + 'A,"x,2025,2,\n').encode(),
     ["{f}:2:6: this row has 6 fields, the header has 5", '{f}:3:2: unterminated quoted field (a " with no closing ")']),
    ("a quote left open that a later line's quote closes: at the quote, saying where it closes",
     (GOOD_HEADER + 'A,x,2023,1,\nA,"x,2024,2,\nA,x,2025,3,\n"Korea, Rep.",x,2024,5,\n').encode(),
     ['{f}:3:2: quoted field not closed: the " that ends it on line 5 is followed by \'K\', not \',\' or a line end '
      '(a " left open here, or one inside it not doubled as "")']),
    ("a quote inside a quoted name not doubled, with nothing else wrong: said, not read as 'GDP final\" figure\"'",
     (GOOD_HEADER + 'A,"GDP "final" figure",2024,1,\nA,"GDP "final" figure",2025,2,\n').encode(),
     ['{f}:2:2: quoted field not closed: the " that ends it on line 2 is followed by \'f\', not \',\' or a line end '
      '(a " left open here, or one inside it not doubled as "")']),
    ("a quote not doubled in a wide table's name (its cells read as text)",
     b'indicator,2023,2024\nx,1,2\n"Exports ("goods")",3,4\n',
     ['{f}:3:1: quoted field not closed: the " that ends it on line 3 is followed by \'g\', not \',\' or a line end '
      '(a " left open here, or one inside it not doubled as "")']),
    ("unterminated quote with doubled quotes in it", (GOOD_HEADER + 'A,"x""y,2025,2,\n').encode(),
     ['{f}:2:2: unterminated quoted field (a " with no closing ")']),
    ("unterminated quote after a bare CR line end", b'entity\n\r,"',
     ['{f}:3:2: unterminated quoted field (a " with no closing ")']),
    ("unterminated quote above 200 kB of rows (more than the csv module's field limit)",
     (GOOD_HEADER + 'A,"x,2024,1,\n' + "".join(f"A,x,{1000 + i},1,\n" for i in range(20_000))).encode(),
     ['{f}:2:2: unterminated quoted field (a " with no closing ")']),
    # below a title line with a stray quote (skipped), a stray quote in the data is still said where it is
    ("a quote not doubled in the data below a title with one",
     ('"Regional GDP, 2024 ("provisional")\n' + GOOD_HEADER + 'A,"GDP "final" figure",2024,1,\nA,x,2025,2,\n').encode(),
     ['{f}:3:2: quoted field not closed: the " that ends it on line 3 is followed by \'f\', not \',\' or a line end '
      '(a " left open here, or one inside it not doubled as "")']),
    ("a quote not doubled in the header below a title with one",
     b'"Regional GDP, 2024 ("provisional")\nentity,"indicator "x",period,value\nA,x,2024,1\nA,x,2025,2\n',
     ['{f}:2:2: quoted field not closed: the " that ends it on line 2 is followed by \'x\', not \',\' or a line end '
      '(a " left open here, or one inside it not doubled as "")']),
    ("a quote never closed in the data below a title with one",
     ('Table 3: "Key" figures (")\n' + GOOD_HEADER + 'A,x,2024,1,\nA,"x,2025,2,\nA,x,2026,3,\n').encode(),
     ['{f}:4:2: unterminated quoted field (a " with no closing ")']),
    ("a bad byte below a title with a stray quote: its field (the title's quotes not counted)",
     b'"Regional GDP, 2024 ("provisional")\r\nentity,indicator,note,value\r\nA,GDP,"a\r\nb",1\xff0\r\n',
     ["{f}:4:4: not UTF-8 or GB18030 text (byte 0xFF); save the file as UTF-8 CSV or pass --encoding"]),
    ("a field too many below a title with a stray quote",
     ('"Regional GDP, 2024 ("provisional")\n' + GOOD_HEADER + '"A",x,2024,1,\nA,x,2025,2,,extra\n').encode(),
     ["{f}:4:6: this row has 6 fields, the header has 5"]),
    ("too many fields", (GOOD_HEADER + "A,x,2024,1,,extra\n").encode(), ["{f}:2:6: this row has 6 fields, the header has 5"]),
    ("too few fields", (GOOD_HEADER + "A,x,2024\n").encode(), ["{f}:2:3: this row has 3 fields, the header has 5"]),
    ("one field", (GOOD_HEADER + "A,x,2024,1,\nA\nA,x,2025,2,\n").encode(), ["{f}:3:1: this row has 1 field, the header has 5"]),
    ("a field too many below a title line: the row's line, the header's width",
     b"Title: test data\nentity,indicator,period,value\nA,x,2020,1\nA,x,2021,2,extra\n",
     ["{f}:4:5: this row has 5 fields, the header has 4"]),
    ("every row of the wrong width, not the first alone",
     (GOOD_HEADER + "A,x,2024,1,\n" + "".join(f"B{i},x,2024\n" for i in range(22))).encode(),
     [f"{{f}}:{3 + i}:3: this row has 3 fields, the header has 5" for i in range(20)] + ["... and 2 more problems"]),
    ("repeated column", b"indicator,period,value,Value\nx,2024,1,2\n",
     ["{f}:1:4: column 'Value' appears twice in the header (fields 3 and 4)"]),
    ("duplicate period", (GOOD_HEADER + "A,x,2024,1,\nB,x,2024,1,\nA,x,2024,2,\n").encode(),
     ["{f}:4:3: duplicate: series 'A / x' already has '2024' on line 2"]),
    ("duplicate spelled differently", (GOOD_HEADER + "A,x,2024-04,1,\nA,x,2024M4,2,\n").encode(),
     ["{f}:3:3: duplicate: series 'A / x' already has '2024-04' on line 2, the same period as '2024M4' here"]),
    ("duplicate in Chinese after an unpadded month", (GOOD_HEADER + "A,x,2024-4,1,\nA,x,2024年4月,2,\n").encode(),
     ["{f}:3:3: duplicate: series 'A / x' already has '2024-4' on line 2, the same period as '2024年4月' here"]),
    ("mixed frequencies", (GOOD_HEADER + "A,x,2024,1,\nA,x,2024Q1,2,\n").encode(),
     ["{f}:3:3: series 'A / x' mixes frequencies: '2024Q1' is quarterly, line 2 is annual"]),
    ("unit changes", (GOOD_HEADER + "A,x,2024,1,%\nA,x,2025,2,pp\n").encode(),
     ["{f}:3:5: series 'A / x' changes unit: 'pp' here, '%' on line 2"]),
    ("unit changes from a percent to a level", (GOOD_HEADER + "A,x,2024,1,％\nA,x,2025,2,亿元\n").encode(),
     ["{f}:3:5: series 'A / x' changes unit: '亿元' here, '％' on line 2"]),
    ("empty indicator", (GOOD_HEADER + "A,,2024,1,\n").encode(), ["{f}:2:2: the indicator is empty"]),
    ("a figure beyond a float", (GOOD_HEADER + "A,x,2024,1e400,\n").encode(),
     ["{f}:2:4: '1e400' is beyond the range of a float; expected a number such as 1100, 1,100, 5.45%, 27.4亿 or 2.74 billion"]),
    ("a cell after a multi-line cell: on its own line", b'indicator,period,note,value\nx,2024,"a\r\nb\nc",oops\n',
     ["{f}:4:4: 'oops' is not a number; expected a number such as 1100, 1,100, 5.45%, 27.4亿 or 2.74 billion"]),
    ("a duplicate after multi-line cells, the first one's line too",
     b'indicator,note,period,value\nx,"a\nb",2024,1\nx,"c\nd",2024,2\n',
     ["{f}:5:3: duplicate: series 'x' already has '2024' on line 3"]),
    ("a wide table's row with no indicator: said once, not once per period column",
     b"indicator,unit,2020,2021,2022\nGDP,bn,1,2,3\n,bn,4,5,6\n", ["{f}:3:1: the indicator is empty"]),
    ("a wide table's period twice", b"indicator,2023,2024,2024\nGDP,1,2,3\n",
     ["{f}:1:4: column '2024' appears twice in the header (fields 3 and 4)"]),
    ("a wide table's period twice, spelled differently", "indicator,2023,2024,2024年\nGDP,1,2,3\n".encode(),
     ["{f}:2:4: duplicate: series 'GDP' already has '2024' in column 3, the same period as '2024年' here"]),
    ("a wide table's periods twice each, in every row: each listed",
     "指标,2022,2023,2022年,2023年\nGDP,1,2,3,4\nPop,1,2,3,4\n".encode(),
     ["{f}:2:4: duplicate: series 'GDP' already has '2022' in column 2, the same period as '2022年' here",
      "{f}:2:5: duplicate: series 'GDP' already has '2023' in column 3, the same period as '2023年' here",
      "{f}:3:4: duplicate: series 'Pop' already has '2022' in column 2, the same period as '2022年' here",
      "{f}:3:5: duplicate: series 'Pop' already has '2023' in column 3, the same period as '2023年' here"]),
    ("a bad byte after a multi-line cell: its own line and field", b'e,i,note,period,value\nA,x,"a\nb, c",2020,1\xff2\n',
     ["{f}:3:5: not UTF-8 or GB18030 text (byte 0xFF); save the file as UTF-8 CSV or pass --encoding"]),
    ("a bad byte inside a multi-line cell", b'e,i,note,period,value\nA,x,"a\nb, 1\xff2",2020,1\n',
     ["{f}:3:3: not UTF-8 or GB18030 text (byte 0xFF); save the file as UTF-8 CSV or pass --encoding"]),
    ("a lone CR in a quoted cell ends a line, for a bad byte too", b'e,i,note,period,value\nA,x,"a\rb",2020,1\xff2\n',
     ["{f}:3:5: not UTF-8 or GB18030 text (byte 0xFF); save the file as UTF-8 CSV or pass --encoding"]),
    ("a field too many after a multi-line cell: on the line it is", b'e,i,note,period,value\nA,x,"l1\nl2",2020,1,extra\n',
     ["{f}:3:6: this row has 6 fields, the header has 5"]),
    ("rows a quote left open joined, a field too many: the lines the quoted cell joins",
     b'entity,indicator,period,value\nA,"x,2023,1\nA,x,2024,2\nA,x",2025,3,9\nA,x,2026,4\n',
     ["{f}:4:5: this row has 5 fields, the header has 4 (a quoted cell joins lines 2-4 into it: a quote left open?)"]),
    ("a NUL byte far down", ("entity,indicator,period,value\n" + "A,x,2020,1\n" * 7000).encode() + b"B,y\x00,2020,1\n",
     ["{f}:7002:2: binary data (a NUL byte), not a text file"]),
    ("old Mac line ends (a lone CR)", b"entity,indicator,period,value\rA,x,2020,1\rA,x,2021,2x\r",
     ["{f}:3:4: '2x' is not a number; expected a number such as 1100, 1,100, 5.45%, 27.4亿 or 2.74 billion"]),
    ("a wide table's row twice", b"indicator,2023,2024\nGDP,1,2\nGDP,3,4\n",
     ["{f}:3:2: duplicate: series 'GDP' already has '2023' on line 2"]),
    ("two kinds at once, in line order", (GOOD_HEADER + "A,x,20x4,1,\nA,x,2025,one,\n").encode(),
     ["{f}:2:3: '20x4' is not a period; expected a period such as 2024, 2024Q1, 2024-04, 2024M4, 2024年, 2024年4月, 2024年一季度 or 2024年1-4月",
      "{f}:3:4: 'one' is not a number; expected a number such as 1100, 1,100, 5.45%, 27.4亿 or 2.74 billion"]),
]  # fmt: skip


@pytest.mark.parametrize("command", ["growth", "yoy", "list"])
@pytest.mark.parametrize(("name", "data", "expected"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_exits_2_with_a_located_message_and_empty_stdout(write_csv, command, name, data, expected):
    path = write_csv(data)
    result = invoke(command, path, "--format", "csv")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == ["indcalc: error: " + line.format(f=path) for line in expected]


def test_a_cell_longer_than_the_csv_modules_field_limit_is_read_on_any_line(write_csv):
    # The csv module refuses a field over 131,072 characters unless told; the first lines are read by it.
    note = "x" * 200_000
    path = write_csv(f'{GOOD_HEADER.strip()},note\nA,x,2023,1,,"{note}"\nA,x,2024,2,,ok\n'.encode())
    result = invoke("yoy", path, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "A,x,,2024,2,2023,1,1,100,"


def test_percent_written_as_percent_sign_full_width_or_word_is_one_unit_within_a_series(write_csv):
    rows = (
        "荆门市,城镇化率,%,2023年,55.1\n荆门市,城镇化率,％,2024年,56.3\n荆门市,城镇化率,percent,2025年,57.3\n"
    )
    path = write_csv(("地区,指标,单位,时间,数值\n" + rows).encode())
    result = invoke("yoy", path, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    # one label, the last row's spelling (each row kept its own before: three units in one series)
    assert [line.split(",")[2::7] for line in result.stdout.splitlines()[1:]] == [
        ["percent", ""],
        ["percent", "1.2"],
        ["percent", "1"],
    ]


@pytest.mark.parametrize(("name", "data", "expected"), BAD_INPUTS[:4], ids=[b[0] for b in BAD_INPUTS[:4]])
def test_bad_input_on_stdin_is_named_stdin(name, data, expected):
    result = invoke("yoy", "-", input=data)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == ["indcalc: error: " + line.format(f="<stdin>") for line in expected]


def test_missing_file_and_directory(tmp_path):
    missing = invoke("growth", str(tmp_path / "nope.csv"))
    assert (missing.exit_code, missing.stdout) == (2, "")
    assert missing.stderr == f"indcalc: error: {tmp_path / 'nope.csv'}: no such file\n"
    directory = invoke("growth", str(tmp_path))
    assert (directory.exit_code, directory.stdout) == (2, "")
    assert directory.stderr == (
        f"indcalc: error: {tmp_path}: is a directory, not a file (a directory of files is read with "
        "--engine dask)\n"
    )


def test_debug_shows_the_traceback(write_csv):
    path = write_csv(b"indicator,period\nx,2024\n")
    with pytest.raises(InputError, match="missing required column 'value'"):
        invoke("growth", path, "--debug")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=4), min_size=1, max_size=40), st.data())
def test_text_columns_become_categoricals_sorted_by_code_point_with_equal_labels_merged(labels, data):
    """Categories are the distinct labels in Python's (code point) order, whatever the script, and
    each position keeps its label (pyarrow sorts them; no Python string per label)."""
    import pyarrow as pa

    from indcalc.building.categories import coded_categorical

    positions = np.array(data.draw(st.lists(st.integers(0, len(labels) - 1), max_size=60)), dtype="int32")
    values = coded_categorical([positions[:7], positions[7:]], pa.array(labels, pa.string()))
    assert list(values.categories) == sorted(set(labels))
    assert list(values) == [labels[p] for p in positions]


def test_free_text_columns_are_kept_for_the_python_api():
    frame = load(io.BytesIO(b"indicator,period,value,note\nx,2024,1,  b see p. 3 \nx,2025,2,a\n"))
    assert frame["note"].tolist() == ["b see p. 3", "a"] and list(frame["note"].cat.categories) == [
        "a",
        "b see p. 3",
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.text(alphabet=st.sampled_from("ab1 ;\t荆门-."), max_size=4), min_size=1, max_size=3),
        min_size=1,
        max_size=12,
    ).map(lambda lines: [",".join(cells) for cells in lines]),
    st.lists(st.sampled_from(["\n", "\r\n", "\n\n", "\r\n\r\n\n"]), min_size=12, max_size=12),
    st.booleans(),
)
def test_problems_in_a_file_without_quotes_are_located_as_the_csv_module_reads_it(lines, ends, final):
    """Where numpy finds the records of a file with no quotes (a big file's fast path), each has the
    line and the fields that Python's csv module gives, blank lines and CRLF included."""
    from indcalc.reading.csv import Text, plain_locate, records

    data = "".join(line + end for line, end in zip(lines, ends, strict=False))
    text = Text("t.csv", (data if final else data.rstrip("\r\n")).encode(), ",")
    expected = {
        index - 1: (line, fields) for index, (line, _end, fields) in enumerate(records(text)) if index
    }
    assert plain_locate(text, set(expected) | {len(expected) + 5}) == expected


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.text(alphabet="0123456789.,% ％-+<>亿万千kKbnmilotNA*[]①¹ —", max_size=9)
        | st.sampled_from(["27.4亿", "2.74 billion", "1,100+", "% 5.45", "１２３", "12.5[1]", "n/a", "…"]),
        min_size=1,
        max_size=20,
    )
)
def test_one_figure_is_read_as_a_value_cell_is(texts):
    """`calc` and files share one number grammar: parse_number (plain Python) reads each text as
    parse_numbers (pyarrow) reads the same text in a value cell."""
    import pyarrow as pa

    from indcalc.quantities import parse_number, parse_numbers

    cells = parse_numbers(pa.array(texts, pa.string()))
    for i, text in enumerate(texts):
        one = parse_number(text)
        number = not (cells.bad[i] or cells.token[i] or math.isnan(cells.value[i]))
        assert (one is not None) == number, text
        if one is not None:
            got = (one.value, one.factor, one.percent, one.qualifier, one.scale)
            cell = (cells.value[i], cells.factor[i], cells.percent[i], cells.qualifier[i], cells.scale[i])
            assert got == cell, text


def _many_columns(extra: int, *, wide: bool = False) -> str:
    """A table with `extra` columns besides those indcalc reads, two figures of one series."""
    names = [f"note{i}" for i in range(extra)]
    if wide:
        header, rows = ["indicator", *names, "2023", "2024"], [["x", *"a" * extra, "100", "110"]]
    else:
        header = ["indicator", "period", "value", *names]
        rows = [["x", "2023", "100", *"a" * extra], ["x", "2024", "110", *"b" * extra]]
    return "\n".join(",".join(row) for row in [header, *rows]) + "\n"


@pytest.mark.parametrize("wide", [False, True])
def test_1000_extra_columns_are_kept(wide):
    frame = load(io.BytesIO(_many_columns(1000, wide=wide).encode()))
    assert list(frame.columns[-1000:]) == [f"note{i}" for i in range(1000)]
    assert frame["note999"].astype(str).tolist() == (["a"] if wide else ["a", "b"]) * (2 if wide else 1)
    assert frame["value"].tolist() == [100.0, 110.0]


@pytest.mark.parametrize(
    ("wide", "besides"), [(False, "indicator, period and value"), (True, "the identifiers and periods")]
)
def test_more_than_1000_extra_columns_is_an_error_naming_the_count(tmp_path, wide, besides):
    """Reproduction: each extra column went into the frame one by one (10,000 columns: 189 s)."""
    path = tmp_path / "many.csv"
    path.write_text(_many_columns(100_000 if not wide else 1001, wide=wide))
    done = subprocess.run(
        [sys.executable, "-m", "indcalc", "growth", str(path)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    count = "100,000" if not wide else "1,001"
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"indcalc: error: {path}:1: {count} other columns ('note0', 'note1', 'note2', ...) besides {besides}: "
        "indcalc keeps at most 1,000 (in the loaded frame, unused by the commands); remove the others\n"
    )


def _parsed_lengths(monkeypatch) -> list[int]:
    """The number of cells each call of the grammar of value cells gets, recorded while a file loads."""
    from indcalc import quantities

    calls: list[int] = []
    kernel = quantities.parse_numbers

    def recorded(cells):
        calls.append(len(cells))
        return kernel(cells)

    monkeypatch.setattr(quantities, "parse_numbers", recorded)
    return calls


def test_a_wide_table_of_plain_numbers_is_read_without_the_grammar_of_value_cells(monkeypatch):
    calls = _parsed_lengths(monkeypatch)
    text = "indicator,2021,2022,2023\nGDP,+1,-.5,5.\nTrade,1e3,,0.1\n"
    frame = load(io.BytesIO(text.encode()))
    assert calls == []  # every cell a plain number or empty: read as floats, as a long table's are
    assert frame["value"].tolist() == [1.0, -0.5, 5.0, 1000.0, 0.1]
    assert frame["period"].astype(str).tolist() == ["2021", "2022", "2023", "2021", "2023"]
    from indcalc.quantities import parse_numbers

    cells = ["+1", "-.5", "5.", "1e3", "0.1"]
    assert parse_numbers(pa.array(cells)).value.tolist() == [1.0, -0.5, 5.0, 1000.0, 0.1]


@pytest.mark.parametrize("cell", ['"1,100"', "5%", " 7", "nan", "1e400", "n/a", "12.3 p"])
def test_a_wide_table_with_a_cell_that_is_not_a_plain_number_reads_it_by_the_grammar(monkeypatch, cell):
    calls = _parsed_lengths(monkeypatch)
    text = f"indicator,2022,2023\nGDP,1.5,{cell}\n"
    inspected = inspect(io.BytesIO(text.encode()))
    assert calls == [2]
    long = inspect(io.BytesIO(f"indicator,period,value\nGDP,2022,1.5\nGDP,2023,{cell}\n".encode()))
    assert [p.message for p in inspected.problems] == [p.message for p in long.problems]
    if long.frame is not None:
        assert inspected.frame["value"].tolist() == long.frame["value"].tolist()


def _rescaled_lengths(monkeypatch) -> list[int]:
    """The number of values each call of the rescaling kernel gets, recorded while a file loads."""
    from indcalc.building import units

    calls: list[int] = []
    kernel = units.rescaled

    def recorded(value, written, factor):
        calls.append(len(value))
        return kernel(value, written, factor)

    monkeypatch.setattr(units, "rescaled", recorded)
    return calls


def test_series_each_on_its_own_scale_are_not_rescaled_whatever_their_units(monkeypatch):
    calls = _rescaled_lengths(monkeypatch)
    text = (
        "entity,indicator,unit,period,value\n"
        "A,GDP,亿元,2023,12.3456\nA,GDP,亿元,2024,13.1\nA,Grain,万吨,2023,5.5\nA,Grain,万吨,2024,5.75\n"
        "A,Share,%,2023,40.1\nA,Share,%,2024,41.25\nA,Trade,billion yuan,2023,0.3\nA,Trade,billion yuan,2024,0.35\n"
    )
    frame = load(io.BytesIO(text.encode()))
    assert calls == []  # no per-row work: every series is on the one scale its rows have
    assert frame["value"].tolist() == [12.3456, 13.1, 5.5, 5.75, 40.1, 41.25, 0.3, 0.35]
    assert (
        frame["unit"].astype(str).tolist() == ["亿元"] * 2 + ["万吨"] * 2 + ["%"] * 2 + ["billion yuan"] * 2
    )


def test_only_the_rows_whose_scale_changes_are_rescaled(monkeypatch):
    calls = _rescaled_lengths(monkeypatch)
    text = (
        "indicator,unit,period,value\n"
        "GDP,亿元,2022,27.4\nGDP,亿元,2023,28\nGDP,万元,2024,300000\nTons,万吨,2023,5\nTons,万吨,2024,6\n"
    )
    frame = load(io.BytesIO(text.encode()))
    assert calls == [1]  # the one 万元 row, put on its series' 亿
    assert frame["value"].tolist() == [27.4, 28.0, 30.0, 5.0, 6.0]
    assert frame["unit"].astype(str).tolist() == ["亿元"] * 3 + ["万吨"] * 2


def _mapped(data: bytes, chunk: int):
    """`data` in memory of no file, as a big file's bytes are (`copied`), copied `chunk` bytes at a
    time by the methods that go chunk by chunk."""
    from indcalc.reading.sources import Mapped

    class Small(Mapped):
        CHUNK = chunk

    text = Small(-1, len(data))
    text[:] = data
    return text


@settings(max_examples=300, deadline=None)
@given(
    data=st.binary(min_size=1, max_size=40)
    | st.text(' \t\r\n,"a指', min_size=1, max_size=30).map(str.encode),
    sub=st.binary(min_size=1, max_size=3) | st.sampled_from([b'"', b"\r\n", b" ", b"a", b"\n"]),
    start=st.none() | st.integers(-45, 45),
    end=st.none() | st.integers(-45, 45),
    chunk=st.integers(1, 8),
)
def test_a_mapped_file_reads_as_its_bytes_do(data, sub, start, end, chunk):
    text = _mapped(data, chunk)
    for name in ("startswith", "endswith", "count", "find", "rfind"):
        assert getattr(text, name)(sub, start, end) == getattr(data, name)(sub, start, end), name
    assert text.startswith((b"x", sub)) == data.startswith((b"x", sub))
    assert text.isascii() == data.isascii() and text.isspace() == data.isspace()
    assert (sub in text, sub[0] in text) == (sub in data, sub[0] in data)
    assert text.decode("utf-8", "replace") == data.decode("utf-8", "replace")
    assert text.splitlines() == data.splitlines() and text[start:end] == data[start:end]
    assert (text == data, text == data + b"x", text + sub, hash(text)) == (
        True,
        False,
        data + sub,
        hash(data),
    )


PUBLISHED = sorted(
    path
    for path in (Path(__file__).parent / "fixtures").rglob("*")
    if path.suffix in (".csv", ".tsv", ".parquet", ".xlsx", ".gz")
)


@pytest.mark.parametrize("path", PUBLISHED, ids=lambda path: path.name)
def test_a_big_file_is_copied_and_read_as_if_read_whole(path, monkeypatch):
    """Every fixture (publishers' layouts, encodings, broken files) read from memory of no file
    (`copied`), as a file of `MAPPED_BYTES` or more is, gives the frame and the problems that reading
    it into `bytes` gives."""
    from indcalc.reading import sources

    def read(threshold: int):
        monkeypatch.setattr(sources, "MAPPED_BYTES", threshold)
        with warnings.catch_warnings(record=True) as notes:
            warnings.simplefilter("always")
            found = inspect(path)
        problems = [(p.severity, p.line, p.column, p.message) for p in found.problems]
        frame = None if found.frame is None else found.frame.to_csv()
        return problems, frame, [str(note.message) for note in notes]

    mapped = read(1)
    assert isinstance(sources.read_source(path).data, sources.Mapped)
    assert mapped == read(1 << 62)


#: `indcalc yoy FILE -f csv` in a process of its own, FILE emptied by "another program" (os.truncate)
#: once indcalc has its bytes and before it parses them, a file of any size treated as a big one.
_TRUNCATED_WHILE_READ = """
import os, sys
from indcalc.reading import sources
from indcalc.__main__ import main

sources.MAPPED_BYTES = 1
copy = sources.copied

def copied_then_emptied(name, file, size):
    data = copy(name, file, size)
    os.truncate(name, 0)
    return data

sources.copied = copied_then_emptied
sys.argv = ["indcalc", "yoy", sys.argv[1], "-f", "csv"]
main()
"""


def test_a_big_file_emptied_by_another_program_while_it_is_read_is_read_as_it_was(tmp_path):
    """A big file's pages were mapped: a file truncated by another program while indcalc parsed it
    killed the process with SIGBUS (exit -7, nothing said). Its bytes are now copied (`copied`): the
    file is read as it was when indcalc read it."""
    rows = "".join(f"A,x{i % 50},{2000 + i // 50},{i}\n" for i in range(20_000))  # 360 KB: 90 pages
    path = tmp_path / "big.csv"
    path.write_text("entity,indicator,period,value\n" + rows, encoding="utf-8")
    want = invoke("yoy", str(path), "-f", "csv")
    assert want.exit_code == 0
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", _TRUNCATED_WHILE_READ, str(path)], capture_output=True, text=True, env=env
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == want.stdout and path.stat().st_size == 0


def test_a_big_file_cut_short_while_it_is_copied_is_an_error(tmp_path, monkeypatch):
    """A file shorter than the size taken before it is copied (truncated in between) is said so."""
    from indcalc.reading import sources

    path = tmp_path / "a.csv"
    path.write_bytes(b"indicator,period,value\nx,2023,1\nx,2024,2\n")
    size = path.stat().st_size
    fstat = os.fstat

    def grown(fd):  # the size as it was before the file was cut short by 100 bytes
        status = fstat(fd)
        return os.stat_result((*status[:6], status.st_size + 100, *status[7:]))

    monkeypatch.setattr(sources, "MAPPED_BYTES", 1)
    monkeypatch.setattr(sources.os, "fstat", grown)
    result = invoke("yoy", str(path), "-f", "csv")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"indcalc: error: {path}: the file was cut short while it was read ({size} of {size + 100} bytes): "
        "read it again once it is written"
    ]


@pytest.mark.parametrize("refusal", [OSError(19, "No such device"), ValueError("cannot mmap an empty file")])
def test_a_big_file_the_system_cannot_map_is_read(tmp_path, monkeypatch, refusal):
    """A file system that maps no files (ENODEV), or a file emptied between its size and its mapping:
    the file is read as a small one is."""
    from indcalc.reading import sources

    class Refused(sources.Mapped):
        def __new__(cls, *_args, **_kwargs):
            raise refusal

    path = tmp_path / "a.csv"
    path.write_bytes(b"indicator,period,value\nx,2023,1\nx,2024,2\n")
    monkeypatch.setattr(sources, "MAPPED_BYTES", 1)
    monkeypatch.setattr(sources, "Mapped", Refused)
    assert sources.read_source(path).data == path.read_bytes()
    assert load(path)["value"].tolist() == [1.0, 2.0]


def test_a_big_file_fetched_ahead_reads_as_it_would_have(tmp_path, monkeypatch):
    """The command line begins a big file's read on another thread before it imports the parsers
    (`sources.fetching`); `read_source` takes it: the same bytes, and the same errors, said then."""
    from concurrent.futures import Future

    from indcalc.reading import sources

    monkeypatch.setattr(sources, "MAPPED_BYTES", 1)
    path = tmp_path / "a.csv"
    path.write_bytes(b"indicator,period,value\nx,2023,1\nx,2024,2\n")
    fetched = sources.fetching(str(path))
    assert isinstance(fetched, Future)
    assert sources.read_source(fetched).data[:] == path.read_bytes()
    missing = str(tmp_path / "none.csv")
    assert sources.fetching(missing) == missing
    with pytest.raises(InputError, match="no such file"):
        sources.read_source(sources.fetching(missing))
