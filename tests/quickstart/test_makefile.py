"""The two-command quickstart: `make demo` and `make test` build .venv by themselves.

Checked with ``make -n`` (print, don't run) in a directory holding only the Makefile,
pyproject.toml and the audit's package files, i.e. what a fresh clone looks like to make:
no .venv and no node_modules yet.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
VENV_STEPS = ["python3 -m venv .venv", ".venv/bin/python -m pip install", "-e '.[dev]'"]
AUDIT_FILES = ("tests/http_audit/package.json", "tests/http_audit/package-lock.json")
AUDIT_STEP = "npm ci --prefix tests/http_audit"


def dry_run(directory: Path, target: str) -> str:
    result = subprocess.run(
        ["make", "-n", target], cwd=directory, capture_output=True, text=True, check=True
    )
    return result.stdout


@pytest.fixture
def fresh_clone(tmp_path: Path) -> Path:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    for name in ("Makefile", "pyproject.toml", *AUDIT_FILES):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def positions(text: str, needles: list[str]) -> list[int]:
    found = [text.find(needle) for needle in needles]
    assert -1 not in found, f"missing {needles[found.index(-1)]!r} in:\n{text}"
    return found


def test_make_test_builds_the_venv_then_runs_every_check(fresh_clone: Path) -> None:
    plan = dry_run(fresh_clone, "test")
    venv = positions(plan, VENV_STEPS)
    checks = positions(
        plan,
        [
            ".venv/bin/ruff check .",
            ".venv/bin/ruff format --check .",
            ".venv/bin/python .venv/bin/lint-imports",
            ".venv/bin/python -m mypy",
            ".venv/bin/python -m pytest",
        ],
    )
    assert max(venv) < min(checks)
    assert plan.count("-m venv") == 1  # the stamp is shared by every target
    (audit,) = positions(plan, [AUDIT_STEP])  # the JavaScript GraphQL-over-HTTP audit
    assert audit < checks[-1]


def test_make_demo_builds_the_venv_then_runs_the_demo(fresh_clone: Path) -> None:
    plan = dry_run(fresh_clone, "demo")
    venv = positions(plan, VENV_STEPS)
    (demo,) = positions(plan, [".venv/bin/mutugraph demo"])
    assert max(venv) < demo


def test_the_venv_is_rebuilt_when_pyproject_changes() -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    plan = subprocess.run(
        ["make", "-n", "-W", "pyproject.toml", "pytest"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    positions(plan, VENV_STEPS)


def test_the_audit_is_reinstalled_when_its_lock_changes() -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    plan = subprocess.run(
        ["make", "-n", "-W", AUDIT_FILES[1], "pytest"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    positions(plan, [AUDIT_STEP])


def test_make_demo_needs_no_node(fresh_clone: Path) -> None:
    assert "npm" not in dry_run(fresh_clone, "demo")


def test_ci_runs_make_test() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert script.startswith("#!/usr/bin/env bash")
    assert "set -euo pipefail" in script
    assert script.rstrip().endswith("make test")
    subprocess.run(["bash", "-n", str(ROOT / ".ci" / "run")], check=True)


def test_readme_starts_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[: readme.find("\n## ", readme.find("make test"))]
    assert "make demo" in head and "make test" in head
    assert head.find("make demo") < head.find("make test")
