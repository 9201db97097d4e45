"""Letters (courriers), useful documents (documents utiles) and the tiers-payant card."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry import relay
from strawberry.types import Info

from adapters import port
from adapters.port import DocumentKind, DocumentRef
from resolvers import documents
from resolvers.access import Access
from resolvers.context import state
from resolvers.ids import NodeKey
from schema import fields
from schema.enums import LetterType, UsefulDocumentKind
from schema.types.beneficiary import Beneficiary, load_beneficiaries


@strawberry.type(description="A letter sent to the member (courrier), as PDF.")
class Letter(relay.Node):
    key: relay.NodeID[str]
    access: strawberry.Private[Access]
    letter_id: strawberry.Private[str]
    date: date = strawberry.field(description="Date of the letter.")
    type: LetterType = strawberry.field(description="Type de courrier.")
    title: str = strawberry.field(description="Title.")

    @classmethod
    def of(cls, record: port.Letter, access: Access) -> Letter:
        member = access.member
        return cls(
            key=NodeKey(member.tenant, member.number, record.id).encode(),
            access=access,
            letter_id=record.id,
            date=record.date,
            type=record.type,
            title=record.title,
        )

    @fields.field(description="Short-lived download link of the PDF.")
    def url(self, info: Info) -> str:
        ref = DocumentRef(DocumentKind.LETTER, self.letter_id)
        return documents.link(state(info), self.access, ref)


@strawberry.type(name="LetterConnection", description="A page of letters, newest first.")
class LetterConnection(relay.Connection[Letter]):
    total_count: int = strawberry.field(description="How many letters match in all.")


@strawberry.input(description="Letters by date range and type.")
class LetterFilter:
    since: date | None = strawberry.field(default=None, description="Sent on or after.")
    until: date | None = strawberry.field(default=None, description="Sent on or before.")
    types: list[LetterType] | None = strawberry.field(
        default=None, description="Only these types (all when null or empty)."
    )


@strawberry.type(
    description="A useful document (document utile): statutes, SEPA mandate, guide, notice, "
    "benefits table."
)
class Document(relay.Node):
    key: relay.NodeID[str]
    access: strawberry.Private[Access]
    document_id: strawberry.Private[str]
    kind: UsefulDocumentKind = strawberry.field(description="What it is.")
    title: str = strawberry.field(description="Title.")

    @classmethod
    def of(cls, record: port.UsefulDocument, access: Access) -> Document:
        member = access.member
        return cls(
            key=NodeKey(member.tenant, member.number, record.id).encode(),
            access=access,
            document_id=record.id,
            kind=record.kind,
            title=record.title,
        )

    @fields.field(description="Short-lived download link of the PDF.")
    def url(self, info: Info) -> str:
        ref = DocumentRef(DocumentKind.USEFUL_DOCUMENT, self.document_id)
        return documents.link(state(info), self.access, ref)


@strawberry.type(description='A domain printed on the card, e.g. PHAR "100%", OPTI "SP".')
class TiersPayantDomain:
    code: str = strawberry.field(description="Domain code (PHAR, OPTI, DENT, HOSP...).")
    mode: str = strawberry.field(description="Rate or mode printed for it.")


@strawberry.type(description="The tiers-payant card (carte de tiers payant / carte mutuelle).")
class TiersPayantCard:
    access: strawberry.Private[Access]
    beneficiary_ids: strawberry.Private[tuple[str, ...]]
    amc_number: str = strawberry.field(description="Numéro AMC of the mutuelle.")
    valid_from: date = strawberry.field(description="Start of validity.")
    valid_to: date = strawberry.field(description="End of validity.")
    domains: list[TiersPayantDomain] = strawberry.field(description="Domains and rates.")
    payload: str | None = strawberry.field(
        description="QR/Datamatrix content for the card, when the platform gives one."
    )

    @classmethod
    def of(cls, record: port.TiersPayantCard, access: Access) -> TiersPayantCard:
        return cls(
            access=access,
            beneficiary_ids=record.beneficiary_ids,
            amc_number=record.amc_number,
            valid_from=record.valid_from,
            valid_to=record.valid_to,
            domains=[TiersPayantDomain(code=d.code, mode=d.mode) for d in record.domains],
            payload=record.payload,
        )

    @fields.field(description="The beneficiaries printed on the card.")
    async def beneficiaries(self, info: Info) -> list[Beneficiary]:
        return await load_beneficiaries(info, self.access, list(self.beneficiary_ids))

    @fields.field(description="Short-lived download link of the card, PDF.")
    def pdf_url(self, info: Info) -> str:
        return documents.link(state(info), self.access, DocumentRef(DocumentKind.TP_CARD))
