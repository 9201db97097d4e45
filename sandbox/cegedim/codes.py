"""Code tables of the Cegedim-style API: the back office's codes as ``{"code", "label"}`` enums.

Each table maps a record's value (a domain code such as quality ``"02"``, or a record literal
such as ``"direct_debit"``) to the API's own upper-case code and its French label. The
serialisers and the OpenAPI document both read these tables, so the enums documented are the
enums sent. ``reverse`` gives the record value of an API code, for request bodies and filters.
"""

from __future__ import annotations

from collections.abc import Mapping

CodeTable = Mapping[str, tuple[str, str]]
"""record value -> (API code, label)"""

CIVILITY: CodeTable = {"M": ("MR", "Monsieur"), "MME": ("MRS", "Madame")}
GENDER: CodeTable = {"1": ("MALE", "Masculin"), "2": ("FEMALE", "Féminin")}
MARITAL_STATUS: CodeTable = {
    "C": ("SINGLE", "Célibataire"),
    "M": ("MARRIED", "Marié(e)"),
    "P": ("CIVIL_PARTNERSHIP", "Pacsé(e)"),
    "V": ("WIDOWED", "Veuf(ve)"),
    "D": ("DIVORCED", "Divorcé(e)"),
    "U": ("COHABITING", "Union libre"),
}
# Qualité du bénéficiaire (codes 00..09 of the domain).
RELATIONSHIP: CodeTable = {
    "00": ("INSURED", "Assuré"),
    "02": ("SPOUSE", "Conjoint"),
    "04": ("PARTNER", "Concubin"),
    "06": ("CHILD", "Enfant"),
    "09": ("OTHER", "Autre ayant droit"),
}
# Régime obligatoire: real REST APIs keep the numeric codes, with a label.
REGIME: CodeTable = {
    "01": ("01", "Régime général"),
    "02": ("02", "Régime agricole (MSA)"),
    "03": ("03", "Travailleurs indépendants"),
    "04": ("04", "SNCF"),
    "05": ("05", "RATP"),
    "08": ("08", "Militaires"),
    "91": ("91", "MGEN"),
    "99": ("99", "Sections locales mutualistes"),
}
ACCOUNT_USAGE: CodeTable = {
    "reimbursement": ("REIMBURSEMENT", "Remboursements"),
    "premium": ("PREMIUM", "Prélèvement des cotisations"),
}
CONTRACT_STATUS: CodeTable = {"open": ("ACTIVE", "En cours"), "closed": ("TERMINATED", "Résilié")}
CONTRACT_TYPE: CodeTable = {
    "individual": ("INDIVIDUAL", "Contrat individuel"),
    "collective": ("GROUP", "Contrat collectif"),
}
CARE_CATEGORY: CodeTable = {
    "consultation": ("GP_CONSULTATION", "Consultations généralistes"),
    "specialiste": ("SPECIALIST", "Spécialistes"),
    "pharmacie": ("PHARMACY", "Pharmacie"),
    "auxiliaires": ("PARAMEDICAL", "Auxiliaires médicaux"),
    "dentaire": ("DENTAL", "Dentaire"),
    "optique": ("OPTICAL", "Optique"),
    "audio": ("HEARING", "Aides auditives"),
    "hospitalisation": ("HOSPITAL", "Hospitalisation"),
    "forfait_journalier": ("DAILY_HOSPITAL_FEE", "Forfait journalier"),
    "biologie": ("LABORATORY", "Biologie"),
    "radiologie": ("RADIOLOGY", "Radiologie"),
    "transport": ("TRANSPORT", "Transport"),
    "prevention": ("PREVENTION", "Prévention"),
    "autre": ("OTHER", "Autres soins"),
}
BENEFIT_TYPE: CodeTable = {
    "percent_br": ("PERCENT_OF_BASE", "Pourcentage de la base de remboursement"),
    "flat": ("FLAT_AMOUNT", "Forfait"),
    "sante_100": ("ZERO_OUT_OF_POCKET", "100 % Santé"),
}
PAYMENT_METHOD: CodeTable = {
    "direct_debit": ("DIRECT_DEBIT", "Prélèvement"),
    "cheque": ("CHEQUE", "Chèque"),
    "payroll": ("PAYROLL", "Précompte sur salaire"),
}
FREQUENCY: CodeTable = {
    "monthly": ("MONTHLY", "Mensuelle"),
    "quarterly": ("QUARTERLY", "Trimestrielle"),
    "half_yearly": ("HALF_YEARLY", "Semestrielle"),
    "yearly": ("YEARLY", "Annuelle"),
}
INSTALMENT_STATUS: CodeTable = {
    "paid": ("PAID", "Payée"),
    "due": ("DUE", "À venir"),
    "rejected": ("REJECTED", "Impayée"),
}
TRANSFER_METHOD: CodeTable = {"transfer": ("TRANSFER", "Virement"), "cheque": ("CHEQUE", "Chèque")}
RECIPIENT: CodeTable = {
    "member": ("INSURED", "Assuré"),
    "professional": ("PROFESSIONAL", "Professionnel de santé (tiers payant)"),
}
ACT_SYSTEM: CodeTable = {
    "NGAP": ("NGAP", "Nomenclature générale des actes professionnels"),
    "CCAM": ("CCAM", "Classification commune des actes médicaux"),
    "NABM": ("NABM", "Nomenclature des actes de biologie médicale"),
    "LPP": ("LPP", "Liste des produits et prestations"),
    "CIP13": ("CIP13", "Médicament (code CIP)"),
    "FORFAIT": ("FLAT_FEE", "Forfait"),
}
CORRESPONDENCE_TYPE: CodeTable = {
    "premium_call": ("PREMIUM_CALL", "Appel de cotisations"),
    "benefit_statement": ("BENEFIT_STATEMENT", "Relevé de prestations"),
    "attestation": ("CERTIFICATE", "Attestation"),
    "tp_card": ("THIRD_PARTY_PAYMENT_CARD", "Carte de tiers payant"),
    "welcome": ("WELCOME", "Courrier de bienvenue"),
    "information": ("INFORMATION", "Information"),
}
DOCUMENT_TYPE: CodeTable = {
    "statutes": ("STATUTES", "Statuts"),
    "sepa_mandate": ("SEPA_MANDATE", "Mandat de prélèvement SEPA"),
    "guide": ("GUIDE", "Guide de l'adhérent"),
    "notice": ("NOTICE", "Notice d'information"),
    "benefits_table": ("BENEFITS_TABLE", "Tableau de garanties"),
}
QUOTE_TYPE: CodeTable = {
    "quote": ("QUOTE", "Devis"),
    "prior_approval": ("PRIOR_APPROVAL", "Prise en charge"),
}
QUOTE_CATEGORY: CodeTable = {
    "optique": ("OPTICAL", "Optique"),
    "dentaire": ("DENTAL", "Dentaire"),
    "audio": ("HEARING", "Aides auditives"),
    "hospitalisation": ("HOSPITAL", "Hospitalisation"),
}
QUOTE_STATUS: CodeTable = {
    "received": ("RECEIVED", "Reçu"),
    "processed": ("PROCESSED", "Traité"),
    "refused": ("REFUSED", "Refusé"),
}
REQUEST_TYPE: CodeTable = {
    "contact": ("CONTACT_DETAILS", "Modification des coordonnées"),
    "address": ("POSTAL_ADDRESS", "Changement d'adresse"),
    "bank_account": ("BANK_DETAILS", "Changement de coordonnées bancaires"),
    "add_beneficiary": ("BENEFICIARY_ADDITION", "Ajout d'un bénéficiaire"),
    "remove_beneficiary": ("BENEFICIARY_REMOVAL", "Radiation d'un bénéficiaire"),
    "tp_card_reissue": ("CARD_REISSUE", "Réédition de la carte de tiers payant"),
    "paperless": ("PAPERLESS", "Relevés dématérialisés"),
    "notifications": ("NOTIFICATIONS", "Alertes de remboursement"),
}
REQUEST_STATUS: CodeTable = {
    "received": ("RECEIVED", "Reçue"),
    "in_progress": ("IN_PROGRESS", "En cours de traitement"),
    "done": ("DONE", "Traitée"),
    "rejected": ("REJECTED", "Rejetée"),
}
MESSAGE_DIRECTION: CodeTable = {
    "from_member": ("FROM_INSURED", "Envoyé par l'adhérent"),
    "to_member": ("TO_INSURED", "Reçu d'un conseiller"),
}
# Domaines de la carte de tiers payant (cahier des charges inter-AMC).
CARD_DOMAIN: CodeTable = {
    "PHAR": ("PHAR", "Pharmacie"),
    "MED": ("MED", "Médecins"),
    "RADL": ("RADL", "Radiologie"),
    "LABO": ("LABO", "Laboratoires"),
    "HOSP": ("HOSP", "Hospitalisation"),
    "DENT": ("DENT", "Dentaire"),
    "OPTI": ("OPTI", "Optique"),
    "AUDI": ("AUDI", "Audioprothèses"),
    "AUXM": ("AUXM", "Auxiliaires médicaux"),
    "SAGE": ("SAGE", "Sages-femmes"),
    "TRAN": ("TRAN", "Transport"),
    "SVIL": ("SVIL", "Soins de ville"),
    "EXTE": ("EXTE", "Soins externes"),
    "CSTE": ("CSTE", "Centres de santé"),
}


def coded(table: CodeTable, value: str) -> dict[str, str]:
    """``{"code", "label"}`` of a record value; unknown values pass through upper-cased, so a
    code the table lacks (new data) still reaches the client rather than failing the call."""
    code, label = table.get(value, (value.upper(), value))
    return {"code": code, "label": label}


def api_codes(table: CodeTable) -> list[str]:
    """The API codes of a table, for OpenAPI enums and request validation."""
    return [code for code, _ in table.values()]


def reverse(table: CodeTable, code: str) -> str | None:
    """The record value of an API code (None when unknown)."""
    for value, (api_code, _) in table.items():
        if api_code == code:
            return value
    return None
