"""`python -m graph` is the `unionkg` command."""

from .cli import main

main()
