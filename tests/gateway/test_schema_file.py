"""schema/schema.graphql is the printed schema: this fails when it differs from the code.

Fix it with ``make schema`` (``mutugraph export-schema > schema/schema.graphql``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.cli import main, schema_sdl

SCHEMA_FILE = Path(__file__).parents[2] / "schema" / "schema.graphql"


def test_committed_schema_matches_the_code() -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == schema_sdl(), "schema/schema.graphql is stale: run `make schema`"


def test_export_schema_prints_it_with_one_final_newline(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["export-schema"], environ={}) == 0
    out = capsys.readouterr().out
    assert out == schema_sdl()
    assert out.endswith("}\n") and not out.endswith("\n\n")
