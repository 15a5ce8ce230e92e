"""`python -m indcalc` and the `indcalc` console script.

`indcalc --version` is answered here, before Typer and Rich are imported, so it starts fast.
"""

import sys


def main() -> None:
    """Run the command line."""
    if sys.argv[1:] in (["--version"], ["-V"]):
        from indcalc import __version__

        try:
            print(f"indcalc {__version__}", flush=True)
        except OSError as exc:  # `> /dev/full`: one line on stderr, as every command says it
            from indcalc.cli import flushed

            sys.exit(flushed(0, exc))
        return
    from indcalc.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
