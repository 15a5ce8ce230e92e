"""The README cannot rot: set-up commands, every console example, the generated CLI reference and the
benchmark tables (from ``benchmarks/results.json``, which ``benchmarks/run.py`` writes).

Run ``python tests/test_docs.py --update`` to regenerate both after changing the CLI or after a
benchmark run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"
BENCH_START, BENCH_END = "<!-- benchmark-results:start -->", "<!-- benchmark-results:end -->"
RESULTS = README.parent / "benchmarks" / "results.json"


def cli_reference() -> str:
    """Markdown for every command: usage, description and a table of its options, from the Click tree."""
    import typer.main

    from indcalc.cli import app

    group = typer.main.get_command(app)
    parts = []
    for name, command in group.commands.items():
        arguments = " ".join(
            (p.metavar or p.name.upper()) if p.required else f"[{p.metavar or p.name.upper()}]"
            for p in command.params
            if p.param_type_name == "argument"
        )
        parts.append(f"### `indcalc {name}`\n\n```\nindcalc {name} [OPTIONS] {arguments}\n```\n")
        paragraphs = re.split(r"\n\s*\n", (command.help or "").strip())
        parts.append("\n\n".join(" ".join(p.split()) for p in paragraphs) + "\n")
        rows = ["| option | help |", "| --- | --- |"]
        for param in command.params:
            if param.param_type_name == "argument":
                flags = f"`{param.metavar or param.name.upper()}`"
            else:
                flags = ", ".join(f"`{o}`" for o in (*param.opts, *param.secondary_opts))
            default = param.default
            shown = (
                ""
                if default in (None, False, (), []) or param.param_type_name == "argument"
                else f" (default: {getattr(default, 'value', default)})"
            )
            help_text = (param.help or "").replace("|", "\\|")
            rows.append(f"| {flags} | {help_text}{shown} |")
        parts.append("\n".join(rows) + "\n")
    return "\n".join(parts)


SHAPE_NAMES = {  # benchmarks/make_panel.py's shapes, as the README names them
    "today": "(a) today's panel: short ASCII names, no unit column, 3 decimals",
    "units": "(b) a unit column mixing % and 亿元, 万吨, billion yuan; names like County 0421; 1-4 decimals",
    "cjk-utf8": "(c) Chinese entity, indicator and unit names, UTF-8",
    "cjk-gbk": "(c) Chinese names, GBK (DuckDB and Polars read it transcoded to UTF-8 in their job)",
    "mixed": "(d) annual, quarterly and monthly series mixed",
    "wide": "(e) a wide yearbook table, 20 year columns",
    "parquet": "(f) shape (b) as Parquet",
}


def benchmark_tables(results: Path = RESULTS) -> str:
    """Markdown tables of the committed benchmark run: a table of the jobs per panel shape with the
    targets it misses, `check`, then start-up."""
    run = json.loads(results.read_text(encoding="utf-8"))
    parts = []
    for shape in run["shapes"]:
        jobs = [f"**{SHAPE_NAMES.get(shape['shape'], shape['shape'])}** (load {' → '.join(shape['load'])})\n"]
        jobs.append("| job | engine | median s | × floor | × DuckDB | peak MB | RSS × floor |")
        jobs.append("| --- | --- | --: | --: | --: | --: | --: |")
        jobs += [
            f"| {r['job']} | {r['engine']} | {r['median_s']:.2f} | {r['to_floor']:.2f} | {r['to_duckdb']:.2f} "
            f"| {r['peak_rss_mb']} | {r['rss_to_floor']:.2f} |"
            for r in shape["results"]
        ]
        missed = "; ".join(shape["misses"]) or "none"
        parts.append("\n".join(jobs) + f"\n\nTargets missed: {missed}.\n")
    if run.get("check"):
        check = run["check"]
        rows = [f"`indcalc check` on {check['mb']} MB of report text ({check['claims']:,} claims found):\n"]
        rows += ["| job | median s | MB/s | × reference | peak MB |", "| --- | --: | --: | --: | --: |"]
        rows += [
            f"| {r['job']} | {r['median_s']:.2f} | {r['mb_per_s']:.2f} | {r['to_reference']:.1f} | {r['peak_rss_mb']} |"
            for r in check["results"]
        ]
        parts.append("\n".join(rows) + "\n")
    startup = ["| command | median s | × `import pandas` | target |", "| --- | --: | --: | --: |"]
    for s in run["startup"]:
        target = f"≤ {s['target']:.2f}" if s["target"] else "—"
        startup.append(f"| `{s['command']}` | {s['median_s']:.3f} | {s['to_import_pandas']:.2f} | {target} |")
    return "\n".join([*parts, "\n".join(startup) + "\n"])


def _replaced(text: str, start: str, end: str, body: str) -> str:
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    return f"{before}{start}\n{body}{end}{after}"


def readme_with_reference(text: str) -> str:
    return _replaced(text, START, END, cli_reference())


def readme_with_benchmarks(text: str) -> str:
    return _replaced(text, BENCH_START, BENCH_END, benchmark_tables())


def test_readme_starts_with_the_two_setup_commands():
    text = README.read_text(encoding="utf-8")
    first_block = re.search(r"```\w*\n(.*?)```", text, re.S).group(1)
    assert first_block.splitlines() == ["pip install . && indcalc growth", "pip install '.[test]' && pytest"]
    assert text.index(first_block) < text.index("\n## ")


def test_cli_reference_in_readme_is_up_to_date():
    text = README.read_text(encoding="utf-8")
    assert text == readme_with_reference(text), "run: python tests/test_docs.py --update"


def test_benchmark_tables_in_readme_are_those_of_the_committed_run():
    text = README.read_text(encoding="utf-8")
    assert text == readme_with_benchmarks(text), "run: python tests/test_docs.py --update"


def console_examples():
    text = README.read_text(encoding="utf-8")
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        for example in re.split(r"^(?=\$ )", block, flags=re.M):
            if example.strip():
                command, _, output = example[2:].partition("\n")
                yield pytest.param(command, output, id=command[:60])


@pytest.mark.parametrize(("command", "expected"), list(console_examples()))
def test_readme_console_examples_print_what_they_show(command, expected):
    runnable = re.sub(r"(^|\| )indcalc ", rf"\1{sys.executable} -m indcalc ", command)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    done = subprocess.run(
        ["bash", "-c", runnable],
        capture_output=True,
        text=True,
        env=env,
        cwd=README.parent,
        stdin=subprocess.DEVNULL,  # as from a terminal: no data piped in, whatever stdin pytest has
    )
    from tests.conftest import as_expected_figures  # here: the module also runs as a script (--update)

    shown = done.stdout or done.stderr  # what a terminal shows: errors alone when a command fails
    assert as_expected_figures(shown, expected) == expected  # last bits of vector kernels may differ


@pytest.mark.parametrize(
    ("got", "expected", "same"),
    [
        (
            "x,1359.5505617977522\n",
            "x,1359.5505617977524\n",
            True,
        ),  # a last bit apart (AVX-512 pow against AVX2)
        ("2020,24.035127118423596", "2020,24.035127118423600", True),
        ("x,1359.55", "x,1359.5505617977524", False),  # a figure rounded is a difference
        ("x,1359.5505617", "x,1359.5505618", False),
        ("2021,5", "2020,5", False),
        ("x,10.55", "y,10.55", False),
        ("x,0", "x,1e-13", True),
    ],
)
def test_figures_compare_within_the_stated_tolerance(got, expected, same):
    from tests.conftest import as_expected_figures

    assert (as_expected_figures(got, expected) == expected) is same


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        updated = readme_with_benchmarks(readme_with_reference(README.read_text(encoding="utf-8")))
        README.write_text(updated, encoding="utf-8")
    else:
        print(cli_reference())


def _modules() -> list[str]:
    """Every module of the package (the CLI's too), found rather than listed, so none is left out."""
    import pkgutil

    import indcalc

    found = pkgutil.walk_packages(indcalc.__path__, "indcalc.")
    return sorted(m.name.removeprefix("indcalc.") for m in found if m.name != "indcalc.__main__")


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_run(name):
    import doctest
    import importlib

    module = importlib.import_module(f"indcalc.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    if not name.startswith("cli") and name not in WITHOUT_EXAMPLES:  # commands: their --help's Example
        assert result.attempted > 0, f"indcalc.{name} has no docstring example"


#: Modules whose functions are steps inside `indcalc.load` or `indcalc.plot`, shown through those.
WITHOUT_EXAMPLES = {
    "building",
    "building.build",
    "building.checks",
    "building.findings",
    "building.reshape",
    "plot",
    "reading.csv",
    "reading.sheets",
}


def cron_recipe() -> tuple[str, str]:
    """The README's cron recipe: its script (the ``sh`` block starting ``#!/bin/sh``) and the command of
    its crontab line (what cron hands to sh), without its schedule."""
    text = README.read_text(encoding="utf-8")
    (script,) = re.findall(r"```sh\n(#!/bin/sh\n.*?)```", text, re.S)
    (line,) = re.findall(r"^0 7 \* \* \* .*$", text, re.M)
    return script, line.split(" ", 5)[5]


ALERTING = "indicator,period,value,unit\nOutput,2023-06,121,billion yuan\nOutput,2024-06,104,billion yuan\n"
REVISED = "indicator,period,value,unit\nOutput,2023-06,121,billion yuan\nOutput,2024-06,120,billion yuan\n"
BROKEN = "indicator,period,value\nOutput,2024-06,oops\n"
HTML = "Content-Type: text/html; charset=utf-8"


@pytest.mark.parametrize(
    ("runs", "mails"),
    [
        pytest.param(
            [ALERTING, ALERTING, REVISED],
            [
                (
                    ["-a", HTML, "-s", "indcalc: 1 alert · 1 series to 2024-06 · monthly.csv"],
                    "<!DOCTYPE html>",
                ),
                None,  # nothing new: no mail
                (["-a", HTML, "-s", "indcalc: 1 revised · monthly.csv"], "<!DOCTYPE html>"),
            ],
            id="alert, nothing new, revised",
        ),
        pytest.param(
            [BROKEN],
            [
                (
                    ["-s", "indcalc summary: error"],
                    "indcalc: error: reports/monthly.csv:2:3: 'oops' is not a number",
                )
            ],
            id="bad input",
        ),
        pytest.param(
            [None],
            [(["-s", "indcalc summary: error"], "indcalc: error: reports/monthly.csv: no such file\n")],
            id="no file",
        ),
    ],
)
def test_the_cron_recipe_mails_what_is_new_as_html_and_errors_as_text(tmp_path, runs, mails):
    """The README's script run by its crontab line as cron runs it: by sh, in HOME, with a short PATH,
    with `mail` stubbed; day after day on the same home, so its state carries over."""
    script, command = cron_recipe()
    assert "%" not in command  # cron turns % into a new line
    home = tmp_path / "home"
    venv_bin = home / "indcalc" / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "indcalc").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m indcalc "$@"\n')
    (home / "bin").mkdir()
    (home / "bin" / "indcalc-digest").write_text(script)
    (home / "reports").mkdir()
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    (stubs / "mail").write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$@" > "{tmp_path}/mail.args"\ncat > "{tmp_path}/mail.body"\n'
    )
    for stub in (venv_bin / "indcalc", stubs / "mail"):
        stub.chmod(0o755)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {"HOME": str(home), "PATH": f"{stubs}:/usr/bin:/bin", "TMPDIR": str(scratch), "LANG": "C.UTF-8"}
    for data, mail in zip(runs, mails, strict=True):
        if data is not None:
            (home / "reports" / "monthly.csv").write_text(data, encoding="utf-8")
        for sent in ("mail.args", "mail.body"):
            (tmp_path / sent).unlink(missing_ok=True)
        done = subprocess.run(["sh", "-c", command], cwd=home, env=env, capture_output=True, text=True)
        assert done.stderr == "" and list(scratch.iterdir()) == []  # its temporary file is removed
        if mail is None:
            assert not (tmp_path / "mail.args").exists()
            continue
        args, body_starts = mail
        assert (tmp_path / "mail.args").read_text().splitlines() == [*args, "team@example.org"]
        body = (tmp_path / "mail.body").read_text(encoding="utf-8")
        assert body.startswith(body_starts)
        if data is ALERTING:
            assert "yoy_pct &lt; -10" in body and "-14.05%" in body
