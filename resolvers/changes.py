"""Changes a member asks for: validated here, then sent to the port, one call each.

Every function reads (and closes) its uploaded files first, checks the viewer may change
things (the adhérent only) and validates every value (field named by its argument path)
*before* the port call, so invalid input never reaches a back end. Two checks read first
(through the per-member cache, warm when the member just looked): a removal's effective
date against the beneficiary's open date, and a reply's thread against the member's own
threads (an unknown one is BAD_USER_INPUT on ``input.threadId``). After a change the
request's loaders are cleared, so the mutation's payload reads fresh data. Business
refusals come back as the port's ``BackendRejected`` (BACKEND_REJECTED, with the reason).
Each change is audited once with its outcome (:func:`resolvers.audit.audited_change`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from adapters.port import (
    AddressChange,
    BankAccountChange,
    BankAccountPurpose,
    BeneficiaryQuality,
    BeneficiaryRemoval,
    ChangeRequest,
    ChangeRequestsPort,
    ContactChange,
    Message,
    NewBeneficiary,
    NewMessage,
    QuoteCategory,
    QuoteReview,
    QuoteSubmission,
    Regime,
    require,
)
from resolvers import members, messages
from resolvers import validation as check
from resolvers.access import Access, own, require_holder
from resolvers.audit import audited_change
from resolvers.care import submit_quote
from resolvers.context import RequestState
from resolvers.errors import UserInputError
from resolvers.ids import local_id
from resolvers.uploads import read_upload, read_uploads


def _holder(state: RequestState) -> Access:
    access = own(state)
    require_holder(access)
    return access


def _changes(state: RequestState, operation: str) -> ChangeRequestsPort:
    platform = state.backends.platform
    return require(platform.changes, platform.name, operation)


@audited_change("updateContactDetails")
async def update_contact(
    state: RequestState, *, email: str | None, mobile_phone: str | None, home_phone: str | None
) -> ChangeRequest:
    access = _holder(state)
    if email is None and mobile_phone is None and home_phone is None:
        raise UserInputError("input", "Give at least one contact detail to change.")
    change = ContactChange(
        email=None if email is None else check.email(email, "input.email"),
        mobile_phone=None
        if mobile_phone is None
        else check.phone(mobile_phone, "input.mobilePhone"),
        home_phone=None if home_phone is None else check.phone(home_phone, "input.homePhone"),
    )
    done = await _changes(state, "update_contact").update_contact(access.member, change)
    state.loaders.forget()
    return done


@audited_change("updatePostalAddress")
async def update_address(
    state: RequestState, *, line1: str, line2: str | None, postcode: str, town: str, country: str
) -> ChangeRequest:
    access = _holder(state)
    if country.strip().upper() != "FR":
        raise UserInputError("input.country", "Only French addresses can be changed online.")
    change = AddressChange(
        line1=check.required_text(line1, "input.line1", max_length=38),
        line2=None
        if line2 is None
        else check.text(line2, "input.line2", max_length=38, required=False),
        postcode=check.postcode(postcode, "input.postcode"),
        town=check.required_text(town, "input.town", max_length=38),
    )
    done = await _changes(state, "update_address").update_address(access.member, change)
    state.loaders.forget()
    return done


@audited_change("updateBankAccount")
async def update_bank_account(
    state: RequestState,
    *,
    purpose: BankAccountPurpose,
    holder: str,
    iban: str,
    bic: str,
    rib: object,
) -> ChangeRequest:
    proof = await read_upload(rib, "input.rib")
    access = _holder(state)
    change = BankAccountChange(
        purpose=purpose,
        holder=check.required_text(holder, "input.holder", max_length=70),
        iban=check.iban(iban, "input.iban"),
        bic=check.bic(bic, "input.bic"),
        proof=proof,
    )
    done = await _changes(state, "update_bank_account").update_bank_account(access.member, change)
    state.loaders.forget()
    return done


@audited_change("addBeneficiary")
async def add_beneficiary(
    state: RequestState,
    *,
    first_name: str,
    last_name: str,
    birth_date: date,
    quality: BeneficiaryQuality,
    regime: Regime | None,
    nir: str | None,
    proof: object,
) -> ChangeRequest:
    attachment = await read_upload(proof, "input.proof")
    access = _holder(state)
    if quality is BeneficiaryQuality.INSURED:
        raise UserInputError("input.quality", "The contract already has its insured member.")
    born = check.past_date(birth_date, "input.birthDate", today=state.today)
    change = NewBeneficiary(
        last_name=check.person_name(last_name, "input.lastName"),
        first_name=check.person_name(first_name, "input.firstName"),
        birth_date=born,
        quality=quality,
        regime=regime,
        nir=None if not nir else check.nir(nir, "input.nir", birth_date=born),
        proof=attachment,
    )
    done = await _changes(state, "add_beneficiary").add_beneficiary(access.member, change)
    state.loaders.forget()
    return done


@audited_change("removeBeneficiary")
async def remove_beneficiary(
    state: RequestState, *, beneficiary_id: str, reason: str, effective_date: date | None
) -> ChangeRequest:
    access = _holder(state)
    member = access.member
    change = BeneficiaryRemoval(
        beneficiary_id=local_id(
            beneficiary_id, "Beneficiary", member.tenant, member.number, "input.beneficiaryId"
        ),
        reason=check.required_text(reason, "input.reason", max_length=500),
        effective_date=None
        if effective_date is None
        else check.effective_date(effective_date, "input.effectiveDate", today=state.today),
    )
    if change.effective_date is not None:
        # Not before the beneficiary joined (an id not the member's: the platform refuses).
        joined = await members.open_date(state, access, change.beneficiary_id)
        check.effective_date(
            change.effective_date, "input.effectiveDate", today=state.today, joined=joined
        )
    done = await _changes(state, "remove_beneficiary").remove_beneficiary(member, change)
    state.loaders.forget()
    return done


@audited_change("requestTiersPayantCard")
async def request_tp_card(state: RequestState) -> ChangeRequest:
    access = _holder(state)
    done = await _changes(state, "request_tp_card").request_tp_card(access.member)
    state.loaders.forget()
    return done


@audited_change("setPaperlessStatements")
async def set_paperless(state: RequestState, enabled: bool) -> ChangeRequest:
    access = _holder(state)
    done = await _changes(state, "set_paperless").set_paperless(access.member, enabled)
    state.loaders.forget()
    return done


@audited_change("setReimbursementNotifications")
async def set_notifications(state: RequestState, enabled: bool) -> ChangeRequest:
    access = _holder(state)
    done = await _changes(state, "set_notifications").set_notifications(access.member, enabled)
    state.loaders.forget()
    return done


@audited_change("sendMessage")
async def send_message(
    state: RequestState,
    *,
    subject: str,
    body: str,
    thread_id: str | None,
    attachments: Sequence[object],
) -> Message:
    files = await read_uploads(attachments, "input.attachments")
    access = _holder(state)
    member = access.member
    message = NewMessage(
        subject=check.required_text(subject, "input.subject", max_length=120),
        body=check.required_text(body, "input.body", max_length=5000),
        thread_id=None
        if thread_id is None
        else local_id(thread_id, "Thread", member.tenant, member.number, "input.threadId"),
        attachments=files,
    )
    platform = state.backends.platform
    messaging = require(platform.messaging, platform.name, "send_message")
    if message.thread_id is not None:
        await messages.require_own_thread(state, access, message.thread_id, "input.threadId")
    done = await messaging.send_message(member, message)
    state.loaders.forget()
    return done


@audited_change("submitQuoteForReview")
async def submit_quote_for_review(
    state: RequestState,
    *,
    category: QuoteCategory,
    beneficiary_id: str,
    file: object,
    comment: str | None,
) -> QuoteReview:
    quote = await read_upload(file, "input.file")
    access = _holder(state)
    member = access.member
    submission = QuoteSubmission(
        category=category,
        beneficiary_id=local_id(
            beneficiary_id, "Beneficiary", member.tenant, member.number, "input.beneficiaryId"
        ),
        file=quote,
        comment=None
        if comment is None
        else check.text(comment, "input.comment", max_length=1000, required=False),
    )
    return await submit_quote(state, access, submission)
