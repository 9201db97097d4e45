"""Fixtures of the gateway tests: demo settings, the demo tenants, tokens, a production setup."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from gateway.settings import Settings
from gateway.tenants import Tenants, load_tenants

PRODUCTION_TENANTS = """
[tenants.azur]
name = "Mutuelle Azur Santé"
platform = "cimut"
endpoint = "https://ws.azur.example/ws"
credentials = { username = "env:AZUR_WS_USER", password = "file:{password_file}" }

[tenants.azur.networks.santeclair]
endpoint = "https://api.santeclair.example"
api_key = "env:AZUR_SANTECLAIR_KEY"
"""


@pytest.fixture
def demo_settings() -> Settings:
    return Settings.from_environ({})


@pytest.fixture
def demo_tenants(demo_settings: Settings) -> Tenants:
    return load_tenants(demo_settings, {})


@pytest.fixture
def production_env(tmp_path: Path) -> dict[str, str]:
    """A complete, valid production environment (its own key, tenants with references)."""
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    key_file = tmp_path / "issuer.pem"
    key_file.write_bytes(
        key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    password_file = tmp_path / "azur-ws-password"
    password_file.write_text("s3cret\n", encoding="utf-8")
    tenants_file = tmp_path / "tenants.toml"
    tenants_file.write_text(
        PRODUCTION_TENANTS.replace("{password_file}", str(password_file)), encoding="utf-8"
    )
    return {
        "MUTUGRAPH_PROFILE": "production",
        "MUTUGRAPH_JWT_ISSUER": "https://login.azur.example",
        "MUTUGRAPH_JWT_PUBLIC_KEY_FILE": str(key_file),
        "MUTUGRAPH_DOCUMENT_SECRET": "x" * 40,
        "MUTUGRAPH_TENANTS_FILE": str(tenants_file),
        "AZUR_WS_USER": "mutugraph",
        "AZUR_SANTECLAIR_KEY": "key-123",
    }
