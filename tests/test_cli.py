"""The command line as users drive it: exact output for each format, the API equivalence, exit codes."""

import csv
import io
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import indcalc
from indcalc import growth, list_series, load, yoy
from tests.conftest import as_expected_figures, invoke

SMALL = (
    "entity,indicator,period,value,unit\n"
    "Jingmen,高新技术制造业占比,2025,16,%\n"
    "Jingmen,高新技术制造业占比,2020,5.45,%\n"
    "Jingmen,Firms,2020,2,\n"
    "Jingmen,Firms,2025,6,\n"
    "A,Zero base,2020,0,\n"
    "A,Zero base,2025,3,\n"
)


def test_growth_table_is_for_people(write_csv):
    result = invoke("growth", write_csv(SMALL), "--format", "table")
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "Growth, first to last period · data.csv"
    assert lines[1].split() == [
        "entity", "indicator", "unit", "from_period", "to_period", "from_value", "to_value", "change",
        "pct_change", "pp_change", "multiple", "years", "cagr_pct",
    ]  # fmt: skip
    # series in the file's order
    assert lines[3].split() == [
        "Jingmen", "高新技术制造业占比", "%", "2020", "2025", "5.45", "16", "10.55", "193.58%", "10.55", "pp",
        "2.94×", "5", "24.04%",
    ]  # fmt: skip
    assert lines[5].split() == ["A", "Zero", "base", "2020", "2025", "0", "3", "3", "—", "—", "—", "5", "—"]
    assert lines[-1].startswith(
        "— undefined: pct_change and multiple are undefined from a zero or negative base"
    )
    # numbers are right-aligned and CJK names aligned by display width: the column ends line up
    assert cell_end(lines[1], "cagr_pct") == cell_end(lines[5], "—") == cell_end(lines[3], "24.04%")
    assert cell_end(lines[1], "from_value") == cell_end(lines[5], " 0") == cell_end(lines[3], "5.45")
    assert "\x1b[" not in result.stdout


def cell_end(line: str, token: str) -> int:
    """Display column (terminal cells) where the last occurrence of token ends."""
    from rich.cells import cell_len

    return cell_len(line[: line.rindex(token) + len(token)])


def test_growth_markdown(write_csv):
    result = invoke("growth", write_csv(SMALL), "-f", "markdown", "--digits", "1", "-e", "Jingmen")
    assert result.stdout == (
        "### Growth, first to last period · data.csv\n\n"
        "| entity | indicator | unit | from_period | to_period | from_value | to_value | change | pct_change "
        "| pp_change | multiple | years | cagr_pct |\n"
        "| :-- | :-- | :-- | :-- | :-- | --: | --: | --: | --: | --: | --: | --: | --: |\n"
        "| Jingmen | 高新技术制造业占比 | % | 2020 | 2025 | 5.5 | 16 | 10.6 | 193.6% | 10.6 pp | 2.9× | 5 | 24.0% |\n"
        "| Jingmen | Firms |  | 2020 | 2025 | 2 | 6 | 4 | 200.0% | — | 3.0× | 5 | 24.6% |\n"
        "\n— undefined: pp_change is given only for percent units.\n"
    )


def test_growth_csv_is_unrounded_and_auto_when_piped(write_csv):
    result = invoke("growth", write_csv(SMALL))  # stdout is not a terminal: CSV
    expected = (
        "entity,indicator,unit,from_period,to_period,from_value,to_value,change,pct_change,pp_change,"
        "multiple,years,cagr_pct\n"
        "Jingmen,高新技术制造业占比,%,2020,2025,5.45,16,10.55,193.57798165137615,10.55,2.9357798165137616,5,"
        "24.035127118423596\n"
        "Jingmen,Firms,,2020,2025,2,6,4,200,,3,5,24.57309396155174\n"
        "A,Zero base,,2020,2025,0,3,3,,,,5,\n"
    )
    assert as_expected_figures(result.stdout, expected) == expected  # cagr_pct: numpy's pow


def test_calc_5_45_to_16_percent():
    result = invoke("calc", "5.45%", "16%", "--years", "5", "-f", "csv")
    assert (
        result.stdout.splitlines()[1]
        == ",,%,,,5.45,16,10.55,193.57798165137615,10.55,2.9357798165137616,5,24.035127118423596"
    )
    table = invoke("calc", "5.45%", "16%", "--years", "5", "-f", "table").stdout
    assert table.splitlines()[0] == "5.45% → 16% over 5 years"
    assert "10.55 pp" in table and "193.58%" in table and "24.04%" in table and "entity" not in table


