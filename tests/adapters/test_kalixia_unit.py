"""The Kalixia adapter against httpx.MockTransport: requests it sends, error translation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from adapters.port import (
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
    NotFound,
    PortError,
    Profession,
    ProfessionalQuery,
)
from adapters.registry import BackendSpec, Registry
from adapters.rest.care_http import CareHttp
from adapters.rest.kalixia import create_network
from adapters.rest.kalixia_records import phone_e164

pytestmark = pytest.mark.anyio
Handler = Callable[[httpx.Request], httpx.Response]


def partenaire(pid: str = "751227174", km: float | None = 0.4, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "identifiant": pid,
        "typeIdentifiant": "FINESS",
        "raisonSociale": "Optique du Centre",
        "nom": "Optique du Centre",
        "discipline": "optique",
        "libelleDiscipline": "Opticien",
        "adresse": {
            "ligne1": "75 chemin du Stade",
            "ligne2": None,
            "codePostal": "75011",
            "ville": "Paris 11e Arrondissement",
            "codeInsee": "75111",
        },
        "latitude": 48.8592,
        "longitude": 2.3773,
        "telephone": "01 99 00 36 12",
        "conventionne": True,
        **extra,
    }
    if km is not None:
        data["distanceKm"] = km
    return data


def erreur(status: int, code: str) -> httpx.Response:
    return httpx.Response(status, json={"erreur": {"code": code, "libelle": "x"}})


def network(handler: Handler, **options: str) -> CareNetwork:
    spec = BackendSpec("kalixia", "http://kalixia.test/", {"api_key": "k-2"}, options)
    return create_network("bocage", spec, transport=httpx.MockTransport(handler))


def answer(*found: dict[str, Any]) -> httpx.Response:
    return httpx.Response(200, json={"nombreTotal": len(found), "partenaires": list(found)})


async def fails(call: Any) -> PortError:
    with pytest.raises(PortError) as caught:
        await call
    return caught.value


def test_the_registry_builds_it_without_io() -> None:
    spec = BackendSpec("kalixia", "http://127.0.0.1:8104", {"api_key": "k"}, {"timeout": "3"})
    built = Registry(use_entry_points=False).care_network("bocage", spec)
    assert isinstance(built.directory, CareNetworkPort) and built.quote_analysis is None
    (http,) = built.resources
    assert isinstance(http, CareHttp) and http.timeout == 3.0 and http._client is None


def test_phones_in_e164() -> None:
    assert phone_e164("01 99 00 36 12") == "+33199003612"
    assert phone_e164("+33 1 99 00 36 12") == "+33 1 99 00 36 12"
    assert phone_e164(None) is None


async def test_postcode_search_sends_kalixia_parameters_and_maps_the_partner() -> None:
    asked: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        return answer(partenaire(), partenaire("751227175", 12.0))

    query = ProfessionalQuery(Location(postcode="75011"), 10.0, Discipline.OPTICS, limit=5)
    hits = await network(handler).directory.search_professionals(query)
    assert asked[0].url.path == "/api/v1/partenaires"
    assert asked[0].headers["X-Api-Key"] == "k-2"
    assert dict(asked[0].url.params) == {
        "discipline": "optique",
        "codePostal": "75011",
        "villesVoisines": "false",
        "nombre": "5",
    }
    assert [h.distance_km for h in hits] == [0.4]  # 12 km is outside the radius
    pro = hits[0].professional
    assert pro.id_kind.value == "FINESS" and pro.profession is Profession.OPTICIAN
    assert pro.phone == "+33199003612" and pro.networks[0].negotiated_tariffs
    assert pro.address.town == "Paris 11e Arrondissement" and pro.specialty_code is None


async def test_a_point_is_searched_from_its_nearest_commune_and_remeasured() -> None:
    asked: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        far = partenaire("751227175", 0.1, latitude=48.95, longitude=2.38)  # ~10 km north
        return answer(far, partenaire())

    query = ProfessionalQuery(Location(GeoPoint(48.8591, 2.38)), 5.0, Discipline.OPTICS)
    hits = await network(handler).directory.search_professionals(query)
    assert asked[0].url.params["codePostal"] == "75011"
    assert asked[0].url.params["villesVoisines"] == "true"
    assert [(h.professional.id, h.distance_km) for h in hits] == [("751227174", 0.2)]


async def test_every_discipline_without_one_and_none_for_others() -> None:
    disciplines: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        disciplines.append(request.url.params["discipline"])
        return answer()

    net = network(handler)
    await net.directory.search_professionals(ProfessionalQuery(Location(address="Lyon")))
    assert sorted(disciplines) == ["audioprothese", "optique", "osteopathie"]
    disciplines.clear()
    for query in (
        ProfessionalQuery(Location(postcode="75011"), discipline=Discipline.DENTAL),
        ProfessionalQuery(Location(postcode="75011"), profession=Profession.DENTIST),
    ):
        assert await net.directory.search_professionals(query) == []
    assert disciplines == []


@pytest.mark.parametrize(
    ("response", "kind"),
    [
        (erreur(401, "CLE_API_INVALIDE"), BackendUnavailable),
        (erreur(403, "ACCES_REFUSE"), BackendUnavailable),
        (erreur(503, "SERVICE_INDISPONIBLE"), BackendUnavailable),
        (erreur(400, "PARAMETRE_INVALIDE"), InvalidInput),
        (
            httpx.Response(200, text='{"nombreTotal": 3, "partenaires": [{"identifiant": "75'),
            MalformedResponse,
        ),
        (httpx.Response(200, json={"partenaires": [{"identifiant": 3}]}), MalformedResponse),
    ],
)
async def test_answers_become_port_errors(response: httpx.Response, kind: type) -> None:
    net = network(lambda request: response)
    query = ProfessionalQuery(Location(postcode="75011"), discipline=Discipline.OPTICS)
    error = await fails(net.directory.search_professionals(query))
    assert type(error) is kind and error.platform == "kalixia"


async def test_an_unknown_place_names_the_field() -> None:
    net = network(lambda request: erreur(422, "ADRESSE_INCONNUE"))
    for location, field in (
        (Location(postcode="99999"), "location.postcode"),
        (Location(address="nulle part"), "location.address"),
    ):
        query = ProfessionalQuery(location, discipline=Discipline.OPTICS)
        error = await fails(net.directory.search_professionals(query))
        assert isinstance(error, InvalidInput) and error.field == field


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (httpx.ReadTimeout("slow"), BackendTimeout),
        (httpx.ConnectError("refused"), BackendUnavailable),
        (httpx.ReadError("reset"), BackendUnavailable),
    ],
)
async def test_transport_failures(exc: Exception, kind: type) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    error = await fails(network(handler).directory.professionals(["751227174"]))
    assert type(error) is kind and error.operation == "professionals" and error.retry_safe


async def test_details_keep_order_and_links_are_empty() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        pid = request.url.path.rsplit("/", 1)[1]
        if pid == "inconnu":
            return erreur(404, "PARTENAIRE_INCONNU")
        fiche = partenaire(pid, km=None)
        fiche["professionSante"] = {"code": "28", "libelle": "Opticien-lunetier"}
        return httpx.Response(200, json=fiche)

    net = network(handler)
    found = await net.directory.professionals(["751227175", "inconnu", "751227174"])
    assert isinstance(found[1], NotFound)
    assert [getattr(f, "id", None) for f in found] == ["751227175", None, "751227174"]
    assert await net.directory.service_links(MemberRef("bocage", "20000001")) == ()
