"""Where a care-network search is centred: French communes by postcode, address or point.

Santéclair searches only around a point, Kalixia only around a commune; the port's
``Location`` may be either. This small gazetteer bridges them without any outside call:
a postcode or a free-text address becomes the centre of its commune (géocodage), and a
point becomes its nearest commune (géocodage inverse). The table shipped with the package
(``care_towns.csv``: INSEE code, name, postcode, latitude, longitude) covers the towns the
demo uses; a deployment passes a complete one through the adapter option ``towns_file``.

An address is placed by the postcode it contains, else by the longest commune name in it
("Paris 11" is the 11th arrondissement, a bare "Paris" the 1st), as the portals do.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

EARTH_RADIUS_KM = 6371.0088
_POSTCODE = re.compile(r"(?<![0-9])([0-9]{5}|2[AB][0-9]{3})(?![0-9])")
_ARRONDISSEMENT = re.compile(r"^(.*) (\d+)(?:er|e) arrondissement$")


@dataclass(frozen=True, slots=True)
class Commune:
    insee: str
    name: str
    postcode: str
    latitude: float
    longitude: float


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) between two WGS 84 points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def normalise(text: str) -> str:
    """Lower case, no accents, words separated by single spaces."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


class Gazetteer:
    """Communes searchable by postcode, by address and by distance."""

    def __init__(self, communes: Iterable[Commune]) -> None:
        self.communes = tuple(communes)
        self._by_postcode: dict[str, Commune] = {}
        self._names: dict[str, Commune] = {}
        for commune in self.communes:
            self._by_postcode.setdefault(commune.postcode, commune)  # first one is the centre
        for commune in sorted(self.communes, key=lambda c: c.insee, reverse=True):
            for alias in _aliases(commune.name):
                self._names[alias] = commune  # smallest INSEE code wins a shared alias

    def by_postcode(self, postcode: str) -> Commune | None:
        return self._by_postcode.get(postcode.strip().upper())

    def by_address(self, address: str) -> Commune | None:
        match = _POSTCODE.search(address.upper())
        if match and (commune := self.by_postcode(match.group(1))):
            return commune
        words = f" {normalise(address)} "
        found = [alias for alias in self._names if f" {alias} " in words]
        return self._names[max(found, key=len)] if found else None

    def nearest(self, latitude: float, longitude: float) -> Commune | None:
        return min(
            self.communes,
            key=lambda c: distance_km(latitude, longitude, c.latitude, c.longitude),
            default=None,
        )


def _aliases(name: str) -> list[str]:
    plain = normalise(name)
    match = _ARRONDISSEMENT.match(name.lower())
    if not match:
        return [plain]
    city, number = normalise(match.group(1)), match.group(2)
    suffix = "er" if number == "1" else "e"
    return [plain, f"{city} {number}{suffix}", f"{city} {number}", city]


def parse_communes(text: str) -> list[Commune]:
    """Rows of a CSV with columns insee, name, postcode, lat, lon (``#`` lines ignored)."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [
        Commune(row["insee"], row["name"], row["postcode"], float(row["lat"]), float(row["lon"]))
        for row in csv.DictReader(lines)
    ]


@cache
def gazetteer(path: str | None = None) -> Gazetteer:
    """The shipped table, or the CSV file at ``path`` (read once per path)."""
    if path:
        text = Path(path).read_text(encoding="utf-8")
    else:
        text = resources.files("adapters.rest").joinpath("care_towns.csv").read_text("utf-8")
    return Gazetteer(parse_communes(text))
