"""The Kalixia adapter against the Kalixia sandbox over real loopback sockets."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import pytest

from adapters.port import (
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
    NotFound,
    PortError,
    Profession,
    ProfessionalQuery,
)
from adapters.registry import BackendSpec
from adapters.rest.kalixia import create_network
from sandbox.credentials import network_api_key
from sandbox.kalixia.app import create_app
from sandbox.kalixia.places import Places
from sandbox.networks.geo import haversine_km
from tests.sandbox.networks_support import dataset, reset, set_faults, stats
from tests.support.servers import ServerThread, serving

pytestmark = [pytest.mark.integration, pytest.mark.anyio]


@pytest.fixture(scope="module")
def server() -> Iterator[ServerThread]:
    with serving(create_app(dataset())) as running:
        yield running


@pytest.fixture(autouse=True)
def fresh(server: ServerThread) -> Iterator[None]:
    reset(server.url)
    yield
    reset(server.url)


@asynccontextmanager
async def kalixia(
    server: ServerThread, tenant: str = "bocage", seconds: str = "5"
) -> AsyncIterator[CareNetwork]:
    credentials = {"api_key": network_api_key("kalixia", tenant)}
    net = create_network(
        tenant, BackendSpec("kalixia", server.url, credentials, {"timeout": seconds})
    )
    try:
        yield net
    finally:
        for resource in net.resources:
            await resource.aclose()  # type: ignore[attr-defined]


def expected(discipline: str, postcode: str, neighbours: bool) -> list[tuple[str, float]]:
    """What the sandbox should answer: partners of the searched towns, nearest first."""
    places = Places(dataset().towns())
    centre = places.by_postcode(postcode)[0]
    insee = {t.insee for t in places.around(centre, neighbours)}
    found = [
        (haversine_km(centre.lat, centre.lon, p.address.lat, p.address.lon), p.name, p.id)
        for p in dataset().professionals()
        if "kalixia" in p.networks and p.discipline == discipline and p.address.insee in insee
    ]
    return [(pid, round(km, 1)) for km, _, pid in sorted(found)]


async def test_postcode_search_matches_the_sandbox(server: ServerThread) -> None:
    async with kalixia(server) as net:
        alone = await net.directory.search_professionals(
            ProfessionalQuery(Location(postcode="69002"), 100.0, Discipline.OPTICS, limit=100)
        )
        around = await net.directory.search_professionals(
            ProfessionalQuery(
                Location(postcode="69002", include_neighbouring_towns=True),
                100.0,
                Discipline.OPTICS,
                limit=100,
            )
        )
    assert [(h.professional.id, h.distance_km) for h in alone] == expected(
        "optique", "69002", False
    )
    assert [(h.professional.id, h.distance_km) for h in around] == expected(
        "optique", "69002", True
    )
    assert len(around) > len(alone) > 0
    for hit in around:
        pro = dataset().professional(hit.professional.id)
        assert pro is not None
        assert hit.professional.networks[0].network is Network.KALIXIA
        assert hit.professional.networks[0].negotiated_tariffs == pro.negotiated_tariffs
        assert hit.professional.id_kind.value == pro.id_kind
        assert hit.professional.profession is Profession.OPTICIAN


async def test_radius_address_point_and_every_discipline(server: ServerThread) -> None:
    lyon = next(t for t in dataset().towns() if t.postcode == "69002")
    async with kalixia(server) as net:
        near = await net.directory.search_professionals(
            ProfessionalQuery(
                Location(postcode="69002", include_neighbouring_towns=True), 3.0, limit=100
            )
        )
        by_address = await net.directory.search_professionals(
            ProfessionalQuery(Location(address="20 rue Mercière 69002 Lyon"), 3.0, limit=100)
        )
        by_point = await net.directory.search_professionals(
            ProfessionalQuery(Location(GeoPoint(lyon.lat, lyon.lon)), 3.0, limit=100)
        )
        with pytest.raises(InvalidInput) as unknown:
            await net.directory.search_professionals(
                ProfessionalQuery(Location(postcode="99999"), discipline=Discipline.OPTICS)
            )
    assert unknown.value.field == "location.postcode"
    assert near and max(h.distance_km for h in near) <= 3.0
    assert len({h.professional.discipline for h in near}) >= 2
    assert [h.distance_km for h in near] == sorted(h.distance_km for h in near)
    assert {h.professional.id for h in by_address} == {h.professional.id for h in near}
    assert {h.professional.id for h in by_point} == {h.professional.id for h in near}


async def test_details_keep_order_with_not_found_in_the_slot(server: ServerThread) -> None:
    ours = [pid for pid, _ in expected("osteopathie", "69002", True)][:2]
    santeclair_only = next(p.id for p in dataset().professionals() if p.networks == ("santeclair",))
    async with kalixia(server) as net:
        found = await net.directory.professionals([ours[1], santeclair_only, ours[0], "x"])
        assert await net.directory.service_links(MemberRef("bocage", "20000001")) == ()
    assert isinstance(found[0], HealthProfessional) and found[0].id == ours[1]
    assert isinstance(found[1], NotFound) and isinstance(found[3], NotFound)
    assert isinstance(found[2], HealthProfessional) and found[2].id == ours[0]
    assert found[2].discipline is Discipline.OSTEOPATHY and found[2].profession is None
    assert found[2].profession_label == "Ostéopathe"
    assert "rechercherPartenaires" not in stats(server.url)


async def test_an_unsubscribed_mutuelle_is_a_configuration_problem(server: ServerThread) -> None:
    async with kalixia(server, tenant="cevennes") as net:
        with pytest.raises(BackendUnavailable):
            await net.directory.professionals(["751227174"])


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
    set_faults(server.url, **faults)
    ids = [pid for pid, _ in expected("optique", "69002", False)][:2]
    async with kalixia(server, seconds="0.5") as net:
        with pytest.raises(error) as caught:
            await net.directory.search_professionals(
                ProfessionalQuery(Location(postcode="69002"), discipline=Discipline.OPTICS)
            )
        assert type(caught.value) is error and caught.value.retry_safe
        with pytest.raises(error):
            await net.directory.professionals(ids)
