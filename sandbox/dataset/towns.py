"""The shipped table of real French communes (``towns.csv``) and distances between them.

Columns: INSEE code, name, postcode, department, latitude, longitude and an approximate
population, which weighs where members and professionals live (more in Lyon than in
Langogne). Small neighbouring towns are included so that "around this postcode" searches
find several communes.
"""

from __future__ import annotations

import csv
import math
from functools import cache
from importlib import resources

from sandbox.dataset.records import Town


@cache
def _rows() -> tuple[tuple[Town, int], ...]:
    text = resources.files("sandbox.dataset").joinpath("towns.csv").read_text(encoding="utf-8")
    rows: list[tuple[Town, int]] = []
    for row in csv.DictReader(text.splitlines()):
        town = Town(
            insee=row["insee"],
            name=row["name"],
            postcode=row["postcode"],
            department=row["department"],
            lat=float(row["lat"]),
            lon=float(row["lon"]),
        )
        rows.append((town, int(row["population"])))
    return tuple(rows)


@cache
def towns() -> tuple[Town, ...]:
    """Every town of the table, in file order."""
    return tuple(town for town, _ in _rows())


@cache
def town_weights() -> tuple[float, ...]:
    """A weight per town (square root of the population: big cities, but not only them)."""
    return tuple(math.sqrt(population) for _, population in _rows())


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def towns_near(lat: float, lon: float, radius_km: float) -> tuple[Town, ...]:
    """Towns within ``radius_km`` of a point, nearest first."""
    found = [(distance_km(lat, lon, t.lat, t.lon), t) for t in towns()]
    return tuple(
        t for d, t in sorted(found, key=lambda pair: (pair[0], pair[1].insee)) if d <= radius_km
    )


def town_by_postcode(postcode: str) -> Town | None:
    """The first town of the table with this postcode."""
    return next((t for t in towns() if t.postcode == postcode), None)
