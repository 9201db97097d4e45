"""The domain's codes as enums: what adapters translate back-end codes into.

Where the domain has a standard code (qualité du bénéficiaire, régime obligatoire, code
profession), the enum's *value* is that code, so an adapter can write ``Regime(raw)``;
otherwise the value is a short lowercase word. Names are English; the GraphQL enums use the
names. See ``shared/DOMAIN.md`` for the codes.
"""

from __future__ import annotations

from enum import Enum


class Civility(Enum):
    """Civilité."""

    MR = "M"
    MRS = "MME"


class FamilySituation(Enum):
    """Situation familiale."""

    SINGLE = "C"  # célibataire
    MARRIED = "M"  # marié(e)
    CIVIL_PARTNERSHIP = "P"  # pacsé(e)
    WIDOWED = "V"  # veuf, veuve
    DIVORCED = "D"  # divorcé(e)
    COHABITING = "U"  # union libre


class BeneficiaryQuality(Enum):
    """Qualité du bénéficiaire (code norme)."""

    INSURED = "00"  # assuré (the adhérent)
    SPOUSE = "02"  # conjoint
    PARTNER = "04"  # concubin
    CHILD = "06"  # enfant
    OTHER = "09"  # autre


class Regime(Enum):
    """Régime obligatoire (AMO) code."""

    GENERAL = "01"  # régime général (CPAM)
    AGRICULTURAL = "02"  # MSA
    SELF_EMPLOYED = "03"  # indépendants
    SNCF = "04"
    RATP = "05"
    MILITARY = "08"
    MGEN = "91"
    LOCAL_MUTUAL_SECTION = "99"  # sections locales mutualistes


class BankAccountPurpose(Enum):
    """Which payments use an account: reimbursements or premium direct debit."""

    REIMBURSEMENT = "reimbursement"
    PREMIUM = "premium"


class ContractStatus(Enum):
    OPEN = "open"
    CLOSED = "closed"


class ContractKind(Enum):
    """Individual, or collective through an employer (changes go through the employer)."""

    INDIVIDUAL = "individual"
    COLLECTIVE = "collective"


class CareCategory(Enum):
    """Care category shared by guarantees, payment lines and quotes (poste de soins)."""

    CONSULTATION = "consultation"
    SPECIALIST = "specialiste"
    PHARMACY = "pharmacie"
    AUXILIARIES = "auxiliaires"
    DENTAL = "dentaire"
    OPTICAL = "optique"
    HEARING = "audio"
    HOSPITAL = "hospitalisation"
    DAILY_HOSPITAL_FEE = "forfait_journalier"
    OTHER = "autre"


class GuaranteeKind(Enum):
    """How a guarantee pays: a percentage of the BR, a flat amount, or 100 % Santé."""

    PERCENT_OF_BASE = "percent_br"
    FLAT = "flat"
    FULL_COVER_BASKET = "sante_100"  # 100 % Santé: no reste à charge


class PremiumMethod(Enum):
    DIRECT_DEBIT = "direct_debit"  # prélèvement
    CHEQUE = "cheque"
    PAYROLL = "payroll"  # précompte sur salaire


