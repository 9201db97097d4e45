"""Bearer tokens: the CLI's demo token verifies into a Viewer; bad tokens give 401."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from gateway.auth import AuthError, StaticKeySource, TokenVerifier
from gateway.cli import main
from gateway.demo_issuer import DEMO_ISSUER, DEMO_KEY_ID, demo_private_key, issue_token
from gateway.keys import key_source_for
from gateway.settings import Settings
from gateway.tenants import Tenants
from resolvers.viewer import Viewer
from tests.gateway.support import bare_app


def verifier(settings: Settings, tenants: Tenants) -> TokenVerifier:
    return TokenVerifier(
        key_source_for(settings),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        tenants=tenants,
    )


def cli_token(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["token", *args], environ={}) == 0
    return capsys.readouterr().out.strip()


@pytest.mark.anyio
async def test_cli_token_round_trip(
    capsys: pytest.CaptureFixture[str], demo_settings: Settings, demo_tenants: Tenants
) -> None:
    token = cli_token(capsys, "--tenant", "azur", "--member", "10000001")
    viewer = await verifier(demo_settings, demo_tenants).viewer_from_header(f"Bearer {token}")
    assert viewer == Viewer(tenant="azur", subject="10000001", roles=frozenset({"member"}))
    header = jwt.get_unverified_header(token)
    assert (header["alg"], header["kid"]) == ("ES256", DEMO_KEY_ID)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["iss"] == DEMO_ISSUER and claims["aud"] == "mutugraph"
    assert claims["exp"] - claims["iat"] == 8 * 3600


@pytest.mark.anyio
async def test_cli_beneficiary_token(
    capsys: pytest.CaptureFixture[str], demo_settings: Settings, demo_tenants: Tenants
) -> None:
    token = cli_token(
        capsys,
        *("--tenant", "bocage", "--member", "20000001", "--role", "beneficiary"),
        *("--beneficiary", "20000001-02", "--expires-in", "60"),
    )
    viewer = await verifier(demo_settings, demo_tenants).viewer_from_token(token)
    assert viewer.roles == frozenset({"beneficiary"})
    assert viewer.beneficiary_id == "20000001-02"
    assert viewer.member_number == "20000001"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tenant", "nowhere", "--member", "1"], "unknown tenant 'nowhere'"),
        (["--tenant", "azur", "--member", "1", "--role", "beneficiary"], "needs --beneficiary"),
        (["--tenant", "azur", "--member", "1", "--expires-in", "0"], "--expires-in"),
    ],
)
def test_cli_token_errors(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["token", *args], environ={}) == 2
    assert message in capsys.readouterr().err


def test_cli_token_refused_in_production(
    production_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["token", "--tenant", "azur", "--member", "1"], environ=production_env) == 2
    assert "demo profile only" in capsys.readouterr().err


def _unsigned(claims: dict[str, Any]) -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def _claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": DEMO_ISSUER,
        "aud": "mutugraph",
        "sub": "10000001",
        "tenant": "azur",
        "roles": ["member"],
        "iat": now,
        "nbf": now,
        "exp": now + 600,
    }
    claims.update(changes)
    return {key: value for key, value in claims.items() if value is not None}


def _signed(claims: dict[str, Any]) -> str:
    return jwt.encode(claims, demo_private_key(), algorithm="ES256", headers={"kid": DEMO_KEY_ID})


BAD_TOKENS: dict[str, tuple[Callable[[], str], str]] = {
    "expired": (
        lambda: issue_token(tenant="azur", member="1", now=time.time() - 7200, expires_in=60),
        "token expired",
    ),
    "wrong audience": (lambda: _signed(_claims(aud="someone-else")), "invalid token"),
    "wrong issuer": (lambda: _signed(_claims(iss="https://evil.example")), "invalid token"),
    "not yet valid": (lambda: _signed(_claims(nbf=int(time.time()) + 600)), "not yet valid"),
    "no exp": (lambda: _signed(_claims(exp=None)), "invalid token"),
    "alg none": (lambda: _unsigned(_claims()), "token algorithm not accepted"),
    "HS256": (
        lambda: jwt.encode(_claims(), "a-shared-secret-of-32-bytes-long!", algorithm="HS256"),
        "token algorithm not accepted",
    ),
    "other key": (
        lambda: jwt.encode(
            _claims(),
            ec.generate_private_key(ec.SECP256R1()),
            algorithm="ES256",
            headers={"kid": DEMO_KEY_ID},
        ),
        "invalid token",
    ),
    "RS256 under the demo kid": (
        lambda: jwt.encode(
            _claims(),
            rsa.generate_private_key(public_exponent=65537, key_size=2048),
            algorithm="RS256",
            headers={"kid": DEMO_KEY_ID},
        ),
        "unexpected token algorithm",
    ),
    "garbage": (lambda: "not.a.token", "malformed token"),
    "unknown tenant": (lambda: _signed(_claims(tenant="elsewhere")), "unknown tenant"),
    "missing sub": (lambda: _signed(_claims(sub=None)), "invalid token"),
    "empty sub": (lambda: _signed(_claims(sub=" ")), "token has no subject"),
    "unknown role": (lambda: _signed(_claims(roles=["admin"])), "unknown role"),
    "beneficiary without id": (
        lambda: _signed(_claims(roles=["beneficiary"])),
        "must name its beneficiary",
    ),
}


@pytest.mark.anyio
@pytest.mark.parametrize("case", sorted(BAD_TOKENS))
async def test_bad_tokens_get_401(case: str, demo_settings: Settings) -> None:
    make, message = BAD_TOKENS[case]
    app = bare_app(demo_settings, environ={})
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        response = await client.post(
            "/graphql",
            json={"query": "{ __typename }"},
            headers={"Authorization": f"Bearer {make()}"},
        )
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    body = response.json()
    assert body == {
        "errors": [
            {"message": body["errors"][0]["message"], "extensions": {"code": "UNAUTHENTICATED"}}
        ]
    }
    assert message in body["errors"][0]["message"]


@pytest.mark.anyio
@pytest.mark.parametrize("header", [None, "", "Basic dXNlcjpwYXNz", "Bearer", "Bearer  "])
async def test_missing_or_malformed_header_gets_401(
    header: str | None, demo_settings: Settings
) -> None:
    app = bare_app(demo_settings, environ={})
    headers = {} if header is None else {"Authorization": header}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        response = await client.post("/graphql", json={"query": "{ __typename }"}, headers=headers)
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.anyio
async def test_key_source_with_unknown_kid(demo_tenants: Tenants) -> None:
    source = StaticKeySource(
        {"k1": ("ES256", ec.generate_private_key(ec.SECP256R1()).public_key())}
    )
    check = TokenVerifier(source, issuer=DEMO_ISSUER, audience="mutugraph", tenants=demo_tenants)
    with pytest.raises(AuthError, match="unknown signing key"):
        await check.viewer_from_token(_signed(_claims()))


@pytest.mark.anyio
async def test_production_key_file_verifies_rs256(
    production_env: dict[str, str], tmp_path: Any
) -> None:
    from cryptography.hazmat.primitives import serialization

    from gateway.tenants import load_tenants

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_file = tmp_path / "rsa.pem"
    key_file.write_bytes(
        private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    settings = Settings.from_environ(
        {**production_env, "MUTUGRAPH_JWT_PUBLIC_KEY_FILE": str(key_file)}
    )
    check = verifier(settings, load_tenants(settings, production_env))
    token = jwt.encode(
        _claims(iss="https://login.azur.example"), private, algorithm="RS256", headers={"kid": "x"}
    )
    viewer = await check.viewer_from_token(token)
    assert viewer.tenant == "azur"
