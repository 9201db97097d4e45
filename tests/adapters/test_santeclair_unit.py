"""The Santéclair adapter against httpx.MockTransport: requests it sends, error translation."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest

from adapters.port import (
    BackendRejected,
    BackendTimeout,
    BackendUnavailable,
    CareNetwork,
    CareNetworkPort,
    Discipline,
    GeoPoint,
    InvalidInput,
    Location,
    MalformedResponse,
    MemberRef,
    NewAttachment,
    NotFound,
    PortError,
    Profession,
    ProfessionalQuery,
    QuoteAnalysisPort,
    QuoteCategory,
    QuoteEstimateItem,
    QuoteEstimateRequest,
    QuoteReviewStatus,
    QuoteSubmission,
    ServiceKind,
)
from adapters.registry import BackendSpec, Registry
from adapters.rest.care_http import CareHttp
from adapters.rest.santeclair import create_network

pytestmark = pytest.mark.anyio
MEMBER = MemberRef("azur", "10000001")
HERE = Location(GeoPoint(48.8591, 2.38))
Handler = Callable[[httpx.Request], httpx.Response]


def partner(pid: str = "10000000001", km: float | None = 1.5, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "partnerId": pid,
        "identifier": {"kind": "RPPS", "value": pid},
        "name": "Optique Test",
        "category": "opticien",
        "profession": {"code": "28", "label": "Opticien-lunetier"},
        "specialtyCode": None,
        "address": {
            "street": "1 rue Test",
            "complement": None,
            "postcode": "75011",
            "town": "Paris",
            "inseeCode": "75111",
        },
        "geo": {"lat": 48.86, "lon": 2.38},
        "phone": "+33100000000",
        "negotiatedTariffs": {"optique": True},
        **extra,
    }
    if km is not None:
        data["distanceKm"] = km
    return data


def problem(status: int, code: str, message: str = "x", **headers: str) -> httpx.Response:
    body = {"error": {"status": status, "code": code, "message": message}}
    return httpx.Response(status, json=body, headers=headers)


def network(handler: Handler, **options: str) -> CareNetwork:
    spec = BackendSpec("santeclair", "http://santeclair.test", {"api_key": "k-1"}, options)
    return create_network("azur", spec, transport=httpx.MockTransport(handler))


def answering(response: httpx.Response) -> Handler:
    return lambda request: response


async def fails(call: Any) -> PortError:
    with pytest.raises(PortError) as caught:
        await call
    return caught.value


# -- factory and life cycle -----------------------------------------------------------------
def test_the_registry_builds_it_without_io() -> None:
    spec = BackendSpec("santeclair", "http://127.0.0.1:8103", {"api_key": "k"})
    built = Registry(use_entry_points=False).care_network("azur", spec)
    assert isinstance(built.directory, CareNetworkPort)
    assert isinstance(built.quote_analysis, QuoteAnalysisPort)
    (http,) = built.resources
    assert isinstance(http, CareHttp) and http.timeout == 5.0
    assert "k" not in repr(http)


@pytest.mark.parametrize(
    ("credentials", "options"), [({}, {}), ({"api_key": "k"}, {"timeout": "soon"})]
)
def test_bad_configuration_stops_the_factory(
    credentials: dict[str, str], options: dict[str, str]
) -> None:
    with pytest.raises(ValueError, match="santeclair"):
        create_network("azur", BackendSpec("santeclair", "http://x", credentials, options))


async def test_one_client_opened_lazily_with_the_key_and_closed() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"partners": []})

    net = network(handler, timeout="2.5")
    (http,) = net.resources
    assert isinstance(http, CareHttp) and http._client is None
    query = ProfessionalQuery(HERE, 5, Discipline.OPTICS, limit=3)
    await net.directory.search_professionals(query)
    client = http._client
    await net.directory.search_professionals(query)
    assert http._client is client is not None
    assert client.timeout.read == 2.5
    assert all(r.headers["X-Api-Key"] == "k-1" for r in seen)
    params = dict(seen[0].url.params)
    assert params == {
        "category": "opticien",
        "lat": "48.8591",
        "lon": "2.38",
        "radiusKm": "5",
        "limit": "3",
    }
    await http.aclose()
    assert http._client is None and client.is_closed


# -- search ---------------------------------------------------------------------------------
async def test_search_maps_the_partner_and_merges_categories_by_distance() -> None:
    categories: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        category = request.url.params["category"]
        categories.append(category)
        km = {"opticien": 2.0, "dentiste": 0.5}.get(category)
        found = [partner(f"1000000000{len(categories)}", km)] if km is not None else []
        return httpx.Response(200, json={"total": len(found), "partners": found})

    hits = await network(handler).directory.search_professionals(ProfessionalQuery(HERE, 5))
    assert sorted(categories) == sorted(
        ["opticien", "dentiste", "audioprothesiste", "dieteticien", "osteopathe"]
    )
    assert [h.distance_km for h in hits] == [0.5, 2.0]
    pro = hits[1].professional
    assert pro.id_kind.value == "RPPS" and pro.profession is Profession.OPTICIAN
    assert pro.discipline is Discipline.OPTICS and pro.address.latitude == 48.86
    assert pro.networks[0].negotiated_tariffs is True


async def test_a_discipline_santeclair_lacks_finds_nothing_without_a_call() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no call expected")

    net = network(handler)
    for query in (
        ProfessionalQuery(HERE, 5, Discipline.MEDICINE),
        ProfessionalQuery(HERE, 5, profession=Profession.NURSE),
    ):
        assert await net.directory.search_professionals(query) == []


async def test_a_postcode_is_placed_by_the_gazetteer_and_kept() -> None:
    asked: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        inside = partner("10000000001", 0.3)
        outside = partner("10000000002", 0.9)
        outside["address"]["postcode"] = "75003"
        return httpx.Response(200, json={"partners": [inside, outside]})

    net = network(handler)
    only = ProfessionalQuery(Location(postcode="75011"), 5, Discipline.OPTICS, limit=5)
    hits = await net.directory.search_professionals(only)
    assert [h.professional.id for h in hits] == ["10000000001"]
    assert asked[0].url.params["lat"] == "48.8591" and asked[0].url.params["limit"] == "100"
    around = ProfessionalQuery(
        Location(postcode="75011", include_neighbouring_towns=True), 5, Discipline.OPTICS
    )
    assert len(await net.directory.search_professionals(around)) == 2
    by_address = ProfessionalQuery(Location(address="3 rue Oberkampf, Paris 11"), 5)
    assert await net.directory.search_professionals(by_address)


@pytest.mark.parametrize(
    ("location", "field"),
    [
        (Location(postcode="00000"), "location.postcode"),
        (Location(address="nowhere at all"), "location.address"),
        (Location(), "location"),
    ],
)
async def test_an_unknown_place_is_invalid_input(location: Location, field: str) -> None:
    net = network(lambda request: httpx.Response(500))
    error = await fails(net.directory.search_professionals(ProfessionalQuery(location)))
    assert isinstance(error, InvalidInput) and error.field == field


# -- error translation ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("response", "kind"),
    [
        (problem(401, "UNAUTHORIZED"), BackendUnavailable),
        (problem(403, "FORBIDDEN"), BackendUnavailable),
        (problem(503, "SERVICE_UNAVAILABLE"), BackendUnavailable),
        (problem(429, "TOO_MANY"), BackendUnavailable),
        (problem(400, "INVALID_REQUEST"), InvalidInput),
        (httpx.Response(502, text="<html>bad gateway</html>"), BackendUnavailable),
        (httpx.Response(200, text='{"partners": [{"partnerId": "10'), MalformedResponse),
        (httpx.Response(200, json={"partners": [{"partnerId": "1"}]}), MalformedResponse),
        (httpx.Response(200, json=[]), MalformedResponse),
    ],
)
async def test_answers_become_port_errors(response: httpx.Response, kind: type) -> None:
    net = network(lambda request: response)
    error = await fails(net.directory.search_professionals(ProfessionalQuery(HERE, 5)))
    assert type(error) is kind
    assert error.platform == "santeclair" and error.operation == "search_professionals"
    assert "10000001" not in str(error) and "bad gateway" not in str(error)


async def test_retry_after_is_kept() -> None:
    net = network(lambda request: problem(503, "SERVICE_UNAVAILABLE", **{"Retry-After": "7"}))
    error = await fails(net.directory.search_professionals(ProfessionalQuery(HERE, 5)))
    assert isinstance(error, BackendUnavailable) and error.retry_after == 7.0
    assert error.retry_safe


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (httpx.ReadTimeout("slow"), BackendTimeout),
        (httpx.ConnectTimeout("slow"), BackendTimeout),
        (httpx.ConnectError("refused"), BackendUnavailable),
        (httpx.RemoteProtocolError("dropped"), BackendUnavailable),
    ],
)
async def test_transport_failures_become_port_errors(exc: Exception, kind: type) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    error = await fails(network(handler).directory.service_links(MEMBER))
    assert type(error) is kind and error.operation == "service_links"


async def test_details_keep_order_with_not_found_in_its_slot() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        raw = request.url.raw_path.decode().rsplit("/", 1)[1]
        calls.append(raw)
        pid = raw.replace("%2F", "/")
        if pid == "missing":
            return problem(404, "PARTNER_NOT_FOUND")
        return httpx.Response(200, json=partner(pid, km=None))

    ids = ["10000000002", "missing", "10000000001", "10000000002", "a/b"]
    found = await network(handler).directory.professionals(ids)
    assert isinstance(found[1], NotFound)
    assert [getattr(f, "id", None) for f in found] == [
        "10000000002",
        None,
        "10000000001",
        "10000000002",
        "a/b",
    ]
    assert sorted(calls) == sorted(["10000000002", "missing", "10000000001", "a%2Fb"])


async def test_details_raise_when_the_whole_batch_failed() -> None:
    net = network(lambda request: problem(503, "SERVICE_UNAVAILABLE"))
    error = await fails(net.directory.professionals(["10000000001", "10000000002"]))
    assert isinstance(error, BackendUnavailable) and error.operation == "professionals"


# -- services, estimates, reviews -----------------------------------------------------------
async def test_service_links() -> None:
    bodies: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        bodies.append(body)
        url = f"https://santeclair.test/services/{body['service']}?m=x&exp=1&sig=y"
        return httpx.Response(200, json={"service": body["service"], "url": url})

    links = await network(handler).directory.service_links(MEMBER)
    assert [link.kind for link in links] == [ServiceKind.GEOLOCATION, ServiceKind.SELF_MEDICATION]
    assert all(b["memberNumber"] == "10000001" for b in bodies)
    unknown = network(lambda request: problem(404, "MEMBER_NOT_FOUND"))
    assert isinstance(await fails(unknown.directory.service_links(MEMBER)), NotFound)
    sneaky = network(lambda request: httpx.Response(200, json={"url": "javascript:alert(1)"}))
    assert isinstance(await fails(sneaky.directory.service_links(MEMBER)), MalformedResponse)


def estimate_answer(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content)
    lines = []
    for line in body["lines"]:
        billed = line["billedCents"] * line.get("quantity", 1)
        amo = billed // 5
        lines.append(
            {
                "actCode": line["actCode"],
                "label": "Acte",
                "billedCents": billed,
                "amoCents": amo,
                "amcCents": billed - amo - 100,
                "racCents": 100,
            }
        )
    totals = {k: sum(x[k] for x in lines) for k in ("billedCents", "amoCents", "amcCents")}
    totals["racCents"] = sum(x["racCents"] for x in lines)
    return httpx.Response(200, json={"lines": lines, "totals": totals})


async def test_estimate_sends_cents_and_reads_decimal_euros() -> None:
    sent: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return estimate_answer(request)

    analysis = network(handler).quote_analysis
    assert analysis is not None
    items = (
        QuoteEstimateItem("HBLD036", Decimal("550.00")),
        QuoteEstimateItem("X", Decimal("10.5"), 3),
    )
    result = await analysis.estimate(
        MEMBER, QuoteEstimateRequest(QuoteCategory.DENTAL, "10000001-01", items)
    )
    assert sent[0]["kind"] == "dental" and sent[0]["beneficiaryId"] == "10000001-01"
    assert [line["billedCents"] for line in sent[0]["lines"]] == [55000, 1050]
    assert result.billed == Decimal("581.50") and result.lines[1].billed == Decimal("31.50")
    for line in result.lines:
        assert line.amo_paid + line.mutuelle_paid + line.out_of_pocket == line.billed


async def test_estimate_refusals() -> None:
    request = QuoteEstimateRequest(
        QuoteCategory.DENTAL, "10000001-09", (QuoteEstimateItem("HBLD036", Decimal("1")),)
    )
    cases: list[tuple[httpx.Response, type, str | None]] = [
        (problem(404, "MEMBER_NOT_FOUND"), NotFound, None),
        (problem(404, "BENEFICIARY_NOT_FOUND"), BackendRejected, "beneficiary_id"),
        (problem(422, "INVALID_LINE", "lines[0]: unknown act"), InvalidInput, "items.0"),
        (problem(400, "INVALID_REQUEST"), InvalidInput, "input"),
    ]
    for response, kind, field in cases:
        analysis = network(answering(response)).quote_analysis
        assert analysis is not None
        error = await fails(analysis.estimate(MEMBER, request))
        assert type(error) is kind and getattr(error, "field", None) == field
    broken = network(lambda r: httpx.Response(200, json={"lines": [], "totals": {}}))
    assert broken.quote_analysis is not None
    assert isinstance(
        await fails(broken.quote_analysis.estimate(MEMBER, request)), MalformedResponse
    )


async def test_estimate_checks_what_it_can_before_calling() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no call expected")

    analysis = network(handler).quote_analysis
    assert analysis is not None
    optical = QuoteEstimateRequest(
        QuoteCategory.OPTICAL, "10000001-01", (QuoteEstimateItem("X", Decimal("1")),)
    )
    error = await fails(analysis.estimate(MEMBER, optical))
    assert isinstance(error, BackendRejected) and error.field == "category"
    thin = QuoteEstimateRequest(
        QuoteCategory.DENTAL, "10000001-01", (QuoteEstimateItem("X", Decimal("1.005")),)
    )
    error = await fails(analysis.estimate(MEMBER, thin))
    assert isinstance(error, InvalidInput) and error.field == "items.0.billed"


async def test_submit_quote_sends_multipart_and_reads_the_ticket() -> None:
    received: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(
            201,
            json={
                "ticketId": "SCR-000001",
                "status": "received",
                "kind": "audio",
                "submittedAt": "2026-03-02T09:00:00Z",
                "dueBy": "2026-03-05T09:00:00Z",
            },
        )

    analysis = network(handler).quote_analysis
    assert analysis is not None
    file = NewAttachment("devis.pdf", "application/pdf", b"%PDF-1.4 test")
    review = await analysis.submit_quote(
        MEMBER, QuoteSubmission(QuoteCategory.HEARING, "10000001-01", file)
    )
    assert review.id == "SCR-000001" and review.status is QuoteReviewStatus.SUBMITTED
    assert review.category is QuoteCategory.HEARING
    assert review.submitted_at.utcoffset() is not None and review.answer_due_at is not None
    body = received[0].content
    assert received[0].headers["content-type"].startswith("multipart/form-data")
    assert b'name="kind"\r\n\r\naudio' in body and b"%PDF-1.4 test" in body
    for status in (413, 415):
        failing = network(answering(problem(status, "FILE")))
        assert failing.quote_analysis is not None
        error = await fails(
            failing.quote_analysis.submit_quote(
                MEMBER, QuoteSubmission(QuoteCategory.HEARING, "10000001-01", file)
            )
        )
        assert isinstance(error, InvalidInput) and error.field == "file"
        assert not error.retry_safe


async def test_an_unreadable_answer_to_a_submission_is_not_retry_safe() -> None:
    file = NewAttachment("devis.pdf", "application/pdf", b"%PDF-1.4 test")
    submission = QuoteSubmission(QuoteCategory.DENTAL, "10000001-01", file)
    for response in (
        httpx.Response(201, text='{"ticketId": "SCR-0'),
        httpx.Response(201, json={"ticketId": "SCR-000001", "status": "lost"}),
    ):
        analysis = network(answering(response)).quote_analysis
        assert analysis is not None
        error = await fails(analysis.submit_quote(MEMBER, submission))
        assert isinstance(error, MalformedResponse) and not error.retry_safe
