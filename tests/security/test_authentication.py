"""Production authentication over real sockets: JWTs verified against the issuer's JWKS.

The test issuer (tests/security/issuer.py) serves its JWKS on loopback; the gateway runs
with the production profile pointed at it. Bad tokens get 401 UNAUTHENTICATED and no data;
an unreachable issuer gets 503 BACKEND_UNAVAILABLE (platform "issuer").
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

import gateway.jwks
from gateway.cli import main
from gateway.demo_issuer import DEMO_KEY_ID, demo_private_key, demo_public_key
from gateway.jwks import cache_seconds, parse_jwks
from gateway.settings import ConfigurationError, Settings
from tests.security.auth_support import (
    Clock,
    assert_refused,
    bearer,
    issuer_server,
    post,
    production_app,
    production_environ,
)
from tests.security.issuer import SigningKey, TestIssuer, new_key
from tests.support.servers import ServerThread, serving

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def issuer_and_server() -> Iterator[tuple[TestIssuer, ServerThread]]:
    with issuer_server() as pair:
        yield pair


@pytest.fixture
def issuer(issuer_and_server: tuple[TestIssuer, ServerThread]) -> Iterator[TestIssuer]:
    issuer_and_server[0].reset()
    yield issuer_and_server[0]
    issuer_and_server[0].reset()


@pytest.fixture(scope="module")
def shared_gateway(
    issuer_and_server: tuple[TestIssuer, ServerThread], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One production gateway for the stateless token checks."""
    environ = production_environ(issuer_and_server[1].url, tmp_path_factory.mktemp("gw"))
    with serving(production_app(environ)) as server:
        yield server.url


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(gateway.jwks, "monotonic", clock)
    return clock


@pytest.fixture
def fresh_gateway(
    issuer: TestIssuer,
    issuer_and_server: tuple[TestIssuer, ServerThread],
    tmp_path: Path,
    clock: Clock,
) -> Iterator[str]:
    """A gateway with an empty JWKS cache and a movable cache clock."""
    environ = production_environ(issuer_and_server[1].url, tmp_path)
    with serving(production_app(environ)) as server:
        yield server.url


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unsigned(issuer: TestIssuer) -> str:
    header = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    return f"{header}.{_b64(json.dumps(issuer.claims()).encode())}."


def _hs256_with_public_key(issuer: TestIssuer) -> str:
    """The key-confusion attack: HS256 keyed with the issuer's published RSA public key."""
    key = issuer.key("RS256")
    pem = key.private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": key.kid}).encode())
    payload = _b64(json.dumps(issuer.claims()).encode())
    signature = hmac.new(pem, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(signature)}"


def _resigned(issuer: TestIssuer, kid_of: str, algorithm: str) -> str:
    """Signed by a stranger's key under the kid of the issuer's ``kid_of`` key."""
    stranger = new_key(algorithm, kid=issuer.key(kid_of).kid)
    return issuer.token(stranger)


