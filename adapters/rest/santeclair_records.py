"""Santéclair's JSON (English camelCase) read into the port's records, and the code tables.

Readers raise ``KeyError``/``TypeError``/``ValueError`` on a document that lacks what it
must have; callers read inside :func:`parsing`, which makes that a ``MalformedResponse``.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from decimal import Decimal
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
    QuoteCategory,
    QuoteEstimate,
    QuoteEstimateLine,
    QuoteReview,
    QuoteReviewStatus,
)
from adapters.rest import care_json
from adapters.rest.care_json import array, number, obj, optional_text, text

PLATFORM = "santeclair"

# The port's disciplines and professions → Santéclair's partner categories.
CATEGORY_OF_DISCIPLINE: dict[Discipline, str] = {
    Discipline.OPTICS: "opticien",
    Discipline.DENTAL: "dentiste",
    Discipline.HEARING: "audioprothesiste",
    Discipline.DIETETICS: "dieteticien",
    Discipline.OSTEOPATHY: "osteopathe",
}
CATEGORY_OF_PROFESSION: dict[Profession, str] = {
    Profession.OPTICIAN: "opticien",
    Profession.DENTIST: "dentiste",
    Profession.AUDIOPROSTHETIST: "audioprothesiste",
    Profession.DIETITIAN: "dieteticien",
}
DISCIPLINE_OF_CATEGORY = {category: d for d, category in CATEGORY_OF_DISCIPLINE.items()}
CATEGORIES = tuple(CATEGORY_OF_DISCIPLINE.values())

# Quote categories ↔ Santéclair's "kind" of estimates and quote reviews.
REVIEW_KIND: dict[QuoteCategory, str] = {
    QuoteCategory.OPTICAL: "optical",
    QuoteCategory.DENTAL: "dental",
    QuoteCategory.HEARING: "audio",
    QuoteCategory.HOSPITAL: "hospital",
}
CATEGORY_OF_KIND = {kind: category for category, kind in REVIEW_KIND.items()}
ESTIMABLE = (QuoteCategory.DENTAL, QuoteCategory.HOSPITAL)
REVIEW_STATUS = {
    "received": QuoteReviewStatus.SUBMITTED,
    "in_review": QuoteReviewStatus.IN_REVIEW,
    "answered": QuoteReviewStatus.ANSWERED,
}
CENT = Decimal("0.01")


def parsing(operation: str, *, retry_safe: bool = True) -> AbstractContextManager[None]:
    """Santéclair's documents that lack what they must have → ``MalformedResponse``."""
    return care_json.parsing(PLATFORM, operation, retry_safe=retry_safe)


def _cents(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("integer cents are expected")
    return (Decimal(value) / 100).quantize(CENT)


def _profession(code: Any) -> Profession | None:
    # Osteopaths have no profession code; a code the port does not know is left out too
    # (the label still says what it is) rather than failing a whole search.
    try:
        return Profession(code) if code is not None else None
    except ValueError:
        return None


def professional(document: Any) -> HealthProfessional:
    """A partner document (search hit or detail) as a port record."""
    partner = obj(document)
    identifier, address = obj(partner["identifier"]), obj(partner["address"])
    geo = obj(partner["geo"])
    profession = obj(partner.get("profession") or {})
    tariffs = obj(partner.get("negotiatedTariffs") or {})
    return HealthProfessional(
        id=text(identifier["value"]),
        id_kind=ProfessionalIdKind(identifier["kind"]),
        name=text(partner["name"]),
        profession=_profession(profession.get("code")),
        profession_label=optional_text(profession.get("label")) or "",
        specialty_code=optional_text(partner.get("specialtyCode")),
        discipline=DISCIPLINE_OF_CATEGORY.get(partner.get("category", ""), Discipline.OTHER),
        address=PostalAddress(
            line1=text(address["street"]),
            line2=optional_text(address.get("complement")),
            postcode=text(address["postcode"]),
            town=text(address["town"]),
            latitude=number(geo["lat"]),
            longitude=number(geo["lon"]),
        ),
        phone=optional_text(partner.get("phone")),
        networks=(NetworkMembership(Network.SANTECLAIR, any(bool(v) for v in tariffs.values())),),
    )


def hit(partner: Any) -> ProfessionalHit:
    return ProfessionalHit(professional(partner), number(obj(partner)["distanceKm"]))


def estimate(document: Any, category: QuoteCategory) -> QuoteEstimate:
    """An estimate answer; checks billed = AMO + mutuelle + reste à charge on every line."""
    lines = []
    for line in array(document["lines"]):
        billed, amo = _cents(line["billedCents"]), _cents(line["amoCents"])
        amc, rest = _cents(line["amcCents"]), _cents(line["racCents"])
        if billed != amo + amc + rest:
            raise ValueError("a line does not add up")
        code = text(line["actCode"])
        label = optional_text(line.get("label")) or code
        lines.append(QuoteEstimateLine(code, label, billed, amo, amc, rest))
    totals = obj(document["totals"])
    result = QuoteEstimate(
        category=category,
        billed=_cents(totals["billedCents"]),
        amo_paid=_cents(totals["amoCents"]),
        mutuelle_paid=_cents(totals["amcCents"]),
        out_of_pocket=_cents(totals["racCents"]),
        lines=tuple(lines),
    )
    if result.billed != result.amo_paid + result.mutuelle_paid + result.out_of_pocket:
        raise ValueError("the totals do not add up")
    return result


def service_url(document: Any) -> str:
    """The signed link of a service-link answer (a web address, nothing else)."""
    url = text(document["url"])
    if not url.startswith(("https://", "http://")):
        raise ValueError("not a web link")
    return url


def timestamp(value: Any) -> datetime:
    """An ISO 8601 instant ("2026-03-02T09:00:00Z"), timezone-aware."""
    moment = datetime.fromisoformat(text(value).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("a timezone is expected")
    return moment


def review(document: Any) -> QuoteReview:
    """A quote-review ticket as the port's follow-up record."""
    due = document.get("dueBy")
    return QuoteReview(
        id=text(document["ticketId"]),
        category=CATEGORY_OF_KIND[document["kind"]],
        status=REVIEW_STATUS[document["status"]],
        submitted_at=timestamp(document["submittedAt"]),
        answer_due_at=timestamp(due) if due is not None else None,
    )
