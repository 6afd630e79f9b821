"""A build on a Dask cluster (a real `dask scheduler` and `dask worker` on loopback) gives the same
graph.ttl, byte for byte, as one process; a worker killed mid-build changes nothing; mistakes in
--scheduler, or Dask missing, are one line that says what to do."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import free_port

from graph import cluster
from graph.builder import build, extractor_digest
from graph.cli import main
from graph.errors import BadInput

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "seeds" / "000_7063dbed7b201b27.txt").read_text(encoding="utf-8")
GENERATED = 300  # articles beyond the seed's: about forty tasks, more than the two workers hold at once


def dask(*args: str, cwd: Path) -> subprocess.Popen:
    """A `dask` command in its own process group (so that it and its workers stop together)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the workers import this checkout's graph
    return subprocess.Popen(
        [sys.executable, "-m", "dask", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop_group(proc: subprocess.Popen) -> None:
    """SIGTERM to the command and its workers; SIGKILL if they have not gone in 20 s."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=20)
    with contextlib.suppress(ProcessLookupError):  # the worker processes under a nanny, were any left
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory) -> Iterator[str]:
    """A scheduler and two single-thread worker processes on 127.0.0.1, stopped however the tests end."""
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    work = tmp_path_factory.mktemp("dask")
    address = f"tcp://127.0.0.1:{free_port()}"
    port = address.rsplit(":", 1)[1]
    procs = [dask("scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard", cwd=work)]
    try:
        procs.append(
            dask(
                "worker",
                address,
                "--nworkers",
                "2",
                "--nthreads",
                "1",
                "--host",
                "127.0.0.1",
                "--no-dashboard",
                "--local-directory",
                str(work),
                "--death-timeout",
                "60",  # gone on their own should the scheduler die first
                cwd=work,
            )
        )
        with distributed.Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for proc in reversed(procs):
            stop_group(proc)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[list[Path], Path]:
    """The seed and GENERATED articles made from its page, each a little different; and its graph.ttl
    built in one process."""
    tmp = tmp_path_factory.mktemp("corpus")
    bodies = [part.split("\n", 1)[1] for part in PAGE.split("\n## ")[1:]]
    with (tmp / "news.jsonl").open("w", encoding="utf-8") as f:
        for i in range(GENERATED):
            text = bodies[i % len(bodies)].replace("近日", f"{i % 28 + 1}日")
            if i % 3 == 0:
                text = f"第{i}届职工技能大赛在某某市举行。" + text
            f.write(json.dumps({"id": f"r{i}", "title": f"第{i}篇", "text": text}, ensure_ascii=False) + "\n")
    paths = [ROOT / "seeds", tmp / "news.jsonl"]
    result = build(paths, tmp / "one", html=False, jobs=1)
    assert result.articles == GENERATED + 6
    del result  # it holds its store open
    return paths, tmp / "one" / "graph.ttl"


@pytest.mark.slow
def test_a_cluster_gives_the_same_graph_as_one_process(scheduler, corpus, tmp_path: Path) -> None:
    paths, expected = corpus
    result = build(paths, tmp_path / "out", html=False, scheduler=scheduler)
    assert result.added == GENERATED + 6
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == expected.read_bytes()
    del result
    # nothing changed, so nothing is sent: not even a scheduler is asked (none answers on port 9)
    again = build(paths, tmp_path / "out", html=False, scheduler="tcp://127.0.0.1:9")
    assert (again.added, again.unchanged) == (0, GENERATED + 6)


@pytest.mark.slow
def test_shards_give_the_same_graph_and_load_anywhere(scheduler, corpus, tmp_path: Path) -> None:
    import pyoxigraph as ox

    paths, expected = corpus
    result = build(paths, tmp_path / "out", html=False, scheduler=scheduler, shards=tmp_path / "shards")
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == expected.read_bytes()
    shards = sorted((tmp_path / "shards").iterdir())
    assert shards and all(p.suffix == ".nq" for p in shards)  # no temporary file left behind
    # bulk-loaded elsewhere, the shards are the store's article graphs
    elsewhere = ox.Store()
    for shard in shards:
        elsewhere.bulk_load(path=str(shard), format=ox.RdfFormat.N_QUADS)
    assert set(elsewhere) == {q for q in result.store.ox if q.graph_name != ox.DefaultGraph()}


def test_shards_without_a_scheduler_are_refused(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="give --scheduler too"):
        build([ROOT / "seeds"], tmp_path, shards=tmp_path / "shards")


def test_a_shard_is_read_back_as_written(tmp_path: Path) -> None:
    from graph.rdf.store import ArticleGraph

    graphs = [
        ArticleGraph("urn:a", b'<urn:s> <urn:p> "x <urn:a> ." .\n', b'<urn:a> <urn:h> "1" .\n'),
        ArticleGraph("urn:b", b"<urn:s> <urn:p> <urn:b> .\n<urn:b> <urn:p> <urn:o> .\n", b""),
    ]
    shard = cluster.write_shard(graphs, str(tmp_path))
    assert cluster.read_shard(shard) == graphs
    assert cluster.write_shard(graphs, str(tmp_path)) == shard  # a task run again: the same file
    assert [p.name for p in tmp_path.iterdir()] == [Path(shard.path).name]


@pytest.mark.slow
def test_a_worker_killed_mid_build_gives_the_same_graph(
    scheduler, corpus, tmp_path: Path, monkeypatch
) -> None:
    from distributed import Client

    paths, expected = corpus
    with Client(scheduler, timeout="60s") as client:
        before = client.run(os.getpid)
        results = 0
        result_of = cluster._result

        def kill_after_three(future, killed):  # the third task's graphs are in: kill a worker
            nonlocal results
            results += 1
            if results == 3:
                os.kill(next(iter(before.values())), signal.SIGKILL)
            return result_of(future, killed)

        monkeypatch.setattr(cluster, "_result", kill_after_three)
        result = build(paths, tmp_path / "out", html=False, scheduler=scheduler)
        assert results > 3  # the kill came with tasks still to come
        assert result.added == GENERATED + 6
        assert (tmp_path / "out" / "graph.ttl").read_bytes() == expected.read_bytes()
        client.wait_for_workers(2, timeout=120)  # its nanny starts another
        assert set(client.run(os.getpid).values()) != set(before.values())


@pytest.mark.slow
def test_a_local_cluster_from_the_command_line(corpus, tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    paths, expected = corpus
    args = ["build", *map(str, paths), "-o", str(tmp_path), "--no-html", "--scheduler", "local:2"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "graph.ttl").read_bytes() == expected.read_bytes()


def test_without_dask_scheduler_says_how_to_install(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` now fails
    result = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "--scheduler", "local:2"])
    assert result.exit_code == 1
    assert result.output == "Error: --scheduler needs Dask, an optional extra: pip install 'unionkg[dask]'\n"


@pytest.mark.parametrize("value", ["local:0", "local", "8786", "127.0.0.1:8786", "http://127.0.0.1:8786"])
def test_a_bad_scheduler_says_what_is_valid(value: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", str(ROOT / "seeds"), "-o", str(tmp_path), "--scheduler", value]
    )
    assert result.exit_code == 1
    assert result.output == (
        f"Error: --scheduler {value!r}: give tcp://HOST:PORT (a running `dask scheduler`) "
        "or local:N (N worker processes on this machine)\n"
    )
    assert not (tmp_path / "store").exists()  # said before anything was read or written


@pytest.mark.parametrize("value", ["tcp://127.0.0.1:8786", "tcp://[::1]:8786", "local:3"])
def test_a_good_scheduler_is_taken(value: str) -> None:
    assert cluster.parse_scheduler(value) in (
        cluster.Scheduler(address=value),
        cluster.Scheduler(workers=3),
    )


def test_jobs_and_scheduler_together_are_refused(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="not both"):
        build([ROOT / "seeds"], tmp_path, jobs=2, scheduler="local:2")


def test_a_worker_with_another_extractor_refuses_to_extract() -> None:
    from graph.pipeline import RULES_ONLY
    from graph.read import Draft

    drafts = [(Draft("news-01", "某区总工会举办职工运动会。", "news.txt"), "hash")]
    failed = cluster._run(drafts, cluster.Setup(RULES_ONLY, "0" * 32, nice=False))
    assert isinstance(failed, cluster.Failed)
    assert "another UnionKG extractor" in failed.message
    assert "install the same version on every worker" in failed.message


def test_an_article_that_fails_is_named_with_its_file(monkeypatch) -> None:
    """On a worker the failure comes back as a value (Dask would retry an exception to no end);
    the client raises it as a local build does."""
    from graph import workers
    from graph.pipeline import RULES_ONLY
    from graph.read import Draft

    def broken(*args):
        raise ValueError("no such thing")

    monkeypatch.setattr(workers, "article_ntriples", broken)
    drafts = [(Draft("news-01", "某区总工会举办职工运动会。", "news.txt"), "hash")]
    failed = cluster._run(drafts, cluster.Setup(RULES_ONLY, extractor_digest(RULES_ONLY), nice=False))
    message = "news.txt: article 'news-01' could not be extracted: ValueError: no such thing"
    assert failed == cluster.Failed(message)
    with pytest.raises(BadInput) as local:
        list(workers.extract(drafts, RULES_ONLY, 1))
    assert str(local.value) == message
