"""The Santéclair-style network over real loopback sockets: every route, keys, faults."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from sandbox.dataset.records import Guarantee, HealthProfessional
from sandbox.dataset.towns import distance_km
from sandbox.santeclair.app import create_app
from tests.sandbox.networks_support import Clock, client, dataset, reset, set_faults, stats
from tests.support.servers import ServerThread, serving

pytestmark = pytest.mark.integration
NETWORK = "santeclair"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="module")
def server(clock: Clock) -> Iterator[ServerThread]:
    with serving(create_app(dataset(), clock=clock)) as running:
        yield running


@pytest.fixture
def api(server: ServerThread) -> Iterator[httpx.Client]:
    reset(server.url)
    with client(server.url, NETWORK, "azur") as http:
        yield http
    reset(server.url)


def members(tenant: str) -> list[str]:
    return dataset().member_numbers(tenant, 5)


def opticians() -> list[HealthProfessional]:
    return [
        p for p in dataset().professionals() if NETWORK in p.networks and p.discipline == "optique"
    ]


# -- API keys -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("tenant", "key_network", "status"),
    [(None, NETWORK, 401), ("azur", "kalixia", 401), ("bocage", NETWORK, 403)],
)
def test_api_key_is_required(
    server: ServerThread, tenant: str | None, key_network: str, status: int
) -> None:
    with client(server.url, key_network, tenant) as http:
        response = http.get("/api/v1/partners/whatever")
    assert response.status_code == status
    assert response.json()["error"]["code"] in ("UNAUTHORIZED", "FORBIDDEN")


def test_another_subscriber_is_let_in(server: ServerThread) -> None:
    pro = opticians()[0]
    with client(server.url, NETWORK, "cevennes") as http:
        assert http.get(f"/api/v1/partners/{pro.id}").status_code == 200


# -- partners -------------------------------------------------------------------------------
def test_search_around_a_point(api: httpx.Client) -> None:
    centre = opticians()[0].address
    params: dict[str, str | float] = {
        "category": "opticien",
        "lat": centre.lat,
        "lon": centre.lon,
        "radiusKm": 25,
    }
    body = api.get("/api/v1/partners", params={**params, "limit": 100}).json()
    expected = {
        p.id
        for p in opticians()
        if distance_km(centre.lat, centre.lon, p.address.lat, p.address.lon) <= 24.9
    }
    found = body["partners"]
    assert body["total"] == len(found) >= 1
    assert expected <= {p["partnerId"] for p in found}
    distances = [p["distanceKm"] for p in found]
    assert distances == sorted(distances) and all(d <= 25 for d in distances)
    for partner in found:
        pro = dataset().professional(partner["partnerId"])
        assert pro is not None and NETWORK in pro.networks and pro.discipline == "optique"
        reference = distance_km(centre.lat, centre.lon, pro.address.lat, pro.address.lon)
        assert abs(partner["distanceKm"] - reference) <= 0.1
        assert partner["identifier"] == {"kind": pro.id_kind, "value": pro.id}
        assert partner["profession"] == {"code": "28", "label": pro.profession_label}
        assert partner["address"]["postcode"] == pro.address.postcode
        assert partner["address"]["town"] == pro.address.town
        assert partner["geo"] == {"lat": pro.address.lat, "lon": pro.address.lon}
        assert partner["negotiatedTariffs"] == {"optique": pro.negotiated_tariffs}
        assert partner["phone"] == "+33" + pro.phone[1:]
    limited = api.get("/api/v1/partners", params={**params, "limit": 1}).json()
    assert limited["total"] == body["total"] and limited["partners"] == found[:1]


@pytest.mark.parametrize(
    ("category", "discipline"),
    [
        ("dentiste", "dentaire"),
        ("audioprothesiste", "audioprothese"),
        ("dieteticien", "dietetique"),
        ("osteopathe", "osteopathie"),
    ],
)
def test_each_category_returns_its_own_discipline(
    api: httpx.Client, category: str, discipline: str
) -> None:
    params: dict[str, str | float] = {
        "category": category,
        "lat": 46.6,
        "lon": 2.5,
        "radiusKm": 100,
        "limit": 100,
    }
    body = api.get("/api/v1/partners", params=params).json()
    for partner in body["partners"]:
        pro = dataset().professional(partner["partnerId"])
        assert pro is not None and pro.discipline == discipline and NETWORK in pro.networks


@pytest.mark.parametrize(
    "query",
    [
        {"category": "plombier", "lat": 48.8, "lon": 2.3},
        {"category": "opticien", "lon": 2.3},
        {"category": "opticien", "lat": 48.8, "lon": 2.3, "radiusKm": 500},
        {"category": "opticien", "lat": 48.8, "lon": 2.3, "limit": 0},
    ],
)
def test_search_rejects_bad_parameters(api: httpx.Client, query: dict[str, Any]) -> None:
    response = api.get("/api/v1/partners", params=query)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_REQUEST"


def test_partner_detail_only_for_the_network(api: httpx.Client) -> None:
    pro = opticians()[0]
    body = api.get(f"/api/v1/partners/{pro.id}").json()
    assert body["partnerId"] == pro.id and body["name"] == pro.name
    assert "tiers_payant" in body["services"] and set(body["openingHours"]) >= {"monday"}
    outsiders = [p for p in dataset().professionals() if NETWORK not in p.networks]
    kalixia_only = next(p for p in outsiders if "kalixia" in p.networks)
    for pro in (kalixia_only, outsiders[0]):
        response = api.get(f"/api/v1/partners/{pro.id}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "PARTNER_NOT_FOUND"


# -- estimates ------------------------------------------------------------------------------
def guarantees(member: str, beneficiary: str) -> dict[str, Guarantee]:
    contract = dataset().backoffice("azur").contract(member)
    coverage = next(c for c in contract.coverages if c.beneficiary_id == beneficiary)
    return {g.code: g for g in coverage.guarantees}


def expected_amc(guarantee: Guarantee | None, billed: int, base: int, amo: int) -> int:
    if guarantee is None:
        return 0
    if guarantee.kind == "percent_br":
        assert guarantee.rate_percent is not None
        return max(0, min(billed, (base * guarantee.rate_percent + 50) // 100) - amo)
    if guarantee.kind == "flat":
        assert guarantee.flat_cents is not None
        return min(guarantee.flat_cents, billed - amo)
    return billed - amo


def test_dental_estimate(api: httpx.Client) -> None:
    member = members("azur")[0]
    beneficiary = f"{member}-01"
    lines = [
        {"actCode": "HBLD036", "label": "Couronne 26", "billedCents": 55000, "quantity": 1},
        {"actCode": "HBLD634", "billedCents": 50000, "basket": "sante_100"},
        {"actCode": "HBJD001", "billedCents": 2892, "quantity": 2},
        {"actCode": "HBXX123", "label": "Acte rare", "billedCents": 10000, "baseCents": 5000},
        {"actCode": "LBLD015", "billedCents": 120000},
    ]
    body = api.post(
        "/api/v1/estimates",
        json={
            "memberNumber": member,
            "beneficiaryId": beneficiary,
            "kind": "dental",
            "lines": lines,
        },
    ).json()
    table = guarantees(member, beneficiary)
    expected = [
        # (billed, BR, AMO rate, guarantee code)
        (55000, 12000, 60, "DENT_PROTH"),
        (50000, 12000, 60, "DENT_100S"),
        (5784, 5784, 60, "DENT_SOINS"),
        (10000, 5000, 60, "DENT_SOINS"),
        (120000, 0, 0, "DENT_PROTH"),  # implant: outside the nomenclature
    ]
    for line, (billed, base, rate, code) in zip(body["lines"], expected, strict=True):
        amo = (base * rate + 50) // 100
        assert (line["billedCents"], line["baseCents"], line["amoRate"]) == (billed, base, rate)
        assert line["amoCents"] == amo
        assert line["amcCents"] == expected_amc(table.get(code), billed, base, amo)
        assert line["billedCents"] == line["amoCents"] + line["amcCents"] + line["racCents"]
        assert line["racCents"] >= 0
    assert body["lines"][1]["racCents"] == 0  # 100 % Santé basket
    assert body["lines"][3]["label"] == "Acte rare"
    totals = body["totals"]
    for key in ("billedCents", "amoCents", "amcCents", "racCents"):
        assert totals[key] == sum(line[key] for line in body["lines"])
    assert totals["billedCents"] == totals["amoCents"] + totals["amcCents"] + totals["racCents"]
    assert body["offerCode"] == dataset().backoffice("azur").contract(member).offer_code


def test_hospital_estimate(api: httpx.Client) -> None:
    member = members("azur")[1]
    beneficiary = f"{member}-01"
    lines = [
        {"actCode": "NFFC004", "billedCents": 40000},  # sector 2 fee: dépassement
        {"actCode": "ZZLP025", "billedCents": 9600},
        {"actCode": "FJ", "billedCents": 2300, "quantity": 3},
        {"actCode": "CP", "billedCents": 6000, "quantity": 3},
    ]
    body = api.post(
        "/api/v1/estimates",
        json={
            "memberNumber": member,
            "beneficiaryId": beneficiary,
            "kind": "hospital",
            "lines": lines,
        },
    ).json()
    table = guarantees(member, beneficiary)
    surgery, anaesthesia, daily, room = body["lines"]
    assert surgery["amoCents"] == (22608 * 80 + 50) // 100
    assert surgery["amcCents"] == expected_amc(
        table.get("HOSP_HONO"), 40000, 22608, surgery["amoCents"]
    )
    assert anaesthesia["amoCents"] == 7680
    assert (daily["billedCents"], daily["amoCents"], daily["amcCents"], daily["racCents"]) == (
        6900,
        0,
        6900,
        0,
    )
    assert (room["amoCents"], room["amcCents"], room["racCents"]) == (0, 0, 18000)
    for line in body["lines"]:
        assert line["billedCents"] == line["amoCents"] + line["amcCents"] + line["racCents"]


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"kind": "optical"}, 400, "INVALID_REQUEST"),
        ({"lines": []}, 400, "INVALID_REQUEST"),
        ({"memberNumber": "19999999"}, 404, "MEMBER_NOT_FOUND"),
        ({"beneficiaryId": "19999999-01"}, 404, "BENEFICIARY_NOT_FOUND"),
        ({"lines": [{"actCode": "HBZZ999", "billedCents": 100}]}, 422, "INVALID_LINE"),
        ({"lines": [{"actCode": "HBJD001", "billedCents": -1}]}, 422, "INVALID_LINE"),
        ({"lines": [{"actCode": "HBJD001", "billedCents": 1, "quantity": 0}]}, 422, "INVALID_LINE"),
    ],
)
def test_estimate_rejects(
    api: httpx.Client, change: dict[str, Any], status: int, code: str
) -> None:
    member = members("azur")[0]
    body = {
        "memberNumber": member,
        "beneficiaryId": f"{member}-01",
        "kind": "dental",
        "lines": [{"actCode": "HBJD001", "billedCents": 2892}],
        **change,
    }
    response = api.post("/api/v1/estimates", json=body)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code


def test_estimate_never_crosses_tenants(server: ServerThread) -> None:
    member = members("cevennes")[0]
    body = {
        "memberNumber": member,
        "beneficiaryId": f"{member}-01",
        "kind": "dental",
        "lines": [{"actCode": "HBJD001", "billedCents": 2892}],
    }
    with client(server.url, NETWORK, "azur") as http:
        assert http.post("/api/v1/estimates", json=body).status_code == 404
    with client(server.url, NETWORK, "cevennes") as http:
        assert http.post("/api/v1/estimates", json=body).status_code == 200


# -- quote reviews --------------------------------------------------------------------------
def submit(api: httpx.Client, member: str, content: bytes = PDF, **fields: str) -> httpx.Response:
    data = {"memberNumber": member, "beneficiaryId": f"{member}-01", "kind": "optical", **fields}
    return api.post(
        "/api/v1/quote-reviews",
        data=data,
        files={"file": ("devis.pdf", content, "application/pdf")},
    )


def test_quote_review_lifecycle(api: httpx.Client, server: ServerThread, clock: Clock) -> None:
    member = members("azur")[2]
    created = submit(api, member)
    assert created.status_code == 201, created.text
    ticket = created.json()
    assert ticket["status"] == "received" and ticket["answer"] is None
    assert ticket["submittedAt"] == clock().strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ticket["dueBy"] == "2026-03-05T09:00:00Z"  # 72 h later
    assert ticket["file"] == {
        "name": "devis.pdf",
        "contentType": "application/pdf",
        "size": len(PDF),
    }
    path = f"/api/v1/quote-reviews/{ticket['ticketId']}"
    start = clock.now
    try:
        assert api.get(path).json()["status"] == "received"
        clock.advance(61)
        assert api.get(path).json()["status"] == "in_review"
        clock.advance(120)
        answered = api.get(path).json()
    finally:
        clock.now = start
    assert answered["status"] == "answered"
    assert [h["status"] for h in answered["history"]] == ["received", "in_review", "answered"]
    answer = answered["answer"]
    assert "devis optique" in answer["text"] and answer["adviser"]
    estimate = answer["estimate"]
    assert estimate["billedCents"] == (
        estimate["amoCents"] + estimate["amcCents"] + estimate["racCents"]
    )
    assert answer["estimatedRestCents"] == estimate["racCents"] >= 0
    listing = api.get("/api/v1/quote-reviews", params={"memberNumber": member}).json()
    assert [r["ticketId"] for r in listing["reviews"]] == [ticket["ticketId"]]
    with client(server.url, NETWORK, "cevennes") as other:
        assert other.get(path).status_code == 404
        listed = other.get("/api/v1/quote-reviews", params={"memberNumber": member}).json()
        assert listed["reviews"] == []


@pytest.mark.parametrize(
    ("content", "fields", "status"),
    [
        (b"just some text", {}, 415),
        (b"%PDF-" + b"0" * (5 * 1024 * 1024), {}, 413),
        (PDF, {"kind": "dental-ish"}, 400),
        (PDF, {"beneficiaryId": "nobody"}, 404),
    ],
)
def test_quote_review_rejects(
    api: httpx.Client, content: bytes, fields: dict[str, str], status: int
) -> None:
    response = submit(api, members("azur")[0], content, **fields)
    assert response.status_code == status, response.text
    assert response.json()["error"]["status"] == status


def test_quote_reviews_need_a_member(api: httpx.Client) -> None:
    assert submit(api, "19999999").status_code == 404
    assert api.get("/api/v1/quote-reviews").status_code == 400
    assert api.get("/api/v1/quote-reviews/SCR-999999").status_code == 404


def test_reset_forgets_reviews(api: httpx.Client, server: ServerThread) -> None:
    member = members("azur")[3]
    ticket = submit(api, member).json()["ticketId"]
    reset(server.url)
    assert api.get(f"/api/v1/quote-reviews/{ticket}").status_code == 404


# -- service links --------------------------------------------------------------------------
def test_signed_service_link(api: httpx.Client, server: ServerThread, clock: Clock) -> None:
    member = members("azur")[0]
    body = api.post(
        "/api/v1/service-links", json={"memberNumber": member, "service": "geolocation"}
    ).json()
    url = body["url"]
    assert url.startswith(f"{server.url}/services/geolocation?")
    assert member not in url
    assert body["expiresAt"] == "2026-03-02T09:05:00Z"
    page = httpx.get(url)
    assert page.status_code == 200 and "Géolocalisation" in page.text
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    tampered = [
        {**query, "sig": ("0" if query["sig"][0] != "0" else "1") + query["sig"][1:]},
        {**query, "m": "someone-else"},
        {**query, "exp": str(int(query["exp"]) + 3600)},
        {k: v for k, v in query.items() if k != "sig"},
    ]
    for params in tampered:
        assert httpx.get(f"{server.url}{parts.path}?{urlencode(params)}").status_code == 403
    assert httpx.get(url.replace("/geolocation?", "/self_medication?")).status_code == 403
    start = clock.now
    try:
        clock.advance(301)
        assert httpx.get(url).status_code == 403
    finally:
        clock.now = start


def test_service_link_rejects(api: httpx.Client) -> None:
    member = members("azur")[0]
    bad = api.post("/api/v1/service-links", json={"memberNumber": member, "service": "spa"})
    assert bad.status_code == 400
    unknown = {"memberNumber": "19999999", "service": "self_medication"}
    assert api.post("/api/v1/service-links", json=unknown).status_code == 404


# -- faults, stats, admin -------------------------------------------------------------------
def search(api: httpx.Client) -> httpx.Response:
    return api.get("/api/v1/partners", params={"category": "opticien", "lat": 48.86, "lon": 2.35})


def test_stats_count_each_operation(api: httpx.Client, server: ServerThread) -> None:
    search(api)
    search(api)
    api.get(f"/api/v1/partners/{opticians()[0].id}")
    api.get("/api/v1/quote-reviews", params={"memberNumber": members("azur")[0]})
    assert stats(server.url) == {"searchPartners": 2, "getPartner": 1, "listQuoteReviews": 1}
    reset(server.url)
    assert stats(server.url) == {}


def test_latency_fault(api: httpx.Client, server: ServerThread) -> None:
    set_faults(server.url, latency_ms=300, operations=["searchPartners"])
    started = time.monotonic()
    assert search(api).status_code == 200
    assert time.monotonic() - started >= 0.29  # a lower bound only: never flaky


def test_error_fault_on_one_operation(api: httpx.Client, server: ServerThread) -> None:
    set_faults(server.url, error_rate=1.0, operations=["estimate"])
    member = members("azur")[0]
    body = {
        "memberNumber": member,
        "beneficiaryId": f"{member}-01",
        "kind": "dental",
        "lines": [{"actCode": "HBJD001", "billedCents": 2892}],
    }
    failed = api.post("/api/v1/estimates", json=body)
    assert failed.status_code == 503
    assert failed.json()["error"]["code"] == "SERVICE_UNAVAILABLE"
    assert search(api).status_code == 200  # other operations untouched
    reset(server.url)
    assert api.post("/api/v1/estimates", json=body).status_code == 200


def test_hang_fault(server: ServerThread) -> None:
    set_faults(server.url, hang_rate=1.0, operations=["getPartner"])
    with client(server.url, NETWORK, "azur", timeout=0.5) as http, pytest.raises(httpx.ReadTimeout):
        http.get(f"/api/v1/partners/{opticians()[0].id}")
    reset(server.url)


def test_malformed_fault(api: httpx.Client, server: ServerThread) -> None:
    set_faults(server.url, malformed_rate=1.0)
    response = search(api)
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.text)
    reset(server.url)
    assert search(api).json()["partners"] is not None


def test_drop_fault(api: httpx.Client, server: ServerThread) -> None:
    set_faults(server.url, drop_rate=1.0, operations=["searchPartners"])
    with pytest.raises(httpx.TransportError):
        search(api)
    reset(server.url)
    assert search(api).status_code == 200


def test_admin_members_of_every_subscriber(server: ServerThread) -> None:
    listed = httpx.get(f"{server.url}/_sandbox/members", params={"limit": 4}).json()["members"]
    assert listed == [
        members("azur")[0],
        members("cevennes")[0],
        members("azur")[1],
        members("cevennes")[1],
    ]
