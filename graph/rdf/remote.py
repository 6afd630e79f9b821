"""Push per-article named graphs to any SPARQL 1.1 server with the Graph Store Protocol, and ask it
queries with the SPARQL Protocol. Standard library HTTP only; retries on network errors and 5xx.

Only graphs whose content hash differs from what was last pushed to that endpoint are sent, and the
graphs of articles removed locally are deleted there, so repeated pushes keep a remote store current.
"""

from __future__ import annotations

import base64
import html
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..atomic import write_atomic
from ..errors import UnionKGError
from .namespace import PREFIXES
from .store import ArticleStore


class RemoteError(UnionKGError):
    """The server refused a request or could not be reached."""


@dataclass
class Remote:
    """A SPARQL 1.1 server: its Graph Store Protocol URL, and its query URL if it has one."""

    store_url: str
    query_url: str | None = None
    user: str | None = None
    password: str | None = None
    token: str | None = None
    retries: int = 3
    timeout: float = 60.0

    def _headers(self, extra: dict[str, str]) -> dict[str, str]:
        headers = dict(extra)
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        elif self.user is not None:
            pair = f"{self.user}:{self.password or ''}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
        return headers

    def request(self, method: str, url: str, data: bytes | None = None, headers: dict | None = None) -> bytes:
        req = urllib.request.Request(url, data=data, method=method, headers=self._headers(headers or {}))
        for attempt in range(self.retries + 1):
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    return resp.read()
            except urllib.error.HTTPError as e:
                body = e.read().decode("utf-8", "replace")
                if e.headers and e.headers.get_content_type() == "text/html":  # Virtuoso explains in a page
                    body = html.unescape(re.sub(r"<[^>]*>", " ", body))
                body = " ".join(body.split())[:300]  # one line, as every error is
                if e.code < 500 or attempt == self.retries:
                    raise RemoteError(
                        f"{method} {url}: the server answered {e.code} {e.reason}: {body}"
                    ) from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as e:
                if attempt == self.retries:
                    raise RemoteError(f"{method} {url}: cannot reach the server: {e}") from None
            time.sleep(0.2 * 2**attempt)
        raise AssertionError("unreachable")

    def graph_url(self, graph: str) -> str:
        sep = "&" if "?" in self.store_url else "?"
        return f"{self.store_url}{sep}graph={urllib.parse.quote(graph, safe='')}"

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        self.request("PUT", self.graph_url(graph), ntriples, {"Content-Type": "application/n-triples"})

    def delete_graph(self, graph: str) -> None:
        try:
            self.request("DELETE", self.graph_url(graph))
        except RemoteError as e:
            if " 404 " not in str(e):
                raise

    def select(self, text: str, default_graph: str | None = None) -> tuple[list[str], list[list[str]]]:
        """Run a SELECT or ASK on the server; values as the same strings the embedded store gives.
        With ``default_graph``, the query reads that graph as its default graph (as FROM would)."""
        from ..sparql import shorten

        if not self.query_url:
            raise RemoteError("no query URL was given for this server")
        prefixes = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
        # a form-encoded POST is the one form of the SPARQL Protocol every server takes
        fields = {"query": prefixes + text}
        if default_graph:
            fields["default-graph-uri"] = default_graph
        form = urllib.parse.urlencode(fields).encode("ascii")
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        }
        raw = self.request("POST", self.query_url, form, headers)
        doc = json.loads(raw)
        if "boolean" in doc:  # ASK, answered as run_store answers it
            return ["ask"], [[str(doc["boolean"]).lower()]]
        head = doc["head"]["vars"]
        body = []
        for b in doc["results"]["bindings"]:
            row = []
            for v in head:
                row.append(_text(b.get(v), shorten))
            body.append(row)
        return head, body


def _text(cell: dict | None, shorten) -> str:
    if cell is None:
        return ""
    if cell["type"] == "uri":
        return shorten(cell["value"])
    if cell.get("datatype", "").endswith("#boolean"):  # Virtuoso answers booleans as 1 and 0
        return "true" if cell["value"] in ("1", "true") else "false"
    return cell["value"]


@dataclass
class PushReport:
    sent: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)


def state_file(store: ArticleStore) -> Path | None:
    return store.path.parent / "pushed.json" if store.path else None


def push(store: ArticleStore, remote: Remote) -> PushReport:
    """Send every article graph the server does not have in its current version; delete the rest."""
    path = state_file(store)
    state = json.loads(path.read_text(encoding="utf-8")) if path and path.exists() else {}
    pushed: dict[str, str] = state.get(remote.store_url, {})
    report = PushReport()
    hashes = store.hashes()
    for graph, digest in sorted(hashes.items()):
        if pushed.get(graph) == digest:
            report.unchanged += 1
            continue
        triples = [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in store.ox.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        ]
        remote.put_graph(graph, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
        pushed[graph] = digest
        report.sent.append(graph)
        if path:  # record each graph as it lands, so an interrupted push resumes where it stopped
            state[remote.store_url] = pushed
            write_atomic(path, json.dumps(state, ensure_ascii=False, indent=1).encode())
    for graph in sorted(set(pushed) - set(hashes)):
        remote.delete_graph(graph)
        del pushed[graph]
        report.deleted.append(graph)
    if path:
        state[remote.store_url] = pushed
        write_atomic(path, json.dumps(state, ensure_ascii=False, indent=1).encode())
    return report
