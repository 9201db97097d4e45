"""Query limits: depth, aliases, tokens, root fields, cost, page size; bodies and batches.

Every refused query is refused before execution: QUERY_TOO_COMPLEX (with the check, its
limit and the measured value) and not a single back-end call. The portal's own queries
(docs/querying.md) and GraphiQL's introspection query pass under the default limits.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from graphql import build_schema, get_introspection_query, parse, validate

from adapters.fake import CallLog
from gateway.limits.rules import IntrospectionDepthRule, bind_shape_rule
from gateway.limits.settings import LimitSettings
from gateway.limits.walk import Walker
from gateway.settings import ConfigurationError, Settings
from tests.security.limits_support import bearer, counted_server, portal_query
from tests.support.servers import ServerThread

pytestmark = pytest.mark.integration

NO_RATE_LIMITS = {"MUTUGRAPH_RATE_LIMIT_VIEWER": "0", "MUTUGRAPH_RATE_LIMIT_ADDRESS": "0"}
PAYMENT_PAGE = """
  edges { node {
    id date method total { amount currency } recipient { kind name }
    lines { redacted act { label } beneficiary { firstName } outOfPocket { amount } }
  } }
  totalCount pageInfo { hasNextPage endCursor }
"""


@pytest.fixture(scope="module")
def gateway() -> Iterator[tuple[ServerThread, CallLog]]:
    with counted_server(NO_RATE_LIMITS) as running:
        yield running


def post(server: ServerThread, body: Any, **options: Any) -> httpx.Response:
    headers = {**bearer(), **options.pop("headers", {})}
    return httpx.post(f"{server.url}/graphql", json=body, headers=headers, timeout=20, **options)


def refused(
    gateway: tuple[ServerThread, CallLog], query: str, variables: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The errors of a query that must be refused before any back-end call."""
    server, calls = gateway
    calls.clear()
    response = post(server, {"query": query, "variables": variables})
    assert response.status_code == 200
    body = response.json()
    assert body.get("data") is None
    assert calls.total == 0, calls.operations()
    return list(body["errors"])


def too_complex(errors: list[dict[str, Any]], check: str) -> dict[str, Any]:
    found = [e["extensions"] for e in errors if e["extensions"].get("check") == check]
    assert found, errors
    assert found[0]["code"] == "QUERY_TOO_COMPLEX"
    return found[0]


# -- the bombs, over a real socket -------------------------------------------------------


def test_depth_bomb_through_introspection(gateway: tuple[ServerThread, CallLog]) -> None:
    nested = "fields { type { " * 5 + "name" + " } }" * 5
    errors = refused(gateway, "{ __schema { types { " + nested + " } } }")
    depth = too_complex(errors, "depth")
    assert depth["limit"] == 12 and depth["measured"] == 13
    assert too_complex(errors, "introspectionDepth")["limit"] == 2


def test_depth_bomb_through_fragments(gateway: tuple[ServerThread, CallLog]) -> None:
    # Each fragment adds two levels: the depth is counted through the spreads.
    fragments = "".join(
        f"fragment T{i} on __Type {{ ofType {{ name }} fields {{ type {{ ...T{i + 1} }} }} }}\n"
        for i in range(6)
    )
    query = '{ __type(name: "Member") { ...T0 } }\n' + fragments + "fragment T6 on __Type { name }"
    errors = refused(gateway, query)
    assert too_complex(errors, "depth")["measured"] == 14


def test_alias_bomb(gateway: tuple[ServerThread, CallLog]) -> None:
    aliases = " ".join(f"a{i}: number" for i in range(40))
    errors = refused(gateway, "{ me { " + aliases + " } }")
    assert too_complex(errors, "aliases") == {
        "code": "QUERY_TOO_COMPLEX",
        "check": "aliases",
        "limit": 30,
        "measured": 40,
    }
    assert errors[0]["message"] == "Query too complex: 40 aliases, over the limit of 30."


