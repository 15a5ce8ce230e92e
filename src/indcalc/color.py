"""When text for people is coloured: the terminal, NO_COLOR and FORCE_COLOR, read one way everywhere.

The conventions: NO_COLOR set to anything but an empty string turns colour off (https://no-color.org);
FORCE_COLOR set to anything but an empty string turns it on where it would be off, on a pipe or in a
file (https://force-color.org), except ``0`` and ``false``, which the tools the convention grew from
(Node's supports-color, chalk) read as no colour: here they force nothing, so a CI job setting
FORCE_COLOR=0 to keep its logs plain gets no escape codes, and a terminal keeps its colours. Rich and
Typer take any non-empty FORCE_COLOR as forcing colour, so the tables pass Rich what the convention
says (`rich_force_terminal`), and the command line drops a FORCE_COLOR that forces nothing from its
environment before Typer reads it (`indcalc.cli.main`). Standard library only: the command line reads
it before anything else.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO

#: Values of FORCE_COLOR (compared case-insensitively, spaces stripped) that do not force colour.
NOT_FORCING = ("0", "false")


def color_forced(environ: Mapping[str, str] | None = None) -> bool | None:
    """What FORCE_COLOR says: True when it forces colour (set, not empty, not ``0`` or ``false``),
    False when it is set to ``0`` or ``false`` (colour not forced: as if unset), None when it is unset
    or empty.

    Example:
        >>> [color_forced({"FORCE_COLOR": v}) for v in ("1", "3", "true", "yes", "0", "false", "")]
        [True, True, True, True, False, False, None]
        >>> color_forced({})
    """
    value = (os.environ if environ is None else environ).get("FORCE_COLOR", "")
    if value == "":
        return None
    return value.strip().casefold() not in NOT_FORCING


def wants_color(stream: IO | None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether text for people written to `stream` is coloured: never with NO_COLOR set or on a dumb
    terminal (TERM ``dumb`` or ``unknown``, which shows escape codes as they are), always when
    FORCE_COLOR forces it (`color_forced`), else when `stream` is a terminal.

    Example:
        >>> import io
        >>> stream = io.StringIO()  # not a terminal
        >>> [wants_color(stream, {"FORCE_COLOR": v}) for v in ("", "1", "0")]
        [False, True, False]
        >>> wants_color(stream, {"FORCE_COLOR": "1", "NO_COLOR": "1"})
        False
    """
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR", "") != "" or env.get("TERM", "").strip().lower() in ("dumb", "unknown"):
        return False
    if color_forced(env):
        return True
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or closed
        return False


def rich_force_terminal(terminal: bool, environ: Mapping[str, str] | None = None) -> bool | None:
    """Rich's ``force_terminal`` for a console writing to a terminal or not (`terminal`): None (Rich
    looks for itself: the stream, NO_COLOR, TERM) unless FORCE_COLOR is set, which Rich would take as
    forcing colour whatever its value; then whether it forces colour (`color_forced`) or the output
    is a terminal.

    Example:
        >>> rich_force_terminal(False, {}), rich_force_terminal(False, {"FORCE_COLOR": "0"})
        (None, False)
        >>> rich_force_terminal(True, {"FORCE_COLOR": "0"}), rich_force_terminal(False, {"FORCE_COLOR": "1"})
        (True, True)
        >>> rich_force_terminal(True, {"FORCE_COLOR": ""}), rich_force_terminal(False, {"FORCE_COLOR": ""})
        (True, False)
    """
    env = os.environ if environ is None else environ
    if "FORCE_COLOR" not in env:
        return None
    return bool(color_forced(env)) or terminal  # set but empty: Rich would take it for no terminal


def drop_unforcing(environ: dict[str, str] | os._Environ[str] | None = None) -> None:
    """Remove FORCE_COLOR from the environment (`os.environ` by default) when it forces nothing
    (``0``, ``false``, empty), so that Rich and Typer, which read any non-empty value as forcing colour
    (and Rich an empty one as no terminal), decide by the terminal as they do when it is unset. For
    the command line: the Python API leaves the environment as it is.

    Example:
        >>> env, empty = {"FORCE_COLOR": "0", "PATH": "/bin"}, {"FORCE_COLOR": ""}
        >>> drop_unforcing(env), drop_unforcing(empty)
        (None, None)
        >>> env, empty
        ({'PATH': '/bin'}, {})
    """
    env = os.environ if environ is None else environ
    if "FORCE_COLOR" in env and not color_forced(env):
        del env["FORCE_COLOR"]
