"""Every command as a user at a terminal runs it: through a pseudo-terminal of a fixed size.

CliRunner is never a terminal, so these run ``python -m indcalc`` in a pty (`tests.terminal`) and
compare with the same command piped: the exit status is the same, no traceback is shown, and what a
terminal gets (fitted tables, colour, charts) says what the data say.
"""

from __future__ import annotations

import re
import select
import sys
import warnings
from concurrent.futures import ThreadPoolExecutor

import pytest

pytest.importorskip("termios", reason="pseudo-terminals are POSIX only")

from tests.terminal import Ran, run_in_pty, run_piped

YTD = "indicator,period,value\nIVA,2024年1-2月,410\nIVA,2024年1-3月,650\nIVA,2024年1-4月,880\nIVA,2024年1-6月,1350\n"
PARTS = (
    "indicator,period,value\nGDP,2023,100\nGDP,2024,110\nIndustry,2023,40\nIndustry,2024,46\n"
    "Services,2023,60\nServices,2024,64\n"
)
REPORT = (
    "The number of firms doubled from 2 to 6.\nThe share rose from 30% to 36%, an increase of 6%.\n"
    "Sales grew from 200 to 250 units, up 25%.\n"
)

# Every command, in its forms, with the bundled data or small files ({ytd}, {parts}, {report}).
COMMANDS = [
    ["growth"],
    ["growth", "-e", "Jingmen", "-i", "*share*", "-i", "enterprises*"],
    ["yoy"],
    ["pop"],
    ["pop", "tests/fixtures/quarterly.tsv", "--annualize"],
    ["list"],
    ["calc", "5.45%", "16%", "--years", "5"],
    ["calc", "2", "6"],
    ["calc", "85.2", "--growth", "28.6"],
    ["calc", "6.35%", "--pp", "3.7"],
    ["calc", "2.74", "--share", "6.35"],
    ["calc", "5.45%"],
    ["calc", "abc", "5"],
    ["validate", "tests/fixtures/planted.csv"],
    ["check", "{report}"],
    ["ytd", "{ytd}"],
    ["share", "{parts}", "--total", "GDP"],
    ["contribution", "{parts}", "--total", "GDP"],
    ["target", "-i", "Scaled enterprises", "--value", "1500", "--by", "2030"],
    ["summary"],
    ["plot"],
    ["plot", "--kind", "bar"],
    ["plot", "-e", "Jingmen", "-i", "*share*", "-i", "Scaled*"],
    ["growth", "no-such-file.csv"],
]


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("terminal")
    paths = {}
    for name, text in (("ytd", YTD), ("parts", PARTS), ("report", REPORT)):
        path = folder / f"{name}.{'md' if name == 'report' else 'csv'}"
        path.write_text(text, encoding="utf-8")
        paths[name] = str(path)
    return paths


NO_COLOR_COMMANDS = [
    ["growth"],
    ["pop", "tests/fixtures/quarterly.tsv", "--annualize"],
    ["summary"],
    ["plot", "-e", "Jingmen", "-i", "*share*", "-i", "Scaled*"],
]


@pytest.fixture(scope="module")
def runs(files) -> dict[tuple[str, ...], tuple[Ran, Ran]]:
    """Each command in a 100 x 40 pty and piped (and a few in a pty with NO_COLOR set, keyed with a
    leading "NO_COLOR"), a few at a time: each is mostly start-up."""
    argvs = [tuple(a.format(**files) for a in argv) for argv in COMMANDS]
    with ThreadPoolExecutor(max_workers=4) as pool:
        terminal = pool.map(lambda argv: run_in_pty(*argv, columns=100, lines=40), argvs)
        piped = pool.map(lambda argv: run_piped(*argv), argvs)
        plain = pool.map(lambda argv: run_in_pty(*argv, env={"NO_COLOR": "1"}), NO_COLOR_COMMANDS)
        done = dict(zip(argvs, zip(terminal, piped, strict=True), strict=True))
        done.update(
            {("NO_COLOR", *argv): (ran, ran) for argv, ran in zip(NO_COLOR_COMMANDS, plain, strict=True)}
        )
        return done


