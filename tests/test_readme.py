"""The README's commands stay true: the quick start, CI's test command and every CLI example."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(section: str) -> list[str]:
    body = README.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", body, re.S)


def quick_start() -> tuple[str, str]:
    build_cmd, test_cmd = (b.strip() for b in blocks("Quick start"))
    return build_cmd, test_cmd


def unionkg(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "graph", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def test_quick_start_is_two_commands_and_ci_runs_the_test_one() -> None:
    build_cmd, test_cmd = quick_start()
    assert "\n" not in build_cmd and "\n" not in test_cmd
    assert build_cmd.endswith("unionkg build seeds/ -o out/")
    assert test_cmd in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A copy of seeds/ where the quick start's build step has run."""
    work = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "seeds", work / "seeds")
    build_step = quick_start()[0].split("&&")[-1].split()
    assert build_step[0] == ".venv/bin/unionkg"
    r = unionkg(build_step[1:], work)
    assert r.returncode == 0, r.stderr
    assert (work / "out" / "graph.ttl").exists() and (work / "out" / "graph.html").exists()
    return work


def examples() -> list[str]:
    lines = [ln.strip() for b in blocks("Command-line reference") for ln in b.splitlines()]
    # not run here: examples that start servers or change the build, and those that read the
    # shared scorers (files outside the project, which users do not have)
    skip = ("unionkg build", "unionkg serve", "unionkg push", "unionkg remove")
    return [
        ln for ln in lines if ln.startswith("unionkg ") and not ln.startswith(skip) and "../shared" not in ln
    ]


@pytest.mark.parametrize("line", examples())
def test_every_cli_example_runs(workdir: Path, line: str) -> None:
    r = unionkg(shlex.split(line)[1:], workdir)
    assert r.returncode == 0, f"{line}\n{r.stdout}\n{r.stderr}"
