"""Where a Kalixia search is centred: a town found from a postcode or a free-text address,
and the neighbouring towns (villes voisines) within 15 km of its centre.

An address is resolved by its postcode when it has one ("12 rue Oberkampf 75011 Paris"),
else by the longest town name it contains ("rue du Port, Vannes"; "Paris 11" names the
11th arrondissement, a bare "Paris" the 1st).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from sandbox.dataset.records import Town
from sandbox.networks.geo import haversine_km

NEIGHBOUR_RADIUS_KM = 15.0
POSTCODE = re.compile(r"(?<!\d)(\d{5}|2[AB]\d{3})(?!\d)")
_ARRONDISSEMENT = re.compile(r"^(.*) (\d+)(?:er|e) arrondissement$")


def normalise(text: str) -> str:
    """Lower case, no accents, words separated by single spaces."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


class Places:
    """The towns of the dataset, searchable by postcode, address and distance."""

    def __init__(self, towns: Sequence[Town]) -> None:
        self.towns = tuple(towns)
        self._names: dict[str, Town] = {}
        for town in sorted(self.towns, key=lambda t: t.insee, reverse=True):
            for alias in _aliases(town):
                self._names[alias] = town  # smallest INSEE code wins on a shared alias

    def by_postcode(self, postcode: str) -> list[Town]:
        return [t for t in self.towns if t.postcode == postcode]

    def by_address(self, address: str) -> Town | None:
        match = POSTCODE.search(address)
        if match and (towns := self.by_postcode(match.group(1))):
            return towns[0]
        words = f" {normalise(address)} "
        found = [alias for alias in self._names if f" {alias} " in words]
        return self._names[max(found, key=len)] if found else None

    def around(self, centre: Town, neighbours: bool) -> list[Town]:
        """The towns searched, nearest first: the centre's postcode, plus the neighbours."""
        chosen = {t.insee: t for t in self.by_postcode(centre.postcode)}
        chosen[centre.insee] = centre
        if neighbours:
            for town in self.towns:
                if haversine_km(centre.lat, centre.lon, town.lat, town.lon) <= NEIGHBOUR_RADIUS_KM:
                    chosen.setdefault(town.insee, town)
        return sorted(
            chosen.values(),
            key=lambda t: (haversine_km(centre.lat, centre.lon, t.lat, t.lon), t.insee),
        )


def _aliases(town: Town) -> list[str]:
    name = normalise(town.name)
    match = _ARRONDISSEMENT.match(town.name.lower())
    if not match:
        return [name]
    city, number = normalise(match.group(1)), match.group(2)
    suffix = "er" if number == "1" else "e"
    return [name, f"{city} {number}{suffix}", f"{city} {number}", city]