def _ran(runs, files, argv: list[str]) -> tuple[Ran, Ran]:
    return runs[tuple(a.format(**files) for a in argv)]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_every_command_on_a_terminal_exits_as_when_piped_without_a_traceback(runs, files, argv):
    terminal, piped = _ran(runs, files, argv)
    assert "Traceback" not in terminal.output and "Traceback" not in piped.stderr
    assert terminal.status == piped.status, terminal.output
    assert terminal.status in (0, 1, 2)
    if terminal.status == 2 and piped.output == "":  # an error: a one-line message, as when piped
        message = piped.stderr.strip()
        assert message.startswith("indcalc: error: ") and "\n" not in message
        assert terminal.output.rstrip().endswith(message)
    else:
        assert terminal.output.strip() and piped.output.strip()


COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")


def colours(text: str) -> list[str]:
    """The SGR escape sequences in `text` that set a colour (bold and dim are not colours)."""
    return COLOUR.findall(text)


@pytest.mark.parametrize("argv", NO_COLOR_COMMANDS, ids=" ".join)
def test_no_color_means_no_colour_on_a_terminal_and_colour_without_it(runs, argv):
    coloured, _ = runs[tuple(argv)]
    plain, _ = runs[("NO_COLOR", *argv)]
    assert coloured.status == plain.status == 0
    assert colours(coloured.output), "a terminal gets colour when NO_COLOR is not set"
    assert colours(plain.output) == []


# FORCE_COLOR as the convention reads it (force-color.org, NO_COLOR): 0 and false force nothing.
FORCE_COLOR_COMMANDS = [
    ["growth", "-f", "table"],
    ["summary", "-f", "table"],
    ["plot", "-e", "Jingmen", "-i", "*share*", "-i", "Scaled*"],
    ["--help"],
]


@pytest.fixture(scope="module")
def forced(files) -> dict[tuple[str, ...], Ran]:
    """Each of `FORCE_COLOR_COMMANDS` piped with FORCE_COLOR set to each of 0, false, 1 and 1 with
    NO_COLOR (keyed by those first), and in a pty with FORCE_COLOR 0 and empty (keyed "pty 0" and
    "pty ")."""
    envs = {
        "0": {"FORCE_COLOR": "0"},
        "false": {"FORCE_COLOR": "false"},
        "1": {"FORCE_COLOR": "1"},
        "1+NO_COLOR": {"FORCE_COLOR": "1", "NO_COLOR": "1"},
    }
    keys = [(key, *argv) for key in envs for argv in FORCE_COLOR_COMMANDS]
    with ThreadPoolExecutor(max_workers=4) as pool:
        done = dict(zip(keys, pool.map(lambda key: run_piped(*key[1:], env=envs[key[0]]), keys), strict=True))
        in_pty = [(f"pty {value}", *argv) for value in ("0", "") for argv in FORCE_COLOR_COMMANDS]
        ran = pool.map(lambda key: run_in_pty(*key[1:], env={"FORCE_COLOR": key[0][4:]}), in_pty)
        done.update(zip(in_pty, ran, strict=True))
    return done


