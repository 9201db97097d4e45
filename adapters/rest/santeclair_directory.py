"""Santéclair's partner directory and member services as the port's ``CareNetworkPort``.

    GET  /api/v1/partners?category=&lat=&lon=&radiusKm=&limit=   search_professionals
    GET  /api/v1/partners/{partnerId}                            professionals (one per id)
    POST /api/v1/service-links {memberNumber, service}           service_links

Santéclair searches one partner category around a point. The port's query may name a
discipline, a profession, both or neither (then every category is searched, concurrently,
and the answers merged by distance), and a point, a postcode or an address: the last two
are placed on the map by the gazetteer (``care_places``). A postcode without neighbouring
towns keeps only the partners of that postcode; with them, or with an address, the search
is the radius around the commune's centre. Santéclair answers at most 100 partners per
call, so a query's ``limit`` above 100 gets the nearest 100.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from adapters.batch import per_key
from adapters.port import (
    HealthProfessional,
    InvalidInput,
    MemberRef,
    Network,
    NotFound,
    PortError,
    ProfessionalHit,
    ProfessionalQuery,
    ServiceKind,
    ServiceLink,
)
from adapters.rest import santeclair_records as records
from adapters.rest.care_http import CareHttp, Problem, gather_all
from adapters.rest.care_json import array
from adapters.rest.care_places import gazetteer
from adapters.rest.santeclair_records import PLATFORM, parsing

MAX_RADIUS_KM, MAX_LIMIT = 100.0, 100
BATCH_CONCURRENCY = 8  # detail calls in flight for one batch
SERVICES: tuple[tuple[str, ServiceKind, str], ...] = (
    ("geolocation", ServiceKind.GEOLOCATION, "Géolocalisation des professionnels de santé"),
    ("self_medication", ServiceKind.SELF_MEDICATION, "Automédication"),
)


class SanteclairDirectory:
    """Santéclair's annuaire and service links (CareNetworkPort)."""

    def __init__(self, http: CareHttp, towns_file: str | None = None) -> None:
        self.http = http
        self._towns_file = towns_file

    @property
    def network(self) -> Network:
        return Network.SANTECLAIR

    # -- search --------------------------------------------------------------------------
    async def search_professionals(self, query: ProfessionalQuery) -> Sequence[ProfessionalHit]:
        operation = "search_professionals"
        if not query.radius_km > 0:  # NaN too
            raise InvalidInput("radius_km", platform=PLATFORM, operation=operation)
        latitude, longitude, only_postcode = self._centre(query, operation)
        categories = _categories(query)
        if not categories or query.limit <= 0:
            return []  # Santéclair has no partner of that kind
        filtered = only_postcode is not None or query.profession is not None
        fetch = MAX_LIMIT if filtered else min(query.limit, MAX_LIMIT)
        params = {
            "lat": latitude,
            "lon": longitude,
            "radiusKm": min(query.radius_km, MAX_RADIUS_KM),
            "limit": fetch,
        }
        answers = await gather_all([self._search(c, params) for c in categories])
        hits = [
            hit
            for answer in answers
            for hit in answer
            if (only_postcode is None or hit.professional.address.postcode == only_postcode)
            and (query.profession is None or hit.professional.profession is query.profession)
        ]
        hits.sort(key=lambda h: h.distance_km)  # stable: Santéclair's order among equals
        return hits[: min(query.limit, MAX_LIMIT)]

    def _centre(self, query: ProfessionalQuery, operation: str) -> tuple[float, float, str | None]:
        """The point searched around, and the postcode to keep (None: the whole radius)."""
        location = query.location
        if location.point is not None:
            return location.point.latitude, location.point.longitude, None
        places = gazetteer(self._towns_file)
        if location.postcode is not None:
            commune = places.by_postcode(location.postcode)
            if commune is None:
                raise InvalidInput("location.postcode", platform=PLATFORM, operation=operation)
            keep = None if location.include_neighbouring_towns else commune.postcode
            return commune.latitude, commune.longitude, keep
        if location.address is not None:
            commune = places.by_address(location.address)
            if commune is None:
                raise InvalidInput("location.address", platform=PLATFORM, operation=operation)
            return commune.latitude, commune.longitude, None
        raise InvalidInput("location", platform=PLATFORM, operation=operation)

    async def _search(self, category: str, params: dict[str, float | int]) -> list[ProfessionalHit]:
        operation = "search_professionals"
        document = await self.http.call(
            "GET",
            "/api/v1/partners",
            operation=operation,
            retry_safe=True,
            params={"category": category, **params},
        )
        with parsing(operation):
            return [records.hit(partner) for partner in array(document["partners"])]

    # -- details -------------------------------------------------------------------------
    async def professionals(self, ids: Sequence[str]) -> Sequence[HealthProfessional | PortError]:
        return await per_key(ids, self._detail, concurrency=BATCH_CONCURRENCY)

    async def _detail(self, partner_id: str) -> HealthProfessional:
        operation = "professionals"
        if not partner_id.strip():
            raise NotFound("empty id", platform=PLATFORM, operation=operation)
        document = await self.http.call(
            "GET",
            f"/api/v1/partners/{quote(partner_id, safe='')}",
            operation=operation,
            retry_safe=True,
        )
        with parsing(operation):
            return records.professional(document)

    # -- services ------------------------------------------------------------------------
    async def service_links(self, member: MemberRef) -> Sequence[ServiceLink]:
        return await gather_all([self._link(member, *service) for service in SERVICES])

    async def _link(
        self, member: MemberRef, service: str, kind: ServiceKind, label: str
    ) -> ServiceLink:
        operation = "service_links"
        document = await self.http.call(
            "POST",
            "/api/v1/service-links",
            operation=operation,
            retry_safe=True,  # a link is only signed, nothing is recorded
            json={"memberNumber": member.number, "service": service},
            refine=lambda problem: _member_problem(problem, operation),
        )
        with parsing(operation):
            return ServiceLink(Network.SANTECLAIR, kind, label, records.service_url(document))


def _categories(query: ProfessionalQuery) -> tuple[str, ...]:
    """Santéclair categories to search; empty when the network has none that matches."""
    if query.discipline is not None:
        category = records.CATEGORY_OF_DISCIPLINE.get(query.discipline)
        return (category,) if category else ()
    if query.profession is not None:
        category = records.CATEGORY_OF_PROFESSION.get(query.profession)
        return (category,) if category else ()
    return records.CATEGORIES


def _member_problem(problem: Problem, operation: str) -> PortError | None:
    if problem.status == 404:
        return NotFound(f"{operation}: unknown member", platform=PLATFORM, operation=operation)
    return None
