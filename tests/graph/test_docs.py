"""Every GraphQL example of docs/querying.md is valid against the schema."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import parse, validate

from tests.graph.support import SCHEMA

DOC = Path(__file__).resolve().parents[2] / "docs" / "querying.md"
BLOCKS = re.findall(r"```graphql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_guide_has_examples() -> None:
    assert len(BLOCKS) >= 20


@pytest.mark.parametrize("document", BLOCKS, ids=lambda d: d.split("{")[0].strip())
def test_example_is_valid(document: str) -> None:
    assert validate(SCHEMA._schema, parse(document)) == []


@pytest.mark.anyio
async def test_the_home_example_costs_one_call_per_kind_of_data() -> None:
    from adapters.fake import FakeBackends
    from tests.graph.support import data, run

    fake = FakeBackends.create()
    home = next(b for b in BLOCKS if b.startswith("query Home"))
    data(await run(fake, home))
    assert fake.calls.calls and set(fake.calls.calls.values()) == {1}
