"""OAuth2 client credentials and the per-client rate limit of the Cegedim-style platform,
over real sockets, with a fake clock (no sleeping)."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import httpx
import pytest

from sandbox.cegedim.app import RATE_LIMIT_ENV, TOKEN_TTL_ENV, create_app
from sandbox.credentials import cegedim_client_id, cegedim_client_secret
from tests.sandbox.cegedim_support import Sandbox, api, running, small_dataset, token

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def cegedim_auth() -> Iterator[Sandbox]:
    with running(token_ttl=60, rate_limit=3) as sandbox:
        yield sandbox


@pytest.fixture
def auth_sandbox(cegedim_auth: Sandbox) -> Sandbox:
    cegedim_auth.reset()
    cegedim_auth.clock.advance(10)  # out of any previous test's rate-limit window
    return cegedim_auth


@pytest.fixture(scope="module")
def bocage_member() -> str:
    return small_dataset().backoffice("bocage").member_numbers(1)[0]


def form(tenant: str, **changes: str) -> dict[str, str]:
    data = {
        "grant_type": "client_credentials",
        "client_id": cegedim_client_id(tenant),
        "client_secret": cegedim_client_secret(tenant),
    }
    return {**data, **changes}


def test_token_from_form_and_from_basic(auth_sandbox: Sandbox, bocage_member: str) -> None:
    url = auth_sandbox.url + "/bocage/oauth/token"
    by_form = httpx.post(url, data=form("bocage"))
    assert by_form.status_code == 200
    body = by_form.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 60
    assert by_form.headers["cache-control"] == "no-store"
    pair = f"{cegedim_client_id('bocage')}:{cegedim_client_secret('bocage')}"
    basic = "Basic " + base64.b64encode(pair.encode()).decode()
    by_basic = httpx.post(
        url, data={"grant_type": "client_credentials"}, headers={"Authorization": basic}
    )
    assert by_basic.status_code == 200
    for access in (body["access_token"], by_basic.json()["access_token"]):
        call = httpx.get(
            auth_sandbox.url + api("bocage", f"/insureds/{bocage_member}"),
            headers={"Authorization": f"Bearer {access}"},
        )
        assert call.status_code == 200
    assert auth_sandbox.stats()["token"] == 2


@pytest.mark.parametrize(
    ("changes", "status", "error"),
    [
        ({"client_secret": "wrong"}, 401, "invalid_client"),
        ({"client_id": "someone-else"}, 401, "invalid_client"),
        ({"client_secret": cegedim_client_secret("cevennes")}, 401, "invalid_client"),
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
        ({"grant_type": ""}, 400, "invalid_request"),
    ],
)
def test_token_refusals(
    auth_sandbox: Sandbox, changes: dict[str, str], status: int, error: str
) -> None:
    response = httpx.post(auth_sandbox.url + "/bocage/oauth/token", data=form("bocage", **changes))
    assert response.status_code == status
    assert response.json()["error"] == error
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Basic")


def test_token_for_a_tenant_of_another_platform(auth_sandbox: Sandbox) -> None:
    response = httpx.post(auth_sandbox.url + "/azur/oauth/token", data=form("azur"))
    assert (response.status_code, response.json()["code"]) == (404, "UNKNOWN_TENANT")


def test_bad_tokens_get_401_invalid_token(auth_sandbox: Sandbox, bocage_member: str) -> None:
    path = auth_sandbox.url + api("bocage", f"/insureds/{bocage_member}")
    cevennes = token(auth_sandbox.url, "cevennes")
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": f"Bearer {cevennes}"}):
        response = httpx.get(path, headers=headers)
        assert response.status_code == 401
        assert 'error="invalid_token"' in response.headers["www-authenticate"]
        assert response.json()["code"] == "UNAUTHORIZED"


def test_expired_token_then_a_fresh_one(auth_sandbox: Sandbox, bocage_member: str) -> None:
    path = auth_sandbox.url + api("bocage", f"/insureds/{bocage_member}")
    old = token(auth_sandbox.url, "bocage")
    assert httpx.get(path, headers={"Authorization": f"Bearer {old}"}).status_code == 200
    auth_sandbox.clock.advance(61)
    expired = httpx.get(path, headers={"Authorization": f"Bearer {old}"})
    assert expired.status_code == 401
    assert 'error="invalid_token"' in expired.headers["www-authenticate"]
    fresh = token(auth_sandbox.url, "bocage")
    assert httpx.get(path, headers={"Authorization": f"Bearer {fresh}"}).status_code == 200


def test_rate_limit_429_with_retry_after(auth_sandbox: Sandbox, bocage_member: str) -> None:
    path = auth_sandbox.url + api("bocage", f"/insureds/{bocage_member}")
    bocage = {"Authorization": f"Bearer {token(auth_sandbox.url, 'bocage')}"}
    for _ in range(3):
        assert httpx.get(path, headers=bocage).status_code == 200
    refused = httpx.get(path, headers=bocage)
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "RATE_LIMITED"
    # another client has its own window
    cevennes_member = small_dataset().backoffice("cevennes").member_numbers(1)[0]
    other = httpx.get(
        auth_sandbox.url + api("cevennes", f"/insureds/{cevennes_member}"),
        headers={"Authorization": f"Bearer {token(auth_sandbox.url, 'cevennes')}"},
    )
    assert other.status_code == 200
    auth_sandbox.clock.advance(int(refused.headers["retry-after"]))
    assert httpx.get(path, headers=bocage).status_code == 200
    # the token endpoint is not rate limited, and a reset empties the windows
    for _ in range(3):
        httpx.get(path, headers=bocage)
    auth_sandbox.reset()
    assert httpx.get(path, headers=bocage).status_code == 200


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_TTL_ENV, "7")
    monkeypatch.setenv(RATE_LIMIT_ENV, "9")
    app = create_app(small_dataset())
    platform = app.state.cegedim
    assert platform.issuer.expires_in == 7
    assert platform.limiter.limit == 9
    monkeypatch.delenv(TOKEN_TTL_ENV)
    monkeypatch.delenv(RATE_LIMIT_ENV)
    defaults = create_app(small_dataset()).state.cegedim
    assert (defaults.issuer.expires_in, defaults.limiter.limit) == (300, 50)
