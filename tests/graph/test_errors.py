"""Every error has extensions.code; port errors carry the platform; the rest is masked."""

from __future__ import annotations

import pytest

from adapters.fake import FakeBackends
from adapters.port import BackendTimeout, BackendUnavailable, MalformedResponse, NotSupported
from tests.graph.support import data, error, run

pytestmark = pytest.mark.anyio


async def test_unavailable_backend(fake: FakeBackends) -> None:
    fake.calls.fail(
        "contracts", BackendUnavailable("10.0.0.5 refused", platform="cimut", operation="contracts")
    )
    result = await run(fake, "{ me { number contract { number } } }")
    err = error(result)
    assert err["extensions"] == {"code": "BACKEND_UNAVAILABLE", "platform": "cimut"}
    assert "10.0.0.5" not in err["message"]
    assert result.data == {"me": {"number": "10000001", "contract": None}}  # the rest shows


async def test_timeout_fails_only_its_branch(fake: FakeBackends) -> None:
    fake.calls.fail("premiums", BackendTimeout(platform="cimut", operation="premiums"))
    result = await run(fake, "{ me { firstName premium { method } } }")
    assert error(result)["extensions"] == {"code": "BACKEND_TIMEOUT", "platform": "cimut"}
    assert error(result)["path"] == ["me", "premium"]
    assert result.data == {"me": {"firstName": "Léa", "premium": None}}


async def test_malformed_response_and_missing_capability(fake: FakeBackends) -> None:
    fake.calls.fail("quotes", MalformedResponse(platform="cegedim", operation="quotes"))
    err = error(await run(fake, "{ me { quotes { id } } }"))
    assert err["extensions"] == {"code": "BACKEND_UNAVAILABLE", "platform": "cegedim"}
    fake.calls.fail("tp_cards", NotSupported(platform="cegedim", operation="tp_cards"))
    err = error(await run(fake, "{ me { tiersPayantCard { amcNumber } } }"))
    assert err["extensions"]["code"] == "BACKEND_UNAVAILABLE"


async def test_unexpected_exception_is_internal_and_masked(fake: FakeBackends) -> None:
    fake.calls.fail("members", RuntimeError("secret stack detail"))  # type: ignore[arg-type]
    err = error(await run(fake, "{ me { firstName } }", request_id="req-42"))
    assert err["extensions"] == {"code": "INTERNAL", "requestId": "req-42"}
    assert err["message"] == "Internal error."


@pytest.mark.parametrize(
    "query",
    ["{ me { noSuchField } }", "{ me { ", "query { node(id: 1) { id } } query { me { id } }"],
)
async def test_request_errors_keep_their_message(fake: FakeBackends, query: str) -> None:
    result = await run(fake, query)
    assert result.errors
    for err in (e.formatted for e in result.errors):
        assert err["extensions"] == {"code": "BAD_USER_INPUT"}
        assert err["message"] != "Internal error."


async def test_bad_variable_is_bad_user_input(fake: FakeBackends) -> None:
    query = "query($p: PaymentPeriod) { me { payments(filter: {period: $p}) { totalCount } } }"
    err = error(await run(fake, query, {"p": "LAST_5_YEARS"}))
    assert err["extensions"] == {"code": "BAD_USER_INPUT", "field": "p"}


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"line1": "1 rue", "postcode": "69001", "town": 3}, "input.town"),
        ({"line1": "1 rue", "postcode": "69001"}, "input.town"),
    ],
)
async def test_variable_errors_name_the_field(
    fake: FakeBackends, values: dict[str, object], field: str
) -> None:
    query = """mutation($input: PostalAddressInput!) {
      updatePostalAddress(input: $input) { __typename } }"""
    err = error(await run(fake, query, {"input": values}))
    assert err["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert fake.calls.total == 0


async def test_no_links_provider_is_unavailable_not_a_crash(fake: FakeBackends) -> None:
    from adapters.fake import AS_OF
    from resolvers.context import RequestContext
    from tests.graph.support import SCHEMA, viewer

    context = RequestContext(viewer=viewer(), backends=fake.backends, today=AS_OF)
    result = await SCHEMA.execute("{ me { attestationUrl number } }", context_value=context)
    assert error(result)["extensions"] == {"code": "BACKEND_UNAVAILABLE", "platform": "gateway"}


async def test_backends_of_another_tenant_are_never_used(fake: FakeBackends) -> None:
    from resolvers.context import RequestContext
    from tests.graph.support import SCHEMA, viewer

    context = RequestContext(viewer=viewer(tenant="bocage"), backends=fake.backends)
    result = await SCHEMA.execute("{ me { firstName } }", context_value=context)
    assert error(result)["extensions"]["code"] == "BACKEND_UNAVAILABLE"
    assert fake.calls.total == 0
    mapping = RequestContext(viewer=viewer(), backends={"azur": fake.backends})
    assert data(await SCHEMA.execute("{ me { number } }", context_value=mapping))
