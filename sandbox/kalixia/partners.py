"""Kalixia partner search and partner detail, in Kalixia's French field names.

    GET /api/v1/partenaires?discipline=optique&codePostal=75011&villesVoisines=true&nombre=20
    GET /api/v1/partenaires?discipline=osteopathie&adresse=12 rue Oberkampf 75011 Paris
    GET /api/v1/partenaires/{identifiant}

Partners of the searched towns, nearest to the searched town's centre first (km, one
decimal), at most ``nombre`` of them. Only Kalixia partners are ever returned.
"""

from __future__ import annotations

import hashlib
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sandbox.dataset.records import HealthProfessional, Tenant, Town
from sandbox.kalixia.places import Places
from sandbox.kalixia.problems import erreur
from sandbox.networks.directory import NetworkDirectory

DISCIPLINES = {
    "optique": "Opticien",
    "audioprothese": "Audioprothésiste",
    "osteopathie": "Ostéopathe",
}
DEFAULT_COUNT, MAX_COUNT = 20, 100
JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")
SERVICES = (
    "Tiers payant",
    "Prise de rendez-vous en ligne",
    "Accessible aux personnes à mobilité réduite",
    "Essai à domicile",
    "Ouvert entre midi et deux",
)
BOOLEANS = {"true": True, "1": True, "oui": True, "false": False, "0": False, "non": False}


class Partenaires:
    """The partner endpoints over the network's directory and the towns table."""

    def __init__(self, directory: NetworkDirectory, places: Places) -> None:
        self.directory = directory
        self.places = places

    async def rechercher(self, request: Request, tenant: Tenant) -> Response:
        params = request.query_params
        discipline = params.get("discipline", "")
        if discipline not in DISCIPLINES:
            return erreur(400, f"discipline doit valoir {', '.join(DISCIPLINES)}")
        neighbours = BOOLEANS.get(params.get("villesVoisines", "false").lower())
        try:
            count = int(params.get("nombre", DEFAULT_COUNT))
        except ValueError:
            count = 0
        if neighbours is None or not 1 <= count <= MAX_COUNT:
            return erreur(400, f"villesVoisines true|false, nombre entre 1 et {MAX_COUNT}")
        centre = self._centre(params.get("codePostal"), params.get("adresse"))
        if isinstance(centre, Response):
            return centre
        searched = self.places.around(centre, neighbours)
        insee = {t.insee for t in searched}
        found = self.directory.nearest(
            centre.lat, centre.lon, discipline=discipline, keep=lambda p: p.address.insee in insee
        )
        return JSONResponse(
            {
                "recherche": {
                    "discipline": discipline,
                    "commune": commune_json(centre),
                    "villesVoisines": neighbours,
                    "communesIncluses": [t.name for t in searched],
                },
                "nombreTotal": len(found),
                "nombreResultats": min(count, len(found)),
                "partenaires": [partenaire_json(p, km) for p, km in found[:count]],
            }
        )

    def _centre(self, postcode: str | None, address: str | None) -> Town | Response:
        if postcode:
            towns = self.places.by_postcode(postcode.strip())
            if not towns:
                return erreur(422, f"code postal {postcode.strip()!r} inconnu")
            return towns[0]
        if address and address.strip():
            town = self.places.by_address(address)
            return town if town else erreur(422, "adresse introuvable")
        return erreur(400, "adresse ou codePostal obligatoire")

    async def consulter(self, request: Request, tenant: Tenant) -> Response:
        pro = self.directory.get(request.path_params["identifiant"])
        if pro is None:
            return erreur(404, "aucun partenaire Kalixia avec cet identifiant")
        return JSONResponse(fiche_json(pro))


def commune_json(town: Town) -> dict[str, Any]:
    return {
        "codeInsee": town.insee,
        "nom": town.name,
        "codePostal": town.postcode,
        "latitude": town.lat,
        "longitude": town.lon,
    }


def telephone(digits: str) -> str:
    """French display of a phone number: "01 43 79 62 45"."""
    return " ".join(digits[i : i + 2] for i in range(0, len(digits), 2))


def partenaire_json(pro: HealthProfessional, distance_km: float | None = None) -> dict[str, Any]:
    address = pro.address
    data: dict[str, Any] = {
        "identifiant": pro.id,
        "typeIdentifiant": pro.id_kind,
        "raisonSociale": pro.name if pro.id_kind == "FINESS" else None,
        "nom": pro.name,
        "discipline": pro.discipline,
        "libelleDiscipline": DISCIPLINES.get(pro.discipline, pro.profession_label),
        "adresse": {
            "ligne1": address.line1,
            "ligne2": address.line2,
            "codePostal": address.postcode,
            "ville": address.town,
            "codeInsee": address.insee,
        },
        "latitude": address.lat,
        "longitude": address.lon,
        "telephone": telephone(pro.phone),
        "conventionne": pro.negotiated_tariffs,
    }
    if distance_km is not None:
        data["distanceKm"] = round(distance_km, 1)
    return data


def fiche_json(pro: HealthProfessional) -> dict[str, Any]:
    """The partner's page: opening hours and services, derived from its id (stable)."""
    digest = hashlib.sha256(b"kalixia:" + pro.id.encode()).digest()
    lunch = digest[4] % 3 == 0
    hours = "09:30-19:00" if lunch else "09:30-12:30 / 14:00-19:00"
    data = partenaire_json(pro)
    data["horaires"] = {
        jour: ("Fermé" if jour == "samedi" and digest[5] % 2 else hours) for jour in JOURS
    }
    data["services"] = [
        s for i, s in enumerate(SERVICES) if (i == 0 or digest[i] % 2 == 0) and (i != 4 or lunch)
    ]
    data["accessibilitePMR"] = SERVICES[2] in data["services"]
    data["professionSante"] = {"code": pro.profession_code, "libelle": pro.profession_label}
    return data
