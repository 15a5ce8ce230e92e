"""Run indcalc as a user at a terminal does: in a pseudo-terminal of a fixed size.

CliRunner's stdout is never a terminal, so code that only runs on one (tables fitted to the width,
colour, the first rows of a long table, charts drawn in characters) is never exercised by it. `run_in_pty`
starts ``python -m indcalc`` in a new process whose stdin, stdout and stderr are a pty of `columns` x
`lines` (set on the pty with TIOCSWINSZ, and in COLUMNS/LINES), reads everything it writes until it
exits, and returns the exit status and that output; `run_piped` runs the same command with pipes.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from typing import NamedTuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Ran(NamedTuple):
    status: int
    output: str  # stdout (and, in a pty, stderr with it, as a terminal shows them)
    stderr: str = ""


def _env(extra: dict[str, str] | None, columns: int | None, lines: int | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES")}
    env.update(TERM="xterm-256color", PYTHONIOENCODING="utf-8", LANG="C.UTF-8")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [os.path.join(ROOT, "src"), env.get("PYTHONPATH")]))
    if columns is not None:
        env.update(COLUMNS=str(columns), LINES=str(lines or 40))
    env.update(extra or {})
    return env


def run_in_pty(
    *args: str,
    columns: int = 100,
    lines: int = 40,
    env: dict[str, str] | None = None,
    timeout: float = 30,
    cwd: str | None = None,
    program: list[str] | None = None,
    keys: tuple[tuple[float, bytes], ...] = (),
    stderr: bool = True,
) -> Ran:
    """`indcalc ARGS...` with stdin, stdout and stderr on a pty of `columns` x `lines`; with `stderr`
    False, stderr goes to /dev/null (no progress bar, which a loaded machine may show, in the output).

    `program` replaces ``python -m indcalc`` (say, ``[sys.executable, "-c", CODE]``). `keys` are typed
    at the terminal, each (seconds after the start, bytes): ``b"\x04"`` is Ctrl-D, ``b"\x03"`` Ctrl-C.

    The output is decoded as UTF-8 with the pty's ``\\r\\n`` line ends made ``\\n``. Raises
    TimeoutError (after killing the process) when it runs longer than `timeout` seconds.
    """
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    process = subprocess.Popen(
        [*(program or [sys.executable, "-m", "indcalc"]), *args],
        stdin=slave,
        stdout=slave,
        stderr=slave if stderr else subprocess.DEVNULL,
        env=_env(env, columns, lines),
        cwd=cwd or ROOT,
        close_fds=True,
        # the pty is the process's controlling terminal, as a shell's is: typed Ctrl-C sends SIGINT
        start_new_session=True,
        preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
    )
    os.close(slave)
    chunks = []
    started = time.monotonic()
    deadline = started + timeout
    typing = sorted(keys)
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                process.kill()
                raise TimeoutError(f"indcalc {' '.join(args)} ran longer than {timeout} s in a pty")
            while typing and time.monotonic() - started >= typing[0][0]:
                os.write(master, typing.pop(0)[1])
            wait = min(left, 1.0, *(started + at - time.monotonic() for at, _ in typing[:1]))
            ready, _, _ = select.select([master], [], [], max(wait, 0.0))
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every holder of the pty's other end has closed it
                break
            if not chunk:
                break
            chunks.append(chunk)
        status = process.wait(timeout=max(deadline - time.monotonic(), 1))
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
            process.wait()
    return Ran(status, b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n"))


def run_piped(
    *args: str, env: dict[str, str] | None = None, timeout: float = 30, cwd: str | None = None
) -> Ran:
    """`indcalc ARGS...` with stdout and stderr read through pipes (and no stdin)."""
    done = subprocess.run(
        [sys.executable, "-m", "indcalc", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=_env(env, None, None),
        cwd=cwd or ROOT,
        timeout=timeout,
    )
    return Ran(
        done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    )