def test_token_bomb(gateway: tuple[ServerThread, CallLog]) -> None:
    errors = refused(gateway, "{ me { " + "number " * 2500 + "} }")
    tokens = too_complex(errors, "tokens")
    assert tokens["limit"] == 2000 and tokens["measured"] == 2001
    # Comments count too: they cost parsing time as well.
    errors = refused(gateway, "{ me { number } }\n" + "#\n" * 2500)
    assert too_complex(errors, "tokens")["limit"] == 2000


def test_root_field_bomb(gateway: tuple[ServerThread, CallLog]) -> None:
    fields = " ".join(f"m{i}: me {{ number }}" for i in range(11))
    errors = refused(gateway, "{ " + fields + " }")
    assert too_complex(errors, "rootFields")["measured"] == 11


def test_cost_bomb_with_large_pages(gateway: tuple[ServerThread, CallLog]) -> None:
    pages = " ".join(f"p{i}: payments(first: $n) {{ {PAYMENT_PAGE} }}" for i in range(3))
    query = "query Bomb($n: Int) { me { " + pages + " } }"
    cost = too_complex(refused(gateway, query, {"n": 100}), "cost")
    assert cost["limit"] == 5000 and cost["measured"] > 5000
    # The same query with the default page size (20) is fine.
    body = post(gateway[0], {"query": query}).json()
    assert "errors" not in body and len(body["data"]["me"]["p0"]["edges"]) == 20


def test_page_size_over_100_is_refused_before_execution(
    gateway: tuple[ServerThread, CallLog],
) -> None:
    errors = refused(gateway, "{ me { letters(first: 1000) { totalCount } } }")
    assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "first"}
    assert "at most 100" in errors[0]["message"]


def test_several_operations_need_an_operation_name(gateway: tuple[ServerThread, CallLog]) -> None:
    """The GraphQL spec's GetOperation; Strawberry alone would run the first (a mutation,
    here) without a word."""
    document = (
        "mutation Paperless { setPaperlessStatements(enabled: true) { changeRequest { id } } }"
        " query Me { me { number } }"
    )
    (error,) = refused(gateway, document)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "operationName"}
    server, calls = gateway
    chosen = post(server, {"query": document, "operationName": "Me"}).json()
    assert chosen["data"] == {"me": {"number": "10000001"}} and calls.total == 0  # no change


def test_portal_queries_pass(gateway: tuple[ServerThread, CallLog]) -> None:
    server, calls = gateway
    for name in ("Home", "Profile", "Beneficiaries", "Contract", "Letters", "Inbox"):
        body = post(server, {"query": portal_query(name)}).json()
        assert "errors" not in body, (name, body)
    assert calls.total > 0


def test_graphiql_introspection_passes(gateway: tuple[ServerThread, CallLog]) -> None:
    # graphql-core's query is GraphiQL's (graphql-js 16.9+): nine levels of ofType.
    query = get_introspection_query(
        descriptions=True, directive_is_repeatable=True, input_value_deprecation=True
    )
    body = post(gateway[0], {"query": query}).json()
    assert "errors" not in body
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


def test_limits_are_settings() -> None:
    environ = {**NO_RATE_LIMITS, "MUTUGRAPH_MAX_DEPTH": "5", "MUTUGRAPH_MAX_COST": "50"}
    with counted_server(environ) as running:
        errors = refused(running, portal_query("Home"))
    assert too_complex(errors, "depth") == {
        "code": "QUERY_TOO_COMPLEX",
        "check": "depth",
        "limit": 5,
        "measured": 7,
    }
    assert too_complex(errors, "cost")["limit"] == 50


def test_introspection_off_refuses_schema_and_type() -> None:
    environ = {**NO_RATE_LIMITS, "MUTUGRAPH_INTROSPECTION": "false"}
    with counted_server(environ) as (server, _):
        for query in ("{ __schema { queryType { name } } }", '{ __type(name: "Member") { name } }'):
            body = post(server, {"query": query}).json()
            assert body["data"] is None
            assert "introspection" in body["errors"][0]["message"].lower()