@pytest.mark.parametrize(
    ("args", "row"),
    [
        (["2", "6"], ",,,,,2,6,4,200,,3,,"),
        (["890", "1,100"], ",,,,,890,1100,210,23.59550561797753,,1.2359550561797752,,"),
        (["-5", "10"], ",,,,,-5,10,15,,,,,"),
        (["--", "-5", "10"], ",,,,,-5,10,15,,,,,"),
        (["30", "36%"], ",,%,,,30,36,6,20,6,1.2,,"),
        # the number grammar of files: scales, full-width digits, ％, qualifiers
        (["27.4亿", "30亿"], ",,亿,,,27.4,30,2.6,9.489051094890511,,1.094890510948905,,"),
        (["27.4亿", "3000万"], ",,亿,,,27.4,0.3,-27.1,-98.9051094890511,,0.010948905109489052,,"),
        (["8 million", "30 billion"], ",,billion,,,0.008,30,29.992,374900,,3750,,"),
        (["５.４５％", "16％"], ",,%,,,5.45,16,10.55,193.57798165137615,10.55,2.9357798165137616,,"),
        (["890", "1,100+"], ",,,,,890,1100,210,23.59550561797753,,1.2359550561797752,,"),
        (["-27.4亿", "30亿"], ",,亿,,,-27.4,30,57.4,,,,,"),
        # a difference of figures has their decimals: 2.6, not 2.5999999999999996
        (["5.6%", "8.2%"], ",,%,,,5.6,8.2,2.6,46.42857142857143,2.6,1.4642857142857142,,"),
        (["25.9%", "43.9%"], ",,%,,,25.9,43.9,18,69.4980694980695,18,1.694980694980695,,"),
        (["6.35%", "--pp", "3.7"], ",,%,,,2.65,6.35,3.7,139.62264150943398,3.7,2.3962264150943398,,"),
        (
            ["85.2亿", "--growth", "28.6"],
            ",,亿,,,66.25194401244168,85.2,18.94805598755832,28.6,,1.286,,",
        ),
    ],
)
def test_calc_reads_figures_as_written(args, row):
    result = invoke("calc", "-f", "csv", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == row


NOT_A_FIGURE = "expected a figure like 890, 1,100, 5.45% or 27.4亿"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["abc", "10"],
            "indcalc: error: 'abc' is not a number; expected a figure like 890, 1,100, 5.45% or 27.4亿\n",
        ),
        (
            ["1,00", "10"],
            "indcalc: error: '1,00' is not a number; expected a figure like 890, 1,100, 5.45% or 27.4亿\n",
        ),
        (["%", "10"], f"indcalc: error: '%' is not a number; {NOT_A_FIGURE}\n"),
        (["-", "10"], f"indcalc: error: '-' is not a number; {NOT_A_FIGURE}\n"),
        (
            ["5%", "3亿"],
            "indcalc: error: '5%' and '3亿': a percent has no scale (亿, million, ...); write one or the other\n",
        ),
        # options that do not go together are named
        (["5.45%", "16%", "--growth", "3"], "indcalc: error: --growth cannot be used with TO\n"),
        (["5", "6", "--share", "3"], "indcalc: error: --share cannot be used with TO\n"),
        (["6.35%", "--growth", "3", "--pp", "1"], "indcalc: error: --pp cannot be used with --growth\n"),
        (["5", "--pp", "1", "--share", "3"], "indcalc: error: --share cannot be used with --pp\n"),
        (["5", "--growth", "3", "--years", "5"], "indcalc: error: --years cannot be used with --growth\n"),
        (["5"], "indcalc: error: give TO, or one of --growth, --pp and --share\n"),
    ],
)
def test_calc_rejects_what_is_not_a_figure(args, message):
    result = invoke("calc", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["5", "6", "--year", "5"], "No such option: --year (Possible options: --years)"),
        (["5", "6", "--year=5"], "No such option: --year (Possible options: --years)"),
        (["5", "--gr", "3"], "No such option: --gr (Possible options: --growth)"),
        (["5", "6", "-x"], "No such option: -x"),
    ],
)
def test_calc_option_typos_are_named_not_taken_for_figures(args, message):
    """A real process and pipes: a misspelt option is refused as other commands refuse it, while
    negative figures (-5, -2.5%) are still figures."""
    done = _run(["calc", *args])
    assert (done.returncode, done.stdout) == (2, "")
    assert message in " ".join(done.stderr.replace("│", " ").split())
    negative = _run(["calc", "-2.5%", "3%", "-y", "5"])
    assert negative.returncode == 0 and negative.stdout.splitlines()[1] == ",,%,,,-2.5,3,5.5,,5.5,,5,"


def test_cli_json_equals_the_python_api_on_the_bundled_data():
    for command, function in (("growth", growth), ("yoy", yoy), ("list", list_series)):
        result = invoke(command, "--format", "json")
        assert result.exit_code == 0
        with pytest.warns() if command == "growth" else _nothing():
            expected = function(load())
        assert json.loads(result.stdout) == _plain(expected.to_dict(orient="records"))


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _plain(rows):
    return [
        {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()} for row in rows
    ]


