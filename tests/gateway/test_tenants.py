"""The tenants file: the demo tenants, secret references, and errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.settings import ConfigurationError, Settings
from gateway.tenants import Tenants, load_tenants, parse_tenants
from sandbox import credentials  # tests may look at both sides: the demo must match

MINIMAL = """
[tenants.t1]
name = "T1"
platform = "partner"
endpoint = "http://127.0.0.1:9000"
"""


def test_demo_tenants(demo_tenants: Tenants) -> None:
    assert demo_tenants.ids == ("azur", "bocage", "cevennes")
    azur = demo_tenants.get("azur")
    assert azur is not None
    assert (azur.name, azur.platform) == ("Mutuelle Azur Santé", "cimut")
    assert azur.endpoint == "http://127.0.0.1:8101/ws/azur"
    assert sorted(azur.networks) == ["kalixia", "santeclair"]
    assert azur.networks["santeclair"].endpoint == "http://127.0.0.1:8103"
    assert not azur.privacy.adult_lines_visible_to_member
    assert azur.privacy.nir_visible_roles == frozenset()
    assert azur.cache_ttl.seconds("payment_lines") == 30
    bocage, cevennes = demo_tenants.get("bocage"), demo_tenants.get("cevennes")
    assert bocage is not None and cevennes is not None
    assert bocage.endpoint == "http://127.0.0.1:8102/bocage"
    assert list(bocage.networks) == ["kalixia"]
    assert cevennes.endpoint == "http://127.0.0.1:8102/cevennes"
    assert list(cevennes.networks) == ["santeclair"]


def test_demo_credentials_are_the_sandbox_ones(demo_tenants: Tenants) -> None:
    for tenant in demo_tenants:
        if tenant.platform == "cimut":
            assert str(tenant.credentials["username"]) == credentials.cimut_username(tenant.id)
            assert str(tenant.credentials["password"]) == credentials.cimut_password(tenant.id)
        else:
            assert str(tenant.credentials["client_id"]) == credentials.cegedim_client_id(tenant.id)
            secret = credentials.cegedim_client_secret(tenant.id)
            assert str(tenant.credentials["client_secret"]) == secret
        for network in tenant.networks.values():
            assert str(network.api_key) == credentials.network_api_key(network.name, tenant.id)


def test_demo_ports_follow_the_sandbox_variables(demo_settings: Settings) -> None:
    tenants = load_tenants(demo_settings, {"MUTUGRAPH_SANDBOX_PORT_CEGEDIM": "9102"})
    bocage = tenants.get("bocage")
    assert bocage is not None and bocage.endpoint == "http://127.0.0.1:9102/bocage"


def test_minimal_tenant_gets_defaults(demo_settings: Settings) -> None:
    tenants = parse_tenants(MINIMAL, {}, demo_settings)
    t1 = tenants.get("t1")
    assert t1 is not None
    assert dict(t1.credentials) == {} and dict(t1.networks) == {}
    assert t1.cache_ttl.seconds("professionals") == 3600


def test_secret_references(demo_settings: Settings, tmp_path: Path) -> None:
    secret_file = tmp_path / "pw"
    secret_file.write_text("from-file\n", encoding="utf-8")
    text = (
        MINIMAL
        + f'credentials = {{ a = "env:T1_A", b = "file:{secret_file}", c = "literal:lit" }}\n'
    )
    tenant = parse_tenants(text, {"T1_A": "from-env"}, demo_settings).get("t1")
    assert tenant is not None
    values = {key: str(value) for key, value in tenant.credentials.items()}
    assert values == {"a": "from-env", "b": "from-file", "c": "lit"}
    assert "from-env" not in repr(tenant)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[tenants]\n", "no tenant"),
        ("this is not toml", "not valid TOML"),
        ("[tenant.t1]\n", "missing key 'tenants'"),
        (MINIMAL + "colour = 'blue'\n", r"\[tenants.t1\]: unknown key colour"),
        (MINIMAL.replace('name = "T1"\n', ""), r"\[tenants.t1\]: missing key 'name'"),
        (MINIMAL.replace("partner", "Cimut!"), "platform 'Cimut!'"),
        (MINIMAL.replace("http://127.0.0.1:9000", "ftp://x"), "not an http"),
        (MINIMAL + "[tenants.t1.privacy]\nadult_lines_visible = true\n", "unknown key"),
        (MINIMAL + "[tenants.t1.privacy]\nnir_visible_roles = ['admin']\n", "unknown roles"),
        (MINIMAL + "[tenants.t1.cache_ttl]\npayment = 5\n", "unknown key payment"),
        (MINIMAL + "[tenants.t1.cache_ttl]\npayments = -1\n", "'payments' must be between"),
        (MINIMAL + "[tenants.t1.cache_ttl]\npayments = '60'\n", "must be an integer"),
        (MINIMAL + "[tenants.t1.networks.kalixia]\napi_key = 'env:K'\n", "missing key 'endpoint'"),
        (MINIMAL + "credentials = { a = 'secret' }\n", "a: secret reference must start"),
        (MINIMAL + "credentials = { a = 'env:T1_MISSING' }\n", "T1_MISSING is not set"),
        (MINIMAL + "credentials = { a = 'file:/nonexistent/pw' }\n", "cannot be read"),
        (
            MINIMAL.replace("partner", "cimut") + "credentials = { username = 'literal:u' }\n",
            "missing password for platform cimut",
        ),
        (MINIMAL.replace("9000", "${T1_PORT}"), "T1_PORT is not set"),
    ],
)
def test_errors_name_the_key(text: str, message: str, demo_settings: Settings) -> None:
    with pytest.raises(ConfigurationError, match=message):
        parse_tenants(text, {}, demo_settings)


def test_literal_secrets_are_refused_in_production(production_env: dict[str, str]) -> None:
    settings = Settings.from_environ(production_env)
    with pytest.raises(ConfigurationError, match="literal: secrets are refused"):
        parse_tenants(MINIMAL + "credentials = { a = 'literal:x' }\n", {}, settings)


def test_production_tenants_file(production_env: dict[str, str]) -> None:
    settings = Settings.from_environ(production_env)
    tenants = load_tenants(settings, production_env)
    azur = tenants.get("azur")
    assert azur is not None
    assert str(azur.credentials["password"]) == "s3cret"
    assert str(azur.networks["santeclair"].api_key) == "key-123"


def test_missing_tenants_file_names_the_variable(tmp_path: Path) -> None:
    settings = Settings.from_environ({"MUTUGRAPH_TENANTS_FILE": str(tmp_path / "none.toml")})
    with pytest.raises(ConfigurationError, match="MUTUGRAPH_TENANTS_FILE"):
        load_tenants(settings, {})
