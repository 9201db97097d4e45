"""Mutations: one per change a member can ask for.

Each validates its input before any back-end call (BAD_USER_INPUT naming the field) and
returns a payload with what the platform recorded: the ChangeRequest to follow (its
status), or the message, or the quote review. Business refusals are BACKEND_REJECTED
errors with ``extensions.reason`` (e.g. COLLECTIVE_CONTRACT: change through the employer).
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from adapters import port
from resolvers import changes, messages
from resolvers.access import Access, own
from resolvers.context import state
from schema import fields
from schema.inputs import (
    AddBeneficiaryInput,
    BankAccountInput,
    ContactDetailsInput,
    PostalAddressInput,
    QuoteReviewInput,
    RemoveBeneficiaryInput,
    SendMessageInput,
)
from schema.types.member import Member
from schema.types.messages import ChangeRequest, Message, Thread
from schema.types.quotes import QuoteReview


@strawberry.type(description="The request a change created, and the member afterwards.")
class ChangeRequestPayload:
    access: strawberry.Private[Access]
    change_request: ChangeRequest = strawberry.field(
        description="The request to follow (suivi des demandes): id and status."
    )

    @fields.field(description="The member as it reads after the change.")
    async def member(self, info: Info) -> Member:
        return Member.of(self.access)


@strawberry.type(description="The message as recorded.")
class SendMessagePayload:
    access: strawberry.Private[Access]
    thread_key: strawberry.Private[str]
    message: Message = strawberry.field(description="The message sent.")

    @fields.field(description="Its conversation.")
    async def thread(self, info: Info) -> Thread:
        return Thread.of(
            await messages.thread(state(info), self.access, self.thread_key), self.access
        )


@strawberry.type(description="The quote review as recorded by the network.")
class SubmitQuoteForReviewPayload:
    review: QuoteReview = strawberry.field(description="Reference, status, answer due date.")


def _payload(info: Info, record: port.ChangeRequest) -> ChangeRequestPayload:
    access = own(state(info))
    return ChangeRequestPayload(access=access, change_request=ChangeRequest.of(record, access))


@strawberry.type(description="Changes a member can ask for.")
class Mutation:
    @fields.mutation(description="Change e-mail and/or phone numbers.")
    async def update_contact_details(
        self,
        info: Info,
        input: Annotated[ContactDetailsInput, strawberry.argument(description="New values.")],
    ) -> ChangeRequestPayload:
        done = await changes.update_contact(
            state(info),
            email=input.email,
            mobile_phone=input.mobile_phone,
            home_phone=input.home_phone,
        )
        return _payload(info, done)

    @fields.mutation(description="Change the postal address.")
    async def update_postal_address(
        self,
        info: Info,
        input: Annotated[PostalAddressInput, strawberry.argument(description="New address.")],
    ) -> ChangeRequestPayload:
        done = await changes.update_address(
            state(info),
            line1=input.line1,
            line2=input.line2,
            postcode=input.postcode,
            town=input.town,
            country=input.country,
        )
        return _payload(info, done)

    @fields.mutation(
        description="Change the account for reimbursements or premiums, with the RIB attached."
    )
    async def update_bank_account(
        self,
        info: Info,
        input: Annotated[BankAccountInput, strawberry.argument(description="New account.")],
    ) -> ChangeRequestPayload:
        done = await changes.update_bank_account(
            state(info),
            purpose=input.purpose,
            holder=input.holder,
            iban=input.iban,
            bic=input.bic,
            rib=input.rib,
        )
        return _payload(info, done)

    @fields.mutation(description="Ask to add a beneficiary, with a proof attached.")
    async def add_beneficiary(
        self,
        info: Info,
        input: Annotated[AddBeneficiaryInput, strawberry.argument(description="Who to add.")],
    ) -> ChangeRequestPayload:
        done = await changes.add_beneficiary(
            state(info),
            first_name=input.first_name,
            last_name=input.last_name,
            birth_date=input.birth_date,
            quality=input.quality,
            regime=input.regime,
            nir=input.nir,
            proof=input.proof,
        )
        return _payload(info, done)

    @fields.mutation(description="Ask to remove a beneficiary (radiation), with a reason.")
    async def remove_beneficiary(
        self,
        info: Info,
        input: Annotated[RemoveBeneficiaryInput, strawberry.argument(description="Who and why.")],
    ) -> ChangeRequestPayload:
        done = await changes.remove_beneficiary(
            state(info),
            beneficiary_id=input.beneficiary_id,
            reason=input.reason,
            effective_date=input.effective_date,
        )
        return _payload(info, done)

    @fields.mutation(description="Ask for a new tiers-payant card (réédition).")
    async def request_tiers_payant_card(self, info: Info) -> ChangeRequestPayload:
        return _payload(info, await changes.request_tp_card(state(info)))

    @fields.mutation(description="Switch paperless statements (relevés dématérialisés).")
    async def set_paperless_statements(
        self,
        info: Info,
        enabled: Annotated[bool, strawberry.argument(description="On or off.")],
    ) -> ChangeRequestPayload:
        return _payload(info, await changes.set_paperless(state(info), enabled))

    @fields.mutation(description="Switch reimbursement notifications (alertes).")
    async def set_reimbursement_notifications(
        self,
        info: Info,
        enabled: Annotated[bool, strawberry.argument(description="On or off.")],
    ) -> ChangeRequestPayload:
        return _payload(info, await changes.set_notifications(state(info), enabled))

    @fields.mutation(description="Send a message to the advisers, with attachments.")
    async def send_message(
        self,
        info: Info,
        input: Annotated[SendMessageInput, strawberry.argument(description="The message.")],
    ) -> SendMessagePayload:
        st = state(info)
        sent = await changes.send_message(
            st,
            subject=input.subject,
            body=input.body,
            thread_id=input.thread_id,
            attachments=input.attachments or [],
        )
        access = own(st)
        return SendMessagePayload(
            access=access, thread_key=sent.thread_id, message=Message.of(sent, access)
        )

    @fields.mutation(
        description="Send a quote (devis) for an adviser's analysis within 72 h (Santéclair)."
    )
    async def submit_quote_for_review(
        self,
        info: Info,
        input: Annotated[QuoteReviewInput, strawberry.argument(description="The quote.")],
    ) -> SubmitQuoteForReviewPayload:
        review = await changes.submit_quote_for_review(
            state(info),
            category=input.category,
            beneficiary_id=input.beneficiary_id,
            file=input.file,
            comment=input.comment,
        )
        return SubmitQuoteForReviewPayload(review=QuoteReview.of(review))
