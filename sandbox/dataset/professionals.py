"""The health professionals and establishments of the sandbox, shared by all tenants.

About 2,700 of them, in real towns (``towns.csv``), with fictional names and identifiers:
RPPS (11 digits, Luhn) for people, ADELI for osteopaths, FINESS (9 digits, Luhn) for
pharmacies, laboratories, hospitals and some optician shops. Professions of the care
networks belong to Santéclair, Kalixia, both (so the gateway can de-duplicate by
identifier) or neither. Generated once per seed from their own random generator.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sandbox.dataset import identifiers, names
from sandbox.dataset.records import Address, HealthProfessional, Network, Town
from sandbox.dataset.rng import rng_for
from sandbox.dataset.towns import distance_km, town_weights, towns

NEAREST = 5  # candidates when none practises in the member's department


@dataclass(frozen=True, slots=True)
class Kind:
    key: str
    count: int
    profession_code: str | None
    profession_label: str
    discipline: str
    id_kind: str  # RPPS, ADELI, FINESS; "MIXED" for opticians (person or shop)
    networks: tuple[Network, ...]


KINDS: tuple[Kind, ...] = (
    Kind("gp", 560, "10", "Médecin", "medecine", "RPPS", ()),
    Kind("specialist", 420, "10", "Médecin", "medecine", "RPPS", ()),
    Kind("pharmacy", 260, "21", "Pharmacie d'officine", "pharmacie", "FINESS", ()),
    Kind("nurse", 250, "60", "Infirmier", "soins_infirmiers", "RPPS", ()),
    Kind("physio", 220, "70", "Masseur-kinésithérapeute", "kinesitherapie", "RPPS", ()),
    Kind("dentist", 220, "40", "Chirurgien-dentiste", "dentaire", "RPPS", ("santeclair",)),
    Kind("optician", 220, "28", "Opticien-lunetier", "optique", "MIXED", ("santeclair", "kalixia")),
    Kind(
        "audio", 110, "26", "Audioprothésiste", "audioprothese", "RPPS", ("santeclair", "kalixia")
    ),
    Kind("osteo", 110, None, "Ostéopathe", "osteopathie", "ADELI", ("santeclair", "kalixia")),
    Kind("dietitian", 60, "95", "Diététicien", "dietetique", "RPPS", ("santeclair",)),
    Kind("midwife", 50, "50", "Sage-femme", "maieutique", "RPPS", ()),
    Kind("speech", 50, "91", "Orthophoniste", "orthophonie", "RPPS", ()),
    Kind("lab", 70, None, "Laboratoire de biologie médicale", "biologie", "FINESS", ()),
    Kind("hospital", 60, None, "Établissement de santé", "hospitalisation", "FINESS", ()),
)

# Spécialités médicales (nomenclature des spécialités de l'Assurance Maladie) with weights.
SPECIALTIES: tuple[tuple[str, str, int], ...] = (
    ("03", "Cardiologie", 8),
    ("05", "Dermatologie et vénérologie", 7),
    ("06", "Radiodiagnostic et imagerie médicale", 8),
    ("07", "Gynécologie obstétrique", 9),
    ("11", "Oto-rhino-laryngologie", 5),
    ("12", "Pédiatrie", 8),
    ("14", "Rhumatologie", 5),
    ("15", "Ophtalmologie", 9),
    ("33", "Psychiatrie", 6),
)
GENERAL_PRACTICE = ("01", "Médecine générale")

_PHARMACY_NAMES = (
    "du Centre",
    "de la Gare",
    "des Halles",
    "du Marché",
    "de la Mairie",
    "Saint-Michel",
    "du Port",
    "des Tilleuls",
    "de la Place",
    "du Parc",
)
_OPTICIAN_NAMES = (
    "Optique du Port",
    "Optique Lumière",
    "Le Comptoir Optique",
    "Optique des Halles",
    "Vision Plus",
    "Optique du Centre",
)
_HOSPITALS = (
    "Centre hospitalier de {town}",
    "Clinique du Parc",
    "Clinique Saint-Joseph",
    "Polyclinique de {town}",
    "Clinique des Cèdres",
)


def _networks(rng: random.Random, eligible: tuple[Network, ...]) -> tuple[Network, ...]:
    if eligible == ("santeclair", "kalixia"):
        point = rng.random()
        if point < 0.30:
            return ("santeclair",)
        if point < 0.50:
            return ("kalixia",)
        return ("santeclair", "kalixia") if point < 0.85 else ()
    if eligible:
        return eligible if rng.random() < 0.75 else ()
    return ()


def _address(rng: random.Random, town: Town) -> Address:
    return Address(
        line1=f"{rng.randint(1, 120)} {rng.choice(names.STREETS)}",
        line2="Centre médical" if rng.random() < 0.1 else None,
        postcode=town.postcode,
        town=town.name,
        insee=town.insee,
        lat=round(town.lat + rng.uniform(-0.008, 0.008), 6),
        lon=round(town.lon + rng.uniform(-0.008, 0.008), 6),
    )


def _person(rng: random.Random) -> str:
    sex = rng.choice("12")
    return f"{names.first_name(rng, sex, rng.randint(1955, 1995))} {names.last_name(rng)}"


def _unique(taken: set[str], make: Callable[[], str]) -> str:
    while True:
        value = make()
        if value not in taken:
            taken.add(value)
            return value


def generate(seed: int) -> tuple[HealthProfessional, ...]:
    """Every professional of the sandbox for ``seed``, in a stable order."""
    rng = rng_for(seed, "professionals")
    all_towns, weights = towns(), town_weights()
    big_weights = [w * w for w in weights]  # establishments sit in bigger towns
    taken: set[str] = set()
    found: list[HealthProfessional] = []
    for kind in KINDS:
        for _ in range(kind.count):
            pool_weights = big_weights if kind.key in ("hospital", "lab") else weights
            town = rng.choices(all_towns, weights=pool_weights)[0]
            found.append(_one(rng, kind, town, taken))
    return tuple(found)


def _one(rng: random.Random, kind: Kind, town: Town, taken: set[str]) -> HealthProfessional:
    dept = town.department
    id_kind = kind.id_kind
    if id_kind == "MIXED":
        id_kind = "FINESS" if rng.random() < 0.4 else "RPPS"
    if id_kind == "FINESS" and not dept.isdigit():
        id_kind = "RPPS" if kind.key == "optician" else id_kind
    if id_kind == "RPPS":
        ident = _unique(taken, lambda: identifiers.rpps(rng))
    elif id_kind == "ADELI":
        ident = _unique(taken, lambda: identifiers.adeli(rng, dept))
    else:
        ident = _unique(taken, lambda: identifiers.finess(rng, dept))
    extra: dict[str, str] = {}
    specialty: str | None = None
    if kind.key == "gp":
        specialty, extra["specialty_label"] = GENERAL_PRACTICE
        extra["sector"] = rng.choices(("1", "2", "OPTAM"), weights=(85, 10, 5))[0]
        name = f"Dr {_person(rng)}"
    elif kind.key == "specialist":
        code, label, _ = rng.choices(SPECIALTIES, weights=[s[2] for s in SPECIALTIES])[0]
        specialty, extra["specialty_label"] = code, label
        extra["sector"] = rng.choices(("1", "2", "OPTAM"), weights=(45, 35, 20))[0]
        name = f"Dr {_person(rng)}"
    elif kind.key == "dentist":
        name = f"Dr {_person(rng)}"
    elif kind.key == "pharmacy":
        name = f"Pharmacie {rng.choice(_PHARMACY_NAMES)}"
    elif kind.key == "optician" and id_kind == "FINESS":
        name = rng.choice(_OPTICIAN_NAMES)
    elif kind.key == "lab":
        name = f"Laboratoire de biologie médicale de {town.name}"
    elif kind.key == "hospital":
        name = rng.choice(_HOSPITALS).format(town=town.name)
        private = not name.startswith("Centre hospitalier")
        extra["status"] = "private" if private else "public"
        if private:
            extra["sector"] = "2"  # surgeons of private clinics often bill above the base
    else:
        name = _person(rng)
    networks = _networks(rng, kind.networks)
    return HealthProfessional(
        id=ident,
        id_kind=id_kind,  # type: ignore[arg-type]
        name=name,
        profession_code=kind.profession_code,
        profession_label=kind.profession_label,
        specialty_code=specialty,
        discipline=kind.discipline,
        address=_address(rng, town),
        phone=identifiers.landline(rng, dept),
        networks=networks,
        negotiated_tariffs=bool(networks) and rng.random() < 0.85,
        extra=extra,
    )


class Directory:
    """Professionals indexed for the payment generator: by kind (and specialty), department."""

    def __init__(self, professionals: Sequence[HealthProfessional]) -> None:
        self.all = tuple(professionals)
        self.by_id = {p.id: p for p in self.all}
        self._by_key: defaultdict[str, list[HealthProfessional]] = defaultdict(list)
        self._by_key_dept: defaultdict[tuple[str, str], list[HealthProfessional]] = defaultdict(
            list
        )
        kind_of_discipline = {k.discipline: k.key for k in KINDS if k.key not in ("gp",)}
        for pro in self.all:
            key = kind_of_discipline.get(pro.discipline, pro.discipline)
            if pro.discipline == "medecine":
                key = (
                    "gp"
                    if pro.specialty_code == GENERAL_PRACTICE[0]
                    else (f"specialist:{pro.specialty_code}")
                )
            dept = pro.address.insee[:2]
            self._by_key[key].append(pro)
            self._by_key_dept[(key, dept)].append(pro)
        self._fallbacks: dict[tuple[str, str], tuple[HealthProfessional, ...]] = {}

    def pick(self, rng: random.Random, key: str, department: str) -> HealthProfessional:
        """A professional of ``key`` ("gp", "pharmacy", "specialist:15"...) near the member:
        in the member's department, else among the nearest ones."""
        local = self._by_key_dept.get((key, department[:2]))
        return rng.choice(local if local else self._nearest(key, department[:2]))

    def _nearest(self, key: str, department: str) -> tuple[HealthProfessional, ...]:
        found = self._fallbacks.get((key, department))
        if found is None:
            places = [t for t in towns() if t.department == department] or list(towns())
            lat = sum(t.lat for t in places) / len(places)
            lon = sum(t.lon for t in places) / len(places)
            ranked = sorted(
                self._by_key[key],
                key=lambda p: (distance_km(lat, lon, p.address.lat, p.address.lon), p.id),
            )
            found = tuple(ranked[:NEAREST])
            self._fallbacks[(key, department)] = found
        return found