def test_yoy_csv_round_trips_through_a_script(write_csv):
    text = "indicator,period,value\n" + "".join(
        f"x,{y}-{m:02d},{y * 100 + m}\n" for y in (2023, 2024) for m in (1, 2, 3)
    )
    result = invoke("yoy", write_csv(text), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["period"] for r in rows] == ["2023-01", "2023-02", "2023-03", "2024-01", "2024-02", "2024-03"]
    assert rows[3]["prior_period"] == "2023-01" and float(rows[3]["yoy_change"]) == 100.0
    assert rows[3]["yoy_pct"] == "0.049431292974330326"  # 100 / 202301 * 100, unrounded
    assert rows[0]["prior_value"] == "" and rows[0]["yoy_pct"] == ""


def test_stdin_dash(write_csv):
    result = invoke("growth", "-", "-f", "csv", input=SMALL)
    assert result.exit_code == 0 and result.stdout == invoke("growth", write_csv(SMALL), "-f", "csv").stdout


def test_filters_and_warnings_go_to_stderr(write_csv):
    result = invoke(
        "growth", write_csv(SMALL + "B,Lonely,2024,1,\n"), "-f", "csv", "-i", "*", "-e", "A", "-e", "B"
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:] == ["A,Zero base,,2020,2025,0,3,3,,,,5,"]
    assert (
        result.stderr
        == "indcalc: warning: 1 series with a single period has no growth and is left out: B / Lonely\n"
    )


@pytest.mark.parametrize(
    ("rows", "left"),
    [
        ("GDP,2023,1\n", "1 series with a single period has no growth and is left out: GDP"),
        ("GDP,2023,1\nB,2024,2\n", "2 series with a single period have no growth and are left out: GDP; B"),
        (
            "GDP,2023,: c\nGDP,2024,: c\n",
            "1 series with no figure (only flagged missing ones, such as : c) left out: GDP",
        ),
    ],
)
def test_growth_that_leaves_out_every_series_is_an_error_not_an_empty_table(write_csv, rows, left):
    result = invoke("growth", write_csv("indicator,period,value\n" + rows), "-f", "csv")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"indcalc: error: no series has two periods to compare: {left}\n"


def test_a_note_on_how_the_file_was_read_comes_before_the_error_it_explains():
    """Hypothesis found it in CI: the last line taken for a footnote leaves one period; the note says
    so before the error."""
    data = b"entity,indicator,period,value,unit\nJingmen,Output,2019,85.2,billion yuan\nJ"
    result = invoke("growth", "-", "-f", "csv", input=data)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "indcalc: note: <stdin>: skipped 1 footnote line below the table (line 3: 'J')\n"
        "indcalc: error: no series has two periods to compare: "
        "1 series with a single period has no growth and is left out: Jingmen / Output\n"
    )


def test_growth_between_periods_and_bad_period_options(write_csv):
    path = write_csv(SMALL)
    between = invoke("growth", path, "--from", "2020", "--to", "2025", "-f", "csv")
    expected = (  # the series in the file's order; cagr_pct from numpy's pow
        "Jingmen,高新技术制造业占比,%,2020,2025,5.45,16,10.55,193.57798165137615,10.55,2.9357798165137616,5,"
        "24.035127118423596\n"
        "Jingmen,Firms,,2020,2025,2,6,4,200,,3,5,24.57309396155174\n"
        "A,Zero base,,2020,2025,0,3,3,,,,5,\n"
    )
    assert as_expected_figures(between.stdout.split("\n", 1)[1], expected) == expected
    inside = write_csv("indicator,period,value\nx,2020,100\nx,2022,121\nx,2025,200\n", "three.csv")
    two_years = invoke("growth", inside, "--from", "2020", "--to", "2022", "-f", "csv")
    assert two_years.stdout.splitlines()[1].startswith(",x,,2020,2022,100,121,21,21,,1.21,2,10.0000000")
    bad = invoke("growth", path, "--from", "2025", "--to", "2020")
    assert (bad.exit_code, bad.stdout) == (2, "")
    assert (
        bad.stderr
        == "indcalc: error: --from 2025 must be an earlier period of the same frequency as --to 2020\n"
    )
    unparsed = invoke("growth", path, "--from", "last year")
    assert unparsed.exit_code == 2 and "--from 'last year' is not a period" in unparsed.stderr


def test_no_matching_series_is_an_error():
    result = invoke("yoy", "-i", "no such thing")
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr == "indcalc: note: no FILE given and nothing piped in: using the bundled figures\n"
        "indcalc: error: no series match -i 'no such thing' (see `indcalc list` for the names)\n"
    )


def test_output_file_format_follows_the_extension(tmp_path):
    for name, check in [
        ("g.json", json.loads),
        ("g.csv", lambda t: t.startswith("entity,")),
        ("g.md", lambda t: t.startswith("### ")),
    ]:
        result = invoke("growth", "-o", str(tmp_path / name))
        assert result.exit_code == 0 and result.stdout == ""
        assert check((tmp_path / name).read_text(encoding="utf-8"))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "g.csv",
        "g.json",
        "g.md",
    ]  # no temporary files left


