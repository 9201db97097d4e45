"""Care network records: health professionals, searches, services, quote analysis.

A care network (Santéclair, Kalixia) answers for its own members only; the graph merges
the networks of a tenant, de-duplicates by identifier and sorts by distance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from adapters.port.codes import (
    Discipline,
    Network,
    Profession,
    ProfessionalIdKind,
    QuoteCategory,
    QuoteReviewStatus,
    ServiceKind,
)
from adapters.port.members import PostalAddress
from adapters.port.requests import NewAttachment


@dataclass(frozen=True, slots=True)
class GeoPoint:
    """WGS 84 coordinates."""

    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class Location:
    """Where to search: exactly one of a point, a free-text address, or a postcode.

    With a postcode, ``include_neighbouring_towns`` widens the search to the communes
    around it (communes limitrophes), as the portals do.
    """

    point: GeoPoint | None = None
    address: str | None = None
    postcode: str | None = None
    include_neighbouring_towns: bool = False


@dataclass(frozen=True, slots=True)
class ProfessionalQuery:
    """A search of professionals near a location, by discipline and/or profession."""

    location: Location
    radius_km: float = 10.0
    discipline: Discipline | None = None
    profession: Profession | None = None
    limit: int = 50  # the nearest ``limit`` hits


@dataclass(frozen=True, slots=True)
class NetworkMembership:
    """A professional's membership of a care network."""

    network: Network
    negotiated_tariffs: bool = False  # tarifs négociés / partenaire conventionné


@dataclass(frozen=True, slots=True)
class HealthProfessional:
    """A professional or establishment (professionnel de santé, établissement)."""

    id: str  # RPPS, ADELI or FINESS: the de-duplication key across networks
    id_kind: ProfessionalIdKind
    name: str
    profession: Profession | None  # None for osteopaths (no profession code)
    profession_label: str
    specialty_code: str | None
    discipline: Discipline
    address: PostalAddress  # with latitude/longitude
    phone: str | None
    networks: tuple[NetworkMembership, ...]


@dataclass(frozen=True, slots=True)
class ProfessionalHit:
    """A search result: the professional and its distance from the searched location."""

    professional: HealthProfessional
    distance_km: float


@dataclass(frozen=True, slots=True)
class ServiceLink:
    """A network's online service (géolocalisation, automédication, analyse de devis)."""

    network: Network
    kind: ServiceKind
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class QuoteEstimateItem:
    """One act of a quote to estimate (code CCAM/LPP/..., billed amount)."""

    act_code: str
    billed: Decimal
    quantity: int = 1
    label: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteEstimateRequest:
    """An immediate estimate of the reste à charge on a dental or hospital quote."""

    category: QuoteCategory
    beneficiary_id: str
    items: tuple[QuoteEstimateItem, ...]


@dataclass(frozen=True, slots=True)
class QuoteEstimateLine:
    act_code: str
    label: str
    billed: Decimal
    amo_paid: Decimal
    mutuelle_paid: Decimal
    out_of_pocket: Decimal


@dataclass(frozen=True, slots=True)
class QuoteEstimate:
    """The estimate: totals and per act; billed = amo + mutuelle + out_of_pocket."""

    category: QuoteCategory
    billed: Decimal
    amo_paid: Decimal
    mutuelle_paid: Decimal
    out_of_pocket: Decimal
    lines: tuple[QuoteEstimateLine, ...]


@dataclass(frozen=True, slots=True)
class QuoteSubmission:
    """A quote sent for an adviser's analysis (answer within 72 h)."""

    category: QuoteCategory
    beneficiary_id: str
    file: NewAttachment
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteReview:
    """The follow-up of a submitted quote."""

    id: str
    category: QuoteCategory
    status: QuoteReviewStatus
    submitted_at: datetime  # timezone-aware
    answer_due_at: datetime | None