NOW = int(time.time())
BAD_TOKENS: dict[str, tuple[Callable[[TestIssuer], str], str]] = {
    "alg none": (_unsigned, "token algorithm not accepted"),
    "HS256 keyed with the RSA public key": (_hs256_with_public_key, "algorithm not accepted"),
    "garbage": (lambda issuer: "not.a.token", "malformed token"),
    "oversized": (lambda issuer: issuer.token(padding="x" * 20_000), "malformed token"),
    "unknown kid": (lambda issuer: issuer.token(new_key("ES256")), "unknown signing key"),
    "no kid, foreign key": (
        lambda issuer: jwt.encode(issuer.claims(), new_key("ES256").private, algorithm="ES256"),
        "invalid token",
    ),
    "bad signature under a known kid": (
        lambda issuer: _resigned(issuer, "ES256", "ES256"),
        "invalid token",
    ),
    "RS256 under the EC key's kid": (
        lambda issuer: _resigned(issuer, "ES256", "RS256"),
        "unexpected token algorithm",
    ),
    "PS256 under the RS256 key's kid": (
        lambda issuer: _resigned(issuer, "RS256", "PS256"),
        "unexpected token algorithm",
    ),
    "demo key": (
        lambda issuer: jwt.encode(
            issuer.claims(), demo_private_key(), algorithm="ES256", headers={"kid": DEMO_KEY_ID}
        ),
        "unknown signing key",
    ),
    "expired": (
        lambda issuer: issuer.token(iat=NOW - 3600, nbf=NOW - 3600, exp=NOW - 120),
        "token expired",
    ),
    "not yet valid": (lambda issuer: issuer.token(nbf=NOW + 600), "not yet valid"),
    "issued in the future": (lambda issuer: issuer.token(iat=NOW + 600), "not yet valid"),
    "wrong audience": (lambda issuer: issuer.token(aud="someone-else"), "invalid token"),
    "wrong issuer": (lambda issuer: issuer.token(iss="https://evil.example"), "invalid token"),
    "no exp": (lambda issuer: issuer.token(exp=None), "invalid token"),
    "no iat": (lambda issuer: issuer.token(iat=None), "invalid token"),
    "no sub": (lambda issuer: issuer.token(sub=None), "invalid token"),
    "no tenant": (lambda issuer: issuer.token(tenant=None), "unknown tenant"),
    "unknown tenant": (lambda issuer: issuer.token(tenant="elsewhere"), "unknown tenant"),
    "no roles": (lambda issuer: issuer.token(roles=None), "non-empty list"),
    "empty roles": (lambda issuer: issuer.token(roles=[]), "non-empty list"),
    "unknown role": (lambda issuer: issuer.token(roles=["admin"]), "unknown role"),
    "beneficiary role without beneficiary": (
        lambda issuer: issuer.token(roles=["beneficiary"]),
        "must name its beneficiary",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_TOKENS))
def test_bad_tokens_get_401_and_no_data(case: str, issuer: TestIssuer, shared_gateway: str) -> None:
    make, message = BAD_TOKENS[case]
    response = post(shared_gateway, make(issuer))
    assert message in assert_refused(response)["message"]
    assert response.headers["www-authenticate"].startswith('Bearer realm="mutugraph"')


@pytest.mark.parametrize("header", [None, "Basic dXNlcjpwYXNz", "Bearer", "Token abc"])
def test_missing_credentials_get_401(header: str | None, shared_gateway: str) -> None:
    headers = {} if header is None else {"Authorization": header}
    response = httpx.post(
        shared_gateway + "/graphql", json={"query": "{ me { number } }"}, headers=headers
    )
    assert_refused(response)


@pytest.mark.parametrize("algorithm", ["RS256", "ES256", "PS256"])
def test_good_tokens_are_accepted(algorithm: str, issuer: TestIssuer, shared_gateway: str) -> None:
    response = post(shared_gateway, issuer.token(algorithm))
    assert response.status_code == 200, response.text
    assert response.json() == {"data": {"me": {"number": "10000001"}}}


def test_clock_skew_is_tolerated(issuer: TestIssuer, shared_gateway: str) -> None:
    token = issuer.token(iat=NOW + 10, nbf=NOW + 10, exp=int(time.time()) - 10)
    assert post(shared_gateway, token).status_code == 200


def test_beneficiary_token_is_accepted(issuer: TestIssuer, shared_gateway: str) -> None:
    token = issuer.token(roles=["beneficiary"], beneficiary="10000001-02")
    response = post(shared_gateway, token, {"query": "{ __typename }"})
    assert response.json() == {"data": {"__typename": "Query"}}


def test_key_rotation(issuer: TestIssuer, fresh_gateway: str, clock: Clock) -> None:
    old = issuer.key("ES256")
    assert post(fresh_gateway, issuer.token(old)).status_code == 200
    assert issuer.hits == 1
    rotated = new_key("ES256")
    issuer.rotate(rotated, retire=[old.kid])
    clock.advance(31)  # past the refetch interval: the unknown kid triggers one fetch
    assert post(fresh_gateway, issuer.token(rotated)).status_code == 200
    assert issuer.hits == 2
    # The retired key is gone from the refreshed set.
    assert_refused(post(fresh_gateway, issuer.token(old)))