# -- bodies and batches -------------------------------------------------------------------


def test_oversized_json_body_is_413(gateway: tuple[ServerThread, CallLog]) -> None:
    server, calls = gateway
    calls.clear()
    padding = "x" * (1024 * 1024)
    response = post(server, {"query": "{ me { number } }", "variables": {"p": padding}})
    assert response.status_code == 413
    assert response.json() == {
        "errors": [
            {
                "message": "The request body is larger than 1048576 bytes.",
                "extensions": {
                    "code": "BAD_USER_INPUT",
                    "reason": "BODY_TOO_LARGE",
                    "limit": 1048576,
                },
            }
        ]
    }
    assert calls.total == 0


def test_chunked_body_without_length_is_413(gateway: tuple[ServerThread, CallLog]) -> None:
    server, calls = gateway
    calls.clear()

    def chunks() -> Iterator[bytes]:
        yield b'{"query": "{ me { number } }", "variables": {"p": "'
        for _ in range(40):
            yield b"y" * 32768  # 1.25 MiB in all, sent without Content-Length
        yield b'"}}'

    response = httpx.post(
        f"{server.url}/graphql",
        content=chunks(),
        headers={**bearer(), "Content-Type": "application/json"},
        timeout=20,
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["reason"] == "BODY_TOO_LARGE"
    assert calls.total == 0
    # A small chunked body is fine.
    small = httpx.post(
        f"{server.url}/graphql",
        content=iter([b'{"query": "{ me { number } }"}']),
        headers={**bearer(), "Content-Type": "application/json"},
        timeout=20,
    )
    assert small.json() == {"data": {"me": {"number": "10000001"}}}


def test_uploads_have_a_larger_limit(gateway: tuple[ServerThread, CallLog]) -> None:
    server, _ = gateway
    operations = '{"query": "{ me { number } }", "variables": {}}'

    def upload(size: int) -> httpx.Response:
        return httpx.post(
            f"{server.url}/graphql",
            data={"operations": operations, "map": "{}"},
            files={"0": ("rib.pdf", b"%PDF" + b"0" * size, "application/pdf")},
            headers=bearer(),
            timeout=20,
        )

    within = upload(3 * 1024 * 1024)  # over the JSON limit, within the uploads' one
    assert within.json() == {"data": {"me": {"number": "10000001"}}}
    assert upload(13 * 1024 * 1024).status_code == 413


def test_batches(gateway: tuple[ServerThread, CallLog]) -> None:
    server, _ = gateway
    two = post(server, [{"query": "{ me { number } }"}, {"query": "{ __typename }"}])
    assert two.status_code == 200
    assert two.json() == [
        {"data": {"me": {"number": "10000001"}}},
        {"data": {"__typename": "Query"}},
    ]
    eleven = post(server, [{"query": "{ __typename }"}] * 11)
    assert eleven.status_code == 400
    assert eleven.json()["errors"][0]["extensions"] == {
        "code": "QUERY_TOO_COMPLEX",
        "check": "batch",
        "limit": 10,
        "measured": 11,
    }
    for body in ([], [1, 2], "text"):
        answer = post(server, body)
        assert answer.status_code == 400
        assert answer.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_batches_can_be_refused() -> None:
    with counted_server({**NO_RATE_LIMITS, "MUTUGRAPH_MAX_BATCH": "0"}) as (server, _):
        response = post(server, [{"query": "{ __typename }"}])
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "message": "Batched requests are not accepted.",
        "extensions": {"code": "BAD_USER_INPUT"},
    }


