"""The simulated management system behind every sandbox platform (the "back office").

Cimut's SOAP service and Cegedim's REST service are two wire faces of the same business
rules: each one translates requests into calls on :class:`BackOffice` and its records
(``sandbox.dataset.records``) into its own shapes and quirks. The back office reads the
generated :class:`~sandbox.dataset.Dataset` and keeps the changes members make in an
in-memory overlay, so that ``reset()`` brings back the data as generated.

Business refusals raise :class:`BusinessError` with a stable code; each platform turns it
into its own error shape (SOAP Fault with ``faultcode``/detail code, or JSON problem).

Error codes:

    UNKNOWN_MEMBER          no such member in this tenant
    UNKNOWN_BENEFICIARY     no such beneficiary for this member
    UNKNOWN_PAYMENT         a payment id that is not this member's
    UNKNOWN_LETTER          a letter/document id that is not this member's
    UNKNOWN_THREAD          a reply to a message thread that is not this member's
    COLLECTIVE_CONTRACT     collective contract: change through the employer
    INVALID_IBAN            IBAN or RIB key fails
    INVALID_BIC             BIC malformed
    INVALID_REQUEST         anything else malformed (dates, empty subject, missing attachment)
    BENEFICIARY_CLOSED      removal of a beneficiary already closed
    MAIN_BENEFICIARY        removal of the adhérent themself
    INVALID_EFFECTIVE_DATE  a radiation dated before the beneficiary joined, or more than a
                            year before or after today
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from sandbox.dataset import effects, validation
from sandbox.dataset.banks import bank_name_for
from sandbox.dataset.correspondence import statement_period
from sandbox.dataset.overlay import Change, Overlay, View
from sandbox.dataset.records import (
    Address,
    Attachment,
    BankAccount,
    Beneficiary,
    ChangeRequest,
    Contract,
    Letter,
    Member,
    Message,
    Payment,
    Premium,
    Quote,
    RecipientKind,
    TiersPayantCard,
    Town,
    UsefulDocument,
)
from sandbox.dataset.towns import town_by_postcode, towns
from sandbox.dataset.validation import Rejected

if TYPE_CHECKING:
    from sandbox.dataset.generator import Dataset, MemberFile

Clock = Callable[[], datetime]


class BusinessError(Exception):
    """A refusal by the management system, with a stable code (see module docstring)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class PaymentQuery:
    """Filters of the portal's reimbursement search (recherche de remboursements)."""

    paid_from: date | None = None  # payment date range (période de paiement)
    paid_to: date | None = None
    beneficiary_id: str | None = None
    care_from: date | None = None  # care date range (date de soins)
    care_to: date | None = None
    recipient: RecipientKind | None = None  # member, or professionals (remboursements aux tiers)
    offset: int = 0
    limit: int = 50


@dataclass(frozen=True, slots=True)
class PaymentPage:
    """One page of payments, newest first, with the total count of matches."""

    items: tuple[Payment, ...]
    total: int


