"""`unionkg serve`: the Oxigraph server (PyPI package `oxigraph`) over the store, read-only."""

from __future__ import annotations

import errno
import shutil
import signal
import socket
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


def check_free(host: str, port: int) -> None:
    """Say so in one line when the port is taken: oxigraph would print a Rust backtrace."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as oxigraph binds it
        try:
            s.bind((host, port))
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                raise UnionKGError(f"port {port} is in use (try --port N)") from None
            raise UnionKGError(f"cannot listen on {host}:{port}: {e.strerror}") from None


def serve(store: Path, host: str, port: int) -> None:
    """Run the server in the foreground until interrupted."""
    check_free(host, port)
    print(f"SPARQL endpoint http://{host}:{port}/query, query page http://{host}:{port}/ (Ctrl-C stops it)")
    child = subprocess.Popen(command(store, host, port))
    stopped: list[int] = []

    def forward(signum: int, _frame) -> None:
        # the server is another program: `kill` on us alone would leave it answering on the port
        stopped.append(signum)
        child.send_signal(signum)

    previous = {s: signal.signal(s, forward) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        status = child.wait()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if child.poll() is None:
            child.kill()
            child.wait()
    if status != 0 and not stopped:
        raise UnionKGError(f"the oxigraph server stopped with status {status}")
