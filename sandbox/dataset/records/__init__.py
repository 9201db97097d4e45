"""The sandbox's own records: what a mutuelle's management system holds, in neutral terms.

These are the outside world's data, shared by the simulated platforms (Cimut SOAP, Cegedim
REST, Santéclair, Kalixia). Each platform translates them into its own wire shape and
quirks. They are *not* the gateway's port records (``adapters/``): the sandbox imports
nothing from the product, and the product never imports the sandbox.

Money is integer cents (``*_cents``) so that the arithmetic of DOMAIN.md is exact; rates are
integer percents. Codes are the domain's codes (quality ``00``/``02``/``06``..., régime
``01``..., profession ``10``/``28``...) so that platforms can send codes, not labels.

Three modules, re-exported here: ``parties`` (tenants, members, beneficiaries, health
professionals, towns and addresses), ``cover`` (contract, guarantees, premium, payments,
quotes) and ``paperwork`` (letters, documents, card, messages, attachments, change
requests). Import the records from ``sandbox.dataset.records``.
"""

from __future__ import annotations

from sandbox.dataset.records.cover import (
    Contract,
    Coverage,
    Guarantee,
    Payment,
    PaymentLine,
    Premium,
    PremiumInstalment,
    Quote,
    RecipientKind,
)
from sandbox.dataset.records.paperwork import (
    Attachment,
    ChangeRequest,
    ChangeStatus,
    Letter,
    Message,
    TiersPayantCard,
    UsefulDocument,
)
from sandbox.dataset.records.parties import (
    Address,
    BankAccount,
    Beneficiary,
    HealthProfessional,
    Member,
    Network,
    Platform,
    Tenant,
    Town,
)

__all__ = [
    "Address",
    "Attachment",
    "BankAccount",
    "Beneficiary",
    "ChangeRequest",
    "ChangeStatus",
    "Contract",
    "Coverage",
    "Guarantee",
    "HealthProfessional",
    "Letter",
    "Member",
    "Message",
    "Network",
    "Payment",
    "PaymentLine",
    "Platform",
    "Premium",
    "PremiumInstalment",
    "Quote",
    "RecipientKind",
    "Tenant",
    "TiersPayantCard",
    "Town",
    "UsefulDocument",
]
