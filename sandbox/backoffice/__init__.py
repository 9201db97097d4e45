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

The package, one concern a module: ``core`` (per-tenant state, member lookup, recording a
change, the refusal type), ``reads`` (profile, family, contract, premium, payment search),
``documents`` (letters, useful documents, card, attestation, as PDF too), ``changes`` (the
member's own account changes and the follow-up of requests), ``family`` (adding and
removing beneficiaries), ``messaging`` (threads and sending). :class:`BackOffice` puts
them together.
"""

from __future__ import annotations

from sandbox.backoffice.changes import Changes
from sandbox.backoffice.core import BusinessError, Clock
from sandbox.backoffice.documents import Documents
from sandbox.backoffice.family import Family
from sandbox.backoffice.messaging import ACKNOWLEDGEMENT, Messaging
from sandbox.backoffice.reads import PaymentPage, PaymentQuery, Reads

__all__ = [
    "ACKNOWLEDGEMENT",
    "BackOffice",
    "BusinessError",
    "Clock",
    "PaymentPage",
    "PaymentQuery",
]


class BackOffice(Reads, Documents, Changes, Family, Messaging):
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
