"""Shared helpers: run the CLI in-process and write small CSV files."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from indcalc.cli import app


def invoke(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
    """Run `indcalc ARGS...` with stdout and stderr captured separately."""
    return CliRunner().invoke(app, list(args), input=input, env=env, catch_exceptions=False)


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
