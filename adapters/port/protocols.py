"""The capabilities as typed Protocols: what an adapter implements.

Rules for every method:

* async; it raises (or, in a batch, returns per key) only ``PortError`` subclasses;
* batch methods take a list of keys and return a sequence of the same length, in key
  order, holding for each key its result or the ``PortError`` of that key (``NotFound``
  for an unknown key): one failing key must not fail the others;
* member-scoped methods get a ``MemberRef`` and answer only about that member: an id that
  is not the member's is ``NotFound``. The graph checks who may ask for which member before
  calling; adapters enforce only that ids belong to the member they were given.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from adapters.port.care import (
    HealthProfessional,
    ProfessionalHit,
    ProfessionalQuery,
    QuoteEstimate,
    QuoteEstimateRequest,
    QuoteReview,
    QuoteSubmission,
    ServiceLink,
)
from adapters.port.codes import Network
from adapters.port.contracts import Contract, Premium
from adapters.port.documents import (
    DocumentContent,
    DocumentRef,
    Letter,
    LetterQuery,
    TiersPayantCard,
    UsefulDocument,
)
from adapters.port.errors import PortError
from adapters.port.members import Beneficiary, Member, MemberRef
from adapters.port.payments import Payment, PaymentPage, PaymentQuery, Quote
from adapters.port.requests import (
    AddressChange,
    BankAccountChange,
    BeneficiaryRemoval,
    ChangeRequest,
    ContactChange,
    Message,
    NewBeneficiary,
    NewMessage,
)


@runtime_checkable
class MemberDirectory(Protocol):
    """Annuaire: the adhérent's profile and the beneficiaries."""

    async def members(self, refs: Sequence[MemberRef]) -> Sequence[Member | PortError]: ...

    async def beneficiaries(
        self, refs: Sequence[MemberRef]
    ) -> Sequence[tuple[Beneficiary, ...] | PortError]:
        """All beneficiaries of each member, the adhérent first, open and closed."""
        ...


@runtime_checkable
class ContractsPort(Protocol):
    """Contrat et cotisations."""

    async def contracts(self, refs: Sequence[MemberRef]) -> Sequence[Contract | PortError]: ...

    async def premiums(self, refs: Sequence[MemberRef]) -> Sequence[Premium | PortError]: ...


@runtime_checkable
class PaymentsPort(Protocol):
    """Prestations: reimbursements, and quotes / prior approvals processed by the insurer."""

    async def search_payments(self, member: MemberRef, query: PaymentQuery) -> PaymentPage:
        """Newest first. Items may omit their lines (``Payment.lines is None``)."""
        ...

    async def payments(
        self, member: MemberRef, ids: Sequence[str]
    ) -> Sequence[Payment | PortError]:
        """Payments with their lines (``lines`` not None), in ``ids`` order."""
        ...

    async def quotes(self, refs: Sequence[MemberRef]) -> Sequence[tuple[Quote, ...] | PortError]:
        """Devis and prises en charge of each member, newest first."""
        ...


@runtime_checkable
class CorrespondencePort(Protocol):
    """Courriers et documents: letters, useful documents, tiers-payant card, files."""

    async def letters(self, member: MemberRef, query: LetterQuery) -> Sequence[Letter]:
        """Letters matching ``query``, newest first."""
        ...

    async def useful_documents(
        self, refs: Sequence[MemberRef]
    ) -> Sequence[tuple[UsefulDocument, ...] | PortError]: ...

    async def tp_cards(self, refs: Sequence[MemberRef]) -> Sequence[TiersPayantCard | PortError]:
        """The current tiers-payant card of each member (NotFound when none)."""
        ...

    async def document(self, member: MemberRef, ref: DocumentRef) -> DocumentContent:
        """A file: LETTER, USEFUL_DOCUMENT, TP_CARD or ATTESTATION (PDF)."""
        ...


@runtime_checkable
class ChangeRequestsPort(Protocol):
    """Demandes: every change a member can ask for, and their follow-up."""

    async def change_requests(
        self, refs: Sequence[MemberRef]
    ) -> Sequence[tuple[ChangeRequest, ...] | PortError]:
        """Each member's requests, newest first."""
        ...

    async def update_contact(self, member: MemberRef, change: ContactChange) -> ChangeRequest: ...

    async def update_address(self, member: MemberRef, change: AddressChange) -> ChangeRequest: ...

    async def update_bank_account(
        self, member: MemberRef, change: BankAccountChange
    ) -> ChangeRequest:
        """May raise BackendRejected(COLLECTIVE_CONTRACT) for a premium account."""
        ...

    async def add_beneficiary(self, member: MemberRef, change: NewBeneficiary) -> ChangeRequest:
        """May raise BackendRejected(COLLECTIVE_CONTRACT)."""
        ...

    async def remove_beneficiary(
        self, member: MemberRef, change: BeneficiaryRemoval
    ) -> ChangeRequest:
        """Sends ``change.effective_date`` when set. May raise BackendRejected(
        COLLECTIVE_CONTRACT | BENEFICIARY_CLOSED | MAIN_BENEFICIARY | UNKNOWN_BENEFICIARY),
        InvalidInput("effective_date") when the platform refuses the date."""
        ...

    async def request_tp_card(self, member: MemberRef) -> ChangeRequest:
        """A new tiers-payant card (réédition)."""
        ...

    async def set_paperless(self, member: MemberRef, enabled: bool) -> ChangeRequest: ...

    async def set_notifications(self, member: MemberRef, enabled: bool) -> ChangeRequest: ...


@runtime_checkable
class MessagingPort(Protocol):
    """Messagerie with the advisers."""

    async def messages(
        self, refs: Sequence[MemberRef]
    ) -> Sequence[tuple[Message, ...] | PortError]:
        """Each member's messages (all threads), newest first."""
        ...

    async def send_message(self, member: MemberRef, message: NewMessage) -> Message:
        """Returns the message as recorded (with its thread id: ``message.thread_id`` when
        set). May raise BackendRejected(UNKNOWN_THREAD) for a thread not the member's."""
        ...


@runtime_checkable
class CareNetworkPort(Protocol):
    """One care network's directory (annuaire des professionnels) and services."""

    @property
    def network(self) -> Network: ...

    async def search_professionals(self, query: ProfessionalQuery) -> Sequence[ProfessionalHit]:
        """The nearest members of this network matching the query, nearest first."""
        ...

    async def professionals(
        self, ids: Sequence[str]
    ) -> Sequence[HealthProfessional | PortError]: ...

    async def service_links(self, member: MemberRef) -> Sequence[ServiceLink]:
        """Links to the network's online services for this member (may be empty)."""
        ...


@runtime_checkable
class QuoteAnalysisPort(Protocol):
    """Analyse de devis (Santéclair): immediate estimate and adviser review."""

    async def estimate(self, member: MemberRef, request: QuoteEstimateRequest) -> QuoteEstimate: ...

    async def submit_quote(self, member: MemberRef, submission: QuoteSubmission) -> QuoteReview: ...
