"""`unionkg serve`: the Oxigraph server (PyPI package `oxigraph`) over the store, read-only."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from ..errors import UnionKGError


def oxigraph_binary() -> str:
    beside = Path(sys.executable).with_name("oxigraph")  # installed into the same environment
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise UnionKGError("the oxigraph server is not installed: pip install oxigraph")
    return found


def command(store: Path, host: str, port: int, *, read_only: bool = True) -> list[str]:
    mode = "serve-read-only" if read_only else "serve"
    return [
        oxigraph_binary(),
        mode,
        "--location",
        str(store),
        "--bind",
        f"{host}:{port}",
    ]  # not --union-default-graph: the store's default graph is already the union, each triple once


def serve(store: Path, host: str, port: int) -> None:
    """Run the server in the foreground until interrupted."""
    print(f"SPARQL endpoint http://{host}:{port}/query, query page http://{host}:{port}/ (Ctrl-C stops it)")
    try:
        subprocess.run(command(store, host, port), check=True)
    except KeyboardInterrupt:
        pass
    except subprocess.CalledProcessError as e:
        raise UnionKGError(f"the oxigraph server stopped with status {e.returncode}") from None
