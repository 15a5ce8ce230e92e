"""`python -m indcalc` and the `indcalc` console script.

`indcalc --version` is answered here, before Typer and Rich are imported, so it starts fast.
"""

import sys


def main() -> None:
    """Run the command line."""
    if sys.argv[1:] in (["--version"], ["-V"]):
        from indcalc import __version__

        print(f"indcalc {__version__}")
        return
    from indcalc.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
