"""Fake care networks (Santéclair, Kalixia) and Santéclair's quote analysis.

Each network knows only its own members; searches resolve the location (point, postcode
with or without neighbouring towns, or an address containing a postcode or a town name),
filter, and answer the nearest first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import count

from adapters.fake.calls import CallLog
from adapters.fake.lines import cents
from adapters.fake.professionals import PROFESSIONALS, TOWNS, distance_km
from adapters.port import (
    BackendRejected,
    HealthProfessional,
    InvalidInput,
    MemberRef,
    Network,
    NotFound,
    PortError,
    ProfessionalHit,
    ProfessionalQuery,
    QuoteCategory,
    QuoteEstimate,
    QuoteEstimateLine,
    QuoteEstimateRequest,
    QuoteReview,
    QuoteReviewStatus,
    QuoteSubmission,
    ServiceKind,
    ServiceLink,
)

_POSTCODE = re.compile(r"\b(\d{5})\b")


class FakeNetworkDirectory:
    """One network's directory: implements CareNetworkPort."""

    def __init__(self, network: Network, calls: CallLog) -> None:
        self._network = network
        self.calls = calls
        self.members = {
            p.id: replace(p, networks=tuple(m for m in p.networks if m.network is network))
            for p in PROFESSIONALS
            if any(m.network is network for m in p.networks)
        }

    @property
    def network(self) -> Network:
        return self._network

    def _center(self, query: ProfessionalQuery) -> tuple[float, float, str | None]:
        location = query.location
        if location.point is not None:
            return location.point.latitude, location.point.longitude, None
        postcode = location.postcode
        if location.address is not None:
            found = _POSTCODE.search(location.address)
            postcode = (
                found.group(1)
                if found
                else next(
                    (
                        pc
                        for pc, (town, _, _) in TOWNS.items()
                        if town.lower() in location.address.lower()
                    ),
                    None,
                )
            )
            if postcode is None:
                raise InvalidInput(
                    "location.address", platform=self._network.value, operation="search"
                )
        if postcode not in TOWNS:
            raise InvalidInput(
                "location.postcode", platform=self._network.value, operation="search"
            )
        _, lat, lon = TOWNS[postcode]
        only = None if location.include_neighbouring_towns or location.address else postcode
        return lat, lon, only

    async def search_professionals(self, query: ProfessionalQuery) -> Sequence[ProfessionalHit]:
        self.calls.record(f"{self._network.value}.search_professionals", query)
        lat, lon, only_postcode = self._center(query)
        hits = []
        for pro in self.members.values():
            if query.discipline is not None and pro.discipline is not query.discipline:
                continue
            if query.profession is not None and pro.profession is not query.profession:
                continue
            if only_postcode is not None and pro.address.postcode != only_postcode:
                continue
            assert pro.address.latitude is not None and pro.address.longitude is not None
            distance = distance_km(lat, lon, pro.address.latitude, pro.address.longitude)
            if distance <= query.radius_km:
                hits.append(ProfessionalHit(pro, round(distance, 2)))
        hits.sort(key=lambda h: (h.distance_km, h.professional.id))
        return hits[: query.limit]

    async def professionals(self, ids: Sequence[str]) -> Sequence[HealthProfessional | PortError]:
        self.calls.record(f"{self._network.value}.professionals", tuple(ids))
        not_found = NotFound(platform=self._network.value, operation="professionals")
        return [self.members.get(i) or not_found for i in ids]

    async def service_links(self, member: MemberRef) -> Sequence[ServiceLink]:
        self.calls.record(f"{self._network.value}.service_links", member)
        base = f"https://{self._network.value}.example/{member.tenant}"
        links = [
            ServiceLink(
                self._network,
                ServiceKind.GEOLOCATION,
                "Trouver un professionnel",
                f"{base}/geolocalisation",
            )
        ]
        if self._network is Network.SANTECLAIR:
            links.append(
                ServiceLink(
                    self._network,
                    ServiceKind.SELF_MEDICATION,
                    "Automédication",
                    f"{base}/automedication",
                )
            )
        return links


class FakeQuoteAnalysis:
    """Santéclair's immediate estimate and quote review (QuoteAnalysisPort)."""

    _ids = count(1)

    def __init__(self, calls: CallLog) -> None:
        self.calls = calls

    async def estimate(self, member: MemberRef, request: QuoteEstimateRequest) -> QuoteEstimate:
        self.calls.record("estimate", member, request)
        if request.category not in (QuoteCategory.DENTAL, QuoteCategory.HOSPITAL):
            raise BackendRejected(
                "CATEGORY_NOT_ESTIMABLE",
                platform="santeclair",
                operation="estimate",
                field="category",
            )
        lines = []
        for item in request.items:
            billed = cents(item.billed * item.quantity)
            base = cents(billed * Decimal("0.3"))
            amo = cents(base * Decimal("0.6"))
            mutuelle = min(billed - amo, cents(base * 2))
            lines.append(
                QuoteEstimateLine(
                    item.act_code,
                    item.label or f"Acte {item.act_code}",
                    billed,
                    amo,
                    mutuelle,
                    billed - amo - mutuelle,
                )
            )
        zero = Decimal("0.00")
        return QuoteEstimate(
            category=request.category,
            billed=sum((ln.billed for ln in lines), zero),
            amo_paid=sum((ln.amo_paid for ln in lines), zero),
            mutuelle_paid=sum((ln.mutuelle_paid for ln in lines), zero),
            out_of_pocket=sum((ln.out_of_pocket for ln in lines), zero),
            lines=tuple(lines),
        )

    async def submit_quote(self, member: MemberRef, submission: QuoteSubmission) -> QuoteReview:
        self.calls.record("submit_quote", member, submission)
        at = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
        return QuoteReview(
            id=f"SC-{next(self._ids)}",
            category=submission.category,
            status=QuoteReviewStatus.SUBMITTED,
            submitted_at=at,
            answer_due_at=at + timedelta(hours=72),
        )
