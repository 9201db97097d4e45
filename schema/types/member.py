"""The member (adhérent): profile, bank details, and the entry to everything they have.

For a beneficiary's own account, ``me`` is the same member seen through that beneficiary:
the adhérent's NIR, contact details and bank accounts are hidden, payments are narrowed to
the beneficiary's care, and letters, messages and requests (the adhérent's) are empty.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from adapters import port
from adapters.port import DocumentKind, DocumentRef
from resolvers import audit, care, documents, members, messages, payments
from resolvers.access import Access
from resolvers.context import state
from resolvers.ids import NodeKey
from schema import fields
from schema.enums import Civility, DocumentFormat, FamilySituation
from schema.types.beneficiary import Beneficiary
from schema.types.care import ServiceLink
from schema.types.common import BankAccount, PostalAddress, mask_iban, mask_nir
from schema.types.contract import Contract, Premium
from schema.types.documents import Document, Letter, LetterConnection, LetterFilter, TiersPayantCard
from schema.types.messages import ChangeRequest, Message, MessageConnection, Thread
from schema.types.paging import After, First, edges, page_info, window
from schema.types.payments import (
    Payment,
    PaymentConnection,
    PaymentFilter,
    export_ref,
    payment_filter,
)
from schema.types.quotes import Quote


@strawberry.type(
    description="The member holding the contract (adhérent). Profile fields are read from "
    "the platform only when asked for: a query for payments alone does not fetch them."
)
class Member(relay.Node):
    """Branch fields (contract, payments, letters...) are nullable on purpose: when one back
    end fails, that branch is null with its error and the rest of the page still shows."""

    key: relay.NodeID[str]
    access: strawberry.Private[Access]

    @classmethod
    def of(cls, access: Access) -> Member:
        member = access.member
        return cls(key=NodeKey(member.tenant, member.number, member.number).encode(), access=access)

    async def _record(self, info: Info) -> port.Member:
        return await members.member(state(info), self.access)

    @fields.field(description="Numéro d'adhérent.")
    def number(self) -> str:
        return self.access.member.number

    @fields.field(description="Civilité.")
    async def civility(self, info: Info) -> Civility:
        return (await self._record(info)).civility

    @fields.field(description="Prénom.")
    async def first_name(self, info: Info) -> str:
        return (await self._record(info)).first_name

    @fields.field(description="Nom.")
    async def last_name(self, info: Info) -> str:
        return (await self._record(info)).last_name

    @fields.field(description="Date de naissance.")
    async def birth_date(self, info: Info) -> date:
        return (await self._record(info)).birth_date

    @fields.field(
        description='Social security number (NIR), masked: "2 95 10 ** *** *** 93"; null for '
        "a beneficiary's own account."
    )
    async def nir_masked(self, info: Info) -> str | None:
        return None if self.access.restricted else mask_nir((await self._record(info)).nir)

    @fields.field(
        description="Social security number (NIR) in full, for roles the tenant's privacy "
        "policy allows (`nir_visible_roles`, e.g. advisors); null otherwise. Each read is "
        "audited. Never an id, a cursor or part of a URL."
    )
    async def nir(self, info: Info) -> str | None:
        current = state(info)
        if self.access.restricted or not current.nir_visible:
            return None
        value = (await self._record(info)).nir
        await audit.shown(current, self.access, "nir")
        return value

    @fields.field(description="E-mail address; null for a beneficiary's own account.")
    async def email(self, info: Info) -> str | None:
        return None if self.access.restricted else (await self._record(info)).email

    @fields.field(description="Mobile phone; null for a beneficiary's own account.")
    async def mobile_phone(self, info: Info) -> str | None:
        return None if self.access.restricted else (await self._record(info)).mobile_phone

    @fields.field(description="Home phone; null for a beneficiary's own account.")
    async def home_phone(self, info: Info) -> str | None:
        return None if self.access.restricted else (await self._record(info)).home_phone

    @fields.field(description="Adresse postale.")
    async def postal_address(self, info: Info) -> PostalAddress:
        return PostalAddress.of((await self._record(info)).address)

    @fields.field(description="Situation familiale.")
    async def family_situation(self, info: Info) -> FamilySituation | None:
        return (await self._record(info)).family_situation

    @fields.field(description="Dernière connexion.")
    async def last_login_at(self, info: Info) -> datetime | None:
        return (await self._record(info)).last_login

    @fields.field(description="Relevés dématérialisés: statements online only, no paper.")
    async def paperless_statements(self, info: Info) -> bool:
        return (await self._record(info)).paperless

    @fields.field(description="Alertes de remboursement by e-mail/SMS.")
    async def reimbursement_notifications(self, info: Info) -> bool:
        return (await self._record(info)).notifications

    @fields.field(
        description="Accounts for reimbursements and for premium direct debit; empty for a "
        "beneficiary's own account."
    )
    async def bank_accounts(self, info: Info) -> list[BankAccount]:
        if self.access.restricted:
            return []
        return [
            BankAccount(
                purpose=a.purpose,
                holder=a.holder,
                iban_masked=mask_iban(a.iban),
                bic=a.bic,
                bank_name=a.bank_name,
            )
            for a in (await self._record(info)).bank_accounts
        ]

    @fields.field(description="The contract, its offer and guarantees per beneficiary.")
    async def contract(self, info: Info) -> Contract | None:
        return Contract.of(await members.contract(state(info), self.access), self.access)

    @fields.field(description="How the cotisation is paid, next due date and schedule.")
    async def premium(self, info: Info) -> Premium | None:
        st = state(info)
        return Premium.of(await members.premium(st, self.access), st.today)

    @fields.field(description="Beneficiaries, the adhérent first.")
    async def beneficiaries(
        self,
        info: Info,
        include_closed: Annotated[
            bool, strawberry.argument(description="Also those no longer covered.")
        ] = True,
    ) -> list[Beneficiary] | None:
        found = await members.beneficiaries(state(info), self.access, include_closed=include_closed)
        return [Beneficiary.of(b, self.access) for b in found]

    @fields.field(description="Reimbursements (remboursements), newest first.")
    async def payments(
        self,
        info: Info,
        filter: Annotated[
            PaymentFilter | None, strawberry.argument(description="Search criteria.")
        ] = None,
        first: First = 20,
        after: After = None,
    ) -> PaymentConnection | None:
        st = state(info)
        offset, limit = window(first, after)
        query = payments.payment_query(
            st, self.access, payment_filter(filter, self.access), offset=offset, limit=limit
        )
        page = await payments.search(st, self.access, query)
        nodes = [Payment.of(p, self.access) for p in page.items]
        return PaymentConnection(
            edges=edges(nodes, offset),
            page_info=page_info(offset, len(nodes), offset + len(nodes) < page.total),
            total_count=page.total,
        )

    @fields.field(description="Download link of the payments matching a filter, PDF or CSV.")
    def payments_export_url(
        self,
        info: Info,
        filter: Annotated[
            PaymentFilter | None, strawberry.argument(description="Search criteria.")
        ] = None,
        format: Annotated[
            DocumentFormat, strawberry.argument(description="PDF or CSV.")
        ] = DocumentFormat.PDF,
    ) -> str:
        st = state(info)
        query = payments.payment_query(
            st, self.access, payment_filter(filter, self.access), offset=0, limit=0
        )
        return documents.link(st, self.access, export_ref(query, format))

    @fields.field(description="Letters (courriers), newest first.")
    async def letters(
        self,
        info: Info,
        filter: Annotated[
            LetterFilter | None, strawberry.argument(description="Date range and types.")
        ] = None,
        first: First = 20,
        after: After = None,
    ) -> LetterConnection | None:
        offset, limit = window(first, after)
        f = filter or LetterFilter()
        found = await documents.letters(
            state(info), self.access, since=f.since, until=f.until, types=f.types or ()
        )
        nodes = [Letter.of(letter, self.access) for letter in found[offset : offset + limit]]
        return LetterConnection(
            edges=edges(nodes, offset),
            page_info=page_info(offset, len(nodes), offset + len(nodes) < len(found)),
            total_count=len(found),
        )

    @fields.field(description="Documents utiles: statutes, SEPA mandate, guides, notices.")
    async def useful_documents(self, info: Info) -> list[Document] | None:
        found = await documents.useful_documents(state(info), self.access)
        return [Document.of(d, self.access) for d in found]

    @fields.field(description="The tiers-payant card (carte mutuelle).")
    async def tiers_payant_card(self, info: Info) -> TiersPayantCard | None:
        card = await documents.tp_card(state(info), self.access)
        return TiersPayantCard.of(card, self.access)

    @fields.field(
        description="Download link of the insurance attestation (attestation de droits), PDF."
    )
    def attestation_url(self, info: Info) -> str:
        return documents.link(state(info), self.access, DocumentRef(DocumentKind.ATTESTATION))

    @fields.field(description="Devis and prises en charge processed by the mutuelle.")
    async def quotes(self, info: Info) -> list[Quote] | None:
        return [Quote.of(q, self.access) for q in await payments.quotes(state(info), self.access)]

    @fields.field(description="Messages from and to the advisers, newest first.")
    async def messages(
        self, info: Info, first: First = 20, after: str | None = None
    ) -> MessageConnection | None:
        offset, limit = window(first, after)
        found = await messages.messages(state(info), self.access)
        nodes = [Message.of(m, self.access) for m in found[offset : offset + limit]]
        return MessageConnection(
            edges=edges(nodes, offset),
            page_info=page_info(offset, len(nodes), offset + len(nodes) < len(found)),
            total_count=len(found),
        )

    @fields.field(description="Conversations, the most recently active first.")
    async def threads(self, info: Info) -> list[Thread] | None:
        return [Thread.of(t, self.access) for t in await messages.threads(state(info), self.access)]

    @fields.field(description="Requests (demandes) and their status, newest first.")
    async def change_requests(self, info: Info) -> list[ChangeRequest] | None:
        found = await messages.change_requests(state(info), self.access)
        return [ChangeRequest.of(r, self.access) for r in found]

    @fields.field(
        description="Care networks' online services (géolocalisation, automédication...)."
    )
    async def care_services(self, info: Info) -> list[ServiceLink] | None:
        return [ServiceLink.of(s) for s in await care.service_links(state(info), self.access)]
