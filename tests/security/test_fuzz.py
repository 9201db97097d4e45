"""Property-based fuzz of the whole graph over a real socket (hypothesis-graphql).

Queries and mutations are generated from ``schema/schema.graphql`` (valid ones, with random
arguments, and invalid ones with one schema violation) and sent to the running gateway
with a valid member token. Whatever the document, the answer must be a GraphQL answer
the design allows: no HTTP 5xx, every error with an ``extensions.code`` of DESIGN.md and
never INTERNAL, no stack trace. QUERY_TOO_COMPLEX is a fine answer to a huge document.

Ids in arguments are drawn from the member's real global ids, another member's and
another tenant's, as well as random text, so that ``node(id:)``, filters and mutations
reach their access checks and back ends, not only the id parser. Runs are derandomized:
the same examples every run, so CI is stable.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, mutations, nodes, queries

from resolvers.ids import NodeKey, global_id
from tests.security.conftest import SecuredProduct

pytestmark = pytest.mark.integration

SCHEMA = Path(__file__).resolve().parents[2] / "schema" / "schema.graphql"
CODES = frozenset(
    {
        "UNAUTHENTICATED",
        "FORBIDDEN",
        "BAD_USER_INPUT",
        "NOT_FOUND",
        "CONFLICT",
        "RATE_LIMITED",
        "QUERY_TOO_COMPLEX",
        "PERSISTED_QUERY_NOT_FOUND",
        "BACKEND_UNAVAILABLE",
        "BACKEND_TIMEOUT",
        "BACKEND_REJECTED",
    }
)  # DESIGN.md's codes, less INTERNAL
TENANT, MEMBER = "azur", "10000004"  # a member of its own: the fuzz's changes touch no one else
KEYS = {
    "Member": [MEMBER],
    "Beneficiary": [f"{MEMBER}-01", f"{MEMBER}-02", f"{MEMBER}-03"],
    "Payment": [f"R{MEMBER}-0001", f"R{MEMBER}-0002"],
    "Letter": [f"L{MEMBER}-001"],
    "Quote": [f"Q{MEMBER}-01"],
    "Thread": [f"T{MEMBER}-01"],
    "Message": [f"M{MEMBER}-001"],
    "Contract": [f"CT{MEMBER}"],
}
FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=False,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)


def _ids() -> list[str]:
    own = [global_id(t, NodeKey(TENANT, MEMBER, k)) for t, keys in KEYS.items() for k in keys]
    others = [
        global_id("Payment", NodeKey(TENANT, "10000001", "R10000001-0001")),
        global_id("Beneficiary", NodeKey("bocage", "20000001", "20000001-01")),
        global_id("HealthProfessional", NodeKey(TENANT, "", "10000000009")),
    ]
    return own + others


@cache
def _scalars() -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    junk = st.sampled_from(["", "zz", "2026-02-30", "9999-99-99", "1e999999", "NaN", "\x00"])
    return {
        "FuzzId": st.one_of(st.sampled_from(_ids()), st.text(max_size=40)).map(nodes.String),
        "Date": st.one_of(
            st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(str), junk
        ).map(nodes.String),
        "DateTime": st.one_of(
            st.datetimes(timezones=st.just(UTC)).map(datetime.isoformat), junk
        ).map(nodes.String),
        "Decimal": st.one_of(
            st.decimals(Decimal("-1e7"), Decimal("1e7"), places=2).map(str), junk
        ).map(nodes.String),
        "Upload": st.just(nodes.String("not-a-file")),
    }


@cache
def _sdl() -> str:
    """The schema with its ID arguments as a custom scalar: the printed documents are the
    same (string literals), but their values come from our ids as well as random text."""
    return re.sub(r"\bID\b", "FuzzId", SCHEMA.read_text(encoding="utf-8")) + "\nscalar FuzzId\n"


def _check(response: httpx.Response, document: str) -> None:
    assert response.status_code < 500, (response.status_code, document, response.text[:500])
    body = response.json()
    assert "data" in body or "errors" in body, body
    text = response.text
    assert "Traceback" not in text and 'File "/' not in text, (document, text[:500])
    for error in body.get("errors") or ():
        code = (error.get("extensions") or {}).get("code")
        event(f"code {code}")
        assert code in CODES, (document, error)


@pytest.fixture(scope="module")
def token(secured: SecuredProduct) -> str:
    return secured.token(TENANT, MEMBER)


def _send(secured: SecuredProduct, token: str, document: str) -> None:
    _check(secured.graphql(token, document), document)


@settings(FUZZ, max_examples=300)
@given(data=st.data())
def test_fuzzed_queries_never_break_the_gateway(
    secured: SecuredProduct, token: str, data: st.DataObject
) -> None:
    _send(secured, token, data.draw(queries(_sdl(), custom_scalars=_scalars())))


@settings(FUZZ, max_examples=150)
@given(data=st.data())
def test_fuzzed_mutations_never_break_the_gateway(
    secured: SecuredProduct, token: str, data: st.DataObject
) -> None:
    _send(secured, token, data.draw(mutations(_sdl(), custom_scalars=_scalars())))


@settings(FUZZ, max_examples=100)
@given(data=st.data())
def test_invalid_documents_are_refused_with_a_code(
    secured: SecuredProduct, token: str, data: st.DataObject
) -> None:
    """Documents with one schema violation (wrong type, missing argument, unknown enum)."""
    operations = st.one_of(
        queries(_sdl(), custom_scalars=_scalars(), mode=Mode.NEGATIVE),
        mutations(_sdl(), custom_scalars=_scalars(), mode=Mode.NEGATIVE),
    )
    _send(secured, token, data.draw(operations))