def test_new_kid_within_the_refetch_interval_waits_for_it(
    issuer: TestIssuer, fresh_gateway: str, clock: Clock
) -> None:
    assert post(fresh_gateway, issuer.token("ES256")).status_code == 200
    rotated = new_key("RS256")
    issuer.rotate(rotated)
    assert_refused(post(fresh_gateway, issuer.token(rotated)))  # fetched < 30 s ago
    assert issuer.hits == 1
    clock.advance(31)
    assert post(fresh_gateway, issuer.token(rotated)).status_code == 200
    assert issuer.hits == 2


@pytest.mark.anyio
async def test_unknown_kid_flood_fetches_at_most_once_per_window(
    issuer: TestIssuer, fresh_gateway: str, clock: Clock
) -> None:
    strangers = [new_key("ES256") for _ in range(20)]

    async def flood() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=fresh_gateway, timeout=10) as client:
            return await asyncio.gather(
                *(
                    client.post(
                        "/graphql",
                        json={"query": "{ me { number } }"},
                        headers=bearer(issuer.token(key)),
                    )
                    for key in strangers
                )
            )

    assert post(fresh_gateway, issuer.token("ES256")).status_code == 200
    assert issuer.hits == 1
    for response in await flood():  # within the window: no fetch at all
        assert_refused(response)
    assert issuer.hits == 1
    clock.advance(31)
    for response in await flood():  # one shared fetch for 20 concurrent unknown kids
        assert_refused(response)
    assert issuer.hits == 2


def test_cache_follows_max_age(issuer: TestIssuer, fresh_gateway: str, clock: Clock) -> None:
    issuer.max_age = 120
    assert post(fresh_gateway, issuer.token("ES256")).status_code == 200
    clock.advance(100)
    assert post(fresh_gateway, issuer.token("ES256")).status_code == 200
    assert issuer.hits == 1
    clock.advance(21)
    assert post(fresh_gateway, issuer.token("ES256")).status_code == 200
    assert issuer.hits == 2


def test_issuer_down_gives_503(issuer: TestIssuer, fresh_gateway: str, clock: Clock) -> None:
    issuer.down = True
    response = post(fresh_gateway, issuer.token("ES256"))
    error = assert_refused(response, "BACKEND_UNAVAILABLE")
    assert error["extensions"]["platform"] == "issuer"
    assert response.headers["retry-after"] == "30"
    assert "127.0.0.1" not in response.text  # no issuer address leaves the gateway
    # Within the interval the issuer is not asked again; after it, it is.
    assert_refused(post(fresh_gateway, issuer.token("ES256")), "BACKEND_UNAVAILABLE")
    assert issuer.hits == 1
    issuer.down = False
    clock.advance(31)
    assert post(fresh_gateway, issuer.token("ES256")).status_code == 200


def test_stale_keys_serve_while_the_issuer_is_down(
    issuer: TestIssuer, fresh_gateway: str, clock: Clock
) -> None:
    assert post(fresh_gateway, issuer.token("ES256")).status_code == 200
    issuer.down = True
    clock.advance(601)  # the set expired; the refetch fails; the stale set still serves
    assert post(fresh_gateway, issuer.token("ES256")).status_code == 200
    assert issuer.hits == 2
    clock.advance(3700)  # too stale
    assert_refused(post(fresh_gateway, issuer.token("ES256")), "BACKEND_UNAVAILABLE")


def test_demo_key_published_by_the_issuer_is_not_trusted(
    issuer: TestIssuer, fresh_gateway: str
) -> None:
    demo = SigningKey(DEMO_KEY_ID, "ES256", demo_private_key())
    issuer.extra_jwks.append(demo.jwk())
    assert_refused(post(fresh_gateway, issuer.token(demo)))
    assert post(fresh_gateway, issuer.token("ES256")).status_code == 200


