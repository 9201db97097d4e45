"""The fake care networks' professionals and towns (Lyon area, and one in Marseille).

Some professionals belong to both networks (same identifier) so that the graph's
de-duplication shows; identifiers carry valid Luhn keys like real RPPS/FINESS.
"""

from __future__ import annotations

import math

from stdnum import luhn

from adapters.port import (
    Discipline,
    HealthProfessional,
    Network,
    NetworkMembership,
    PostalAddress,
    Profession,
    ProfessionalIdKind,
)

# postcode → (town, latitude, longitude)
TOWNS: dict[str, tuple[str, float, float]] = {
    "69002": ("Lyon", 45.7597, 4.8350),
    "69003": ("Lyon", 45.7602, 4.8570),
    "69100": ("Villeurbanne", 45.7719, 4.8902),
    "69200": ("Vénissieux", 45.6975, 4.8867),
    "69300": ("Caluire-et-Cuire", 45.7953, 4.8464),
    "13001": ("Marseille", 43.2965, 5.3698),
}

S, K = Network.SANTECLAIR, Network.KALIXIA


def with_luhn(base: str) -> str:
    return base + luhn.calc_check_digit(base)


def _pro(
    base: str,
    kind: ProfessionalIdKind,
    name: str,
    profession: Profession | None,
    label: str,
    discipline: Discipline,
    postcode: str,
    street: str,
    networks: tuple[Network, ...],
) -> HealthProfessional:
    town, lat, lon = TOWNS[postcode]
    return HealthProfessional(
        id=with_luhn(base) if kind is not ProfessionalIdKind.ADELI else base + "0",
        id_kind=kind,
        name=name,
        profession=profession,
        profession_label=label,
        specialty_code=None,
        discipline=discipline,
        address=PostalAddress(street, postcode, town, latitude=lat, longitude=lon),
        phone="+33478000000",
        networks=tuple(NetworkMembership(n, negotiated_tariffs=n is S) for n in networks),
    )


D, P, F, R, A = (
    Discipline,
    Profession,
    ProfessionalIdKind.FINESS,
    ProfessionalIdKind.RPPS,
    ProfessionalIdKind.ADELI,
)
OPT, AUD, DEN = "Opticien-lunetier", "Audioprothésiste", "Chirurgien-dentiste"
PROFESSIONALS: tuple[HealthProfessional, ...] = (
    _pro(
        "69000101",
        F,
        "Optique Bellecour",
        P.OPTICIAN,
        OPT,
        D.OPTICS,
        "69002",
        "3 place Bellecour",
        (S, K),
    ),
    _pro(
        "69000202",
        F,
        "Audition Confluence",
        P.AUDIOPROSTHETIST,
        AUD,
        D.HEARING,
        "69002",
        "8 cours Charlemagne",
        (S,),
    ),
    _pro(
        "1000567890", R, "Dr Anne Petit", P.DENTIST, DEN, D.DENTAL, "69002", "20 rue Mercière", (S,)
    ),
    _pro(
        "69000040",
        A,
        "Cabinet d'ostéopathie Part-Dieu",
        None,
        "Ostéopathe",
        D.OSTEOPATHY,
        "69003",
        "5 rue Garibaldi",
        (K,),
    ),
    _pro(
        "69000303",
        F,
        "Optique Gratte-Ciel",
        P.OPTICIAN,
        OPT,
        D.OPTICS,
        "69100",
        "12 avenue Henri Barbusse",
        (K,),
    ),
    _pro(
        "69000404",
        F,
        "Optique des Minguettes",
        P.OPTICIAN,
        OPT,
        D.OPTICS,
        "69200",
        "4 boulevard Lénine",
        (S,),
    ),
    _pro(
        "1000678901",
        R,
        "Marie Lefèvre",
        P.DIETITIAN,
        "Diététicien",
        D.DIETETICS,
        "69300",
        "9 grande rue",
        (S,),
    ),
    _pro(
        "13000505",
        F,
        "Optique du Vieux-Port",
        P.OPTICIAN,
        OPT,
        D.OPTICS,
        "13001",
        "1 quai du Port",
        (S, K),
    ),
    _pro(
        "69000606",
        F,
        "Audition Villeurbanne",
        P.AUDIOPROSTHETIST,
        AUD,
        D.HEARING,
        "69100",
        "30 cours Émile Zola",
        (K,),
    ),
    _pro("1000789012", R, "Dr Luc Roux", P.DENTIST, DEN, D.DENTAL, "69100", "2 rue Racine", (S, K)),
)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))
