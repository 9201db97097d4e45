"""Inputs of the mutations. Files are ``Upload`` (GraphQL multipart request spec):
PDF, JPEG or PNG, at most 5 MB, checked by their content."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.file_uploads import Upload

from schema.enums import BankAccountPurpose, BeneficiaryQuality, QuoteCategory, Regime


@strawberry.input(description="New contact details; omitted fields stay unchanged.")
class ContactDetailsInput:
    email: str | None = strawberry.field(default=None, description="E-mail address.")
    mobile_phone: str | None = strawberry.field(
        default=None, description='French mobile number, e.g. "06 12 34 56 78" or "+33612345678".'
    )
    home_phone: str | None = strawberry.field(default=None, description="French landline number.")


@strawberry.input(description="A new postal address (France).")
class PostalAddressInput:
    line1: str = strawberry.field(description="Number and street (38 characters max).")
    line2: str | None = strawberry.field(default=None, description="Complement.")
    postcode: str = strawberry.field(description="Code postal (5 digits).")
    town: str = strawberry.field(description="Commune.")
    country: str = strawberry.field(default="FR", description='Only "FR" online.')


@strawberry.input(description="A new bank account (RIB) with the RIB document.")
class BankAccountInput:
    purpose: BankAccountPurpose = strawberry.field(description="Reimbursements or premiums.")
    holder: str = strawberry.field(description="Titulaire du compte.")
    iban: str = strawberry.field(description="IBAN (French RIB key checked).")
    bic: str = strawberry.field(description="BIC (8 or 11 characters).")
    rib: Upload = strawberry.field(description="The RIB document (relevé d'identité bancaire).")


@strawberry.input(description="A beneficiary to add, with a proof (birth certificate...).")
class AddBeneficiaryInput:
    first_name: str = strawberry.field(description="Prénom.")
    last_name: str = strawberry.field(description="Nom.")
    birth_date: date = strawberry.field(description="Date de naissance.")
    quality: BeneficiaryQuality = strawberry.field(description="Spouse, partner, child, other.")
    regime: Regime | None = strawberry.field(default=None, description="Régime obligatoire.")
    nir: str | None = strawberry.field(
        default=None, description="Own NIR with its key (15 characters), for adults."
    )
    proof: Upload = strawberry.field(description="Justificatif (acte de naissance, livret...).")


@strawberry.input(description="A beneficiary to remove (radiation), with the reason.")
class RemoveBeneficiaryInput:
    beneficiary_id: strawberry.ID = strawberry.field(description="The Beneficiary's id.")
    reason: str = strawberry.field(description="Motif de radiation.")
    effective_date: date | None = strawberry.field(
        default=None,
        description="Date d'effet asked for: not before the beneficiary joined, and within a "
        "year of today either way; the back office decides when omitted.",
    )


@strawberry.input(description="A message to the advisers.")
class SendMessageInput:
    subject: str = strawberry.field(description="Motif (120 characters max).")
    body: str = strawberry.field(description="Text (5,000 characters max).")
    thread_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Answer in this Thread (one of the member's own); a new thread when omitted.",
    )
    attachments: list[Upload] | None = strawberry.field(
        default=None, description="Up to 5 files (PDF, JPEG, PNG; 5 MB each)."
    )


@strawberry.input(description="A quote to send for an adviser's analysis (Santéclair).")
class QuoteReviewInput:
    category: QuoteCategory = strawberry.field(description="Optical, dental, hearing, hospital.")
    beneficiary_id: strawberry.ID = strawberry.field(description="For whom (a Beneficiary id).")
    file: Upload = strawberry.field(description="The quote (devis), PDF or image.")
    comment: str | None = strawberry.field(default=None, description="A note for the adviser.")
