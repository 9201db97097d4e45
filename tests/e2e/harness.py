"""The whole product on loopback for end-to-end tests: four sandbox platforms and the gateway.

Every platform and the gateway run under uvicorn on free ports (real sockets); the demo
tenants file is pointed at those ports through its ``${MUTUGRAPH_SANDBOX_PORT_*}``
variables, exactly as ``make demo`` does with the default ports. Tests talk to the gateway
with httpx, read what the back ends saw from ``/_sandbox/stats``, and check values against
the sandbox's own data (the tests, unlike the product, may import the sandbox).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from gateway.app import create_app
from gateway.demo_issuer import issue_token
from gateway.settings import Settings
from sandbox.dataset.generator import Dataset
from tests.support.servers import ServerThread

PLATFORMS = ("cimut", "cegedim", "santeclair", "kalixia")
TENANTS = ("azur", "bocage", "cevennes")
PLATFORM_OF = {"azur": "cimut", "bocage": "cegedim", "cevennes": "cegedim"}
NETWORKS_OF = {
    "azur": ("santeclair", "kalixia"),
    "bocage": ("kalixia",),
    "cevennes": ("santeclair",),
}
# The gateway caches back-end reads (adapters/caching.py): a test that counts the calls of
# a query on a cold cache uses a member no other test reads (the change tests reserve
# indexes 2-17 in changes_support.MEMBER_INDEX; the first two members are everyone's).
COLD_MEMBER_INDEX = {"home": 20, "payments page": 21}


@dataclass
class Product:
    """The running product: the dataset, each platform's URL, the gateway's URL."""

    dataset: Dataset
    platform_urls: Mapping[str, str]
    gateway_url: str
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30))

    def token(self, tenant: str, member: str, **kwargs: Any) -> str:
        return issue_token(tenant=tenant, member=member, **kwargs)

    def graphql(
        self, token: str | None, query: str, variables: Mapping[str, Any] | None = None
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.http.post(
            f"{self.gateway_url}/graphql",
            json={"query": query, "variables": dict(variables or {})},
            headers=headers,
        )

    def data(self, token: str, query: str, variables: Mapping[str, Any] | None = None) -> Any:
        """The ``data`` of a query that must succeed (fails the test with the errors)."""
        response = self.graphql(token, query, variables)
        body = response.json()
        assert response.status_code == 200 and not body.get("errors"), body
        return body["data"]

    def stats(self, platform: str) -> Counter[str]:
        response = self.http.get(f"{self.platform_urls[platform]}/_sandbox/stats")
        return Counter(response.json()["calls"])

    def calls_during(self, platforms: tuple[str, ...], run: Any) -> tuple[Any, Counter[str]]:
        """Runs ``run()`` and returns its result with the back-end calls it caused."""
        before = {p: self.stats(p) for p in platforms}
        result = run()
        spent: Counter[str] = Counter()
        for p in platforms:
            after = self.stats(p)
            for operation, count in after.items():
                delta = count - before[p].get(operation, 0)
                if delta:
                    spent[f"{p}.{operation}"] += delta
        return result, spent

    def faults(self, platform: str, **faults: Any) -> None:
        self.http.post(f"{self.platform_urls[platform]}/_sandbox/faults", json=faults)

    def reset(self, platform: str) -> None:
        self.http.post(f"{self.platform_urls[platform]}/_sandbox/reset")

    def first_member(self, tenant: str) -> str:
        return self.dataset.member_numbers(tenant, 1)[0]

    def cold_member(self, tenant: str, purpose: str) -> str:
        """The member reserved for counting the calls of ``purpose`` on a cold cache."""
        index = COLD_MEMBER_INDEX[purpose]
        return self.dataset.member_numbers(tenant, index + 1)[index]


def _platform_app(name: str, dataset: Dataset) -> Any:
    module = __import__(f"sandbox.{name}.app", fromlist=["create_app"])
    return module.create_app(dataset)


@contextmanager
def running_product(members_per_tenant: int = 40) -> Iterator[Product]:
    """Starts the sandbox platforms, then the gateway on the demo tenants, on free ports."""
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
        settings = Settings.from_environ({"MUTUGRAPH_PROFILE": "demo", **environ})
        gateway = ServerThread(create_app(settings, environ=environ))
        gateway.start()
        stack.callback(gateway.stop)
        product = Product(dataset=dataset, platform_urls=urls, gateway_url=gateway.url)
        stack.callback(product.http.close)
        yield product
