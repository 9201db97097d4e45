"""Santéclair partner geolocation: partners of a category around a point, and one partner.

    GET /api/v1/partners?category=opticien&lat=48.85&lon=2.35&radiusKm=10&limit=20
    GET /api/v1/partners/{partnerId}

Results are sorted by great-circle distance (km, one decimal). Only Santéclair partners
are ever returned; a professional of another network is "not found" here.
"""

from __future__ import annotations

import hashlib
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sandbox.dataset.records import HealthProfessional, Tenant
from sandbox.networks.directory import NetworkDirectory
from sandbox.networks.geo import valid_point
from sandbox.santeclair.problems import problem

# Santéclair's categories → (the dataset's discipline, the negotiated-tariff domain).
CATEGORIES = {
    "opticien": ("optique", "optique"),
    "dentiste": ("dentaire", "dentaire"),
    "audioprothesiste": ("audioprothese", "audio"),
    "dieteticien": ("dietetique", "dietetique"),
    "osteopathe": ("osteopathie", "osteopathie"),
}
CATEGORY_OF = {discipline: category for category, (discipline, _) in CATEGORIES.items()}
DEFAULT_RADIUS_KM, MAX_RADIUS_KM = 10.0, 100.0
DEFAULT_LIMIT, MAX_LIMIT = 20, 100
SERVICES = ("tiers_payant", "online_booking", "home_visit", "disabled_access", "evening_hours")
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday")


class Partners:
    """The partner endpoints over the network's directory."""

    def __init__(self, directory: NetworkDirectory) -> None:
        self.directory = directory

    async def search(self, request: Request, tenant: Tenant) -> Response:
        params = request.query_params
        category = params.get("category", "")
        if category not in CATEGORIES:
            return problem(400, f"category must be one of {sorted(CATEGORIES)}")
        try:
            lat, lon = float(params["lat"]), float(params["lon"])
            radius = float(params.get("radiusKm", DEFAULT_RADIUS_KM))
            limit = int(params.get("limit", DEFAULT_LIMIT))
        except (KeyError, ValueError):
            return problem(400, "lat and lon are required decimals; radiusKm, limit numbers")
        if not valid_point(lat, lon) or not 0 < radius <= MAX_RADIUS_KM:
            return problem(400, f"lat/lon out of range or radiusKm not in ]0, {MAX_RADIUS_KM}]")
        if not 1 <= limit <= MAX_LIMIT:
            return problem(400, f"limit must be between 1 and {MAX_LIMIT}")
        discipline = CATEGORIES[category][0]
        found = self.directory.nearest(lat, lon, discipline=discipline, radius_km=radius)
        return JSONResponse(
            {
                "query": {"category": category, "lat": lat, "lon": lon, "radiusKm": radius},
                "total": len(found),
                "partners": [partner_json(p, km) for p, km in found[:limit]],
            }
        )

    async def detail(self, request: Request, tenant: Tenant) -> Response:
        partner_id = request.path_params["partner_id"]
        pro = self.directory.get(partner_id)
        if pro is None:
            return problem(404, "no Santéclair partner with this id", "PARTNER_NOT_FOUND")
        return JSONResponse(detail_json(pro))


def partner_json(pro: HealthProfessional, distance_km: float | None = None) -> dict[str, Any]:
    address = pro.address
    category = CATEGORY_OF.get(pro.discipline, pro.discipline)
    domain = CATEGORIES[category][1] if category in CATEGORIES else pro.discipline
    data: dict[str, Any] = {
        "partnerId": pro.id,
        "identifier": {"kind": pro.id_kind, "value": pro.id},
        "name": pro.name,
        "category": category,
        "profession": {"code": pro.profession_code, "label": pro.profession_label},
        "specialtyCode": pro.specialty_code,
        "address": {
            "street": address.line1,
            "complement": address.line2,
            "postcode": address.postcode,
            "town": address.town,
            "inseeCode": address.insee,
        },
        "geo": {"lat": address.lat, "lon": address.lon},
        "phone": "+33" + pro.phone[1:] if pro.phone.startswith("0") else pro.phone,
        "negotiatedTariffs": {domain: pro.negotiated_tariffs},
    }
    if distance_km is not None:
        data["distanceKm"] = round(distance_km, 1)
    return data


def detail_json(pro: HealthProfessional) -> dict[str, Any]:
    """The partner with its services and opening hours (from the dataset's extras when it
    has them, else derived from the id so that they never change)."""
    digest = hashlib.sha256(pro.id.encode()).digest()
    services = [s for i, s in enumerate(SERVICES) if digest[i] % 3 != 0 or s == "tiers_payant"]
    closes = "19:00" if "evening_hours" not in services else "20:30"
    hours = {
        day: [] if day == "saturday" and digest[7] % 2 else [["09:00", "12:30"], ["14:00", closes]]
        for day in DAYS
    }
    data = partner_json(pro)
    data["services"] = pro.extra.get("services", ",".join(services)).split(",")
    data["openingHours"] = hours
    data["qualityCharterSigned"] = pro.negotiated_tariffs
    return data