class BackOffice:
    """Business operations of one tenant's management system over the generated dataset.

    One instance per tenant. Reads come from the lazily generated dataset with the overlay
    of changes applied; every change appends a :class:`ChangeRequest` the member can follow.
    Changes that a real back office applies at once (contact details, postal address,
    paperless, notifications) show in later reads immediately; the others (bank account,
    add/remove beneficiary, tiers-payant card reissue) stay ``received`` and then move to
    ``in_progress`` and ``done`` as (simulated) time passes, and are applied when done.

    ``clock`` (default: now in UTC) can be replaced, also after construction, to move time
    in tests; ``overlay.in_progress_after`` / ``overlay.done_after`` hold the delays.
    """

    def __init__(self, dataset: Dataset, tenant_id: str, clock: Clock | None = None) -> None:
        self.dataset = dataset
        self.tenant = dataset.tenant(tenant_id)
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        self.overlay = Overlay()

    # -- internals -----------------------------------------------------------------------
    def _file(self, number: str) -> MemberFile:
        try:
            return self.dataset.member_file(self.tenant.id, number)
        except KeyError:
            raise BusinessError("UNKNOWN_MEMBER", "no such member in this tenant") from None

    def _view(self, number: str) -> tuple[MemberFile, View]:
        file = self._file(number)
        base = View(file.member, file.beneficiaries, file.contract, file.tp_card)
        return file, self.overlay.view(base, number, self.clock())

    def _record(
        self,
        number: str,
        kind: str,
        summary: str,
        *,
        immediate: bool,
        effect: Callable[..., View] | None,
        attachments: tuple[Attachment, ...] = (),
        target: str | None = None,
        effective_date: date | None = None,
    ) -> ChangeRequest:
        now = self.clock()

        def build(counter: int) -> Change:
            request = ChangeRequest(
                id=f"DEM-{self.tenant.id.upper()}-{counter:06d}",
                member_number=number,
                kind=kind,  # type: ignore[arg-type]
                status="done" if immediate else "received",
                created_at=now,
                updated_at=now,
                summary=summary,
                attachments=attachments,
                effective_date=effective_date,
            )
            return Change(request, immediate, effect, target)

        return self.overlay.record(number, build).request

    def _collective(self, file: MemberFile) -> None:
        if file.contract.kind == "collective":
            raise BusinessError(
                "COLLECTIVE_CONTRACT", "collective contract: this change goes through the employer"
            )

    # -- reads ---------------------------------------------------------------------------
    def member(self, number: str) -> Member:
        """The adhérent, with overlay applied. Raises UNKNOWN_MEMBER."""
        return self._view(number)[1].member

    def member_numbers(self, limit: int) -> list[str]:
        """The first ``limit`` member numbers of the tenant, in generation order."""
        return self.dataset.member_numbers(self.tenant.id, limit)

    def beneficiaries(self, number: str) -> tuple[Beneficiary, ...]:
        """All beneficiaries, the adhérent first (open and closed)."""
        return self._view(number)[1].beneficiaries

    def contract(self, number: str) -> Contract:
        """The member's contract with each beneficiary's coverage."""
        return self._view(number)[1].contract

    def premium(self, number: str) -> Premium:
        """Payment method, frequency and schedule of the cotisation."""
        return self._file(number).premium

    def search_payments(self, number: str, query: PaymentQuery) -> PaymentPage:
        """Payments of a member matching ``query``, newest first, paged."""
        view = self._view(number)[1]
        if query.offset < 0 or query.limit < 0:
            raise BusinessError("INVALID_REQUEST", "offset and limit must not be negative")
        for low, high in ((query.paid_from, query.paid_to), (query.care_from, query.care_to)):
            if low is not None and high is not None and low > high:
                raise BusinessError("INVALID_REQUEST", "date range ends before it starts")
        if query.beneficiary_id is not None and all(
            b.id != query.beneficiary_id for b in view.beneficiaries
        ):
            raise BusinessError("UNKNOWN_BENEFICIARY", "no such beneficiary for this member")
        found = [p for p in self.dataset.payments(self.tenant.id, number) if _matches(p, query)]
        return PaymentPage(tuple(found[query.offset : query.offset + query.limit]), len(found))

    def payments_by_ids(self, number: str, ids: list[str]) -> list[Payment | None]:
        """Payment details for a list of ids in one call, in order; None where unknown."""
        self._file(number)
        by_id = {p.id: p for p in self.dataset.payments(self.tenant.id, number)}
        return [by_id.get(payment_id) for payment_id in ids]

    def letters(
        self, number: str, since: date | None, until: date | None, type: str | None
    ) -> tuple[Letter, ...]:
        """Letters (courriers) by date range and type, newest first."""
        file, view = self._view(number)
        everything = sorted(
            (*file.letters, *view.letters), key=lambda x: (x.date, x.id), reverse=True
        )
        return tuple(
            x
            for x in everything
            if (since is None or x.date >= since)
            and (until is None or x.date <= until)
            and (type is None or x.type == type)
        )

    def letter_pdf(self, number: str, letter_id: str) -> bytes:
        """The letter's PDF, made on demand. Raises UNKNOWN_LETTER."""
        from sandbox import pdfs

        file, view = self._view(number)
        letter = next((x for x in (*file.letters, *view.letters) if x.id == letter_id), None)
        if letter is None:
            raise BusinessError("UNKNOWN_LETTER", "no such letter for this member")
        payments: tuple[Payment, ...] = ()
        if letter.type == "benefit_statement":
            first, last = statement_period(letter)
            payments = tuple(
                p for p in self.dataset.payments(self.tenant.id, number) if first <= p.date <= last
            )
        return pdfs.letter_pdf(self.tenant, view.member, letter, payments, file.premium)

    def useful_documents(self, number: str) -> tuple[UsefulDocument, ...]:
        """Documents utiles: statutes, SEPA mandate, guides, notices, benefits table."""
        file = self._file(number)
        return self.dataset.useful_documents(self.tenant.id, file.contract.offer_code)

    def useful_document_pdf(self, number: str, document_id: str) -> bytes:
        """A useful document's PDF. Raises UNKNOWN_LETTER."""
        from sandbox import pdfs

        document = next((d for d in self.useful_documents(number) if d.id == document_id), None)
        if document is None:
            raise BusinessError("UNKNOWN_LETTER", "no such document for this member")
        return pdfs.useful_document_pdf(self.tenant, document)

    def tp_card(self, number: str) -> TiersPayantCard:
        """The current tiers-payant card."""
        return self._view(number)[1].tp_card

    def tp_card_pdf(self, number: str) -> bytes:
        """The tiers-payant card as PDF (harmonised fields and a datamatrix-like payload)."""
        from sandbox import pdfs

        view = self._view(number)[1]
        listed = set(view.tp_card.beneficiary_ids)
        people = tuple(b for b in view.beneficiaries if b.id in listed)
        return pdfs.tp_card_pdf(self.tenant, view.member, view.tp_card, people)

    def attestation_pdf(self, number: str) -> bytes:
        """The insurance attestation (attestation de droits) as PDF."""
        from sandbox import pdfs

        view = self._view(number)[1]
        today = max(self.dataset.as_of, self.clock().date())
        people = (
            tuple(b for b in view.beneficiaries if b.close_date is None or b.close_date > today)
            or view.beneficiaries[:1]
        )
        return pdfs.attestation_pdf(self.tenant, view.member, view.contract, people)

    def quotes(self, number: str) -> tuple[Quote, ...]:
        """Devis and prises en charge processed by the mutuelle, newest first."""
        return self._file(number).quotes

    def messages(self, number: str) -> tuple[Message, ...]:
        """Messages to and from advisers, newest first."""
        file = self._file(number)
        everything = (*file.messages, *self.overlay.messages(number))
        return tuple(sorted(everything, key=lambda m: (m.sent_at, m.id), reverse=True))

    def change_requests(self, number: str) -> tuple[ChangeRequest, ...]:
        """The member's requests and their status (suivi des demandes), newest first."""
        self._file(number)
        now = self.clock()
        found = [self.overlay.status(c, now) for c in self.overlay.changes(number)]
        return tuple(sorted(found, key=lambda r: (r.created_at, r.id), reverse=True))

    def change_request(self, number: str, request_id: str) -> ChangeRequest:
        """One request. Raises INVALID_REQUEST when unknown."""
        found = next((r for r in self.change_requests(number) if r.id == request_id), None)
        if found is None:
            raise BusinessError("INVALID_REQUEST", "no such request for this member")
        return found

    # -- changes (each returns the ChangeRequest it created) -----------------------------
    def update_contact(
        self, number: str, *, email: str | None, phone_mobile: str | None, phone_home: str | None
    ) -> ChangeRequest:
        self._file(number)
        fields: dict[str, object] = {}
        with _refusals():
            if email is not None:
                fields["email"] = validation.email(email)
            if phone_mobile is not None:
                fields["phone_mobile"] = validation.phone(phone_mobile)
            if phone_home is not None:
                fields["phone_home"] = validation.phone(phone_home)
        if not fields:
            raise BusinessError("INVALID_REQUEST", "nothing to change")
        return self._record(
            number,
            "contact",
            "Modification des coordonnées",
            immediate=True,
            effect=effects.member_fields(**fields),
        )

    def update_address(
        self, number: str, *, line1: str, line2: str | None, postcode: str, town: str
    ) -> ChangeRequest:
        file = self._file(number)
        with _refusals():
            line1 = validation.text(line1, "address line 1")
            line2 = validation.text(line2, "address line 2") if line2 and line2.strip() else None
            postcode = validation.postcode(postcode)
            town = validation.text(town, "town", 60)
        place = _locate(postcode, town)
        old = file.member.address
        address = Address(
            line1=line1,
            line2=line2,
            postcode=postcode,
            town=town,
            insee=place.insee if place else "",
            lat=place.lat if place else old.lat,
            lon=place.lon if place else old.lon,
        )
        return self._record(
            number,
            "address",
            "Changement d'adresse postale",
            immediate=True,
            effect=effects.address(address),
        )

    def update_bank_account(
        self, number: str, account: BankAccount, attachment: Attachment
    ) -> ChangeRequest:
        """Raises COLLECTIVE_CONTRACT for a premium account on a collective contract,
        INVALID_IBAN, INVALID_BIC, INVALID_REQUEST without attachment."""
        file = self._file(number)
        if account.purpose == "premium":
            self._collective(file)
        with _refusals():
            holder = validation.text(account.holder, "account holder")
            iban = validation.iban(account.iban)
            bic = validation.bic(account.bic)
            proof = validation.attachment(attachment, "a RIB")
        bank_name = (account.bank_name or "").strip() or bank_name_for(iban) or ""
        new = BankAccount(account.purpose, holder, iban, bic, bank_name)
        which = "remboursements" if account.purpose == "reimbursement" else "cotisations"
        return self._record(
            number,
            "bank_account",
            f"Changement de RIB ({which})",
            immediate=False,
            effect=effects.bank_account(new),
            attachments=(proof,),
        )

    def add_beneficiary(
        self,
        number: str,
        *,
        last_name: str,
        first_name: str,
        birth_date: date,
        quality: str,
        regime: str,
        nir: str | None,
        attachment: Attachment,
    ) -> ChangeRequest:
        """Raises COLLECTIVE_CONTRACT on collective contracts."""
        file = self._file(number)
        self._collective(file)
        if file.contract.status == "closed":
            raise BusinessError("INVALID_REQUEST", "the contract is closed")
        today = max(self.dataset.as_of, self.clock().date())
        with _refusals():
            draft = Beneficiary(
                id="",
                member_number=number,
                last_name=validation.text(last_name, "last name"),
                first_name=validation.text(first_name, "first name"),
                birth_date=validation.birth_date(birth_date, today),
                sex=_sex_of(nir),
                quality=validation.quality(quality),  # type: ignore[arg-type]
                birth_rank="01",
                regime=validation.regime(regime),
                nir=validation.nir(nir),
                open_date=today,
                close_date=None,
                autonomous=False,
            )
            proof = validation.attachment(attachment, "a proof (e.g. birth certificate)")
        label = {"02": "conjoint", "04": "concubin", "06": "enfant", "09": "autre"}[draft.quality]
        return self._record(
            number,
            "add_beneficiary",
            f"Ajout d'un bénéficiaire ({label})",
            immediate=False,
            effect=effects.add_beneficiary(draft, file.offer.guarantees),
            attachments=(proof,),
        )

    def remove_beneficiary(
        self, number: str, beneficiary_id: str, reason: str, effective_date: date | None = None
    ) -> ChangeRequest:
        """Radiation, on ``effective_date`` when given (else the day it is done). Raises
        UNKNOWN_BENEFICIARY, BENEFICIARY_CLOSED, MAIN_BENEFICIARY, COLLECTIVE_CONTRACT,
        INVALID_EFFECTIVE_DATE."""
        file, view = self._view(number)
        target = next((b for b in view.beneficiaries if b.id == beneficiary_id), None)
        if target is None:
            raise BusinessError("UNKNOWN_BENEFICIARY", "no such beneficiary for this member")
        if target.quality == "00":
            raise BusinessError("MAIN_BENEFICIARY", "the adhérent cannot be removed")
        now = self.clock()
        pending = any(
            c.target == beneficiary_id and not self.overlay.is_done(c, now)
            for c in self.overlay.changes(number)
        )
        if target.close_date is not None or pending:
            raise BusinessError("BENEFICIARY_CLOSED", "beneficiary already closed or leaving")
        self._collective(file)
        today = max(self.dataset.as_of, now.date())
        with _refusals():
            validation.text(reason, "reason", 500)
            if effective_date is not None:
                validation.effective_date(effective_date, target.open_date, today)
        return self._record(
            number,
            "remove_beneficiary",
            "Radiation d'un bénéficiaire",
            immediate=False,
            effect=effects.remove_beneficiary(beneficiary_id, effective_date),
            target=beneficiary_id,
            effective_date=effective_date,
        )

    def reissue_tp_card(self, number: str) -> ChangeRequest:
        self._file(number)
        return self._record(
            number,
            "tp_card_reissue",
            "Réédition de la carte de tiers payant",
            immediate=False,
            effect=effects.reissue_card(),
        )

    def set_paperless(self, number: str, enabled: bool) -> ChangeRequest:
        self._file(number)
        summary = "Relevés dématérialisés : " + ("activés" if enabled else "désactivés")
        return self._record(
            number,
            "paperless",
            summary,
            immediate=True,
            effect=effects.member_fields(paperless=enabled),
        )

    def set_notifications(self, number: str, enabled: bool) -> ChangeRequest:
        self._file(number)
        summary = "Alertes de remboursement : " + ("activées" if enabled else "désactivées")
        return self._record(
            number,
            "notifications",
            summary,
            immediate=True,
            effect=effects.member_fields(notifications=enabled),
        )

    def send_message(
        self,
        number: str,
        *,
        subject: str,
        body: str,
        attachments: tuple[Attachment, ...],
        thread_id: str | None = None,
    ) -> Message:
        """Sends a message to the advisers, in a new thread or as a reply in ``thread_id``
        (one of the member's: else UNKNOWN_THREAD); an automatic acknowledgement follows
        in the same thread."""
        self._file(number)
        if thread_id is not None and all(m.thread_id != thread_id for m in self.messages(number)):
            raise BusinessError("UNKNOWN_THREAD", "no such message thread for this member")
        with _refusals():
            subject = validation.text(subject, "subject", 120)
            body = validation.text(body, "message", 5000)
            for item in attachments:
                validation.attachment(item, "each attachment")
        now = self.clock()

        def build(counter: int) -> tuple[Message, ...]:
            thread = thread_id or f"T{number}-N{counter:04d}"
            sent = Message(
                f"M{number}-N{counter:04d}A",
                thread,
                number,
                now,
                "from_member",
                subject,
                body,
                tuple(attachments),
                True,
            )
            ack = Message(
                f"M{number}-N{counter:04d}B",
                thread,
                number,
                now + timedelta(seconds=1),
                "to_member",
                subject,
                ACKNOWLEDGEMENT,
                (),
                False,
            )
            return (sent, ack)

        return self.overlay.send(number, build)

    def reset(self) -> None:
        """Drops the overlay: data as generated."""
        self.overlay.reset()


