"""The professionals of one care network, and searches among them by distance.

Built once, on first use, from the dataset's shared list of professionals (each one names
the networks it belongs to), so a network only ever shows its own partners.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property

from sandbox.dataset.records import HealthProfessional, Network
from sandbox.networks.geo import haversine_km

Nearby = list[tuple[HealthProfessional, float]]


class NetworkDirectory:
    """Read-only index of a network's partners (by id and by discipline)."""

    def __init__(
        self, source: Callable[[], Sequence[HealthProfessional]], network: Network
    ) -> None:
        self._source = source
        self.network = network

    @cached_property
    def members(self) -> tuple[HealthProfessional, ...]:
        return tuple(p for p in self._source() if self.network in p.networks)

    @cached_property
    def _by_id(self) -> dict[str, HealthProfessional]:
        return {p.id: p for p in self.members}

    def get(self, professional_id: str) -> HealthProfessional | None:
        return self._by_id.get(professional_id)

    def disciplines(self) -> frozenset[str]:
        return frozenset(p.discipline for p in self.members)

    def nearest(
        self,
        lat: float,
        lon: float,
        *,
        discipline: str | None = None,
        radius_km: float | None = None,
        keep: Callable[[HealthProfessional], bool] | None = None,
    ) -> Nearby:
        """Partners with their distance in km from (lat, lon), nearest first.

        Ties (same building, same town centre) are broken by name then id so that the
        order never depends on generation order.
        """
        found: Nearby = []
        for pro in self.members:
            if discipline is not None and pro.discipline != discipline:
                continue
            if keep is not None and not keep(pro):
                continue
            distance = haversine_km(lat, lon, pro.address.lat, pro.address.lon)
            if radius_km is None or distance <= radius_km:
                found.append((pro, distance))
        found.sort(key=lambda item: (item[1], item[0].name, item[0].id))
        return found