def test_unusable_jwks_entries_are_skipped() -> None:
    rsa_key = new_key("RS256")
    assert isinstance(rsa_key.private, rsa.RSAPrivateKey)
    good = new_key("ES256").jwk()
    private_jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(rsa_key.private))
    p384 = json.loads(
        jwt.algorithms.ECAlgorithm.to_jwk(ec.generate_private_key(ec.SECP384R1()).public_key())
    )
    document = {
        "keys": [
            {"kty": "oct", "k": _b64(b"secret"), "kid": "hmac"},
            {**private_jwk, "kid": "private"},
            {**p384, "kid": "p384"},
            {**rsa_key.jwk(), "kid": "enc", "use": "enc"},
            {**rsa_key.jwk(), "kid": "hs", "alg": "HS256"},
            {**rsa_key.jwk(), "kid": "mismatch", "alg": "ES256"},
            "not an object",
            good,
        ]
    }
    keys = parse_jwks(document, refused=[demo_public_key()])  # type: ignore[list-item]
    assert list(keys) == [good["kid"]]
    assert keys[good["kid"]].algorithms == frozenset({"ES256"})
    without_alg = {k: v for k, v in rsa_key.jwk().items() if k != "alg"}
    assert parse_jwks({"keys": [without_alg]})[rsa_key.kid].algorithms == {"RS256", "PS256"}


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (None, 600),
        ("max-age=120", 120),
        ("public, max-age=5", 60),
        ("max-age=9999999", 86400),
        ("no-store", 60),
        ("max-age=oops", 600),
    ],
)
def test_cache_seconds_bounds(header: str | None, seconds: float) -> None:
    assert cache_seconds(header) == seconds


def _refusal(environ: dict[str, str]) -> str:
    with pytest.raises(ConfigurationError) as caught:
        Settings.from_environ(environ)
    return str(caught.value)


def test_production_start_refusals(tmp_path: Path) -> None:
    environ = production_environ("https://login.issuer.test", tmp_path)
    assert Settings.from_environ(environ).jwks_url == "https://login.issuer.test" + (
        "/.well-known/jwks.json"
    )
    demo_pem = tmp_path / "demo.pem"
    demo_pem.write_bytes(
        demo_public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    without = {k: v for k, v in environ.items() if k != "MUTUGRAPH_JWKS_URL"}
    assert "key source is required" in _refusal(without)
    no_issuer = {k: v for k, v in environ.items() if k != "MUTUGRAPH_JWT_ISSUER"}
    assert "MUTUGRAPH_JWT_ISSUER is required" in _refusal(no_issuer)
    demo_key = {**without, "MUTUGRAPH_JWT_PUBLIC_KEY_FILE": str(demo_pem)}
    assert "is the demo key" in _refusal(demo_key)
    both = {**environ, "MUTUGRAPH_JWT_PUBLIC_KEY_FILE": str(demo_pem)}
    assert "not both" in _refusal(both)
    plain = {**environ, "MUTUGRAPH_JWKS_URL": "http://login.issuer.test/jwks.json"}
    assert "https" in _refusal(plain)
    assert Settings.from_environ({**environ, "MUTUGRAPH_JWKS_URL": "http://127.0.0.1:1/j"})


def test_cli_serve_refuses_a_production_profile_without_jwks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    environ = production_environ("https://login.issuer.test", tmp_path)
    del environ["MUTUGRAPH_JWKS_URL"]
    assert main(["serve"], environ=environ) == 2
    assert "key source is required" in capsys.readouterr().err


def test_demo_profile_keeps_its_built_in_issuer() -> None:
    from gateway.auth import StaticKeySource
    from gateway.keys import key_source_for

    source = key_source_for(Settings.from_environ({}))
    assert isinstance(source, StaticKeySource) and DEMO_KEY_ID in source.keys


def test_tokens_carry_no_data_on_refusal(issuer: TestIssuer, shared_gateway: str) -> None:
    body: dict[str, Any] = post(shared_gateway, issuer.token(tenant="elsewhere")).json()
    assert "data" not in body and body["errors"][0]["message"] == "unknown tenant"