def test_a_failing_run_leaves_an_existing_output_file_untouched(tmp_path, write_csv):
    target = tmp_path / "out.csv"
    target.write_text("precious\n")
    result = invoke("growth", write_csv("indicator,period,value\nx,2024,oops\n"), "-o", str(target))
    assert result.exit_code == 2 and target.read_text() == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.csv", "out.csv"]


def test_unwritable_output_is_a_clear_error(tmp_path):
    result = invoke("growth", "-o", str(tmp_path / "no" / "such" / "dir.csv"))
    assert result.exit_code == 2 and result.stdout == ""
    where = tmp_path / "no" / "such"
    assert result.stderr == (  # a usage error found before the work: no note about the bundled figures
        f"indcalc: error: cannot write {where / 'dir.csv'}: no such directory {where}\n"
    )


def test_list_command(write_csv):
    result = invoke("list", write_csv("indicator,period,value\nx,2024Q1,1\nx,2024Q4,2\n"), "-f", "csv")
    assert result.stdout == (
        "entity,indicator,unit,frequency,first,last,count,missing_count,missing\n,x,,quarterly,2024Q1,2024Q4,2,2,2024Q2 2024Q3\n"
    )


def test_version_and_help():
    assert invoke("--version").stdout == f"indcalc {indcalc.__version__}\n"
    top = invoke("--help")
    assert top.exit_code == 0 and all(c in top.stdout for c in ("growth", "yoy", "calc", "list"))


def test_every_command_and_option_has_help():
    import typer.main

    group = typer.main.get_command(indcalc.cli.app)
    for name, command in group.commands.items():
        assert command.help and "Example" in command.help, name
        for param in command.params:
            assert getattr(param, "help", None), f"{name} {param.name}"


def _run(args, **kwargs):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    if "input" not in kwargs:  # not whatever stdin pytest has: a pipe would be read (cli.inputs.given)
        kwargs.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.run(
        [sys.executable, "-m", "indcalc", *args], capture_output=True, text=True, env=env, **kwargs
    )


def test_python_dash_m_and_a_real_pipe():
    version = _run(["--version"])
    assert version.returncode == 0 and version.stdout == f"indcalc {indcalc.__version__}\n"
    piped = _run(["yoy"])  # stdout is a pipe: CSV
    assert piped.returncode == 0 and piped.stdout.startswith(
        "entity,indicator,unit,period,value,prior_period"
    )


def test_a_data_command_ends_its_process_with_everything_written_and_its_exit_status(tmp_path, write_csv):
    # A command that loaded pandas ends without the interpreter's teardown (cli._exit_now).
    whole = _run(["yoy", "--format", "csv"]).stdout
    assert whole == invoke("yoy", "--format", "csv").stdout and whole.count("\n") > 40
    target = tmp_path / "out.csv"
    assert _run(["yoy", "-o", str(target)]).returncode == 0 and target.read_text() == whole
    bad = _run(["yoy", write_csv(b"indicator,period,value\nx,2024,1\nx,2024,2\n")])
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr.endswith("duplicate: series 'x' already has '2024' on line 2\n")
    found = _run(["check", "-"], input="Output rose from 2 to 6, up 200%, up 300%.")
    assert found.returncode == 1 and found.stdout  # exit status 1: an inconsistent claim


def _environment_with(name: str, value: str | None) -> dict[str, str]:
    """This process's environment with `name` set to `value`, or unset when `value` is None."""
    env = {k: v for k, v in os.environ.items() if k != name}
    if value is not None:
        env[name] = value
    return env


