"""Push per-article named graphs to any SPARQL 1.1 server with the Graph Store Protocol, and ask it
queries with the SPARQL Protocol. Standard library HTTP only; retries on network errors and 5xx.

Only graphs whose content hash differs from what was last pushed to that endpoint are sent, and the
graphs of articles removed locally are deleted there, so repeated pushes keep a remote store current.

The union of the article graphs goes too, each triple once, as the embedded store keeps it: the named
queries read it. A server does not make it: Oxigraph and Fuseki keep their default graph apart from
the named graphs (it stays empty), and a "union default graph" setting counts a triple once per
graph that holds it. So the union is written into the remote's default graph, or into a named graph
for a server whose default graph cannot be written (Virtuoso, which reads every graph by default:
query the union graph with FROM there). The Graph Store Protocol takes no triples out of a graph, so
when an article changed or went, the union is replaced whole (one PUT, streamed from a file); when
articles were only added, their triples are added to it (one POST).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ..atomic import write_atomic
from ..errors import BadInput, UnionKGError
from .namespace import PREFIXES
from .store import ArticleStore

DEFAULT, NONE = "default", "none"  # where the union goes, besides a graph IRI: the default graph, or nowhere
UNIONS = "unions"  # the key in pushed.json of where each endpoint keeps the union, and which union it is


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

    def request(
        self, method: str, url: str, data: bytes | BinaryIO | None = None, headers: dict | None = None
    ) -> bytes:
        """``data`` is bytes, or a file sent as it is read (never held in memory whole)."""
        headers = self._headers(headers or {})
        if data is not None and not isinstance(data, bytes):
            # the length up front, as for bytes (urllib would otherwise send the file chunked)
            headers["Content-Length"] = str(os.fstat(data.fileno()).st_size)
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        for attempt in range(self.retries + 1):
            if data is not None and not isinstance(data, bytes):
                data.seek(0)  # a retry sends the file from its start
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

    def graph_url(self, graph: str | None) -> str:
        """The Graph Store Protocol address of a named graph, or of the default graph (None)."""
        sep = "&" if "?" in self.store_url else "?"
        if graph is None:
            return f"{self.store_url}{sep}default"
        return f"{self.store_url}{sep}graph={urllib.parse.quote(graph, safe='')}"

    def put_graph(self, graph: str | None, ntriples: bytes | BinaryIO) -> None:
        """Replace the graph's content."""
        self.request("PUT", self.graph_url(graph), ntriples, {"Content-Type": "application/n-triples"})

    def post_graph(self, graph: str | None, ntriples: bytes) -> None:
        """Add triples to the graph."""
        self.request("POST", self.graph_url(graph), ntriples, {"Content-Type": "application/n-triples"})

    def delete_graph(self, graph: str | None) -> None:
        try:
            self.request("DELETE", self.graph_url(graph))
        except RemoteError as e:
            if " 404 " not in str(e):
                raise

    def select(self, text: str, default_graph: str | None = None) -> tuple[list[str], list[list[str]]]:
        """Run a SELECT or ASK on the server; values as the same strings the embedded store gives.
        With ``default_graph``, the query reads that graph as its default graph (as FROM would)."""
        from ..sparql import cell_text

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
                row.append(cell_text(b.get(v)))
            body.append(row)
        return head, body


@dataclass
class PushReport:
    sent: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    union: str = ""  # what was done to the remote's union: replaced, extended, unchanged, or "" (none kept)


def state_file(store: ArticleStore) -> Path | None:
    return store.path.parent / "pushed.json" if store.path else None


def union_digest(hashes: dict[str, str]) -> str:
    """The union is made of the article graphs alone: their content hashes name it."""
    return hashlib.sha256("".join(f"{g} {h}\n" for g, h in sorted(hashes.items())).encode()).hexdigest()


def check_union_graph(union: str, hashes: dict[str, str]) -> None:
    if union in (DEFAULT, NONE):
        return
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+", union):
        raise BadInput(f"--union-graph {union!r}: give default, none or an absolute IRI")
    if union in hashes:
        raise BadInput(f"--union-graph {union!r} is an article's graph; name a graph of its own")


def push(store: ArticleStore, remote: Remote, union: str = DEFAULT) -> PushReport:
    """Send every article graph the server does not have in its current version; delete the rest;
    then keep the union of the article graphs there in ``union``: DEFAULT (the default graph), a
    graph IRI, or NONE (no union)."""
    path = state_file(store)
    state = json.loads(path.read_text(encoding="utf-8")) if path and path.exists() else {}
    pushed: dict[str, str] = state.get(remote.store_url, {})
    kept: dict | None = state.get(UNIONS, {}).get(remote.store_url)  # where the union is, and which
    report = PushReport()
    hashes = store.hashes()
    check_union_graph(union, hashes)

    def save() -> None:
        if path:  # recorded as each graph lands, so an interrupted push resumes where it stopped
            state[remote.store_url] = pushed
            write_atomic(path, json.dumps(state, ensure_ascii=False, indent=1).encode())

    # the remote's union is whole and matches its article graphs: new articles' triples can be added
    added: list[bytes] | None = [] if kept == {"graph": union, "digest": union_digest(pushed)} else None
    for graph, digest in sorted(hashes.items()):
        if pushed.get(graph) == digest:
            report.unchanged += 1
            continue
        triples = [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in store.ox.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        ]
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        remote.put_graph(graph, body)
        if graph in pushed:  # a changed article: its old triples may have to leave the union
            added = None
        elif added is not None:
            added.append(body)
        pushed[graph] = digest
        report.sent.append(graph)
        save()
    for graph in sorted(set(pushed) - set(hashes)):
        remote.delete_graph(graph)
        del pushed[graph]
        report.deleted.append(graph)
        added = None  # a removed article: its triples leave the union unless another article has them
    save()
    now = union_digest(hashes)
    report.union = keep_union(store, remote, union, kept, added, now)
    unions = state.setdefault(UNIONS, {})
    if union == NONE:
        unions.pop(remote.store_url, None)
    else:
        unions[remote.store_url] = {"graph": union, "digest": now}
    save()
    return report


def keep_union(
    store: ArticleStore, remote: Remote, union: str, kept: dict | None, added: list[bytes] | None, digest: str
) -> str:
    """Bring the remote's union up to date with the store's (``digest``): say whether it was
    replaced, extended or unchanged ("" when no union is kept)."""
    if kept and kept["graph"] != union:  # it moves (or is no longer wanted): its old place is cleared
        remote.delete_graph(None if kept["graph"] == DEFAULT else kept["graph"])
        kept = None
    if union == NONE:
        return ""
    where = None if union == DEFAULT else union
    if kept and kept["digest"] == digest:
        return "unchanged"
    try:
        if added is not None:
            remote.post_graph(where, b"".join(added))
            return "extended"
        if kept is None:
            # a first write there: a server that cannot keep the union there says so to a request
            # without a body (to a large PUT it may answer before reading it and close the
            # connection, which the client sees as a broken pipe, not as the server's message)
            remote.delete_graph(where)
        with tempfile.TemporaryFile() as f:
            store.ox.dump(f, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
            if f.tell():
                remote.put_graph(where, f)
            else:  # no articles left: nothing to send, the union graph goes
                remote.delete_graph(where)
        return "replaced"
    except RemoteError as e:
        if where is None:  # e.g. Virtuoso: "the endpoint is not configured to have default graph"
            raise RemoteError(
                f"{e} (to keep the union in a named graph instead: --union-graph IRI)"
            ) from None
        raise
