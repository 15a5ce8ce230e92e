"""Every command as a user at a terminal runs it: through a pseudo-terminal of a fixed size.

CliRunner is never a terminal, so these run ``python -m indcalc`` in a pty (`tests.terminal`) and
compare with the same command piped: the exit status is the same, no traceback is shown, and what a
terminal gets (fitted tables, colour, charts) says what the data say.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest

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
    ["validate"],
    ["validate", "tests/fixtures/planted.csv"],
    ["check", "{report}"],
    ["ytd", "{ytd}"],
    ["share", "{parts}", "--total", "GDP"],
    ["share"],
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