@pytest.mark.parametrize(
    ("name", "given", "seen"),
    [
        ("NUMPY_MADVISE_HUGEPAGE", None, "0"),
        ("NUMPY_MADVISE_HUGEPAGE", "1", "1"),
        ("NUMPY_MADVISE_HUGEPAGE", "0", "0"),
        ("OPENBLAS_NUM_THREADS", None, "1"),
        ("OPENBLAS_NUM_THREADS", "4", "4"),
    ],
)
def test_the_command_line_asks_numpy_for_small_pages_and_one_blas_thread_unless_told(name, given, seen):
    # README, Performance: huge pages cost a short process more system time than they save, and
    # OpenBLAS's threads spin on the cores that parse the file, though no command multiplies matrices.
    env = _environment_with(name, given)
    script = (
        "import atexit, os, sys\n"
        f"atexit.register(lambda: print(os.environ.get({name!r}), file=sys.stderr))\n"
        "sys.argv = ['indcalc', 'calc', '1', '2']\n"
        "from indcalc.cli import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert (done.returncode, done.stderr) == (0, f"{seen}\n")


@pytest.mark.skipif(
    not hasattr(os, "confstr") or "glibc" not in (os.confstr("CS_GNU_LIBC_VERSION") or ""),
    reason="malloc's thresholds are glibc's",
)
@pytest.mark.parametrize(("given", "reused"), [(None, True), ("131072", False)])
def test_the_command_line_has_malloc_reuse_freed_memory_unless_told(given, reused):
    # README, Performance: a block of 64 MB freed and asked for again is served from the heap, its
    # pages already faulted in, instead of mapped afresh (glibc's default above 32 MB).
    env = _environment_with("MALLOC_MMAP_THRESHOLD_", given)
    for name in ("MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES"):  # Dask's Nanny sets the first in its process
        env.pop(name, None)
    script = (
        "import resource\n"
        "from indcalc.cli.inputs import heap_reuse\n"
        "heap_reuse()\n"
        "block = bytearray(64 << 20)\n"
        "del block\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt\n"
        "block = bytearray(64 << 20)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    faults = int(done.stdout)
    assert (faults < 1000) if reused else (faults > 10000), faults  # 16,384 pages of 4 kB


@pytest.mark.parametrize(("given", "seen"), [(None, "jemalloc"), ("system", "system")])
def test_the_command_line_gives_pyarrow_jemalloc_unless_told(given, seen):
    # README, Performance: less peak memory and steadier system time than mimalloc, pyarrow's default.
    pa = pytest.importorskip("pyarrow")
    try:
        pa.jemalloc_memory_pool()
    except NotImplementedError:
        pytest.skip("this pyarrow is built without jemalloc")
    env = _environment_with("ARROW_DEFAULT_MEMORY_POOL", given)
    script = (
        "import pyarrow as pa\n"
        "from indcalc.cli.inputs import arrow_pool\n"
        "arrow_pool()\n"
        "print(pa.default_memory_pool().backend_name)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"{seen}\n", "")


def test_a_closed_pipe_ends_quietly(tmp_path):
    big = tmp_path / "big.csv"
    big.write_text(
        "indicator,period,value\n" + "".join(f"s{i},{2000 + j},{j}\n" for i in range(4000) for j in range(20))
    )
    shell = f"{sys.executable} -m indcalc yoy {big} | head -n 1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True)
    assert (
        done.stdout
        == "entity,indicator,unit,period,value,prior_period,prior_value,yoy_change,yoy_pct,yoy_pp\n"
    )
    assert "Traceback" not in done.stderr and done.returncode in (0, 141)


HEAVY = ("pandas", "pyarrow", "numpy")


def test_the_cli_does_not_import_pandas_until_a_command_reads_data():
    code = f"import sys, indcalc.cli; sys.exit(any(m in sys.modules for m in {HEAVY!r}))"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_the_loader_reads_without_pandas_so_it_can_parse_while_pandas_imports():
    code = "import sys, indcalc.reading; sys.exit('pandas' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_computing_commands_do_not_import_the_claims_checkers_patterns():
    # compiling them took 26 ms of every yoy, on the thread that imports pandas while the file parses
    modules = "indcalc.reading, indcalc.building.build, indcalc.changes, indcalc.render.machine"
    code = f"import sys, {modules}; sys.exit(any(m.startswith('indcalc.claim') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@pytest.mark.parametrize(
    ("argv", "not_imported"),
    [
        (["calc", "5.45%", "16%", "--format", "csv"], (*HEAVY, "indcalc.cli.series", "indcalc.cli.reports")),
        (["--help"], HEAVY),
        (["--version"], (*HEAVY, "typer", "rich")),
    ],
)
def test_start_up_imports_only_what_the_command_needs(argv, not_imported):
    code = (
        "import sys\n"
        f"sys.argv = ['indcalc', *{argv!r}]\n"
        "from indcalc.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"loaded = [m for m in {not_imported!r} if m in sys.modules]\n"
        "sys.stderr.write(repr(loaded))\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_table_that_is_not_for_a_terminal_has_no_escape_codes(write_csv):
    # CliRunner's stdout is not a terminal (nor is NO_COLOR set): a table asked for has no escape codes.
    # NO_COLOR on a terminal is tested through a pty in test_terminal.py.
    result = invoke("growth", write_csv(SMALL), "-f", "table", env={"NO_COLOR": ""})
    assert result.exit_code == 0 and "193.58%" in result.stdout and "\x1b[" not in result.stdout


def test_bundled_data_is_found_from_any_directory(tmp_path):
    result = _run(["growth", "-f", "csv"], cwd=tmp_path)
    assert result.returncode == 0 and "High-tech manufacturing share of industrial output" in result.stdout
    assert Path(indcalc.reading.bundled_data_path()).is_file()


def _indcalc_on_path(tmp_path: Path) -> dict[str, str]:
    """An environment with an `indcalc` command (this interpreter's) first on PATH, as after installing."""
    folder = tmp_path / "bin"
    folder.mkdir()
    command = folder / "indcalc"
    command.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m indcalc "$@"\n')
    command.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}", "PYTHONIOENCODING": "utf-8"}


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        ("indcalc gr", ["growth"]),
        ("indcalc c", ["calc", "check", "contribution"]),
        ("indcalc growth --fo", ["--format"]),
    ],
)
def test_shell_completion_in_bash(tmp_path, words, offered):
    """The script `_INDCALC_COMPLETE=source_bash indcalc` prints, loaded in bash, completes as a user's
    Tab does: bash fills COMP_WORDS and COMP_CWORD and calls the function the script registers."""
    env = _indcalc_on_path(tmp_path)
    script = subprocess.run(
        ["indcalc"], env={**env, "_INDCALC_COMPLETE": "source_bash"}, capture_output=True, text=True
    )
    assert (script.returncode, script.stderr) == (0, "")
    assert "complete -o default -F _indcalc_completion indcalc" in script.stdout
    words_array = " ".join(f"'{w}'" for w in words.split())
    tab = (
        f'eval "$(_INDCALC_COMPLETE=source_bash indcalc)"\n'
        f"COMP_WORDS=({words_array}); COMP_CWORD={len(words.split()) - 1}\n"
        "_indcalc_completion indcalc\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(["bash", "-c", tab], env=env, capture_output=True, text=True)
    assert (done.stdout.split(), done.stderr) == (offered, "")


def test_shell_completion_protocol_and_install(tmp_path):
    env = _indcalc_on_path(tmp_path)
    asked = {"_INDCALC_COMPLETE": "complete_bash", "COMP_WORDS": "indcalc gr", "COMP_CWORD": "1"}
    done = subprocess.run(["indcalc"], env={**env, **asked}, capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, "growth\n", "")
    # --install-completion detects the user's shell (bash here: it was checked by hand); Typer's test
    # switch lets a test name it instead
    home = tmp_path / "home"
    home.mkdir()
    installing = {"HOME": str(home), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    done = subprocess.run(
        ["indcalc", "--install-completion", "bash"], env={**env, **installing}, capture_output=True, text=True
    )
    assert done.returncode == 0 and "completion installed in" in done.stdout, done.stderr
    installed = home / ".bash_completions" / "indcalc.sh"
    assert "_indcalc_completion" in installed.read_text()
    assert f"source '{installed}'" in (home / ".bashrc").read_text()


# 第三产业 sorts before 第二产业 by code point; a statistician lists 第二产业 first.
ORDERED = (
    "indicator,period,value,unit\n"
    "第二产业,2023,45.6,亿元\n"
    "第三产业,2023,50.9,亿元\n"
    "第二产业,2024,48.2,亿元\n"
    "第三产业,2024,53.9,亿元\n"
    "GDP,2023,100,亿元\n"
    "GDP,2024,105.2,亿元\n"
)
WIDE_ORDERED = "指标,单位,2023,2024\n第二产业,亿元,,48.2\n第三产业,亿元,50.9,53.9\nGDP,亿元,100,105.2\n"
YTD_ORDERED = (
    "indicator,period,value\n第二产业,2024年1-2月,30\n第三产业,2024年1-2月,10\n第二产业,2024年1-3月,45\n"
)


def _indicators(csv_text: str) -> list[str]:
    """The indicators of a CSV result in the order they first appear."""
    return list(dict.fromkeys(row["indicator"] for row in csv.DictReader(io.StringIO(csv_text))))


@pytest.mark.parametrize(
    ("args", "data", "file_order"),
    [
        (["growth"], ORDERED, ["第二产业", "第三产业", "GDP"]),
        (["yoy"], ORDERED, ["第二产业", "第三产业", "GDP"]),
        (["pop"], ORDERED, ["第二产业", "第三产业", "GDP"]),
        (["list"], ORDERED, ["第二产业", "第三产业", "GDP"]),
        (["summary"], ORDERED, ["第二产业", "第三产业", "GDP"]),
        (["target", "--value", "200", "--by", "2030"], ORDERED, ["第二产业", "第三产业", "GDP"]),
        (["share", "--total", "GDP"], ORDERED, ["第二产业", "第三产业"]),
        (["contribution", "--total", "GDP"], ORDERED, ["第二产业", "第三产业"]),
        (["ytd"], YTD_ORDERED, ["第二产业", "第三产业"]),
        (["list", "--wide"], WIDE_ORDERED, ["第二产业", "第三产业", "GDP"]),  # 第二产业 lacks 2023
    ],
)
def test_series_come_in_the_file_order_or_by_name(write_csv, args, data, file_order):
    path = write_csv(data)
    default = invoke(*args, path, "-f", "csv")
    assert default.exit_code == 0, default.stderr
    assert _indicators(default.stdout) == file_order
    by_name = invoke(*args, path, "-f", "csv", "--sort", "name")
    assert _indicators(by_name.stdout) == sorted(file_order)
    assert sorted(by_name.stdout.splitlines()) == sorted(default.stdout.splitlines())  # the same rows


def test_periods_stay_in_time_order_within_a_series(write_csv):
    result = invoke("yoy", write_csv("indicator,period,value\nB,2024,2\nA,2023,1\nB,2023,1\nA,2024,3\n"))
    rows = [(r["indicator"], r["period"]) for r in csv.DictReader(io.StringIO(result.stdout))]
    assert rows == [("B", "2023"), ("B", "2024"), ("A", "2023"), ("A", "2024")]


def test_an_unknown_sort_is_refused(write_csv):
    result = invoke("growth", write_csv(ORDERED), "--sort", "size")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "Invalid value for '--sort': 'size' is not one of 'file', 'name'" in result.stderr


def _in_a_terminal(args: list[str]) -> tuple[int, str]:
    """Run indcalc with stdout and stderr on a pseudo-terminal, as a user at a shell sees it."""
    import pty

    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", "COLUMNS": "120"}
    leader, follower = pty.openpty()
    done = subprocess.Popen(
        [sys.executable, "-m", "indcalc", *args], stdout=follower, stderr=follower, env=env, close_fds=True
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return done.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["calc", "27.4亿", "30亿"], ["27.4亿 → 30亿", "亿", "27.4", "30", "2.6", "9.49%"]),
        (["calc", "5.6%", "8.2%"], ["5.6% → 8.2%", "2.6", "2.60 pp"]),
        (["calc", "2.74亿", "--share", "6.35"], ["2.74亿 is 6.35% of a total", "43.15"]),
    ],
)
def test_calc_draws_its_table_in_a_terminal(args, shown):
    status, screen = _in_a_terminal(args)
    assert status == 0 and "Traceback" not in screen, screen
    assert all(text in screen for text in shown), screen


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["-5", "10"], "| -5 | 10 | 15 | — | — | — | — | — |"),  # pct_change, multiple, ... shown undefined
        (["0", "10", "--years", "2"], "| 0 | 10 | 10 | — | — | — | 2 | — |"),
    ],
)
def test_calc_shows_undefined_figures_with_the_reason_not_hides_their_columns(args, shown):
    result = invoke("calc", *args, "-f", "markdown")
    lines = result.stdout.splitlines()
    assert (
        lines[2]
        == "| from_value | to_value | change | pct_change | pp_change | multiple | years | cagr_pct |"
    )
    assert lines[4] == shown
    assert "pct_change and multiple are undefined from a zero or negative base" in lines[-1]


