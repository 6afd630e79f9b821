"""`unionkg serve`: the Oxigraph server (PyPI package `oxigraph`) over the store, read-only.

The port the user names belongs to the front (front.py), which serves our query page and hands
every other request to the oxigraph child, listening on a private loopback port.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from ..errors import UnionKGError
from .front import ChildExited, Front

LOOPBACK = "127.0.0.1"
START_SECONDS = 60  # for oxigraph to open the store and answer
STOP_SECONDS = 10  # for oxigraph to exit once asked, before it is killed


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


def listen(host: str, port: int) -> Front:
    try:
        return Front(host, port)
    except OSError as e:
        if e.errno == errno.EADDRINUSE:
            raise UnionKGError(f"port {port} is in use (try --port N)") from None
        raise UnionKGError(f"cannot listen on {host}:{port}: {e.strerror}") from None


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def answering(child: subprocess.Popen, port: int) -> bool:
    """Whether the child answers on the port (False once it has exited)."""
    deadline = time.monotonic() + START_SECONDS
    while child.poll() is None:
        try:
            socket.create_connection((LOOPBACK, port), timeout=1).close()
            return True
        except OSError:
            if time.monotonic() > deadline:
                raise UnionKGError(f"the oxigraph server did not answer in {START_SECONDS} s") from None
            time.sleep(0.05)
    return False


def start(store: Path) -> tuple[subprocess.Popen, int]:
    """The oxigraph child on a private loopback port, once it answers there."""
    for _ in range(3):  # a port free when picked may be taken before oxigraph binds it: pick again
        port = free_port()
        child = subprocess.Popen(
            command(store, LOOPBACK, port),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "RUST_LIB_BACKTRACE": "0"},  # its errors without a Rust backtrace
        )
        try:
            if answering(child, port):
                return child, port
        except BaseException:
            stop(child, signal.SIGKILL)
            raise
        said = child.stderr.read().decode("utf-8", "replace")
        if "Address already in use" not in said:
            lines = [ln.strip() for ln in said.splitlines() if ln.strip()]
            reason = lines[0].removeprefix("Error: ") if lines else f"status {child.returncode}"
            raise UnionKGError(f"the oxigraph server did not start: {reason}")
    raise UnionKGError("the oxigraph server found no free loopback port")


def stop(child: subprocess.Popen, signum: int) -> None:
    if child.poll() is None:
        child.send_signal(signum)
        try:
            child.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def relay(stream) -> None:
    """Pass the child's messages on, but not its private address: serve prints the user's."""
    for line in stream:
        if not line.startswith(b"Listening for requests at"):
            sys.stderr.write(line.decode("utf-8", "replace"))
            sys.stderr.flush()


class Stopped(BaseException):
    """SIGTERM or SIGINT. Not an Exception, as KeyboardInterrupt is not: socketserver would catch
    one raised while it starts a request's thread, print it and go on serving."""

    def __init__(self, signum: int) -> None:
        self.signum = signum


def stopped(signum: int, _frame) -> None:
    raise Stopped(signum)


def serve(store: Path, host: str, port: int) -> None:
    """Run the server in the foreground until SIGTERM or SIGINT (Ctrl-C), which stop the child too:
    it is another program, and would otherwise go on answering."""
    front = listen(host, port)  # first: a taken port is said in one line, before anything starts
    child, signum = None, signal.SIGTERM
    stopping = (signal.SIGTERM, signal.SIGINT)
    previous = {s: signal.signal(s, stopped) for s in stopping}
    try:
        child, private = start(store)
        threading.Thread(target=relay, args=(child.stderr,), daemon=True).start()
        front.child, front.upstream = child, (LOOPBACK, private)
        base = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"  # IPv6 in brackets
        print(f"SPARQL endpoint {base}/query, query page {base}/ (Ctrl-C stops it)", flush=True)
        front.serve_forever()
    except Stopped as e:
        signum = e.signum
    except ChildExited as e:
        status = e.args[0]
        how = f"on {signal.Signals(-status).name}" if status < 0 else f"with status {status}"
        raise UnionKGError(f"the oxigraph server stopped {how}") from None
    finally:
        for s in stopping:  # a second Ctrl-C does not cut the clean-up short
            signal.signal(s, signal.SIG_IGN)
        front.server_close()  # the port stops answering before the child is asked to stop
        if child is not None:
            stop(child, signum)
        for s, handler in previous.items():
            signal.signal(s, handler)
