"""Shared helpers: run the CLI in-process and write small CSV files."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from indcalc.cli import app


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
