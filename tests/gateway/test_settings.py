"""Settings from MUTUGRAPH_* variables, and the production profile's refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.cli import main
from gateway.demo_issuer import DEMO_ISSUER
from gateway.settings import DEMO_DOCUMENT_SECRET, ConfigurationError, Settings

DEMO_PUBLIC_PEM = Path(__file__).parents[2] / "gateway" / "demo_keys" / "demo-es256-public.pem"


def test_demo_defaults() -> None:
    settings = Settings.from_environ({})
    assert settings.profile == "demo"
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.graphiql and settings.introspection
    assert settings.jwt_issuer == DEMO_ISSUER
    assert settings.jwt_audience == "mutugraph"
    assert settings.tenants_file is None
    assert settings.redis_url is None
    assert dict(settings.sandbox_ports) == {
        "cimut": 8101,
        "cegedim": 8102,
        "santeclair": 8103,
        "kalixia": 8104,
    }


def test_variables_override_defaults() -> None:
    settings = Settings.from_environ(
        {
            "MUTUGRAPH_PORT": "9000",
            "MUTUGRAPH_GRAPHIQL": "false",
            "MUTUGRAPH_REDIS_URL": "redis://127.0.0.1:6379/0",
            "MUTUGRAPH_SANDBOX_PORT_KALIXIA": "9104",
            "MUTUGRAPH_LOG_LEVEL": "WARNING",
            "OTHER": "ignored",
        }
    )
    assert settings.port == 9000
    assert not settings.graphiql and settings.introspection
    assert settings.redis_url == "redis://127.0.0.1:6379/0"
    assert settings.sandbox_ports["kalixia"] == 9104
    assert settings.log_level == "warning"


def test_secret_is_hidden_in_repr() -> None:
    assert DEMO_DOCUMENT_SECRET not in repr(Settings.from_environ({}))


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"MUTUGRAPH_PROFILE": "staging"}, "MUTUGRAPH_PROFILE"),
        ({"MUTUGRAPH_PORT": "http"}, "MUTUGRAPH_PORT"),
        ({"MUTUGRAPH_PORT": "70000"}, "MUTUGRAPH_PORT"),
        ({"MUTUGRAPH_GRAPHIQL": "maybe"}, "MUTUGRAPH_GRAPHIQL"),
        ({"MUTUGRAPH_LOG_LEVEL": "loud"}, "MUTUGRAPH_LOG_LEVEL"),
        ({"MUTUGRAPH_SANDBOX_PORT_CIMUT": "0"}, "MUTUGRAPH_SANDBOX_PORT_CIMUT"),
    ],
)
def test_bad_values_name_the_variable(environ: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigurationError, match=named):
        Settings.from_environ(environ)


def test_production_with_everything_set(production_env: dict[str, str]) -> None:
    settings = Settings.from_environ(production_env)
    assert settings.profile == "production"
    assert not settings.graphiql and not settings.introspection


def test_production_switches_can_be_turned_on(production_env: dict[str, str]) -> None:
    settings = Settings.from_environ({**production_env, "MUTUGRAPH_GRAPHIQL": "true"})
    assert settings.graphiql and not settings.introspection


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"MUTUGRAPH_JWT_ISSUER": None}, "MUTUGRAPH_JWT_ISSUER is required"),
        ({"MUTUGRAPH_JWT_ISSUER": DEMO_ISSUER}, "demo issuer"),
        ({"MUTUGRAPH_JWT_PUBLIC_KEY_FILE": str(DEMO_PUBLIC_PEM)}, "is the demo key"),
        ({"MUTUGRAPH_JWT_PUBLIC_KEY_FILE": None}, "key source is required"),
        ({"MUTUGRAPH_DOCUMENT_SECRET": DEMO_DOCUMENT_SECRET}, "demo secret"),
        ({"MUTUGRAPH_DOCUMENT_SECRET": None}, "MUTUGRAPH_DOCUMENT_SECRET must be set"),
        ({"MUTUGRAPH_DOCUMENT_SECRET": "short"}, "at least 32"),
    ],
)
def test_production_refuses_demo_material(
    production_env: dict[str, str], change: dict[str, str | None], message: str
) -> None:
    environ = dict(production_env)
    for key, value in change.items():
        if value is None:
            environ.pop(key, None)
        else:
            environ[key] = value
    with pytest.raises(ConfigurationError, match=message):
        Settings.from_environ(environ)


def test_production_refuses_the_demo_private_key_too(production_env: dict[str, str]) -> None:
    private = DEMO_PUBLIC_PEM.with_name("demo-es256-private.pem")
    with pytest.raises(ConfigurationError, match="demo key"):
        Settings.from_environ({**production_env, "MUTUGRAPH_JWT_PUBLIC_KEY_FILE": str(private)})


def test_cli_refuses_to_start_in_production_with_demo_settings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main(["serve"], environ={"MUTUGRAPH_PROFILE": "production"})
    assert status != 0
    error = capsys.readouterr().err
    assert "production profile refused" in error
    assert "MUTUGRAPH_JWT_ISSUER is required" in error


def test_cli_refuses_demo_tenants_file_in_production(
    production_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    environ = dict(production_env)
    del environ["MUTUGRAPH_TENANTS_FILE"]  # the default: demo tenants with literal: secrets
    assert main(["serve"], environ=environ) == 2
    assert "literal: secrets are refused" in capsys.readouterr().err