@pytest.mark.parametrize(
    ("args", "row"),
    [
        (["85.2", "--growth", "28.6%"], ",,,,,66.25194401244168,85.2,18.94805598755832,"),
        (["85.2", "--growth", "２８.６％"], ",,,,,66.25194401244168,85.2,18.94805598755832,"),
        (["6.35%", "--pp", "3.7pp"], ",,%,,,2.65,6.35,3.7,"),
        (["6.35%", "--pp", "3.7个百分点"], ",,%,,,2.65,6.35,3.7,"),
        (["2.74", "--share", "6.35%"], "2.74,6.35,43.1496062992126"),
    ],
)
def test_calc_options_take_rates_as_reports_write_them(args, row):
    result = invoke("calc", *args, "-f", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1].startswith(row)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["27.4亿", "30"],
            "indcalc: error: '27.4亿' has a scale and '30' has none; write both with one, or neither\n",
        ),
        (
            ["30", "27.4亿"],
            "indcalc: error: '27.4亿' has a scale and '30' has none; write both with one, or neither\n",
        ),
    ],
)
def test_calc_refuses_a_scaled_figure_beside_a_bare_one(args, message):
    result = invoke("calc", *args, "-f", "csv")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


@pytest.mark.parametrize("rate", ["abc", "28.6%%", "%"])  # inf and nan: tests/test_targets.py
def test_calc_refuses_a_rate_that_is_no_figure(rate):
    result = invoke("calc", "85.2", "--growth", rate, "-f", "csv")
    assert (result.exit_code, result.stdout) == (2, "")
    shown = " ".join(re.sub("[│╭╮╰╯─]", " ", result.stderr).split())  # Click's usage box, unwrapped
    assert f"Invalid value for '--growth': {rate!r} is not a figure; expected one like 28.6 or 28.6%" in shown