class PremiumFrequency(Enum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"


class InstalmentStatus(Enum):
    PAID = "paid"
    DUE = "due"
    REJECTED = "rejected"  # impayé


class PaymentMethod(Enum):
    TRANSFER = "transfer"  # virement
    CHEQUE = "cheque"


class PaymentRecipientKind(Enum):
    """To whom a payment went: the member, or a professional (tiers payant)."""

    MEMBER = "member"
    PROFESSIONAL = "professional"


class ActCodeSystem(Enum):
    """Nomenclature of an act code."""

    NGAP = "NGAP"
    CCAM = "CCAM"
    NABM = "NABM"
    LPP = "LPP"
    CIP13 = "CIP13"
    FLAT_FEE = "FORFAIT"


class LetterType(Enum):
    """Type de courrier."""

    PREMIUM_CALL = "premium_call"  # appel de cotisation
    BENEFIT_STATEMENT = "benefit_statement"  # relevé de prestations
    ATTESTATION = "attestation"
    TP_CARD = "tp_card"  # envoi de carte de tiers payant
    WELCOME = "welcome"
    INFORMATION = "information"


class UsefulDocumentKind(Enum):
    """Document utile."""

    STATUTES = "statutes"
    SEPA_MANDATE = "sepa_mandate"
    GUIDE = "guide"
    NOTICE = "notice"
    BENEFITS_TABLE = "benefits_table"  # tableau de garanties


class DocumentKind(Enum):
    """What a downloadable document is (see ``DocumentRef``)."""

    LETTER = "letter"
    USEFUL_DOCUMENT = "useful_document"
    TP_CARD = "tp_card"
    ATTESTATION = "attestation"  # attestation de droits
    # Rendered by the gateway from payment data (not fetched from the platform):
    PAYMENT_STATEMENT = "payment_statement"
    PAYMENTS_EXPORT = "payments_export"


class DocumentFormat(Enum):
    PDF = "pdf"
    CSV = "csv"


class QuoteKind(Enum):
    QUOTE = "quote"  # devis
    PRIOR_APPROVAL = "prior_approval"  # prise en charge


class QuoteStatus(Enum):
    RECEIVED = "received"
    PROCESSED = "processed"
    REFUSED = "refused"


class ChangeRequestKind(Enum):
    """Kind of a member's request (demande)."""

    CONTACT = "contact"
    ADDRESS = "address"
    BANK_ACCOUNT = "bank_account"
    ADD_BENEFICIARY = "add_beneficiary"
    REMOVE_BENEFICIARY = "remove_beneficiary"
    TP_CARD_REISSUE = "tp_card_reissue"
    PAPERLESS = "paperless"
    NOTIFICATIONS = "notifications"


class ChangeRequestStatus(Enum):
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    REJECTED = "rejected"


class MessageDirection(Enum):
    FROM_MEMBER = "from_member"
    TO_MEMBER = "to_member"


class Network(Enum):
    """Care network (réseau de soins)."""

    SANTECLAIR = "santeclair"
    KALIXIA = "kalixia"


class Profession(Enum):
    """Code profession (professions with an RPPS/ADELI code; osteopaths have none)."""

    PHYSICIAN = "10"  # médecin
    PHARMACIST = "21"
    AUDIOPROSTHETIST = "26"  # audioprothésiste
    OPTICIAN = "28"  # opticien-lunetier
    DENTIST = "40"  # chirurgien-dentiste
    MIDWIFE = "50"  # sage-femme
    NURSE = "60"  # infirmier
    PHYSIOTHERAPIST = "70"  # masseur-kinésithérapeute
    SPEECH_THERAPIST = "91"  # orthophoniste
    DIETITIAN = "95"  # diététicien


class Discipline(Enum):
    """Discipline searched on care networks (catégorie de professionnel)."""

    OPTICS = "optique"
    HEARING = "audioprothese"
    DENTAL = "dentaire"
    OSTEOPATHY = "osteopathie"
    DIETETICS = "dietetique"
    MEDICINE = "medecine"
    PHARMACY = "pharmacie"
    NURSING = "soins_infirmiers"
    PHYSIOTHERAPY = "kinesitherapie"
    HOSPITAL = "hospitalisation"
    OTHER = "autre"


class ProfessionalIdKind(Enum):
    RPPS = "RPPS"  # 11 digits, Luhn
    ADELI = "ADELI"  # 9 digits
    FINESS = "FINESS"  # 9 characters, Luhn (establishments)


class QuoteCategory(Enum):
    """What a quote (devis) is about: insurer-processed quotes, estimates, reviews."""

    OPTICAL = "optique"
    DENTAL = "dentaire"
    HEARING = "audio"
    HOSPITAL = "hospitalisation"


class QuoteReviewStatus(Enum):
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    ANSWERED = "answered"


class ServiceKind(Enum):
    """A care network's online service linked from the portal."""

    GEOLOCATION = "geolocation"
    SELF_MEDICATION = "self_medication"
    QUOTE_REVIEW = "quote_review"
    OTHER = "other"
