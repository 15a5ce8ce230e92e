"""The one error family of indcalc.

Every problem a user can cause (a bad file, a bad option value) is an `IndcalcError`. The CLI catches
it in one place, prints ``indcalc: error: <file>:<line>:<col>: <message>`` on stderr and exits 2.
"""

from __future__ import annotations

# Exit statuses of the command line.
EXIT_OK = 0
EXIT_FINDINGS = 1  # ran fine, and found what it was asked to look for (alerts, checks, warnings)
EXIT_ERROR = 2  # bad input or usage, or a bug
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT); SIGTERM and SIGHUP while writing are 128 + theirs
EXIT_BROKEN_PIPE = 141  # the reader went away (128 + SIGPIPE), as other tools end


class IndcalcError(Exception):
    """Base class of every error indcalc reports to a user."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def location(self) -> str:
        """Where the problem is, as ``file:line:col``; empty when there is no place."""
        return ""

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


class InputError(IndcalcError):
    """Bad input data, located as precisely as the data allows.

    Args:
        message: what is wrong and, where possible, what it should be.
        path: the file as the user named it (``<stdin>`` for ``-``).
        line: 1-based physical line of the file (the header is line 1).
        column: 1-based field number in the CSV record.

    Example:
        >>> str(InputError("'abc' is not a number", path="data.csv", line=5, column=4))
        "data.csv:5:4: 'abc' is not a number"
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.column = column
        self.also: tuple[InputError, ...] = ()  # further problems found in the same file
        self.unshown = 0  # problems beyond those in `also`, counted but not listed

    def location(self) -> str:
        """``file:line:col``, ``file:line`` or ``file`` (a column is given only with its line)."""
        parts = [self.path, self.line, self.column if self.line is not None else None]
        return ":".join(str(p) for p in parts if p is not None)


class UsageError(IndcalcError):
    """An argument value that cannot work (an unparseable from_period, from_period after to_period, ...).

    The library speaks Python and the CLI speaks flags: a message names an argument by a placeholder
    with its Python name, ``{=name}`` before its value and ``{@name}`` alone, written ``name=`` and
    ``name`` in the message a Python caller sees, and as the option (``--name `` and ``--name``)
    where the CLI reports it (`spelled`).

    Args:
        message: what is wrong, naming arguments by placeholders.
        parameters: the names of those arguments.

    Example:
        >>> error = UsageError("{=total}'GDP' matches no indicator", parameters=("total",))
        >>> error.message, error.spelled({"total": "--total"})
        ("total='GDP' matches no indicator", "--total 'GDP' matches no indicator")
    """

    def __init__(self, message: str, *, parameters: tuple[str, ...] = ()) -> None:
        self.template = message
        self.parameters = tuple(parameters)
        super().__init__(self.spelled({}))

    def spelled(self, flags: dict[str, str]) -> str:
        """The message with each argument named by its flag in `flags` (name -> ``--flag``), by its
        Python name where `flags` has none."""
        text = self.template
        for name in self.parameters:
            flag = flags.get(name)
            text = text.replace("{=" + name + "}", f"{flag} " if flag else f"{name}=")
            text = text.replace("{@" + name + "}", flag or name)
        return text


class NothingMatched(UsageError):
    """A filter (``-i``, ``-e``, ``--part``) or a period (``--from``, ``--to``, ``--by``) matched nothing,
    so the result would be empty: an error rather than an empty table that looks like an answer. The
    message says what the data has instead."""


class IndcalcWarning(UserWarning):
    """Something the user should know that does not stop the run (a series left out, ...).

    The core raises these with `warnings.warn`; the CLI prints them on stderr as
    ``indcalc: warning: ...``.
    """


class IndcalcNote(IndcalcWarning):
    """Something said for information only (the metadata and footnote lines a file had around its
    table, skipped); the CLI prints it on stderr as ``indcalc: note: ...``."""
