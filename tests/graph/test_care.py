"""Professionals search across networks, network services, Santéclair estimate."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from adapters.fake import FakeBackends
from adapters.port import BackendUnavailable
from tests.graph.support import FAMILY, call, data, error, run

pytestmark = pytest.mark.anyio

SEARCH = """
query($near: LocationInput!, $discipline: Discipline, $networks: [Network!], $radius: Float,
      $first: Int, $after: String) {
  healthProfessionals(near: $near, discipline: $discipline, networks: $networks,
                      radiusKm: $radius, first: $first, after: $after) {
    unavailableNetworks
    pageInfo { hasNextPage endCursor }
    edges { node { id identifier identifierKind name profession professionLabel discipline
      address { town postcode } location { latitude longitude } phone distanceKm
      networks { network negotiatedTariffs } } }
  }
}
"""
BELLECOUR = {"latitude": 45.7578, "longitude": 4.8320}


def found(result: Any) -> list[dict[str, Any]]:
    return [e["node"] for e in data(result)["healthProfessionals"]["edges"]]


async def test_networks_merged_deduplicated_and_sorted_by_distance(fake: FakeBackends) -> None:
    pros = found(await run(fake, SEARCH, {"near": BELLECOUR, "radius": 20}))
    identifiers = [p["identifier"] for p in pros]
    assert len(identifiers) == len(set(identifiers))
    distances = [p["distanceKm"] for p in pros]
    assert distances == sorted(distances)
    both = next(p for p in pros if p["name"] == "Optique Bellecour")
    assert [m["network"] for m in both["networks"]] == ["SANTECLAIR", "KALIXIA"]
    assert all(p["address"]["town"] != "Marseille" for p in pros)
    assert fake.calls.calls == {
        "santeclair.search_professionals": 1,
        "kalixia.search_professionals": 1,
    }


async def test_discipline_and_network_filters(fake: FakeBackends) -> None:
    variables = {"near": BELLECOUR, "radius": 20, "discipline": "OPTICS", "networks": ["KALIXIA"]}
    pros = found(await run(fake, SEARCH, variables))
    assert pros and all(p["discipline"] == "OPTICS" for p in pros)
    assert all([m["network"] for m in p["networks"]] == ["KALIXIA"] for p in pros)
    assert "santeclair.search_professionals" not in fake.calls.calls


async def test_postcode_with_and_without_neighbouring_towns(fake: FakeBackends) -> None:
    alone = found(await run(fake, SEARCH, {"near": {"postcode": "69100"}}))
    assert alone and {p["address"]["postcode"] for p in alone} == {"69100"}
    around = found(
        await run(fake, SEARCH, {"near": {"postcode": "69100", "includeNeighbouringTowns": True}})
    )
    assert {p["address"]["postcode"] for p in around} > {"69100"}


async def test_address_search(fake: FakeBackends) -> None:
    near = {"address": "3 place Bellecour, 69002 Lyon"}
    pros = found(await run(fake, SEARCH, {"near": near}))
    assert pros[0]["address"]["postcode"] == "69002"


async def test_pages(fake: FakeBackends) -> None:
    variables: dict[str, Any] = {"near": BELLECOUR, "radius": 20, "first": 3}
    first = data(await run(fake, SEARCH, variables))["healthProfessionals"]
    assert first["pageInfo"]["hasNextPage"]
    variables["after"] = first["pageInfo"]["endCursor"]
    second = data(await run(fake, SEARCH, variables))["healthProfessionals"]
    ids = [e["node"]["id"] for e in first["edges"] + second["edges"]]
    assert len(ids) == 6 == len(set(ids))


@pytest.mark.parametrize(
    ("near", "field"),
    [
        ({}, "near"),
        ({"postcode": "69002", "address": "Lyon"}, "near"),
        ({"latitude": 95.0, "longitude": 4.8}, "near.latitude"),
        ({"postcode": "6900"}, "near.postcode"),
    ],
)
async def test_location_must_be_one_valid_place(
    fake: FakeBackends, near: dict[str, Any], field: str
) -> None:
    err = error(await run(fake, SEARCH, {"near": near}))
    assert err["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert fake.calls.total == 0


async def test_a_failing_network_leaves_the_others_results(fake: FakeBackends) -> None:
    fake.calls.fail(
        "kalixia.search_professionals",
        BackendUnavailable(platform="kalixia", operation="search_professionals"),
    )
    result = data(await run(fake, SEARCH, {"near": BELLECOUR, "radius": 20}))
    connection = result["healthProfessionals"]
    assert connection["unavailableNetworks"] == ["KALIXIA"]
    assert connection["edges"]
    assert all(
        [m["network"] for m in e["node"]["networks"]] == ["SANTECLAIR"] for e in connection["edges"]
    )


async def test_professional_node_merges_memberships(fake: FakeBackends) -> None:
    pros = found(await run(fake, SEARCH, {"near": BELLECOUR, "radius": 20}))
    roux = next(p for p in pros if p["name"] == "Dr Luc Roux")
    query = """query($id: ID!) { node(id: $id) { ... on HealthProfessional {
      identifier name distanceKm networks { network } } } }"""
    node = data(await run(fake, query, {"id": roux["id"]}))["node"]
    assert node["identifier"] == roux["identifier"] and node["distanceKm"] is None
    assert [m["network"] for m in node["networks"]] == ["SANTECLAIR", "KALIXIA"]


async def test_care_services(fake: FakeBackends) -> None:
    services = data(await run(fake, "{ me { careServices { network kind label url } } }"))
    kinds = {(s["network"], s["kind"]) for s in services["me"]["careServices"]}
    assert ("SANTECLAIR", "SELF_MEDICATION") in kinds and ("KALIXIA", "GEOLOCATION") in kinds


ESTIMATE = """query($input: QuoteEstimateInput!) { quoteEstimate(input: $input) {
  category billed { amount } amoPaid { amount } mutuellePaid { amount } outOfPocket { amount }
  lines { actCode label billed { amount } outOfPocket { amount } } } }"""


async def beneficiary_id(fake: FakeBackends, first_name: str = "Léa") -> str:
    everyone = data(await run(fake, "{ me { beneficiaries { id firstName } } }"))
    fake.calls.clear()
    return str(
        next(b["id"] for b in everyone["me"]["beneficiaries"] if b["firstName"] == first_name)
    )


async def test_quote_estimate_adds_up(fake: FakeBackends) -> None:
    who = await beneficiary_id(fake)
    items = [
        {"actCode": "HBLD036", "billedAmount": "500.00"},
        {"actCode": "HBMD351", "billedAmount": "120.50", "quantity": 2},
    ]
    variables = {"input": {"category": "DENTAL", "beneficiaryId": who, "items": items}}
    estimate = data(await run(fake, ESTIMATE, variables))["quoteEstimate"]
    parts = [Decimal(estimate[k]["amount"]) for k in ("amoPaid", "mutuellePaid", "outOfPocket")]
    assert sum(parts) == Decimal(estimate["billed"]["amount"]) == Decimal("741.00")
    request = call(fake, "estimate")[1]
    assert request.beneficiary_id == f"{FAMILY}-01"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "OPTICAL"}, "input.category"),
        ({"items": []}, "input.items"),
        ({"items": [{"actCode": "HBLD036", "billedAmount": "-3"}]}, "input.items.0.billedAmount"),
        ({"items": [{"actCode": "HB LD", "billedAmount": "3"}]}, "input.items.0.actCode"),
        ({"beneficiaryId": "nope"}, "input.beneficiaryId"),
    ],
)
async def test_quote_estimate_validation(
    fake: FakeBackends, change: dict[str, Any], field: str
) -> None:
    who = await beneficiary_id(fake)
    base = {
        "category": "DENTAL",
        "beneficiaryId": who,
        "items": [{"actCode": "HBLD036", "billedAmount": "500.00"}],
    }
    err = error(await run(fake, ESTIMATE, {"input": base | change}))
    assert err["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert fake.calls.total == 0
