"""Shared value types: money, postal address, attachment; formatting and masking helpers.

Money is ``{amount: "6.90", currency: "EUR"}``: a decimal string with two decimals, never a
float. NIR and IBAN are shown masked only.
"""

from __future__ import annotations

from decimal import Decimal

import strawberry

from adapters import port
from schema.enums import BankAccountPurpose

CENT = Decimal("0.01")


@strawberry.type(description="An amount of money (montant).")
class Money:
    amount: str = strawberry.field(
        description='Decimal string with two decimals, e.g. "6.90"; never a float.'
    )
    currency: str = strawberry.field(description='ISO 4217 currency code: always "EUR".')


def money(value: Decimal) -> Money:
    quantized = value.quantize(CENT)
    return Money(amount=str(quantized if quantized else CENT * 0), currency="EUR")


def optional_money(value: Decimal | None) -> Money | None:
    return None if value is None else money(value)


def mask_nir(nir: str | None) -> str | None:
    """``2 95 10 ** *** *** 93``: sex, birth year and month, and key only."""
    if nir is None or len(nir) != 15:
        return None
    return f"{nir[0]} {nir[1:3]} {nir[3:5]} ** *** *** {nir[13:15]}"


def mask_iban(iban: str) -> str:
    """``FR76 **** **** **** **** ***8 45``: country, check digits and last 4 characters."""
    compact = iban.replace(" ", "")
    masked = compact[:4] + "*" * (len(compact) - 8) + compact[-4:]
    return " ".join(masked[i : i + 4] for i in range(0, len(masked), 4))


@strawberry.type(description="A postal address (adresse postale).")
class PostalAddress:
    line1: str = strawberry.field(description="Number and street (ligne d'adresse).")
    line2: str | None = strawberry.field(description="Complement (bâtiment, lieu-dit...).")
    postcode: str = strawberry.field(description="Code postal.")
    town: str = strawberry.field(description="Commune.")
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 country code.")

    @classmethod
    def of(cls, record: port.PostalAddress) -> PostalAddress:
        return cls(
            line1=record.line1,
            line2=record.line2,
            postcode=record.postcode,
            town=record.town,
            country=record.country,
        )


@strawberry.type(description="A file sent with a request or a message (pièce jointe).")
class Attachment:
    filename: str = strawberry.field(description="File name.")
    content_type: str = strawberry.field(description="MIME type: PDF, JPEG or PNG.")
    size: int = strawberry.field(description="Size in bytes.")

    @classmethod
    def of(cls, record: port.Attachment) -> Attachment:
        return cls(filename=record.filename, content_type=record.content_type, size=record.size)


@strawberry.type(description="A bank account (coordonnées bancaires, RIB), shown masked.")
class BankAccount:
    purpose: BankAccountPurpose = strawberry.field(description="Reimbursements or premiums.")
    holder: str = strawberry.field(description="Titulaire du compte.")
    iban_masked: str = strawberry.field(
        description='IBAN with only country, check digits and last 4 shown ("FR76 **** ... 845").'
    )
    bic: str = strawberry.field(description="BIC of the bank.")
    bank_name: str | None = strawberry.field(description="Bank name (domiciliation).")
