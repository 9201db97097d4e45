"""The back ends behind the read-through cache (adapters/caching*.py), on the fake platform.

Second reads come from the cache, batches ask the back end for the missing keys only,
errors are never kept, a TTL of 0 switches a data type off, every change forgets what it
affects, tenants never share an entry, and real port records survive Redis.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import fields, is_dataclass, replace
from datetime import date
from typing import Any
from uuid import uuid4

import pytest
import redis.asyncio as aioredis

from adapters.cache import ReadThroughCache, backend_factory
from adapters.caching import AFFECTS, DATA_TYPES, cached
from adapters.caching_reads import CachedDirectory
from adapters.caching_scope import CacheScope
from adapters.codec import RecordCodec
from adapters.fake import FakeBackends, FakePlatform
from adapters.fake.calls import CallLog
from adapters.fake.world import build_world
from adapters.port import (
    AddressChange,
    BackendRejected,
    BackendTimeout,
    BackendUnavailable,
    BankAccountChange,
    BankAccountPurpose,
    BeneficiaryQuality,
    BeneficiaryRemoval,
    ContactChange,
    DocumentKind,
    DocumentRef,
    GeoPoint,
    LetterQuery,
    Location,
    MemberPlatform,
    MemberRef,
    NewAttachment,
    NewBeneficiary,
    NewMessage,
    NotFound,
    Payment,
    PaymentPage,
    PaymentQuery,
    PaymentsPort,
    ProfessionalQuery,
    Quote,
    TenantBackends,
)
from adapters.registry import BUILTINS, BackendSpec, Registry
from gateway.backends import registry_backends
from gateway.cache_ttl import CacheTTLs
from gateway.settings import Settings
from gateway.tenants import parse_tenants

REDIS_URL = "redis://127.0.0.1:6379/13"
R1, R2 = MemberRef("azur", "10000001"), MemberRef("azur", "10000002")
UNKNOWN = MemberRef("azur", "19999999")
TTLS = CacheTTLs()
PDF = NewAttachment("piece.pdf", "application/pdf", b"%PDF-1.4\n%%EOF\n")

# Per-member batch reads: the port method, the capability holding it, its data type.
BATCHES = {
    "members": ("directory", "member"),
    "beneficiaries": ("directory", "beneficiaries"),
    "contracts": ("contracts", "contract"),
    "premiums": ("contracts", "premiums"),
    "quotes": ("payments", "quotes"),
    "useful_documents": ("correspondence", "useful_documents"),
    "tp_cards": ("correspondence", "tp_card"),
    "change_requests": ("changes", "change_requests"),
    "messages": ("messaging", "messages"),
}
OPERATION_OF = {data_type: op for op, (_, data_type) in BATCHES.items()}


def memory_cache() -> ReadThroughCache:
    return ReadThroughCache(backend_factory(None, RecordCodec()), namespace=f"t:{uuid4().hex}")


def wrap(fake: FakeBackends, cache: ReadThroughCache | None = None, **ttls: int) -> TenantBackends:
    def ttl(data_type: str) -> float:
        return ttls.get(data_type, TTLS.seconds(data_type))

    return cached(fake.backends, cache or memory_cache(), ttl)


async def batch(backends: TenantBackends, operation: str, refs: list[MemberRef]) -> list[Any]:
    capability = getattr(backends.platform, BATCHES[operation][0])
    return list(await getattr(capability, operation)(refs))


@pytest.fixture
def fake() -> FakeBackends:
    return FakeBackends.create(tenant="azur")


@pytest.mark.anyio
@pytest.mark.parametrize("operation", list(BATCHES))
async def test_second_read_is_served_from_the_cache(fake: FakeBackends, operation: str) -> None:
    backends = wrap(fake)
    first = await batch(backends, operation, [R1])
    second = await batch(backends, operation, [R1])
    assert second == first == await batch(fake.backends, operation, [R1])  # codec: lossless
    assert fake.calls.calls[operation] == 2  # the wrapped read once, the direct read once


@pytest.mark.anyio
async def test_a_batch_asks_only_for_the_missing_keys_in_order(fake: FakeBackends) -> None:
    backends = wrap(fake)
    await batch(backends, "members", [R2])
    found = await batch(backends, "members", [R1, R2, UNKNOWN, R1])
    assert [m.ref for m in found[:2]] == [R1, R2] and found[3] == found[0]
    assert isinstance(found[2], NotFound)
    assert fake.calls.log[-1] == ("members", ((R1, UNKNOWN),))  # one call, missing keys only
    await batch(backends, "members", [R1, R2])
    assert fake.calls.calls["members"] == 2


@pytest.mark.anyio
async def test_errors_are_never_cached(fake: FakeBackends) -> None:
    backends = wrap(fake)
    for _ in range(2):
        assert isinstance((await batch(backends, "members", [UNKNOWN]))[0], NotFound)
    assert fake.calls.calls["members"] == 2  # a per-key error is asked again
    fake.calls.fail("contracts", BackendUnavailable(platform="fake", operation="contracts"))
    with pytest.raises(BackendUnavailable):
        await batch(backends, "contracts", [R1])
    fake.calls.clear()
    await batch(backends, "contracts", [R1])
    await batch(backends, "contracts", [R1])
    assert fake.calls.calls["contracts"] == 1  # the failure was not kept, the answer is


@pytest.mark.anyio
async def test_concurrent_batches_share_one_load(fake: FakeBackends) -> None:
    backends = wrap(fake)
    results = await asyncio.gather(*(batch(backends, "contracts", [R1, R2]) for _ in range(5)))
    assert all(r == results[0] for r in results) and fake.calls.calls["contracts"] == 1


@pytest.mark.anyio
async def test_a_ttl_of_zero_switches_a_data_type_off(fake: FakeBackends) -> None:
    backends = wrap(fake, member=0)
    for _ in range(2):
        await batch(backends, "members", [R1])
        await batch(backends, "contracts", [R1])
    assert fake.calls.calls["members"] == 2 and fake.calls.calls["contracts"] == 1


@pytest.mark.anyio
async def test_a_member_with_bank_accounts_keeps_the_bank_accounts_ttl(
    fake: FakeBackends,
) -> None:
    assert fake.files["10000001"].member.bank_accounts
    backends = wrap(fake, bank_accounts=0)
    await batch(backends, "members", [R1])
    await batch(backends, "members", [R1])
    assert fake.calls.calls["members"] == 2


@pytest.mark.anyio
async def test_payment_searches_by_query_and_details_per_id(fake: FakeBackends) -> None:
    backends = wrap(fake)
    payments = backends.platform.payments
    assert payments is not None
    query = PaymentQuery(limit=5)
    page = await payments.search_payments(R1, query)
    assert await payments.search_payments(R1, query) == page
    await payments.search_payments(R1, PaymentQuery(limit=5, offset=5))
    assert fake.calls.calls["search_payments"] == 2  # one per distinct query
    ids = [p.id for p in page.items]
    await payments.payments(R1, ids[1:3])
    details = await payments.payments(R1, [*ids, "nope"])
    assert [d.id for d in details[:5]] == ids and isinstance(details[5], NotFound)
    assert all(isinstance(d, Payment) and d.lines for d in details[:5])
    assert fake.calls.log[-1] == ("payments", (R1, (ids[0], ids[3], ids[4], "nope")))
    assert isinstance((await payments.payments(R2, ids[:1]))[0], NotFound)  # not R2's


class LinesInSearch(PaymentsPort):
    """A platform whose search answers full payments (lines included)."""

    def __init__(self, inner: PaymentsPort) -> None:
        self.inner, self.searches = inner, 0

    async def search_payments(self, member: MemberRef, query: PaymentQuery) -> PaymentPage:
        self.searches += 1
        page = await self.inner.search_payments(member, query)
        full = await self.inner.payments(member, [p.id for p in page.items])
        return PaymentPage(tuple(p for p in full if isinstance(p, Payment)), page.total)

    async def payments(self, member: MemberRef, ids: Sequence[str]) -> Sequence[Any]:
        return await self.inner.payments(member, ids)

    async def quotes(self, refs: Sequence[MemberRef]) -> Sequence[tuple[Quote, ...] | Any]:
        return await self.inner.quotes(refs)


@pytest.mark.anyio
async def test_a_page_with_health_lines_keeps_the_payment_lines_ttl(fake: FakeBackends) -> None:
    with_lines = LinesInSearch(fake.platform)
    platform = replace(fake.backends.platform, payments=with_lines)
    backends = cached(
        replace(fake.backends, platform=platform),
        memory_cache(),
        lambda t: 0 if t == "payment_lines" else TTLS.seconds(t),
    )
    payments = backends.platform.payments
    assert payments is not None
    await payments.search_payments(R1, PaymentQuery(limit=2))
    await payments.search_payments(R1, PaymentQuery(limit=2))
    assert with_lines.searches == 2


@pytest.mark.anyio
async def test_letters_professionals_and_what_is_never_cached(fake: FakeBackends) -> None:
    backends = wrap(fake)
    correspondence = backends.platform.correspondence
    assert correspondence is not None
    for _ in range(2):
        await correspondence.letters(R1, LetterQuery(since=date(2020, 1, 1)))
        await correspondence.document(R1, DocumentRef(DocumentKind.ATTESTATION))
    santeclair, kalixia = (n.directory for n in backends.networks)
    query = ProfessionalQuery(Location(point=GeoPoint(45.76, 4.84)), radius_km=20, limit=5)
    hits = await santeclair.search_professionals(query)
    assert await santeclair.search_professionals(query) == hits
    ids = [h.professional.id for h in hits]
    await santeclair.professionals(ids[:2])
    await santeclair.professionals(ids)
    await kalixia.professionals(ids[:1])  # another network: another record, another entry
    for _ in range(2):
        await santeclair.service_links(R1)  # signed links expire: never cached
    calls = fake.calls.calls
    assert (calls["letters"], calls["document"]) == (1, 2)
    assert calls["santeclair.search_professionals"] == 1
    assert fake.calls.log[-4] == ("santeclair.professionals", (tuple(ids[2:]),))
    assert (calls["kalixia.professionals"], calls["santeclair.service_links"]) == (1, 2)
    # Quote analysis is the network's own object: never wrapped, never cached.
    assert backends.quote_analysis("estimate") is fake.backends.quote_analysis("estimate")


CHANGES: dict[str, Callable[[TenantBackends], Awaitable[object]]] = {
    "update_contact": lambda b: changes(b).update_contact(R1, ContactChange(email="n@ex.fr")),
    "update_address": lambda b: changes(b).update_address(
        R1, AddressChange("12 rue des Tanneurs", "14000", "Caen")
    ),
    "update_bank_account": lambda b: changes(b).update_bank_account(
        R1,
        BankAccountChange(
            BankAccountPurpose.REIMBURSEMENT, "Léa Durand", "FR76300040000312345678901", "X", PDF
        ),
    ),
    "set_paperless": lambda b: changes(b).set_paperless(R1, True),
    "set_notifications": lambda b: changes(b).set_notifications(R1, False),
    "add_beneficiary": lambda b: changes(b).add_beneficiary(
        R1,
        NewBeneficiary(
            "Durand", "Léo", date(2026, 1, 2), BeneficiaryQuality.CHILD, None, None, PDF
        ),
    ),
    "remove_beneficiary": lambda b: changes(b).remove_beneficiary(
        R1, BeneficiaryRemoval("10000001-03", "Mutation")
    ),
    "request_tp_card": lambda b: changes(b).request_tp_card(R1),
    "send_message": lambda b: messaging(b).send_message(R1, NewMessage("Objet", "Bonjour")),
}


def changes(backends: TenantBackends) -> Any:
    return backends.platform.changes


def messaging(backends: TenantBackends) -> Any:
    return backends.platform.messaging


async def reread(fake: FakeBackends, backends: TenantBackends) -> set[str]:
    """The data types a full re-read had to ask the back end for."""
    fake.calls.clear()
    for operation in BATCHES:
        await batch(backends, operation, [R1])
    return {BATCHES[op][1] for op, n in fake.calls.calls.items() if n}


@pytest.mark.anyio
@pytest.mark.parametrize("change", list(CHANGES))
async def test_every_change_forgets_what_it_affects(fake: FakeBackends, change: str) -> None:
    assert set(AFFECTS) == set(CHANGES)
    backends = wrap(fake)
    await reread(fake, backends)
    await CHANGES[change](backends)
    assert await reread(fake, backends) == set(AFFECTS[change])
    assert await reread(fake, backends) == set()


@pytest.mark.anyio
async def test_a_later_read_sees_the_change(fake: FakeBackends) -> None:
    backends = wrap(fake)
    await reread(fake, backends)
    await CHANGES["update_contact"](backends)
    await CHANGES["set_paperless"](backends)
    member = (await batch(backends, "members", [R1]))[0]
    assert (member.email, member.paperless) == ("n@ex.fr", True)
    request = await CHANGES["request_tp_card"](backends)
    assert request in (await batch(backends, "change_requests", [R1]))[0]
    sent = await CHANGES["send_message"](backends)
    assert sent in (await batch(backends, "messages", [R1]))[0]


@pytest.mark.anyio
async def test_a_failed_change_forgets_unless_it_was_retry_safe(fake: FakeBackends) -> None:
    backends = wrap(fake)
    await reread(fake, backends)
    fake.calls.fail("update_contact", BackendTimeout(platform="fake", operation="x"))
    with pytest.raises(BackendTimeout):
        await CHANGES["update_contact"](backends)
    assert await reread(fake, backends) == {"member", "change_requests"}  # may be applied
    fake.calls.fail(
        "update_contact", BackendUnavailable(platform="fake", operation="x", retry_safe=True)
    )
    with pytest.raises(BackendUnavailable):
        await CHANGES["update_contact"](backends)
    assert await reread(fake, backends) == set()  # nothing was done: the cache stays


@pytest.mark.anyio
async def test_a_rejected_change_is_not_retry_safe_and_forgets(fake: FakeBackends) -> None:
    backends = wrap(fake)
    await batch(backends, "beneficiaries", [R2])
    rejected = changes(backends).add_beneficiary(
        R2,
        NewBeneficiary("Morel", "Léo", date(2026, 1, 2), BeneficiaryQuality.CHILD, None, None, PDF),
    )
    with pytest.raises(BackendRejected):
        await rejected
    await batch(backends, "beneficiaries", [R2])
    assert fake.calls.calls["beneficiaries"] == 2


@pytest.mark.anyio
async def test_tenants_never_share_an_entry() -> None:
    azur = FakeBackends.create(tenant="azur")
    other = FakeBackends.create(tenant="bocage")  # same member numbers (prefix 1)
    file = azur.files["10000001"]
    file.member = replace(file.member, email="azur@ex.fr")
    cache = memory_cache()
    in_azur, in_other = wrap(azur, cache), wrap(other, cache)
    assert (await batch(in_azur, "members", [R1]))[0].email == "azur@ex.fr"
    bocage_ref = MemberRef("bocage", "10000001")
    assert (await batch(in_other, "members", [bocage_ref]))[0].email != "azur@ex.fr"
    assert isinstance((await batch(in_other, "members", [R1]))[0], NotFound)  # azur's ref
    assert other.calls.calls["members"] == 2


def test_every_data_type_is_a_tenant_setting() -> None:
    assert set(DATA_TYPES) <= set(CacheTTLs.data_types())
    assert {t for types in AFFECTS.values() for t in types} <= set(DATA_TYPES)


@pytest.fixture
async def redis_cache() -> AsyncIterator[ReadThroughCache]:
    namespace = f"test:caching:{uuid4().hex}"
    shared = backend_factory(REDIS_URL, RecordCodec(), b"tests-cache-secret-0123456789abcdef")
    cache = ReadThroughCache(shared, namespace=namespace)
    yield cache
    await cache.close()
    client = aioredis.Redis.from_url(REDIS_URL)
    keys = [key async for key in client.scan_iter(f"{namespace}:*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


@pytest.mark.anyio
async def test_real_records_round_trip_through_redis(
    fake: FakeBackends, redis_cache: ReadThroughCache
) -> None:
    backends = wrap(fake, redis_cache)
    await CHANGES["update_bank_account"](backends)  # a request with an attachment
    payments, santeclair = backends.platform.payments, backends.networks[0].directory
    correspondence = backends.platform.correspondence
    assert payments is not None and correspondence is not None
    query = ProfessionalQuery(Location(point=GeoPoint(45.76, 4.84)), radius_km=20, limit=3)

    async def read_all() -> list[Any]:
        page = await payments.search_payments(R1, PaymentQuery(limit=3))
        hits = await santeclair.search_professionals(query)
        return [
            *[await batch(backends, op, [R1, R2]) for op in BATCHES],
            page,
            await payments.payments(R1, [p.id for p in page.items]),
            hits,
            await santeclair.professionals([h.professional.id for h in hits]),
            await correspondence.letters(R1, LetterQuery()),
        ]

    fake.calls.clear()
    first = await read_all()
    cold = fake.calls.total
    second = await read_all()
    assert fake.calls.total == cold  # every second read came from Redis
    assert second == first
    assert all(type(a) is type(b) for a, b in zip(first, second, strict=True))
    kinds = {type(v).__name__ for v in _walk(second)}
    assert {
        "Member",
        "MemberRef",
        "Beneficiary",
        "Letter",
        "UsefulDocument",
        "BankAccount",
        "PostalAddress",
        "Contract",
        "Coverage",
        "Guarantee",
        "Premium",
        "PremiumInstalment",
        "Payment",
        "PaymentLine",
        "PaymentPage",
        "Quote",
        "TiersPayantCard",
        "TiersPayantDomain",
        "ChangeRequest",
        "Attachment",
        "Message",
        "ProfessionalHit",
        "HealthProfessional",
        "NetworkMembership",
        "Decimal",
        "datetime",
    } <= kinds


def _walk(value: object) -> list[object]:
    out = [value]
    if is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            out += _walk(getattr(value, f.name))
    elif isinstance(value, list | tuple):
        for item in value:
            out += _walk(item)
    return out


@pytest.mark.anyio
async def test_the_gateway_wraps_every_tenant_with_its_ttls() -> None:
    logs: dict[str, CallLog] = {}

    def platform(tenant_id: str, spec: BackendSpec) -> MemberPlatform:
        logs[tenant_id] = CallLog()
        world = build_world(tenant_id, spec.options.get("prefix", "1"))
        return FakePlatform(tenant_id, world, logs[tenant_id]).bundle()

    text = """
    [tenants.azur]
    name = "Azur"
    platform = "recorded"
    endpoint = "http://127.0.0.1:9/azur"
    [tenants.bocage]
    name = "Bocage"
    platform = "recorded"
    endpoint = "http://127.0.0.1:9/bocage"
    options = { prefix = "2" }
    [tenants.bocage.cache_ttl]
    member = 0
    """
    settings = Settings.from_environ({})
    tenants = parse_tenants(text, {}, settings)
    registry = Registry({**BUILTINS, "recorded": platform}, use_entry_points=False)
    async with registry_backends(settings, tenants, registry=registry) as all_backends:
        for tenant, number in (("azur", "10000001"), ("bocage", "20000001")):
            backends = all_backends[tenant]
            assert isinstance(backends.platform.directory, CachedDirectory)
            for _ in range(2):
                await backends.platform.directory.members([MemberRef(tenant, number)])
    assert logs["azur"].calls["members"] == 1  # default TTL: the second read is cached
    assert logs["bocage"].calls["members"] == 2  # [cache_ttl] member = 0: never cached


def test_scope_keys_name_the_tenant_and_the_member() -> None:
    scope = CacheScope("azur", memory_cache(), TTLS.seconds)
    assert scope.member_key("member", R1) == ("azur", "member", "azur", "10000001")
    assert scope.key("professionals", "kalixia", "123") == (
        "azur",
        "professionals",
        "kalixia",
        "123",
    )
