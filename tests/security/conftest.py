"""The running product for the attack-matrix, privacy and fuzz tests (one per session).

The same product as the end-to-end tests (tests/e2e/harness.py: four sandbox platforms and
the gateway on loopback, demo tenants), with three differences: rate limits are off (the
matrix sends hundreds of requests from one address, which is not what it tests), the
audit trail is an in-memory one the tests can read, and the document-link secret is not
the public demo one (so that a link forged with the demo secret must be refused).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

from gateway.app import create_app
from gateway.audit import TEST_AUDIT_KEY as AUDIT_KEY
from gateway.audit import MemoryWriter, Pseudonyms, memory_trail
from gateway.settings import Settings
from sandbox.dataset.generator import Dataset
from tests.e2e.harness import PLATFORMS, Product, _platform_app
from tests.support.servers import ServerThread

DOCUMENT_SECRET = "security-matrix-document-secret-" + "0123456789abcdef"
_ALONE = r"(?<![0-9A-Za-z]){}(?![0-9A-Za-z])"
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/_-]{8,}={0,2}")


@dataclass
class SecuredProduct(Product):
    """The running product, plus its audit trail's records."""

    audit: MemoryWriter | None = None
    document_secret: str = DOCUMENT_SECRET

    def pseudonym(self, tenant: str, identifier: str) -> str:
        return Pseudonyms(AUDIT_KEY).of(tenant, identifier)


@contextmanager
def secured_product(members_per_tenant: int = 40) -> Iterator[SecuredProduct]:
    """Sandbox platforms, then the gateway (rate limits off, memory audit) on free ports."""
    dataset = Dataset(members_per_tenant=members_per_tenant)
    with ExitStack() as stack:
        urls: dict[str, str] = {}
        environ: dict[str, str] = {}
        for name in PLATFORMS:
            server = ServerThread(_platform_app(name, dataset))
            server.start()
            stack.callback(server.stop)
            urls[name] = server.url
            environ[f"MUTUGRAPH_SANDBOX_PORT_{name.upper()}"] = str(server.port)
        settings = Settings.from_environ(
            {
                "MUTUGRAPH_PROFILE": "demo",
                "MUTUGRAPH_RATE_LIMIT_ADDRESS": "0",
                "MUTUGRAPH_RATE_LIMIT_VIEWER": "0",
                "MUTUGRAPH_DOCUMENT_SECRET": DOCUMENT_SECRET,
                **environ,
            }
        )
        app = create_app(settings, environ=environ)
        trail, records = memory_trail(AUDIT_KEY)
        app.state.audit = trail
        gateway = ServerThread(app)
        gateway.start()
        stack.callback(gateway.stop)
        product = SecuredProduct(
            dataset=dataset, platform_urls=urls, gateway_url=gateway.url, audit=records
        )
        stack.callback(product.http.close)
        yield product


@pytest.fixture(scope="session")
def secured() -> Iterator[SecuredProduct]:
    with secured_product() as running:
        yield running


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif value is not None:
        yield str(value)


def _decoded(text: str) -> Iterator[str]:
    """Base64 runs that decode to text: global ids, cursors (they must not hide values)."""
    for run in _BASE64_RUN.findall(text):
        try:
            raw = base64.b64decode(run.replace("-", "+").replace("_", "/") + "=" * (-len(run) % 4))
            yield raw.decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            continue


def readable(body: str) -> str:
    """Everything a client could read in a response: JSON strings unescaped (\\u00e9 is é),
    and what base64 ids and cursors decode to."""
    try:
        texts = list(_strings(json.loads(body)))
    except ValueError:
        texts = [body]
    return "\n".join([*texts, *(d for t in texts for d in _decoded(t))])


def leaked(body: str, secrets: Iterable[str]) -> list[str]:
    """The secrets found in a response body (empty list: none)."""
    text = readable(body)
    # Whole values only: a beneficiary id "10000002-01" is not in a payment id "R10000002-0111".
    return sorted(
        s for s in secrets if s and s in text and re.search(_ALONE.format(re.escape(s)), text)
    )