@pytest.mark.parametrize("text", ["", "\n  \n"])
def test_check_refuses_an_empty_report(text):
    result = invoke("check", "-", input=text)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "indcalc: error: <stdin>: empty, no text to check\n"


@pytest.mark.parametrize(
    ("args", "data"),
    [
        (["growth", "-", "-f", "csv"], "indicator,period,value\nx,2020,1e308\nx,2021,-1e308\n"),
        (["yoy", "-", "-f", "csv"], "indicator,period,value\nx,2020,1e308\nx,2021,-1e308\n"),
        (["calc", "1e308", "-1e308", "-f", "csv"], None),
    ],
)
def test_growth_from_1e308_to_minus_1e308_is_minus_200_percent(args, data):
    done = _run(args, input=data) if data is not None else _run(args)
    assert (done.returncode, done.stderr) == (0, "")
    header, *rows = [line.split(",") for line in done.stdout.splitlines()]
    row = dict(zip(header, rows[-1], strict=True))
    pct = "yoy_pct" if "yoy_pct" in row else "pct_change"
    change = "yoy_change" if "yoy_change" in row else "change"
    assert (row[change], float(row[pct])) == ("", -200.0)  # to - from is -2e308: beyond a float


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["growth", "--zzzzzz"], "indcalc: error: No such option: --zzzzzz (see indcalc growth --help)\n"),
        (["check"], "indcalc: error: Missing argument 'FILE'. (see indcalc check --help)\n"),
        (
            ["yoy", "--sort", "size"],
            "indcalc: error: Invalid value for '--sort': 'size' is not one of 'file', 'name'. "
            "(see indcalc yoy --help)\n",
        ),
        (["nosuch"], "indcalc: error: No such command 'nosuch'. (see indcalc --help)\n"),
    ],
    ids=["unknown option", "missing argument", "bad choice", "unknown command"],
)
def test_a_usage_error_is_one_line_on_stderr_with_exit_2_and_nothing_on_stdout(args, message):
    ran = _run(args)
    assert (ran.returncode, ran.stdout, ran.stderr) == (2, "", message)


