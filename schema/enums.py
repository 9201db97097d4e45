"""The domain's codes as GraphQL enums (the port's enums, exposed by member name).

The port's enum values are the domain codes (quality ``06``, régime ``01``...); GraphQL
shows the English names (CHILD, GENERAL). Descriptions give the French terms and codes.
The names at the end are plain aliases of the registered classes, so mypy sees types.
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

import strawberry

from adapters.port import codes
from resolvers.periods import PaymentPeriod as _PaymentPeriod

E = TypeVar("E", bound=Enum)


def _expose(cls: type[E], *, description: str) -> None:
    """Registers the enum with Strawberry (in place: the class itself is the GraphQL type)."""
    strawberry.enum(cls, description=description)


_expose(codes.Civility, description="Civilité: MR (M.), MRS (Mme).")
_expose(
    codes.FamilySituation,
    description="Situation familiale: célibataire, marié(e), pacsé(e), veuf/veuve, "
    "divorcé(e), union libre.",
)
_expose(
    codes.BeneficiaryQuality,
    description="Qualité du bénéficiaire: INSURED 00 assuré (the adhérent), SPOUSE 02 "
    "conjoint, PARTNER 04 concubin, CHILD 06 enfant, OTHER 09 autre.",
)
_expose(
    codes.Regime,
    description="Régime obligatoire (AMO): GENERAL 01 régime général, AGRICULTURAL 02 MSA, "
    "SELF_EMPLOYED 03 indépendants, SNCF 04, RATP 05, MILITARY 08, MGEN 91, "
    "LOCAL_MUTUAL_SECTION 99 sections locales mutualistes.",
)
_expose(
    codes.BankAccountPurpose,
    description="What an account is used for: REIMBURSEMENT (remboursements) or PREMIUM "
    "(prélèvement des cotisations).",
)
_expose(codes.ContractStatus, description="Contract open or closed.")
_expose(
    codes.ContractKind,
    description="INDIVIDUAL, or COLLECTIVE (contrat collectif, through an employer: changes "
    "go through the employer).",
)
_expose(
    codes.CareCategory,
    description="Poste de soins: consultation, spécialiste, pharmacie, auxiliaires médicaux, "
    "dentaire, optique, audio, hospitalisation, forfait journalier, autre.",
)
_expose(
    codes.GuaranteeKind,
    description="How a guarantee pays: PERCENT_OF_BASE (% de la BR), FLAT (forfait), "
    "FULL_COVER_BASKET (100 % Santé, no reste à charge).",
)
_expose(
    codes.PremiumMethod,
    description="Mode de paiement des cotisations: prélèvement, chèque, précompte (payroll).",
)
_expose(codes.PremiumFrequency, description="Périodicité.")
_expose(codes.InstalmentStatus, description="Échéance payée, à venir, ou rejetée (impayé).")
_expose(codes.PaymentMethod, description="Virement or chèque.")
_expose(
    codes.PaymentRecipientKind,
    description="Who was paid: the MEMBER, or a PROFESSIONAL (tiers payant, remboursement "
    "aux tiers).",
)
_expose(
    codes.ActCodeSystem,
    description="Nomenclature of an act code: NGAP, CCAM, NABM (biology), LPP (devices), "
    "CIP13 (drugs), FLAT_FEE (forfait).",
)
_expose(
    codes.LetterType,
    description="Type de courrier: appel de cotisation, relevé de prestations, attestation, "
    "carte de tiers payant, bienvenue, information.",
)
_expose(
    codes.UsefulDocumentKind,
    description="Document utile: statuts, mandat SEPA, guide, notice, tableau de garanties.",
)
_expose(codes.DocumentFormat, description="File format of an export.")
_expose(codes.QuoteKind, description="QUOTE (devis) or PRIOR_APPROVAL (prise en charge).")
_expose(codes.QuoteStatus, description="Processing status of a quote.")
_expose(
    codes.QuoteCategory,
    description="What a quote is about: optique, dentaire, audio, hospitalisation.",
)
_expose(codes.QuoteReviewStatus, description="Follow-up of a quote sent for an adviser's analysis.")
_expose(codes.ChangeRequestKind, description="Kind of request (demande).")
_expose(
    codes.ChangeRequestStatus, description="Status of a request: reçue, en cours, traitée, rejetée."
)
_expose(codes.MessageDirection, description="Sent by the member, or to the member by an adviser.")
_expose(codes.Network, description="Care network (réseau de soins).")
_expose(
    codes.Profession,
    description="Code profession: médecin 10, pharmacien 21, audioprothésiste 26, opticien 28, "
    "chirurgien-dentiste 40, sage-femme 50, infirmier 60, kinésithérapeute 70, orthophoniste "
    "91, diététicien 95 (osteopaths have none).",
)
_expose(codes.Discipline, description="Discipline searched on care networks (catégorie).")
_expose(
    codes.ProfessionalIdKind,
    description="Identifier kind: RPPS (11 digits), ADELI (9 digits), FINESS (establishments).",
)
_expose(
    codes.ServiceKind,
    description="A care network's online service (géolocalisation, automédication...).",
)
_expose(
    _PaymentPeriod,
    description="Période de paiement ending today: the last 1, 3, 6, 12 or 24 months.",
)

Civility = codes.Civility
FamilySituation = codes.FamilySituation
BeneficiaryQuality = codes.BeneficiaryQuality
Regime = codes.Regime
BankAccountPurpose = codes.BankAccountPurpose
ContractStatus = codes.ContractStatus
ContractKind = codes.ContractKind
CareCategory = codes.CareCategory
GuaranteeKind = codes.GuaranteeKind
PremiumMethod = codes.PremiumMethod
PremiumFrequency = codes.PremiumFrequency
InstalmentStatus = codes.InstalmentStatus
PaymentMethod = codes.PaymentMethod
PaymentRecipientKind = codes.PaymentRecipientKind
ActCodeSystem = codes.ActCodeSystem
LetterType = codes.LetterType
UsefulDocumentKind = codes.UsefulDocumentKind
DocumentFormat = codes.DocumentFormat
QuoteKind = codes.QuoteKind
QuoteStatus = codes.QuoteStatus
QuoteCategory = codes.QuoteCategory
QuoteReviewStatus = codes.QuoteReviewStatus
ChangeRequestKind = codes.ChangeRequestKind
ChangeRequestStatus = codes.ChangeRequestStatus
MessageDirection = codes.MessageDirection
Network = codes.Network
Profession = codes.Profession
Discipline = codes.Discipline
ProfessionalIdKind = codes.ProfessionalIdKind
ServiceKind = codes.ServiceKind
PaymentPeriod = _PaymentPeriod
