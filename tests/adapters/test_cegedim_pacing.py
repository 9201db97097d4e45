"""Cegedim adapter, client-side pacing (``max_calls_per_second``, ``call_burst``): the
options, the spacing of API requests on virtual time (httpx.MockTransport), and against
the real sandbox with a tight quota: a paced burst of reads draws no 429, the same burst
unpaced bounces off the quota. The demo tenants pace bocage and cevennes."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import cast

import httpx
import pytest

from adapters.port import MemberPlatform, MemberRef, TenantBackends
from adapters.rest.cegedim import CegedimPlatform, CegedimSettings
from gateway.backends import tenant_spec
from gateway.settings import Settings
from gateway.tenants import load_tenants
from sandbox.cegedim.app import create_app
from sandbox.dataset.generator import Dataset
from tests.adapters.test_cegedim_sandbox import MEMBERS, Sandbox
from tests.adapters.test_cegedim_support import (
    BASE,
    FakeApi,
    FakeClock,
    Sleeps,
    insured_body,
    ok,
)
from tests.support.servers import serving

pytestmark = pytest.mark.anyio
QUOTA = 20  # the sandbox's calls per client per second in these tests
CREDENTIALS = {"client_id": "c", "client_secret": "s"}


# -- options -----------------------------------------------------------------------------
def test_pacing_is_off_unless_asked_for() -> None:
    settings = CegedimSettings.from_spec("http://x.test/t", CREDENTIALS, {})
    assert (settings.max_calls_per_second, settings.call_burst) == (0, 1)
    assert CegedimPlatform.create("t", settings).http.pacer is None


def test_pacing_options_are_read_and_checked() -> None:
    options = {"max_calls_per_second": "45", "call_burst": "4"}
    settings = CegedimSettings.from_spec("http://x.test/t", CREDENTIALS, options)
    pacer = CegedimPlatform.create("t", settings).http.pacer
    assert pacer is not None and (pacer.rate, pacer.burst) == (45.0, 4)
    for bad in ({"max_calls_per_second": "-1"}, {"call_burst": "0"}, {"call_burst": "x"}):
        with pytest.raises(ValueError, match=next(iter(bad))):
            CegedimSettings.from_spec("http://x.test/t", CREDENTIALS, bad)


def test_the_demo_tenants_pace_the_cegedim_platform_under_the_sandbox_quota() -> None:
    settings = Settings.from_environ({"MUTUGRAPH_PROFILE": "demo"})
    tenants = load_tenants(settings, {})
    for tenant in ("bocage", "cevennes"):
        config = tenants.get(tenant)
        assert config is not None
        spec = tenant_spec(config).platform
        paced = CegedimSettings.from_spec(spec.endpoint, spec.credentials, spec.options)
        assert 0 < paced.max_calls_per_second + paced.call_burst < 50  # sandbox default


# -- virtual time --------------------------------------------------------------------------
class VirtualSleeps(Sleeps):
    """Sleeps that move the hand-moved clock by what they were asked to wait."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__()
        self.clock = clock

    async def __call__(self, seconds: float) -> None:
        self.clock.now += seconds
        await super().__call__(seconds)


async def test_api_requests_are_spaced_and_token_requests_are_not_paced() -> None:
    api, clock = FakeApi(), FakeClock()
    sleeps = VirtualSleeps(clock)
    sent: list[tuple[str, float]] = []  # (path, clock) as each request reaches the platform

    async def recording(request: httpx.Request) -> httpx.Response:
        sent.append((request.url.path.rsplit("/", 1)[-1], clock.now))
        return await api(request)

    refs = [MemberRef("bocage", f"2{i:07d}") for i in range(1, 7)]
    for ref in refs:
        api.on("GET", f"/insureds/{ref.number}", ok(insured_body(ref.number)))
    options = {"max_calls_per_second": "10", "call_burst": "2", "concurrency": "6"}
    settings = CegedimSettings.from_spec(BASE, CREDENTIALS, options)
    cegedim = CegedimPlatform.create(
        "bocage", settings, transport=httpx.MockTransport(recording), clock=clock, sleep=sleeps
    )
    start = clock.now
    found = await cegedim.members(refs)
    assert all(not isinstance(m, Exception) for m in found)
    assert sent[0] == ("token", start)  # the token first, unpaced
    assert [round(t - start, 6) for _, t in sent[1:]] == [0, 0, 0.1, 0.2, 0.3, 0.4]
    assert sleeps.waits == pytest.approx([0.1] * 4)  # only the head of the queue sleeps
    assert api.token_calls == 1 and cegedim.http.rate_limited == 0
    pacer = cegedim.http.pacer
    assert pacer is not None and (pacer.granted, pacer.delayed) == (6, 4)


# -- the real sandbox ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def tight() -> Iterator[Sandbox]:
    """The Cegedim sandbox with a quota of :data:`QUOTA` calls per client per second."""
    dataset = Dataset(members_per_tenant=MEMBERS)
    with serving(create_app(dataset, rate_limit=QUOTA)) as server:
        yield Sandbox(server.url, dataset)


async def burst_of_reads(sandbox: Sandbox, **options: str) -> tuple[CegedimPlatform, int]:
    """60 reads at once (each member, then each member's family, one call apiece) on a
    fresh adapter: the adapter and the reads that failed."""
    bundle: MemberPlatform = sandbox.platform("bocage", timeout="10", **options)
    cegedim = cast(CegedimPlatform, bundle.directory)
    refs = [MemberRef("bocage", n) for n in sandbox.numbers("bocage")]
    try:
        results = await asyncio.gather(
            *(cegedim.members([ref]) for ref in refs),
            *(cegedim.beneficiaries([ref]) for ref in refs),
        )
    finally:
        await TenantBackends("bocage", bundle).aclose()
    return cegedim, sum(isinstance(found, Exception) for (found,) in results)


def reset(sandbox: Sandbox) -> None:
    httpx.post(sandbox.url + "/_sandbox/reset").raise_for_status()


@pytest.mark.integration
async def test_paced_reads_stay_under_the_quota_and_unpaced_ones_bounce(
    tight: Sandbox,
) -> None:
    # 16 a second and 2 at once: at most 18 in any second, two short of the quota, so
    # that network jitter cannot push a second over it.
    reset(tight)  # counters at zero, quota window empty
    paced, failed = await burst_of_reads(tight, max_calls_per_second="16", call_burst="2")
    assert failed == 0
    assert paced.http.rate_limited == 0  # not one 429...
    calls = tight.stats()
    assert calls["getInsured"] + calls["listBeneficiaries"] == 2 * MEMBERS  # ...nor a retry
    assert calls["token"] == 1
    assert paced.http.pacer is not None and paced.http.pacer.delayed > 0

    reset(tight)
    unpaced, _ = await burst_of_reads(tight, rate_limit_retries="5")
    assert unpaced.http.rate_limited > 0  # the same burst without pacing is refused...
    calls = tight.stats()
    assert calls["getInsured"] + calls["listBeneficiaries"] > 2 * MEMBERS  # ...and retried
