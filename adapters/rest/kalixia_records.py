"""Kalixia's JSON (French field names) read into the port's records, and the code tables.

Kalixia's search answer names a partner's discipline but not its profession code; the
profession follows from the discipline (opticien-lunetier 28, audioprothésiste 26;
osteopaths have none). The detail (fiche) carries ``professionSante {code, libelle}``.
Phones come as "01 99 00 36 12" and are given in E.164 ("+33199003612"), as Santéclair
gives them, so that the graph shows one format.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from adapters.port import (
    Discipline,
    HealthProfessional,
    Network,
    NetworkMembership,
    PostalAddress,
    Profession,
    ProfessionalHit,
    ProfessionalIdKind,
)
from adapters.rest import care_json
from adapters.rest.care_json import flag, number, obj, optional_text, text

PLATFORM = "kalixia"

# The disciplines Kalixia searches (its codes are the port's Discipline values).
DISCIPLINES: tuple[Discipline, ...] = (
    Discipline.OPTICS,
    Discipline.HEARING,
    Discipline.OSTEOPATHY,
)
DISCIPLINE_OF_PROFESSION: dict[Profession, Discipline] = {
    Profession.OPTICIAN: Discipline.OPTICS,
    Profession.AUDIOPROSTHETIST: Discipline.HEARING,
}
# discipline → (profession, label) for search hits, which lack the profession.
PROFESSION_OF_DISCIPLINE: dict[Discipline, tuple[Profession | None, str]] = {
    Discipline.OPTICS: (Profession.OPTICIAN, "Opticien-lunetier"),
    Discipline.HEARING: (Profession.AUDIOPROSTHETIST, "Audioprothésiste"),
    Discipline.OSTEOPATHY: (None, "Ostéopathe"),
}


def parsing(operation: str) -> AbstractContextManager[None]:
    """Kalixia's documents that lack what they must have → ``MalformedResponse``."""
    return care_json.parsing(PLATFORM, operation)


def _discipline(code: Any) -> Discipline:
    try:
        return Discipline(text(code))
    except ValueError:
        return Discipline.OTHER


def _profession(document: dict[str, Any], discipline: Discipline) -> tuple[Profession | None, str]:
    health = document.get("professionSante")
    if health is None:  # a search hit
        return PROFESSION_OF_DISCIPLINE.get(
            discipline, (None, optional_text(document.get("libelleDiscipline")) or "")
        )
    health = obj(health)
    code = health.get("code")
    try:
        profession = Profession(code) if code is not None else None
    except ValueError:
        profession = None  # a code the port does not know: the label still says it
    return profession, optional_text(health.get("libelle")) or ""


def phone_e164(raw: Any) -> str | None:
    """ "01 99 00 36 12" → "+33199003612"; other shapes are kept as they are."""
    value = optional_text(raw)
    if value is None:
        return None
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) == 10 and digits.startswith("0"):
        return "+33" + digits[1:]
    return value


def professional(document: Any) -> HealthProfessional:
    """A partner (search hit or fiche) as a port record."""
    partner = obj(document)
    address = obj(partner["adresse"])
    discipline = _discipline(partner["discipline"])
    profession, label = _profession(partner, discipline)
    return HealthProfessional(
        id=text(partner["identifiant"]),
        id_kind=ProfessionalIdKind(partner["typeIdentifiant"]),
        name=text(partner["nom"]),
        profession=profession,
        profession_label=label,
        specialty_code=None,  # Kalixia's partners have no medical specialty
        discipline=discipline,
        address=PostalAddress(
            line1=text(address["ligne1"]),
            line2=optional_text(address.get("ligne2")),
            postcode=text(address["codePostal"]),
            town=text(address["ville"]),
            latitude=number(partner["latitude"]),
            longitude=number(partner["longitude"]),
        ),
        phone=phone_e164(partner.get("telephone")),
        networks=(NetworkMembership(Network.KALIXIA, flag(partner.get("conventionne", False))),),
    )


def hit(document: Any) -> ProfessionalHit:
    return ProfessionalHit(professional(document), number(obj(document)["distanceKm"]))
