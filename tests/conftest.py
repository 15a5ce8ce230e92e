"""Shared helpers: run the CLI in-process, write small CSV files, compare printed figures."""

from __future__ import annotations

import math
import re
import signal
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner, Result

from indcalc.cli import app

# Tests never assert wall-clock times: hypothesis's default 200 ms deadline per example fails on a
# shared, loaded machine (seen in CI-like runs), so no test has a deadline.
settings.register_profile("indcalc", deadline=None)
settings.load_profile("indcalc")


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """One worker when other than the default tests are chosen (`pytest -m slow`): the scaling tests
    measure time ratios, which a second worker's load would skew. None: one per core (pyproject.toml)."""
    return None if config.getoption("markexpr") == "not slow" else 1


def default_sigint() -> None:
    """A child's `preexec_fn`: Ctrl-C as on a terminal's foreground job. A suite started in the
    background (`pytest &`, a non-interactive shell's job) has SIGINT ignored, and a child inherits
    that: Python then never raises KeyboardInterrupt, and a test sending SIGINT would test nothing."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def invoke(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
    """Run `indcalc ARGS...` with stdout and stderr captured separately."""
    try:
        runner = CliRunner(mix_stderr=False)  # Click < 8.2 mixes them unless told not to
    except TypeError:
        runner = CliRunner()  # Click >= 8.2 (and Typer's own Click) always separates them
    return runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)


@pytest.fixture
def write_csv(tmp_path: Path):
    """Write text (or bytes) to a file in tmp_path and return its path as a string."""

    def write(text: str | bytes, name: str = "data.csv") -> str:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return str(path)

    return write


# Figures printed from a vectorised kernel (numpy's pow, exp, log) may differ in their last bit from one
# CPU to another (AVX-512 paths against AVX2 ones), so whole outputs are compared with this tolerance on
# every number: 12 significant digits, far finer than any real change of a figure, far coarser than a
# last-bit difference (about 1e-16 relative, 1e-13 after a CAGR's subtraction of 1). Figures worked out
# in plain Python (calc, check) are exact everywhere and are compared exactly.
FIGURE_REL_TOLERANCE = 1e-12
FIGURE_ABS_TOLERANCE = 1e-12
_NUMBER = re.compile(r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")


def as_expected_figures(got: str, expected: str) -> str:
    """`got` with every number that equals the number at the same place in `expected` within the figure
    tolerance written as `expected` writes it, so ``assert as_expected_figures(got, want) == want``
    ignores last-bit differences and still shows any other difference in full.
    """
    got_parts, expected_parts = _NUMBER.split(got), _NUMBER.split(expected)
    if len(got_parts) != len(expected_parts) or got_parts[::2] != expected_parts[::2]:
        return got  # different text: no figure to forgive
    for i in range(1, len(got_parts), 2):
        if math.isclose(
            float(got_parts[i]),
            float(expected_parts[i]),
            rel_tol=FIGURE_REL_TOLERANCE,
            abs_tol=FIGURE_ABS_TOLERANCE,
        ):
            got_parts[i] = expected_parts[i]
    return "".join(got_parts)
