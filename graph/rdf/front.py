"""The port `unionkg serve` listens on: our query page at /, every other request passed to oxigraph.

Oxigraph's own page is built into its binary and takes no options: its YASGUI asks prefix.cc
for prefixes, offers look-ups in Linked Open Vocabularies (both on the internet) and starts
from a query without ukg:. So the oxigraph child listens on a private loopback port and this
front hands it every request but the page, unchanged, its answer streamed back as it comes.
"""

from __future__ import annotations

import functools
import http.client
import json
import socket
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .namespace import PREFIXES

# headers about one connection, not the request: never passed on (RFC 9110, section 7.6.1)
HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host"}
)
OWN = frozenset({"server", "date"})  # send_response writes these itself
CHUNK = 1 << 16

QUERY = """SELECT ?union ?name WHERE {
  ?union a ukg:TradeUnion ;
         rdfs:label ?name .
}
ORDER BY ?name
LIMIT 100"""

PAGE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>UnionKG SPARQL</title>
<link href="yasgui.min.css" rel="stylesheet" type="text/css">
<link rel="icon" type="image/svg+xml" href="logo.svg">
<script src="yasgui.min.js"></script>
</head>
<body>
<div id="unionkg"></div>
<script type="application/json" id="unionkg-config">CONFIG</script>
<script>
  const config = JSON.parse(document.getElementById("unionkg-config").textContent);
  const endpoint = new URL("query", window.location.href).href;
  // new tabs start from Yasqe's defaults; theirs ask prefix.cc and Linked Open Vocabularies on
  // the internet, so the prefixes come from this page and the class and property look-ups are off
  const defaults = Yasgui.Yasqe.defaults;
  defaults.value = config.query;
  defaults.prefixCcApi = "data:application/json," + encodeURIComponent(JSON.stringify(config.prefixes));
  defaults.autocompleters = defaults.autocompleters.filter((name) => name !== "class" && name !== "property");
  window.yasgui = new Yasgui(document.getElementById("unionkg"), {
    requestConfig: { endpoint: endpoint },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
  });
</script>
</body>
</html>
"""


@functools.cache
def page() -> bytes:
    """The query page, the project's prefixes declared in its first query."""
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    declared = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items())
    config = json.dumps({"query": declared + QUERY, "prefixes": prefixes}, ensure_ascii=False)
    return PAGE.replace("CONFIG", config.replace("</", "<\\/")).encode("utf-8")


class Front(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_port = False  # a second server on a taken port is an error, not a shared port

    def __init__(self, host: str, port: int) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.upstream: tuple[str, int] | None = None  # the oxigraph child, once it answers
        self.child: subprocess.Popen | None = None
        super().__init__((host, port), Handler)

    def server_bind(self) -> None:
        # HTTPServer's own looks the host name up in DNS, which can hang offline; no name is needed
        self.socket.bind(self.server_address)
        self.server_address = self.socket.getsockname()

    def service_actions(self) -> None:
        if self.child is not None and self.child.poll() is not None:
            raise ChildExited(self.child.returncode)

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser that went away mid-answer
            super().handle_error(request, client_address)


class ChildExited(Exception):
    """The oxigraph child stopped while serve was running."""


class Handler(BaseHTTPRequestHandler):
    server: Front
    # HTTP/1.0: each answer ends when the connection closes, so oxigraph's chunked answers pass
    # through as they come, without being read whole or encoded again
    protocol_version = "HTTP/1.0"

    def version_string(self) -> str:
        return "UnionKG"

    def log_message(self, *args) -> None:
        pass  # oxigraph logs no request either

    def do_GET(self) -> None:
        if self.path == "/":
            self.send_page()
            self.wfile.write(page())
        else:
            self.forward()

    def do_HEAD(self) -> None:
        if self.path == "/":
            self.send_page()
        else:
            self.forward()

    def do_POST(self) -> None:
        self.forward()

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_POST

    def send_page(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page())))
        self.end_headers()

    def forward(self) -> None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.send_error(411, "give the request body with a Content-Length")
            return
        length = self.headers.get("Content-Length", "0").strip()
        if not length.isdigit():
            self.send_error(400, "the Content-Length is not a number")
            return
        body = self.rfile.read(int(length)) if int(length) else None
        upstream = http.client.HTTPConnection(*self.server.upstream)
        try:
            upstream.putrequest(self.command, self.path, skip_accept_encoding=True)
            for name, value in self.headers.items():
                if name.lower() not in HOP_BY_HOP:
                    upstream.putheader(name, value)
            upstream.endheaders(body)
            answer = upstream.getresponse()
        except OSError:
            self.send_error(502, "the oxigraph server does not answer")
            return
        try:
            self.send_response(answer.status, answer.reason)
            for name, value in answer.getheaders():
                if name.lower() not in HOP_BY_HOP | OWN:
                    self.send_header(name, value)
            self.end_headers()
            while chunk := answer.read1(CHUNK):
                self.wfile.write(chunk)
        finally:
            upstream.close()
