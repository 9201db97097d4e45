"""Merging care networks' answers: one professional per identifier, memberships united.

A tenant may use several networks; the same optician can belong to Santéclair and Kalixia
under the same RPPS/FINESS. The graph shows it once, with both memberships, at its nearest
reported distance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from adapters.port import (
    HealthProfessional,
    Network,
    NetworkMembership,
    NotFound,
    PortError,
    ProfessionalHit,
)

_ORDER = {network: i for i, network in enumerate(Network)}


def _unite(records: Sequence[HealthProfessional]) -> HealthProfessional:
    memberships: dict[Network, NetworkMembership] = {}
    for record in records:
        for membership in record.networks:
            memberships.setdefault(membership.network, membership)
    ordered = tuple(sorted(memberships.values(), key=lambda m: _ORDER[m.network]))
    return replace(records[0], networks=ordered)


def merge_hits(per_network: Sequence[Sequence[ProfessionalHit]]) -> list[ProfessionalHit]:
    """De-duplicated by identifier, nearest first (ties by identifier, for stable pages)."""
    grouped: dict[str, list[ProfessionalHit]] = {}
    for hits in per_network:
        for hit in hits:
            grouped.setdefault(hit.professional.id, []).append(hit)
    merged = [
        ProfessionalHit(_unite([h.professional for h in hits]), min(h.distance_km for h in hits))
        for hits in grouped.values()
    ]
    merged.sort(key=lambda h: (h.distance_km, h.professional.id))
    return merged


def merge_professionals(
    ids: Sequence[str],
    answers: Sequence[Sequence[HealthProfessional | PortError] | BaseException],
) -> list[HealthProfessional | PortError]:
    """Per id: the union of what the networks know, or the first error, or NotFound."""
    out: list[HealthProfessional | PortError] = []
    for index, _ in enumerate(ids):
        found: list[HealthProfessional] = []
        error: PortError | None = None
        for answer in answers:
            item = answer if isinstance(answer, BaseException) else answer[index]
            if isinstance(item, HealthProfessional):
                found.append(item)
            elif isinstance(item, PortError) and not isinstance(item, NotFound):
                error = error or item
            elif not isinstance(item, PortError):
                raise item
        if found:
            out.append(_unite(found))
        else:
            out.append(error or NotFound(platform="care-network", operation="professionals"))
    return out