@pytest.mark.parametrize("argv", FORCE_COLOR_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("value", ["0", "false"])
def test_force_color_0_or_false_does_not_force_colour_on_a_pipe(forced, argv, value):
    ran = forced[(value, *argv)]
    assert ran.status == 0 and ran.output.strip()
    assert "\x1b[" not in ran.output  # no colour, nor bold or dim


@pytest.mark.parametrize("argv", FORCE_COLOR_COMMANDS, ids=" ".join)
def test_force_color_forces_colour_on_a_pipe_unless_no_color_is_set(forced, argv):
    assert forced[("1", *argv)].status == 0 and colours(forced[("1", *argv)].output)
    assert forced[("1+NO_COLOR", *argv)].status == 0 and colours(forced[("1+NO_COLOR", *argv)].output) == []


@pytest.mark.parametrize("argv", FORCE_COLOR_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("value", ["0", ""], ids=["0", "empty"])
def test_force_color_0_or_empty_leaves_a_terminal_its_colours(forced, argv, value):
    # Rich takes an empty FORCE_COLOR for no terminal: growth's table and --help lost their styles.
    ran = forced[(f"pty {value}", *argv)]
    assert ran.status == 0 and (colours(ran.output) if argv != ["--help"] else "\x1b[1m" in ran.output)


SLOW = """
import itertools, sys
from indcalc.cli import program
ticks = itertools.count(0, 1000)  # every reading of the clock 1000 s on: any bar shows at once
program.time = type("Clock", (), {"monotonic": staticmethod(lambda: float(next(ticks)))})
sys.argv = ["indcalc", *sys.argv[1:]]
from indcalc.cli import main
main()
"""


def test_a_slow_command_shows_no_progress_bar_over_its_table():
    import sys

    ran = run_in_pty("growth", "-e", "Jingmen", program=[sys.executable, "-c", SLOW])
    assert ran.status == 0 and "Traceback" not in ran.output
    assert "Growth, first to last period" in ran.output  # the job's bar, gone before the table
    assert "writing" not in ran.output
    table = ran.output[ran.output.rindex("\x1b[2K") :]  # after the bar is erased
    assert "Scaled enterprises" in table and "23.60%" in table


SGR = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
SPINNER = re.compile("[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]")  # the progress bar's spinner (Rich's dots)


def screen(output: str) -> str:
    """What stays on the screen: the output after any progress bar was erased, without escapes."""
    return SGR.sub("", output[output.rindex("\x1b[2K") :] if "\x1b[2K" in output else output)


def test_summary_on_a_terminal_shows_the_whole_sparkline_of_a_falling_series(tmp_path):
    from indcalc import load
    from indcalc.report import summary

    rows = ["entity,indicator,period,value,unit"]
    for i in range(30):  # 30 months: up for a year, then down; the sparkline shows the last 24
        rows.append(
            f"Jingmen,Output,{2023 + i // 12}-{i % 12 + 1:02d},{100 + (i if i < 12 else 24 - i) * 5},亿元"
        )
    path = tmp_path / "falling.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    trend = summary(load(str(path)))["trend"].iloc[0]
    assert len(trend) == 24 and trend.endswith("▁") and trend.index("█") < 12  # rises, then falls
    for columns in (60, 80):
        ran = run_in_pty("summary", str(path), columns=columns)
        assert ran.status == 0
        assert trend in screen(ran.output), screen(ran.output)


@pytest.mark.parametrize(
    ("columns", "kept"),
    [
        (50, ["pct_"]),  # from_value, to_value and more only with Manufactu / ring broken
        (70, ["pct_", "from_", "to_", "value"]),
        (75, ["pct_", "from_", "to_", "period"]),
        (90, ["pct_", "from_", "period", "change"]),
    ],
)
def test_growth_on_a_narrow_terminal_keeps_its_own_columns_whole(columns, kept):
    from indcalc import growth, load, select
    from indcalc.render.cells import format_cell

    ran = run_in_pty("growth", "-e", "Jingmen", columns=columns)
    shown = screen(ran.output)
    assert ran.status == 0 and "…" not in shown
    table_lines = [line for line in shown.splitlines() if not line.startswith("indcalc: ")]  # stderr notes
    assert max(len(line) for line in table_lines) <= columns
    header = " ".join(table_lines[1:4])  # headers break after their underscores
    for name in kept:  # growth's own columns go last: hidden columns are listed below the table
        assert name in header, shown
    hidden = shown.split("Hidden to fit the terminal:")[-1]
    assert "pp_change" in hidden and "pct_change" not in hidden  # pp_change is change again: secondary
    with warnings.catch_warnings():  # the series with a single period, left out
        warnings.simplefilter("ignore")
        table = growth(select(load(), (), ["Jingmen"]))
    for value in table["pct_change"].dropna():
        assert format_cell("pct_change", value) in shown


def test_terminal_line_chart_has_a_panel_per_unit_and_bar_chart_draws_bars(runs):
    pytest.importorskip("plotext")
    lines, _ = runs[("plot", "-e", "Jingmen", "-i", "*share*", "-i", "Scaled*")]
    drawn = screen(lines.output)
    assert drawn.count("┌") == 2 and "█" not in drawn  # % and enterprises: a panel each, no bars
    panels = drawn.split("┌")
    assert "High-tech manufacturing share of industrial output: 16 %" in panels[1]
    assert "Scaled enterprises: 1,100 enterprises" in panels[2] and "%" not in panels[2]
    bars, _ = runs[("plot", "--kind", "bar")]
    drawn = screen(bars.output)
    assert drawn.count("┌") == 1 and "█" in drawn and "growth, % (first to last period)" in drawn
    assert "\n  1 GEM / Scale of the company: 374,900%\n" in drawn  # the largest first, numbered as drawn
    assert drawn.rstrip().endswith("  7 Jingmen / Scaled enterprises: 23.6%")


BROKEN = """
import sys
import indcalc.render

def broken(*args, **kwargs):
    raise TypeError("object of type 'Rows' has no len()")

indcalc.render.render = broken  # a bug in the output path, as calc's table on a terminal was
sys.argv = ["indcalc", *sys.argv[1:]]
from indcalc.cli import main
main()
"""


@pytest.mark.parametrize("where", ["pty", "pipe"])
def test_a_bug_is_a_one_line_message_and_exit_2_never_a_traceback(where):
    import subprocess
    import sys

    argv = ["calc", "2", "6"]
    if where == "pty":
        ran = run_in_pty(*argv, program=[sys.executable, "-c", BROKEN])
        message, stdout = ran.output, ""
    else:
        done = subprocess.run([sys.executable, "-c", BROKEN, *argv], capture_output=True, text=True)
        ran, message, stdout = Ran(done.returncode, done.stdout), done.stderr, done.stdout
    assert ran.status == 2 and stdout == "" and "Traceback" not in message
    assert message == (
        "indcalc: error: internal error (TypeError: object of type 'Rows' has no len()); "
        "please report it, with the traceback that --debug shows\n"
    )
    debug = subprocess.run([sys.executable, "-c", BROKEN, *argv, "--debug"], capture_output=True, text=True)
    assert "Traceback" in debug.stderr and debug.returncode == 1


def test_yoy_hides_a_column_empty_on_every_row_before_it_wraps_a_name(tmp_path):
    """yoy_pp is empty on every row of a series with no percent unit: at 100 columns it is hidden, and
    the indicator is no longer wrapped onto two lines beside it."""
    rows = [
        f"Hubei,Retail sales of consumer goods,{2023 + i // 4}Q{i % 4 + 1},{1000 + i * 10}" for i in range(5)
    ]
    path = tmp_path / "retail.csv"
    path.write_text("entity,indicator,period,value\n" + "\n".join(rows) + "\n", encoding="utf-8")
    ran = run_in_pty("yoy", str(path), columns=100, stderr=False)
    assert ran.status == 0
    assert [line.rstrip() for line in screen(ran.output).splitlines()] == [
        "Year on year · retail.csv",
        "                                                            prior_        prior_     yoy_    yoy_",
        " entity   indicator                        period   value   period         value   change     pct",
        "━" * 98,
        " Hubei    Retail sales of consumer goods   2023Q1   1,000   —                  —        —       —",
        " Hubei    Retail sales of consumer goods   2023Q2   1,010   —                  —        —       —",
        " Hubei    Retail sales of consumer goods   2023Q3   1,020   —                  —        —       —",
        " Hubei    Retail sales of consumer goods   2023Q4   1,030   —                  —        —       —",
        " Hubei    Retail sales of consumer goods   2024Q1   1,040   2023Q1         1,000       40   4.00%",
        "— undefined: yoy figures need the same period a year before.",
        "Hidden to fit the terminal: yoy_pp (see --format csv).",
    ]


def test_growth_on_80_columns_shows_both_ends_of_the_span(tmp_path):
    """At 80 columns growth showed from_value and hid to_value; then it hid the periods and kept
    pp_change, which only repeats change (or is empty): it now shows the span, values and periods,
    and pp_change goes with the secondary columns."""
    path = tmp_path / "growth.csv"
    path.write_text(
        "entity,indicator,unit,period,value\n"
        "Jingmen,High-tech manufacturing share of industrial output,%,2020,5.45\n"
        "Jingmen,High-tech manufacturing share of industrial output,%,2025,16\n"
        "Jingmen,Scaled enterprises,enterprises,2020,890\n"
        "Jingmen,Scaled enterprises,enterprises,2025,1100\n",
        encoding="utf-8",
    )
    ran = run_in_pty("growth", str(path), columns=80, stderr=False)
    assert ran.status == 0
    assert [line.rstrip() for line in screen(ran.output).splitlines()] == [
        "Growth, first to last period · growth.csv",
        "                           from_    to_      from_     to_               pct_",
        " entity    indicator       period   period   value   value   change    change",
        "━" * 78,
        " Jingmen   High-tech       2020     2025      5.45      16    10.55   193.58%",
        "           manufacturing",
        "           share of",
        "           industrial",
        "           output",
        " Jingmen   Scaled          2020     2025       890   1,100      210    23.60%",
        "           enterprises",
        "Hidden to fit the terminal: unit, pp_change, multiple, years, cagr_pct (see",
        "--format csv).",
    ]


def header_columns(shown: str) -> list[str]:
    """The columns a table on the screen shows, from its header: the lines above its rule, each
    column's name put together from its parts (a header breaks after its underscores), the parts of
    one column found by where they stand (left or right aligned, they overlap)."""
    lines = shown.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.lstrip().startswith("━"))
    header = []
    for line in reversed(lines[:rule]):  # up to the title (capitals, commas, a dot)
        if not line.strip() or not re.fullmatch(r"[ a-z_]+", line):
            break
        header.insert(0, line)
    spans: list[list] = []  # [start, end, parts]
    for line in header:
        for part in re.finditer(r"\S+", line):
            span = next((s for s in spans if part.start() < s[1] and s[0] < part.end()), None)
            if span is None:
                spans.append([part.start(), part.end(), [part.group()]])
            else:
                span[0], span[1] = min(span[0], part.start()), max(span[1], part.end())
                span[2].append(part.group())
    return ["".join(parts) for _, _, parts in sorted(spans)]


@pytest.mark.parametrize("columns", range(50, 101, 5))
def test_growth_shows_its_columns_in_their_order_of_importance_at_every_width(columns):
    """At 70 columns growth showed change and hid its periods (change is narrower, and came back in
    the room the periods lacked), at 50 change without the values of the span: a column is never
    shown while one more important (`ORDERS`) is hidden, and both ends of a span go together."""
    from rich.cells import cell_len

    from indcalc import growth, load
    from indcalc.render.fit import NEVER_HIDDEN, ORDERS

    ran = run_in_pty("growth", "data/indicators.csv", columns=columns, lines=200, stderr=False)
    shown = screen(ran.output)
    assert ran.status == 0
    assert max(cell_len(line) for line in shown.splitlines()) <= columns, shown
    with warnings.catch_warnings():  # the series with a single period, left out
        warnings.simplefilter("ignore")
        frame = growth(load("data/indicators.csv"))
    empty = {c for c in frame.columns if frame[c].isna().all()}  # hidden first, whatever their rank
    header = header_columns(shown)
    hidden = [c for c in frame.columns if c not in header]
    said = " ".join(shown.split("Hidden to fit the terminal:")[-1].split("(see")[0].split())
    assert (said.split(", ") if hidden else []) == hidden, shown  # what the line under the table says
    assert NEVER_HIDDEN & set(frame.columns) <= set(header)
    order = ORDERS["growth"]
    ranks = [(r,) if isinstance(r, str) else r for r in (*order.essential, *order.secondary)]
    assert {c for r in ranks for c in r} | {"entity", "indicator"} == set(frame.columns)  # all ranked
    missing = None  # the most important group hidden so far
    for group in ranks:  # from the most important
        if set(group) <= empty:
            continue
        there = [c in header for c in group]
        assert all(there) or not any(there), (group, header)  # both ends of a span, or neither
        if not there[0]:
            missing = missing or group
        assert not (there[0] and missing), f"{group} shown while {missing} is hidden: {header}"
    assert "pct_change" in header  # what growth is for


#: Names from data/indicators.csv and from the seeds' reports (000: Wuhan-Xiangyang-Yichang; 003: Jingmen
#: High-tech Zone, 荆门高新区, its R&D expenditure; 004: automobile and transport equipment), with their
#: longest words (Manufacturing, Phosphogypsum, "specialized,", Pharmaceutical) and figures (100亿元).
NAMES = [
    ("Jingmen", "High-tech manufacturing share of industrial output", "%", 5.45, 16),
    ("Zhongxiang", "Phosphogypsum utilisation rate", "%", 15, 82),
    ("Jingmen", 'Provincial "specialized, refined and innovative" firms', "firms", 70, 395),
    ("Jining", "Signed contract projects over 1 billion yuan (January-April)", "projects", 30, 44),
    ("Jingmen High-tech Zone", "Total R&D expenditure", "billion yuan", 1.98, 2.74),
    ("Jingmen High-tech Zone", "Pharmaceutical Industrial Technology Research Institute", "firms", 3, 9),
    ("Wuhan-Xiangyang-Yichang", "Automobile and transport equipment manufacturing output", "%", 12, 15),
    ("荆门高新区", "营业收入超100亿元企业数", "家", 2, 6),
]


@pytest.mark.parametrize("columns", [40, 50, 60, 70, 75, 80, 100])
def test_a_narrow_terminal_breaks_names_between_words_never_inside_one(tmp_path, columns):
    """At 50 columns (and 70 to 75) growth kept a column by wrapping names to 10 cells, breaking
    Manufactu / ring and Phosphogyp / sum: names break at spaces and after a dash between letters
    (High- / tech), Chinese between characters but never inside a figure (100亿元), and a word keeps
    its room before a column the command exists for is shown."""
    quoted = {i: '"' + i.replace('"', '""') + '"' for _, i, *_ in NAMES}
    rows = [
        f"{e},{quoted[i]},{u},{p},{v}"
        for e, i, u, *vs in NAMES
        for p, v in zip((2020, 2025), vs, strict=True)
    ]
    path = tmp_path / "names.csv"
    path.write_text("entity,indicator,unit,period,value\n" + "\n".join(rows) + "\n", encoding="utf-8")
    ran = run_in_pty("growth", str(path), columns=columns, lines=200, stderr=False)
    shown = screen(ran.output)
    assert ran.status == 0 and "…" not in shown
    table = shown.split("━")[-1].split("Hidden to fit")[0]
    words = {part for word in table.split() for part in re.split(r"(?<=[A-Za-z]-)(?=[A-Za-z])", word)}
    for entity, indicator, *_ in NAMES:
        for name in (entity, indicator):
            if name.isascii():
                expected = {p for w in name.split() for p in re.split(r"(?<=[A-Za-z]-)(?=[A-Za-z])", w)}
                assert expected <= words, (name, sorted(expected - words), shown)
    assert "100亿元" in table, shown  # on one line


def test_yoy_and_summary_on_a_narrow_terminal_keep_the_columns_they_exist_for(tmp_path):
    """At 60 columns names wrap (to their longest word) before a column the command exists for is hidden:
    yoy keeps each row's period, value and yoy_pct; summary its latest value and whole sparkline."""
    rows = [f"荆门,地区生产总值,{2022 + i // 12}-{i % 12 + 1:02d},{1000 + i * 7},亿元" for i in range(36)]
    path = tmp_path / "monthly.csv"
    path.write_text("entity,indicator,period,value,unit\n" + "\n".join(rows) + "\n", encoding="utf-8")
    yoy = screen(run_in_pty("yoy", str(path), columns=60).output)
    hidden = re.findall(r"\w+", yoy.split("Hidden to fit the terminal:")[1].split("(see")[0])
    assert hidden == ["unit", "prior_period", "yoy_change", "yoy_pp"], yoy  # yoy_pp: empty (亿元), first
    assert " 2024-12 " in yoy and " 1,245 " in yoy and "7.24%" in yoy  # 1245 / 1161 - 1
    summary = screen(run_in_pty("summary", str(path), columns=60).output)
    assert " 1,245 " in summary and "▁▁▂▂▂▃▃▃▃▄▄▄▅▅▅▆▆▆▆▇▇▇██" in summary, summary


def test_no_progress_bar_over_figures_typed_at_the_terminal():
    """`indcalc growth -` with the figures typed at the terminal, slower than the bar's two seconds:
    no bar is drawn over what is typed, and the table comes once Ctrl-D ends the input."""
    typed = ((0.2, b"indicator,period,value\n"), (2.6, b"firms,2020,2\nfirms,2025,6\n"), (2.8, b"\x04"))
    ran = run_in_pty("growth", "-", columns=80, keys=typed)
    assert ran.status == 0 and not SPINNER.search(ran.output), ran.output
    assert "200.00%" in ran.output


def test_nothing_on_a_dumb_terminal_s_stderr_but_what_is_said():
    """stdout piped, stderr a terminal Rich cannot redraw (TERM=dumb): no bar is drawn there, and no
    blank line (Rich's stop of a bar that never started printed one per bar)."""
    import os
    import pty
    import subprocess

    from tests.terminal import ROOT, _env

    master, slave = pty.openpty()
    done = subprocess.run(
        [sys.executable, "-c", SLOW, "calc", "5.45%", "16%"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
        env=_env({"TERM": "dumb"}, 80, 24),
        cwd=ROOT,
        timeout=30,
    )
    os.close(slave)
    said = b""
    while select.select([master], [], [], 0.2)[0]:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the other end is closed
            break
        if not chunk:
            break
        said += chunk
    os.close(master)
    assert done.returncode == 0 and b"16" in done.stdout
    assert said == b"", said


SIZED_BY_THE_TERMINAL = """
import os, sys
os.environ.pop("COLUMNS", None)  # the width from the terminal itself, as a shell that sets none
os.environ.pop("LINES", None)
sys.argv = ["indcalc", *sys.argv[1:]]
from indcalc.cli import main
main()
"""


@pytest.mark.parametrize("columns", [40, 120])
@pytest.mark.parametrize("term", ["dumb", "xterm-256color"])
def test_a_table_fits_the_terminal_s_own_width_whatever_term_says(term, columns):
    """Rich takes a dumb terminal (TERM=dumb: Emacs' shell, some IDEs) to be 80 columns wide: the
    table is fitted to the terminal's width, and on a dumb one drawn without colour."""
    from rich.cells import cell_len

    program = [sys.executable, "-c", SIZED_BY_THE_TERMINAL]
    ran = run_in_pty("growth", "-e", "Jingmen", columns=columns, env={"TERM": term}, program=program)
    table = [line for line in SGR.sub("", ran.output).splitlines() if not line.startswith("indcalc: ")]
    assert ran.status == 0 and columns - 3 <= max(cell_len(line) for line in table) <= columns
    summary = run_in_pty("summary", columns=columns, env={"TERM": term}, program=program)
    assert summary.status == 0 and bool(re.search(r"\x1b\[3\d", summary.output)) == (term != "dumb")


def test_summary_full_on_a_terminal_is_fitted_to_it_and_whole_in_a_file():
    """--full's per-series table (20 columns) is fitted to the terminal as any table is, and written
    whole to a pipe or file."""
    from rich.cells import cell_len

    shown = screen(run_in_pty("summary", "--full", "--no-timestamp", columns=80).output)
    lines = [line for line in shown.splitlines() if not line.startswith("indcalc: ")]
    assert max(cell_len(line) for line in lines) <= 80 and "Hidden to fit the terminal: unit" in shown
    piped = run_piped("summary", "--full", "--no-timestamp", "--format", "text")
    assert piped.status == 0 and "Hidden" not in piped.output and "cagr_pct" in piped.output.replace("\n", "")


def test_ctrl_c_typed_at_the_terminal_stops_a_command_with_130():
    # The pty is the command's controlling terminal (`run_in_pty`), as a shell's is: a typed Ctrl-C
    # is SIGINT. Without one, the ^C was echoed and no signal sent, and a test of it tested nothing.
    ran = run_in_pty("growth", "-", keys=((1.5, b"\x03"),))
    assert ran.status == 130
    assert "Traceback" not in ran.output and "entity" not in ran.output


def test_yoy_on_80_columns_does_not_bring_unit_back_while_yoy_change_stays_hidden(tmp_path):
    """unit is hidden first (README), but it came back once yoy_change (wanted more) was gone, and the
    names wrapped to three lines: a secondary column comes back only while none wanted more is hidden."""
    path = tmp_path / "nbs.csv"
    path.write_text(
        "地区,指标,单位,时间,数值\n湖北省,规模以上工业增加值增速,%,2023年1月,5.1\n"
        "湖北省,规模以上工业增加值增速,%,2024年1月,6.3\n湖北省,社会消费品零售总额,亿元,2023年1月,1200.6\n"
        "湖北省,社会消费品零售总额,亿元,2024年1月,1260.7\n",
        encoding="utf-8",
    )
    ran = run_in_pty("yoy", str(path), columns=80, stderr=False)
    assert ran.status == 0
    assert [line.rstrip() for line in screen(ran.output).splitlines()] == [
        "Year on year · nbs.csv",
        "                                                    prior_     yoy_      yoy_",
        " entity   indicator            period      value     value      pct        pp",
        "━" * 78,
        " 湖北省   规模以上工业增加值   2023-01       5.1         —        —         —",
        "          增速",
        " 湖北省   规模以上工业增加值   2024-01       6.3       5.1   23.53%   1.20 pp",
        "          增速",
        " 湖北省   社会消费品零售总额   2023-01   1,200.6         —        —         —",
        " 湖北省   社会消费品零售总额   2024-01   1,260.7   1,200.6    5.01%         —",
        "— undefined: yoy figures need the same period a year before; yoy_pp is given",
        "only for percent units.",
        "Hidden to fit the terminal: unit, prior_period, yoy_change (see --format csv).",
    ]


def test_validate_on_a_clean_file_draws_no_empty_table_on_a_terminal(tmp_path):
    """A clean file drew a table of headers alone; the count on stderr says it. CSV keeps its header."""
    path = tmp_path / "clean.csv"
    path.write_text("indicator,period,value\nGDP,2023,1\nGDP,2024,2\n", encoding="utf-8")
    ran = run_in_pty("validate", str(path), columns=80)
    assert (ran.status, screen(ran.output)) == (0, "indcalc: 0 errors, 0 warnings\n")
    ran = run_in_pty("validate", str(path), "-f", "csv", columns=80, stderr=False)
    assert (ran.status, screen(ran.output)) == (0, "file,line,column,severity,problem,text,expected\n")


def test_check_on_80_columns_breaks_a_claim_before_a_figure_never_inside_it(tmp_path):
    """Claims wrapped as 增加到6 / 00.8亿元 and 43.8 / %: a wrapped cell breaks before the figure."""
    path = tmp_path / "report.txt"
    path.write_text(
        "全市规模以上工业增加值由上年的500.3亿元增加到600.8亿元，比上年增长20.1%。\n"
        "城镇登记失业率由上年的4.1%上升到4.5%，提高0.40个百分点。\n"
        "比重由上年的45.2%下降到43.8%，下降1.4个百分点。\n",
        encoding="utf-8",
    )
    ran = run_in_pty("check", str(path), columns=80, stderr=False)
    assert ran.status == 0
    assert [line.rstrip() for line in screen(ran.output).splitlines()] == [
        "Claims · report.txt",
        " line   claim                     stated        computed          verdict",
        "━" * 77,
        "    1   由上年的500.3亿元增加到   up 20.1%      ×1.20, +20.09%    consistent",
        "        600.8亿元",
        "    2   由上年的4.1%上升到4.5%    up 0.40 pp    ×1.10, +9.76%,    consistent",
        "                                                +0.40 pp",
        "    3   由上年的45.2%下降到       down 1.4 pp   ×0.97, -3.10%,    consistent",
        "        43.8%                                   -1.40 pp",
    ]


@pytest.mark.parametrize("columns", [50, 60, 70, 80, 100, 140])
def test_validate_shows_where_and_how_bad_before_anything_else(tmp_path, columns):
    """The fresh-eyes pass: at 50 columns validate showed only the problem, at 60 its column but not its
    severity (errors could not be told from warnings), and its text came back in the room the problem
    column gave by wrapping to half its width. Severity, then line and column, are shown first; a
    secondary column (text, expected, file) only beside a problem column at its readable width."""
    path = tmp_path / "ons.csv"
    path.write_text(
        "Title,CPI ANNUAL RATE 00: ALL ITEMS 2015=100,Average weekly earnings\n"
        "CDID,D7G7,KAB9\n2022 Q5,10.8,610\n2023 APR,n/a,612\n2023 APR,8.7,615\n",
        encoding="utf-8",
    )
    ran = run_in_pty("validate", str(path), columns=columns, lines=200, stderr=False)
    shown = screen(ran.output)
    header = header_columns(shown)
    assert ran.status == 2 and {"severity", "line", "column", "problem"} <= set(header), shown
    if {"text", "expected", "file"} & set(header):
        assert "period" in shown.split("'2022 Q5' is not a", 1)[1].splitlines()[0], shown  # not wrapped