ACKNOWLEDGEMENT = (
    "Bonjour, nous avons bien reçu votre message. Un conseiller vous répondra sous "
    "48 heures ouvrées. Cordialement, le service adhérents."
)


@contextmanager
def _refusals() -> Iterator[None]:
    """Turns a validation refusal into the back office's BusinessError."""
    try:
        yield
    except Rejected as refusal:
        raise BusinessError(refusal.code, refusal.message) from None


def _matches(payment: Payment, query: PaymentQuery) -> bool:
    if query.paid_from is not None and payment.date < query.paid_from:
        return False
    if query.paid_to is not None and payment.date > query.paid_to:
        return False
    if query.recipient is not None and payment.recipient_kind != query.recipient:
        return False
    lines = payment.lines
    if query.beneficiary_id is not None:
        lines = tuple(x for x in lines if x.beneficiary_id == query.beneficiary_id)
    if query.care_from is not None:
        lines = tuple(x for x in lines if x.care_end >= query.care_from)
    if query.care_to is not None:
        lines = tuple(x for x in lines if x.care_start <= query.care_to)
    return bool(lines)


def _locate(postcode: str, town: str) -> Town | None:
    """The table's town for a postcode (or a name), to give the address coordinates."""
    found = town_by_postcode(postcode)
    if found is not None:
        return found
    wanted = town.strip().casefold()
    return next((t for t in towns() if t.name.casefold() == wanted), None)


def _sex_of(nir: str | None) -> Literal["1", "2"]:
    """Sex from the NIR's first digit when given (the portal form does not ask)."""
    return "2" if nir and nir.strip().startswith("2") else "1"
