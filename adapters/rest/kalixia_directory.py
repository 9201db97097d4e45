"""Kalixia's partner directory as the port's ``CareNetworkPort``.

    GET /api/v1/partenaires?discipline=&codePostal=|adresse=&villesVoisines=&nombre=
    GET /api/v1/partenaires/{identifiant}

Kalixia searches one discipline around a commune, found by postcode or address. The
port's query maps onto it thus:

* a postcode → ``codePostal``, ``villesVoisines`` as the query says; an address →
  ``adresse`` with the neighbouring towns (an address search is "around here");
* a point → the nearest commune of the gazetteer (``care_places``) with its neighbouring
  towns (Kalixia: within 15 km); distances are then measured from the point itself;
* the radius filters Kalixia's answer (distances from the searched centre);
* no discipline (nor profession) → every Kalixia discipline, concurrently, merged by
  distance; a discipline Kalixia lacks → no hit, without a call.

Kalixia offers no online member service: ``service_links`` is empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from urllib.parse import quote

from adapters.batch import per_key
from adapters.port import (
    Discipline,
    GeoPoint,
    HealthProfessional,
    InvalidInput,
    MemberRef,
    Network,
    NotFound,
    PortError,
    ProfessionalHit,
    ProfessionalQuery,
    ServiceLink,
)
from adapters.rest import kalixia_records as records
from adapters.rest.care_http import CareHttp, Problem, gather_all
from adapters.rest.care_json import array
from adapters.rest.care_places import distance_km, gazetteer
from adapters.rest.kalixia_records import PLATFORM, parsing

MAX_COUNT = 100  # Kalixia's largest "nombre"
BATCH_CONCURRENCY = 8
SEARCH = "search_professionals"
Where = tuple[dict[str, str] | None, str, GeoPoint | None]


class KalixiaDirectory:
    """Kalixia's annuaire des partenaires (CareNetworkPort)."""

    def __init__(self, http: CareHttp, towns_file: str | None = None) -> None:
        self.http = http
        self._towns_file = towns_file

    @property
    def network(self) -> Network:
        return Network.KALIXIA

    async def search_professionals(self, query: ProfessionalQuery) -> Sequence[ProfessionalHit]:
        if not query.radius_km > 0:  # NaN too
            raise InvalidInput("radius_km", platform=PLATFORM, operation=SEARCH)
        params, field, point = self._where(query)
        disciplines = _disciplines(query)
        if not disciplines or query.limit <= 0 or params is None:
            return []
        # A point re-measures and re-sorts, a profession filters: both need the whole list.
        refined = point is not None or query.profession is not None
        params["nombre"] = str(MAX_COUNT if refined else min(query.limit, MAX_COUNT))
        answers = await gather_all([self._search(d, params, field) for d in disciplines])
        hits = [hit for answer in answers for hit in answer]
        if point is not None:
            hits = [replace(h, distance_km=_distance(point, h.professional)) for h in hits]
        hits = [
            h
            for h in hits
            if h.distance_km <= query.radius_km
            and (query.profession is None or h.professional.profession is query.profession)
        ]
        hits.sort(key=lambda h: h.distance_km)  # stable: Kalixia's order among equals
        return hits[: min(query.limit, MAX_COUNT)]

    def _where(
        self, query: ProfessionalQuery
    ) -> tuple[dict[str, str] | None, str, GeoPoint | None]:
        """Kalixia's location parameters, the query field they come from, and the point."""
        location = query.location
        if location.point is not None:
            point = location.point
            commune = gazetteer(self._towns_file).nearest(point.latitude, point.longitude)
            if commune is None:
                return None, "location.point", point  # no gazetteer: nowhere to search
            params = {"codePostal": commune.postcode, "villesVoisines": "true"}
            return params, "location.point", point
        if location.postcode is not None:
            neighbours = "true" if location.include_neighbouring_towns else "false"
            return (
                {"codePostal": location.postcode.strip(), "villesVoisines": neighbours},
                "location.postcode",
                None,
            )
        if location.address is not None:
            return {"adresse": location.address, "villesVoisines": "true"}, "location.address", None
        raise InvalidInput("location", platform=PLATFORM, operation=SEARCH)

    async def _search(
        self, discipline: Discipline, params: dict[str, str], field: str
    ) -> list[ProfessionalHit]:
        def refine(problem: Problem) -> PortError | None:
            if problem.status == 422:  # ADRESSE_INCONNUE: the place is not known
                return InvalidInput(field, platform=PLATFORM, operation=SEARCH)
            return None

        document = await self.http.call(
            "GET",
            "/api/v1/partenaires",
            operation=SEARCH,
            retry_safe=True,
            params={"discipline": discipline.value, **params},
            refine=refine,
        )
        with parsing(SEARCH):
            return [records.hit(partner) for partner in array(document["partenaires"])]

    async def professionals(self, ids: Sequence[str]) -> Sequence[HealthProfessional | PortError]:
        return await per_key(ids, self._detail, concurrency=BATCH_CONCURRENCY)

    async def _detail(self, partner_id: str) -> HealthProfessional:
        operation = "professionals"
        if not partner_id.strip():
            raise NotFound("empty id", platform=PLATFORM, operation=operation)
        document = await self.http.call(
            "GET",
            f"/api/v1/partenaires/{quote(partner_id, safe='')}",
            operation=operation,
            retry_safe=True,
        )
        with parsing(operation):
            return records.professional(document)

    async def service_links(self, member: MemberRef) -> Sequence[ServiceLink]:
        return ()  # Kalixia links no online service from the member portal


def _disciplines(query: ProfessionalQuery) -> tuple[Discipline, ...]:
    """Kalixia disciplines to search; empty when the network has none that matches."""
    if query.discipline is not None:
        return (query.discipline,) if query.discipline in records.DISCIPLINES else ()
    if query.profession is not None:
        discipline = records.DISCIPLINE_OF_PROFESSION.get(query.profession)
        return (discipline,) if discipline else ()
    return records.DISCIPLINES


def _distance(point: GeoPoint, pro: HealthProfessional) -> float:
    lat, lon = pro.address.latitude, pro.address.longitude
    if lat is None or lon is None:
        return float("inf")
    return round(distance_km(point.latitude, point.longitude, lat, lon), 1)  # as Kalixia does