def test_indcalc_alone_still_shows_the_help():
    ran = _run([])
    assert ran.returncode == 2 and "Usage: indcalc" in ran.stdout + ran.stderr and "error" not in ran.stderr


def test_the_shared_options_come_in_one_order_in_every_command_that_takes_them():
    import typer.main

    from indcalc.cli.options import INPUT_OPTIONS, OUTPUT_OPTIONS

    shared = ["file", *INPUT_OPTIONS, *OUTPUT_OPTIONS, "debug"]
    group = typer.main.get_command(indcalc.cli.app)
    for name in ("growth", "yoy", "pop", "list", "ytd", "share", "contribution", "target", "summary"):
        names = [param.name for param in group.commands[name].params]
        taken = [n for n in shared if n in names]
        assert [n for n in names if n in shared] == taken, name
        assert names[0] == "file" and names[-1] == "debug", name
        left_out = {"share": {"indicator"}, "contribution": {"indicator"}, "list": {"digits"}}.get(
            name, set()
        )
        assert taken == [n for n in shared if n not in left_out], name


@pytest.mark.parametrize("command", ["list", "validate"])
@pytest.mark.parametrize(
    ("text", "said", "listed"),
    [
        (
            "indicator,period,value\nGDP,2024,10\nGDP,2025,11\nCPI,2024,\nCPI,2025,\n",
            "1 series has no figures (every value cell empty or a missing-value mark), so no command shows it: 'CPI'",
            {("", "GDP")},
        ),
        (
            "entity,indicator,period,value\nA,CPI,2024,..\nA,CPI,2025,\nB,CPI,2024,3\nB,CPI,2025,4\n",
            "1 series has no figures (every value cell empty or a missing-value mark), so no command shows it: "
            "'A / CPI'",
            {("B", "CPI")},
        ),
        (
            "indicator,2023,2024\nGDP,1,2\nCPI,,\nPPI,,\n",
            "2 rows of the table have no figures (a heading, or a series with every value cell empty or a "
            "missing-value mark), so no command shows them: 'CPI', 'PPI'",
            {("", "GDP")},
        ),
    ],
    ids=["empty cells", "a mark and an empty cell, another entity's series filled", "wide table rows"],
)
def test_a_series_without_figures_is_named_not_dropped_silently(write_csv, command, text, said, listed):
    """A series whose value cells are all empty is in no command's output: list and validate say so
    on stderr (it was absent from list without a word); what they write is as before."""
    result = invoke(command, write_csv(text), "-f", "csv")
    assert result.exit_code in (0, 1), result.stderr  # validate: 1 for a missing-value mark's warning
    assert f"indcalc: note: {said}" in result.stderr.splitlines()
    if command == "list":
        assert {
            (row["entity"], row["indicator"]) for row in csv.DictReader(io.StringIO(result.stdout))
        } == listed


def test_a_command_reading_figures_has_the_cycle_collector_run_again(write_csv):
    # main() stops Python's cycle collector while modules are imported (indcalc.cli.collecting); a
    # command that reads figures stops it again until pandas is imported beside the parse, then has
    # it run again, so that a long job's garbage cycles are still found.
    import gc
    import threading

    gc.disable()  # as main() leaves it
    try:
        result = invoke("yoy", write_csv(b"indicator,period,value\nx,2023,1\nx,2024,2\n"), "-f", "csv")
        for thread in threading.enumerate():
            if thread.name == "indcalc-imports":
                thread.join()
        assert (result.exit_code, gc.isenabled()) == (0, True)
    finally:
        gc.enable()
