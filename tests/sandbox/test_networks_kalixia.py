"""The Kalixia-style network over real loopback sockets: search, detail, keys, faults."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest

from sandbox.dataset.records import HealthProfessional, Town
from sandbox.dataset.towns import distance_km
from sandbox.kalixia.app import create_app
from tests.sandbox.networks_support import client, dataset, reset, set_faults, stats
from tests.support.servers import ServerThread, serving

pytestmark = pytest.mark.integration
NETWORK = "kalixia"


@pytest.fixture(scope="module")
def server() -> Iterator[ServerThread]:
    with serving(create_app(dataset())) as running:
        yield running


@pytest.fixture
def api(server: ServerThread) -> Iterator[httpx.Client]:
    reset(server.url)
    with client(server.url, NETWORK, "bocage") as http:
        yield http
    reset(server.url)


def partners(discipline: str) -> list[HealthProfessional]:
    return [
        p for p in dataset().professionals() if NETWORK in p.networks and p.discipline == discipline
    ]


def busiest_town(discipline: str) -> Town:
    """The town with the most Kalixia partners of the discipline."""
    insee, _ = Counter(p.address.insee for p in partners(discipline)).most_common(1)[0]
    return next(t for t in dataset().towns() if t.insee == insee)


def search(api: httpx.Client, **params: str | int) -> httpx.Response:
    return api.get("/api/v1/partenaires", params={"discipline": "optique", **params})


# -- API keys -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("tenant", "key_network", "status", "code"),
    [
        (None, NETWORK, 401, "CLE_API_INVALIDE"),
        ("bocage", "santeclair", 401, "CLE_API_INVALIDE"),
        ("cevennes", NETWORK, 403, "ACCES_REFUSE"),
    ],
)
def test_api_key_is_required(
    server: ServerThread, tenant: str | None, key_network: str, status: int, code: str
) -> None:
    with client(server.url, key_network, tenant) as http:
        response = http.get("/api/v1/partenaires", params={"discipline": "optique"})
    assert response.status_code == status
    assert response.json()["erreur"]["code"] == code


# -- search ---------------------------------------------------------------------------------
def check_partner(partner: dict[str, object], discipline: str, centre: Town) -> None:
    pro = dataset().professional(str(partner["identifiant"]))
    assert pro is not None and NETWORK in pro.networks and pro.discipline == discipline
    assert partner["typeIdentifiant"] == pro.id_kind and partner["nom"] == pro.name
    assert partner["adresse"] == {
        "ligne1": pro.address.line1,
        "ligne2": pro.address.line2,
        "codePostal": pro.address.postcode,
        "ville": pro.address.town,
        "codeInsee": pro.address.insee,
    }
    assert (partner["latitude"], partner["longitude"]) == (pro.address.lat, pro.address.lon)
    assert str(partner["telephone"]).replace(" ", "") == pro.phone
    assert partner["conventionne"] == pro.negotiated_tariffs
    reference = distance_km(centre.lat, centre.lon, pro.address.lat, pro.address.lon)
    assert abs(float(partner["distanceKm"]) - reference) <= 0.1  # type: ignore[arg-type]


def test_search_by_postcode(api: httpx.Client) -> None:
    town = busiest_town("optique")
    body = search(api, codePostal=town.postcode, villesVoisines="false", nombre=100).json()
    same_postcode = {t.insee for t in dataset().towns() if t.postcode == town.postcode}
    expected = {p.id for p in partners("optique") if p.address.insee in same_postcode}
    found = body["partenaires"]
    assert {p["identifiant"] for p in found} == expected
    assert body["nombreTotal"] == body["nombreResultats"] == len(expected) >= 1
    assert body["recherche"]["commune"]["codePostal"] == town.postcode
    centre = next(t for t in dataset().towns() if t.postcode == town.postcode)
    distances = [p["distanceKm"] for p in found]
    assert distances == sorted(distances)
    for partner in found:
        check_partner(partner, "optique", centre)


def near(town: Town) -> set[str]:
    """INSEE codes of the towns a neighbourly search around ``town`` covers."""
    return {
        t.insee
        for t in dataset().towns()
        if distance_km(town.lat, town.lon, t.lat, t.lon) <= 15.0 or t.postcode == town.postcode
    }


def test_neighbouring_towns_widen_the_search(api: httpx.Client) -> None:
    # A town whose neighbours have partners of their own (Paris's arrondissements, say).
    towns = dataset().towns()
    town = next(
        t
        for t in towns
        if t == next(c for c in towns if c.postcode == t.postcode)  # the postcode's centre
        and sum(p.address.insee in near(t) for p in partners("optique"))
        > sum(p.address.postcode == t.postcode for p in partners("optique"))
    )
    alone = search(api, codePostal=town.postcode, nombre=100).json()
    wide = search(api, codePostal=town.postcode, villesVoisines="true", nombre=100).json()
    assert wide["recherche"]["villesVoisines"] is True
    assert {p["identifiant"] for p in alone["partenaires"]} <= {
        p["identifiant"] for p in wide["partenaires"]
    }
    expected = {p.id for p in partners("optique") if p.address.insee in near(town)}
    assert wide["nombreTotal"] == len(expected) > len(alone["partenaires"])
    shown = {p["identifiant"] for p in wide["partenaires"]}
    assert shown == expected if len(expected) <= 100 else shown < expected
    distances = [p["distanceKm"] for p in wide["partenaires"]]
    assert distances == sorted(distances)
    few = search(api, codePostal=town.postcode, villesVoisines="true", nombre=2).json()
    assert few["partenaires"] == wide["partenaires"][:2] and few["nombreResultats"] <= 2


def test_search_by_address(api: httpx.Client) -> None:
    town = busiest_town("optique")
    by_postcode = search(api, codePostal=town.postcode).json()
    with_postcode = search(api, adresse=f"12 rue de la Paix {town.postcode} {town.name}").json()
    assert with_postcode["partenaires"] == by_postcode["partenaires"]
    by_name = search(api, adresse=f"place de la Mairie, {town.name.upper()}").json()
    assert by_name["recherche"]["commune"]["codeInsee"] == town.insee


def test_search_by_arrondissement_name(api: httpx.Client) -> None:
    body = search(api, adresse="rue Oberkampf, Paris 11").json()
    assert body["recherche"]["commune"]["codeInsee"] == "75111"
    body = search(api, adresse="Paris").json()
    assert body["recherche"]["commune"]["codeInsee"] == "75101"


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"codePostal": "75011", "discipline": "dentaire"}, 400, "PARAMETRE_INVALIDE"),
        ({}, 400, "PARAMETRE_INVALIDE"),
        ({"codePostal": "75011", "nombre": 0}, 400, "PARAMETRE_INVALIDE"),
        ({"codePostal": "75011", "villesVoisines": "peut-être"}, 400, "PARAMETRE_INVALIDE"),
        ({"codePostal": "99999"}, 422, "ADRESSE_INCONNUE"),
        ({"adresse": "quelque part"}, 422, "ADRESSE_INCONNUE"),
    ],
)
def test_search_rejects(
    api: httpx.Client, params: dict[str, str | int], status: int, code: str
) -> None:
    response = search(api, **params)
    assert response.status_code == status
    assert response.json()["erreur"]["code"] == code


# -- detail ---------------------------------------------------------------------------------
def test_partner_detail(api: httpx.Client) -> None:
    pro = partners("audioprothese")[0]
    body = api.get(f"/api/v1/partenaires/{pro.id}").json()
    assert body["identifiant"] == pro.id and body["libelleDiscipline"] == "Audioprothésiste"
    assert set(body["horaires"]) == {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
    assert "Tiers payant" in body["services"]
    assert body["conventionne"] == pro.negotiated_tariffs
    assert "distanceKm" not in body


def test_detail_of_a_stranger_is_not_found(api: httpx.Client) -> None:
    stranger = next(p for p in dataset().professionals() if p.networks == ("santeclair",))
    response = api.get(f"/api/v1/partenaires/{stranger.id}")
    assert response.status_code == 404
    assert response.json()["erreur"]["code"] == "PARTENAIRE_INCONNU"


# -- faults and stats -----------------------------------------------------------------------
def test_stats_and_faults(api: httpx.Client, server: ServerThread) -> None:
    town = busiest_town("optique")
    search(api, codePostal=town.postcode)
    api.get(f"/api/v1/partenaires/{partners('optique')[0].id}")
    assert stats(server.url) == {"rechercherPartenaires": 1, "consulterPartenaire": 1}
    set_faults(server.url, error_rate=1.0, operations=["consulterPartenaire"])
    failed = api.get(f"/api/v1/partenaires/{partners('optique')[0].id}")
    assert failed.status_code == 503
    assert failed.json()["erreur"]["code"] == "SERVICE_INDISPONIBLE"
    assert search(api, codePostal=town.postcode).status_code == 200
    # Omitted keys keep their value: the error rate goes back to 0 explicitly.
    set_faults(server.url, error_rate=0.0, malformed_rate=1.0, operations=["rechercherPartenaires"])
    with pytest.raises(json.JSONDecodeError):
        json.loads(search(api, codePostal=town.postcode).text)
    set_faults(server.url, malformed_rate=0.0, drop_rate=1.0)
    with pytest.raises(httpx.TransportError):
        search(api, codePostal=town.postcode)
    reset(server.url)
    assert stats(server.url) == {}
    assert search(api, codePostal=town.postcode).json()["nombreTotal"] >= 0


def test_hang_fault(server: ServerThread) -> None:
    set_faults(server.url, hang_rate=1.0, operations=["rechercherPartenaires"])
    with client(server.url, NETWORK, "azur", timeout=0.5) as http, pytest.raises(httpx.ReadTimeout):
        http.get("/api/v1/partenaires", params={"discipline": "optique", "codePostal": "75011"})
    reset(server.url)


def test_admin_members_of_subscribers(server: ServerThread) -> None:
    listed = httpx.get(f"{server.url}/_sandbox/members", params={"limit": 3}).json()["members"]
    azur, bocage = dataset().member_numbers("azur", 2), dataset().member_numbers("bocage", 2)
    assert listed == [azur[0], bocage[0], azur[1]]