def test_strawberry_request_errors_are_json(gateway: tuple[ServerThread, CallLog]) -> None:
    server, _ = gateway
    response = httpx.post(
        f"{server.url}/graphql",
        content=b"{not json",
        headers={**bearer(), "Content-Type": "application/json"},
        timeout=20,
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


# -- the walk itself, on a schema with nested connections ---------------------------------

NESTED = build_schema("""
type Query { users(first: Int = 10): UserConnection! node: User }
type UserConnection { edges: [UserEdge!]! totalCount: Int! }
type UserEdge { node: User! }
type User { name: String! friends(first: Int): UserConnection! tags(first: Int): [String!]! }
""")


def measure(query: str, variables: dict[str, Any] | None = None) -> tuple[int, int, int]:
    document = parse(query)
    fragments = {d.name.value: d for d in document.definitions if d.kind == "fragment_definition"}
    walker = Walker(NESTED, fragments, variables)  # type: ignore[arg-type]
    shape = walker.operation(document.definitions[0])  # type: ignore[arg-type]
    return shape.depth, shape.aliases, shape.cost


def test_cost_multiplies_nested_connections() -> None:
    query = """{ users(first: 50) { totalCount edges { node {
        name friends(first: 40) { edges { node { name } } } } } } }"""
    # users 1 + totalCount 1 + 50 × (edges 1 + node 1 + name 1 + friends (1 + 40 × 3))
    assert measure(query)[2] == 1 + 1 + 50 * (3 + 1 + 40 * 3)
    # The schema's default (10), the variable's default, then the variable's value.
    assert measure("{ users { edges { node { name } } } }")[2] == 1 + 10 * 3
    with_variable = "query Q($n: Int = 5) { users(first: $n) { edges { node { name } } } }"
    assert measure(with_variable)[2] == 1 + 5 * 3
    assert measure(with_variable, {"n": 7})[2] == 1 + 7 * 3
    # A list with ``first``: every item counts; no ``first`` at all: the gateway's 20.
    assert measure("{ node { tags(first: 4) } }")[2] == 2
    assert measure("{ node { friends { totalCount } } }")[2] == 3


def test_fragment_bomb_is_measured_not_expanded() -> None:
    # F0 spreads F1 twice, F1 spreads F2 twice...: 2**40 fields if expanded.
    chain = "".join(
        f"fragment F{i} on Query {{ node {{ name }} ...F{i + 1} ...F{i + 1} }}\n" for i in range(40)
    )
    depth, _, cost = measure("{ ...F0 }\n" + chain + "fragment F40 on Query { node { name } }")
    assert depth == 2
    assert cost == 2 * (2**41 - 1)


def test_oftype_chains_do_not_count_but_other_introspection_does() -> None:
    of_type = "ofType { " * 9 + "name" + " }" * 9
    assert measure('{ __type(name: "User") { ' + of_type + " } }")[0] == 2
    assert measure('{ __type(name: "User") { fields { type { name } } } }')[0] == 4


def test_registered_documents_are_checked_with_the_same_rules() -> None:
    rules = [IntrospectionDepthRule, bind_shape_rule(LimitSettings(max_aliases=1))]
    errors = validate(NESTED, parse("{ a: node { name } b: node { name } }"), rules)
    assert [e.extensions["check"] for e in errors if e.extensions] == ["aliases"]


def test_limit_settings() -> None:
    limits = Settings.from_environ({}).limits
    assert (limits.max_depth, limits.max_aliases, limits.max_root_fields) == (12, 30, 10)
    assert (limits.max_tokens, limits.max_cost, limits.max_batch) == (2000, 5000, 10)
    assert (limits.max_body_bytes, limits.max_upload_body_bytes) == (1 << 20, 12 << 20)
    read = Settings.from_environ({"MUTUGRAPH_MAX_COST": "900", "MUTUGRAPH_MAX_BATCH": "0"})
    assert (read.limits.max_cost, read.limits.max_batch) == (900, 0)
    for variable, value in (
        ("MUTUGRAPH_MAX_DEPTH", "0"),
        ("MUTUGRAPH_MAX_TOKENS", "ten"),
        ("MUTUGRAPH_RATE_LIMIT_WINDOW_SECONDS", "86400"),
        ("MUTUGRAPH_TRUSTED_PROXIES", "not-an-address"),
    ):
        with pytest.raises(ConfigurationError, match=variable):
            Settings.from_environ({variable: value})
