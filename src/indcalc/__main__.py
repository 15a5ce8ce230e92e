"""`python -m indcalc`."""

from indcalc.cli import main

main()
