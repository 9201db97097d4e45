"""The Santéclair adapter against the Santéclair sandbox over real loopback sockets."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from decimal import Decimal

import httpx
import pytest

from adapters.port import (
    BackendRejected,
    BackendTimeout,
    BackendUnavailable,
    CareNetwork,
    Discipline,
    GeoPoint,
    HealthProfessional,
    InvalidInput,
    Location,
    MalformedResponse,
    MemberRef,
    Network,
    NewAttachment,
    NotFound,
    PortError,
    ProfessionalQuery,
    QuoteAnalysisPort,
    QuoteCategory,
    QuoteEstimateItem,
    QuoteEstimateRequest,
    QuoteReviewStatus,
    QuoteSubmission,
    ServiceKind,
)
from adapters.registry import BackendSpec
from adapters.rest.santeclair import SanteclairQuoteAnalysis, create_network
from sandbox.credentials import network_api_key
from sandbox.networks.geo import haversine_km
from sandbox.santeclair.app import create_app
from tests.sandbox.networks_support import Clock, dataset, reset, set_faults, stats
from tests.support.servers import ServerThread, serving

pytestmark = [pytest.mark.integration, pytest.mark.anyio]
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PARIS_11 = GeoPoint(48.8591, 2.38)


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="module")
def server(clock: Clock) -> Iterator[ServerThread]:
    with serving(create_app(dataset(), clock=clock)) as running:
        yield running


@pytest.fixture(autouse=True)
def fresh(server: ServerThread) -> Iterator[None]:
    reset(server.url)
    yield
    reset(server.url)


@asynccontextmanager
async def santeclair(
    server: ServerThread, tenant: str = "azur", seconds: str = "5", key: str | None = None
) -> AsyncIterator[CareNetwork]:
    credentials = {"api_key": key or network_api_key("santeclair", tenant)}
    spec = BackendSpec("santeclair", server.url, credentials, {"timeout": seconds})
    net = create_network(tenant, spec)
    try:
        yield net
    finally:
        for resource in net.resources:
            await resource.aclose()  # type: ignore[attr-defined]


def analysis_of(net: CareNetwork) -> SanteclairQuoteAnalysis:
    assert isinstance(net.quote_analysis, SanteclairQuoteAnalysis)
    return net.quote_analysis


def members(tenant: str = "azur") -> list[str]:
    return dataset().member_numbers(tenant, 3)


def expected_nearby(discipline: str, point: GeoPoint, radius: float) -> list[str]:
    found = [
        (haversine_km(point.latitude, point.longitude, p.address.lat, p.address.lon), p.name, p.id)
        for p in dataset().professionals()
        if "santeclair" in p.networks and p.discipline == discipline
    ]
    return [pid for km, _, pid in sorted(found) if km <= radius]


# -- search and details ---------------------------------------------------------------------
async def test_search_around_a_point_matches_the_sandbox(server: ServerThread) -> None:
    query = ProfessionalQuery(Location(PARIS_11), 4.0, Discipline.OPTICS, limit=100)
    async with santeclair(server) as net:
        hits = await net.directory.search_professionals(query)
        nearest = await net.directory.search_professionals(
            ProfessionalQuery(Location(PARIS_11), 4.0, Discipline.OPTICS, limit=3)
        )
    expected = expected_nearby("optique", PARIS_11, 4.0)
    assert expected and [h.professional.id for h in hits] == expected
    assert [h.professional.id for h in nearest] == expected[:3]
    distances = [h.distance_km for h in hits]
    assert distances == sorted(distances) and max(distances) <= 4.0
    for h in hits:
        pro = dataset().professional(h.professional.id)
        assert (
            pro is not None
            and pro.negotiated_tariffs == h.professional.networks[0].negotiated_tariffs
        )
        assert h.professional.networks[0].network is Network.SANTECLAIR
        assert h.professional.id_kind.value == pro.id_kind
        assert h.professional.address.postcode == pro.address.postcode


async def test_search_every_category_and_by_postcode(server: ServerThread) -> None:
    async with santeclair(server) as net:
        every = await net.directory.search_professionals(
            ProfessionalQuery(Location(PARIS_11), 3.0, limit=100)
        )
        in_postcode = await net.directory.search_professionals(
            ProfessionalQuery(Location(postcode="75011"), 10.0, limit=100)
        )
        around = await net.directory.search_professionals(
            ProfessionalQuery(
                Location(postcode="75011", include_neighbouring_towns=True), 3.0, limit=100
            )
        )
    assert len({h.professional.discipline for h in every}) >= 3
    assert [h.distance_km for h in every] == sorted(h.distance_km for h in every)
    assert in_postcode and {h.professional.address.postcode for h in in_postcode} == {"75011"}
    assert {h.professional.id for h in in_postcode} <= {h.professional.id for h in around}
    assert len(around) > len(in_postcode)


async def test_details_keep_order_with_not_found_in_the_slot(server: ServerThread) -> None:
    ids = expected_nearby("dentaire", PARIS_11, 5.0)[:2]
    kalixia_only = next(p.id for p in dataset().professionals() if p.networks == ("kalixia",))
    async with santeclair(server) as net:
        found = await net.directory.professionals([ids[1], "00000000000", ids[0], kalixia_only])
    assert isinstance(found[0], HealthProfessional) and found[0].id == ids[1]
    assert isinstance(found[1], NotFound) and isinstance(found[3], NotFound)
    assert isinstance(found[2], HealthProfessional) and found[2].id == ids[0]
    assert found[2].discipline is Discipline.DENTAL and found[2].profession_label


# -- services -------------------------------------------------------------------------------
async def test_service_links_are_signed_and_open(server: ServerThread) -> None:
    async with santeclair(server) as net:
        links = await net.directory.service_links(MemberRef("azur", members()[0]))
        with pytest.raises(NotFound):
            await net.directory.service_links(MemberRef("azur", "19999999"))
    assert [link.kind for link in links] == [ServiceKind.GEOLOCATION, ServiceKind.SELF_MEDICATION]
    async with httpx.AsyncClient(timeout=5) as browser:
        for link in links:
            assert link.url.startswith(server.url) and members()[0] not in link.url
            assert (await browser.get(link.url)).status_code == 200


# -- quote analysis -------------------------------------------------------------------------
async def test_estimate_adds_up_line_by_line(server: ServerThread) -> None:
    member = members()[0]
    request = QuoteEstimateRequest(
        QuoteCategory.DENTAL,
        f"{member}-01",
        (
            QuoteEstimateItem("HBLD036", Decimal("550.00"), 1, "Couronne 26"),
            QuoteEstimateItem("HBJD001", Decimal("28.92"), 2),
        ),
    )
    async with santeclair(server) as net:
        estimate = await analysis_of(net).estimate(MemberRef("azur", member), request)
    assert [line.act_code for line in estimate.lines] == ["HBLD036", "HBJD001"]
    assert [line.billed for line in estimate.lines] == [Decimal("550.00"), Decimal("57.84")]
    assert estimate.lines[0].amo_paid == Decimal("72.00")  # 60 % of the 120 EUR BR
    for line in estimate.lines:
        assert line.amo_paid + line.mutuelle_paid + line.out_of_pocket == line.billed
        assert line.billed.as_tuple().exponent == -2
    assert estimate.billed == sum(line.billed for line in estimate.lines)
    assert estimate.out_of_pocket == sum(line.out_of_pocket for line in estimate.lines)


async def test_estimate_refusals(server: ServerThread) -> None:
    member = MemberRef("azur", members()[0])

    def request(beneficiary: str, *codes: str) -> QuoteEstimateRequest:
        items = tuple(QuoteEstimateItem(code, Decimal("100")) for code in codes)
        return QuoteEstimateRequest(QuoteCategory.DENTAL, beneficiary, items)

    async with santeclair(server) as net:
        analysis = analysis_of(net)
        with pytest.raises(NotFound):
            await analysis.estimate(MemberRef("azur", "19999999"), request("19999999-01", "FJ"))
        with pytest.raises(BackendRejected) as rejected:
            await analysis.estimate(member, request(f"{member.number}-77", "HBLD036"))
        assert rejected.value.code == "UNKNOWN_BENEFICIARY"
        with pytest.raises(InvalidInput) as invalid:
            await analysis.estimate(member, request(f"{member.number}-01", "HBLD036", "ZZZZ999"))
        assert invalid.value.field == "items.1"


async def test_submit_then_follow_the_review(server: ServerThread, clock: Clock) -> None:
    member = MemberRef("azur", members()[1])
    file = NewAttachment("devis.pdf", "application/pdf", PDF)
    async with santeclair(server) as net:
        analysis = analysis_of(net)
        submitted = await analysis.submit_quote(
            member, QuoteSubmission(QuoteCategory.OPTICAL, f"{member.number}-01", file)
        )
        assert submitted.status is QuoteReviewStatus.SUBMITTED
        assert submitted.submitted_at == clock.now
        assert submitted.answer_due_at is not None
        assert (submitted.answer_due_at - submitted.submitted_at).total_seconds() == 72 * 3600
        clock.advance(61)
        assert (await analysis.quote_review(member, submitted.id)).status is (
            QuoteReviewStatus.IN_REVIEW
        )
        clock.advance(120)
        listed = await analysis.quote_reviews(member)
        assert [r.id for r in listed] == [submitted.id]
        assert listed[0].status is QuoteReviewStatus.ANSWERED
        assert listed[0].category is QuoteCategory.OPTICAL
        with pytest.raises(NotFound):  # another member's ticket
            await analysis.quote_review(MemberRef("azur", members()[0]), submitted.id)
        with pytest.raises(NotFound):
            await analysis.quote_review(member, "SCR-999999")
        not_a_quote = NewAttachment("devis.txt", "text/plain", b"hello")
        with pytest.raises(InvalidInput) as invalid:
            await analysis.submit_quote(
                member, QuoteSubmission(QuoteCategory.DENTAL, f"{member.number}-01", not_a_quote)
            )
        assert invalid.value.field == "file"


# -- access and faults ----------------------------------------------------------------------
async def test_a_refused_key_is_unavailable_not_the_members_fault(server: ServerThread) -> None:
    query = ProfessionalQuery(Location(PARIS_11), 2.0, Discipline.OPTICS)
    for tenant, key in (("bocage", None), ("azur", "wrong-key")):
        async with santeclair(server, tenant, key=key) as net:
            with pytest.raises(BackendUnavailable) as caught:
                await net.directory.search_professionals(query)
        assert type(caught.value) is BackendUnavailable


@pytest.mark.parametrize(
    ("faults", "error"),
    [
        ({"error_rate": 1.0}, BackendUnavailable),
        ({"malformed_rate": 1.0}, MalformedResponse),
        ({"drop_rate": 1.0}, BackendUnavailable),
        ({"hang_rate": 1.0}, BackendTimeout),
    ],
)
async def test_faults_become_port_errors(
    server: ServerThread, faults: dict[str, float], error: type[PortError]
) -> None:
    set_faults(server.url, **faults, operations=["searchPartners", "getPartner", "estimate"])
    member = MemberRef("azur", members()[0])
    estimate = QuoteEstimateRequest(
        QuoteCategory.HOSPITAL, f"{member.number}-01", (QuoteEstimateItem("FJ", Decimal("23")),)
    )
    async with santeclair(server, seconds="0.5") as net:
        with pytest.raises(error) as caught:
            await net.directory.search_professionals(
                ProfessionalQuery(Location(PARIS_11), 2.0, Discipline.OPTICS)
            )
        assert type(caught.value) is error and caught.value.retry_safe
        with pytest.raises(error):
            await net.directory.professionals(expected_nearby("optique", PARIS_11, 2.0)[:2])
        with pytest.raises(error):
            await analysis_of(net).estimate(member, estimate)
        assert isinstance(net.quote_analysis, QuoteAnalysisPort)
        # Operations without faults still answer on the same client.
        assert await net.directory.service_links(member)
    assert stats(server.url)["searchPartners"] == 1
