"""The Python API: the library names its parameters, the CLI its flags (issue 15)."""

import contextlib
import io
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import indcalc
from indcalc import NothingMatched, UsageError, load
from tests.conftest import invoke

SECTORS = "indicator,period,value\nGDP,2023,100\nGDP,2024,110\nA,2023,60\nA,2024,68\nB,2023,40\nB,2024,42\n"


def frame_of(text: str):
    return load(io.BytesIO(text.encode()))


@pytest.mark.parametrize(
    ("call", "library", "cli_args", "cli"),
    [
        (
            lambda f: indcalc.share(f, "Nothing"),
            "total='Nothing' matches no indicator (see `indcalc list`)",
            ["share", "--total", "Nothing"],
            "--total 'Nothing' matches no indicator (see `indcalc list`)",
        ),
        (
            lambda f: indcalc.contribution(f, "GDP", ["C*"]),
            "parts='C*' matches no indicator (see `indcalc list`)",
            ["contribution", "--total", "GDP", "--part", "C*"],
            "--part 'C*' matches no indicator (see `indcalc list`)",
        ),
        (
            lambda f: indcalc.growth(f, "2024", "2023"),
            "from_period=2024 must be an earlier period of the same frequency as to_period=2023",
            ["growth", "--from", "2024", "--to", "2023"],
            "--from 2024 must be an earlier period of the same frequency as --to 2023",
        ),
        (
            lambda f: indcalc.growth(f, "soon"),
            "from_period='soon' is not a period",
            ["growth", "--from", "soon"],
            "--from 'soon' is not a period",
        ),
        (
            lambda f: indcalc.target(f, 200, "2024"),
            "by=2024 is not after the latest period of every series",
            ["target", "--value", "200", "--by", "2024"],
            "--by 2024 is not after the latest period of every series",
        ),
        (
            lambda f: indcalc.select(f, ["x*"]),
            "no series match indicators='x*' (see `indcalc list` for the names)",
            ["growth", "-i", "x*"],
            "no series match -i 'x*' (see `indcalc list` for the names)",
        ),
        (
            lambda f: indcalc.contribution(f, "GDP", from_period="2022"),
            "total='GDP': no series has a value for 2022: the series are annual, 2023 to 2024",
            ["contribution", "--total", "GDP", "--from", "2022"],
            "--total 'GDP': no series has a value for 2022: the series are annual, 2023 to 2024",
        ),
    ],
)
def test_the_library_names_parameters_and_the_cli_flags(call, library, cli_args, cli, write_csv):
    with pytest.raises(UsageError) as raised:
        call(frame_of(SECTORS))
    assert str(raised.value).startswith(library)
    result = invoke(cli_args[0], write_csv(SECTORS), *cli_args[1:])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"indcalc: error: {cli}")


def test_nothing_matched_is_a_usage_error_naming_its_parameters():
    with pytest.raises(NothingMatched) as raised:
        indcalc.growth(frame_of("indicator,period,value\nx,2023-11,1\nx,2024-12,2\n"), "2024")
    assert raised.value.parameters == ("from_period",)
    assert raised.value.message.endswith("try from_period=2024-12")
    assert raised.value.spelled({"from_period": "--from"}).endswith("try --from 2024-12")


def readme_python_block() -> str:
    """The one python code block of the README's Python API section."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```python\n(.*?)```", section, re.S)
    return block


def test_the_readme_python_block_prints_what_it_says():
    output = io.StringIO()
    with contextlib.redirect_stdout(output), warnings.catch_warnings():
        warnings.simplefilter("error")  # the example runs cleanly
        exec(compile(readme_python_block(), "README.md", "exec"), {})
    printed = output.getvalue()
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    shown = readme.split("\n## Python API\n", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    assert printed == shown
    lines = dict(line.split(" ", 1) for line in printed.splitlines())
    assert lines["growth"].startswith("2020 2025 23.5955")  # 890 to 1,100
    assert lines["share"] == "[40.0, 41.82, 60.0, 58.18]"
    assert lines["ytd"] == "[30.0, 15.0]"
    assert lines["check"] == "['inconsistent']"


def test_import_indcalc_stays_cheap():
    code = "import sys, indcalc; indcalc.__version__; sys.exit('pandas' in sys.modules or 'numpy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], stdin=subprocess.DEVNULL, check=False).returncode == 0


@pytest.mark.parametrize("name", indcalc.__all__)
def test_every_public_name_resolves(name):
    assert getattr(indcalc, name) is not None
