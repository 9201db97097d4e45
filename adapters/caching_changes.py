"""Changes and messages through the cache: delegate, then forget what the change affects.

A member who changes their e-mail must see the new one on the next screen, not when the
``member`` TTL runs out. So every change is delegated to the wrapped adapter, then the
member's cached entries it affects are invalidated (:data:`AFFECTS`; every change also
affects ``change_requests``, the follow-up list). A change that fails without being
retry-safe is invalidated too: the back end may have applied it before the connection
dropped. A retry-safe failure (nothing was done) keeps the cache.

Reads of this module: ``change_requests`` and ``messages``, cached per member.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TypeVar

from adapters.caching_scope import CacheScope
from adapters.port import (
    AddressChange,
    BankAccountChange,
    BeneficiaryRemoval,
    ChangeRequest,
    ChangeRequestsPort,
    ContactChange,
    MemberRef,
    Message,
    MessagingPort,
    NewBeneficiary,
    NewMessage,
    PortError,
)

T = TypeVar("T")

# Which of the member's cached data types each change makes stale.
AFFECTS: Mapping[str, tuple[str, ...]] = {
    "update_contact": ("member", "change_requests"),
    "update_address": ("member", "change_requests"),
    "update_bank_account": ("member", "change_requests"),  # Member.bank_accounts
    "set_paperless": ("member", "change_requests"),
    "set_notifications": ("member", "change_requests"),
    # Coverages are per beneficiary: the contract changes with them.
    "add_beneficiary": ("beneficiaries", "contract", "change_requests"),
    "remove_beneficiary": ("beneficiaries", "contract", "change_requests"),
    "request_tp_card": ("tp_card", "change_requests"),
    "send_message": ("messages",),
}


async def change_through(
    scope: CacheScope, operation: str, member: MemberRef, call: Callable[[], Awaitable[T]]
) -> T:
    """``await call()``, then forget what ``operation`` affects for ``member``."""
    try:
        result = await call()
    except BaseException as error:
        if not (isinstance(error, PortError) and error.retry_safe):
            await scope.forget(member, AFFECTS[operation])  # it may have been applied
        raise
    await scope.forget(member, AFFECTS[operation])
    return result


class CachedChanges(ChangeRequestsPort):
    """Demandes: the follow-up list cached per member, every change invalidating."""

    def __init__(self, inner: ChangeRequestsPort, scope: CacheScope) -> None:
        self._inner = inner
        self._scope = scope

    async def change_requests(
        self, refs: Sequence[MemberRef]
    ) -> Sequence[tuple[ChangeRequest, ...] | PortError]:
        return await self._scope.per_member("change_requests", refs, self._inner.change_requests)

    async def update_contact(self, member: MemberRef, change: ContactChange) -> ChangeRequest:
        return await change_through(
            self._scope,
            "update_contact",
            member,
            lambda: self._inner.update_contact(member, change),
        )

    async def update_address(self, member: MemberRef, change: AddressChange) -> ChangeRequest:
        return await change_through(
            self._scope,
            "update_address",
            member,
            lambda: self._inner.update_address(member, change),
        )

    async def update_bank_account(
        self, member: MemberRef, change: BankAccountChange
    ) -> ChangeRequest:
        return await change_through(
            self._scope,
            "update_bank_account",
            member,
            lambda: self._inner.update_bank_account(member, change),
        )

    async def add_beneficiary(self, member: MemberRef, change: NewBeneficiary) -> ChangeRequest:
        return await change_through(
            self._scope,
            "add_beneficiary",
            member,
            lambda: self._inner.add_beneficiary(member, change),
        )

    async def remove_beneficiary(
        self, member: MemberRef, change: BeneficiaryRemoval
    ) -> ChangeRequest:
        return await change_through(
            self._scope,
            "remove_beneficiary",
            member,
            lambda: self._inner.remove_beneficiary(member, change),
        )

    async def request_tp_card(self, member: MemberRef) -> ChangeRequest:
        return await change_through(
            self._scope, "request_tp_card", member, lambda: self._inner.request_tp_card(member)
        )

    async def set_paperless(self, member: MemberRef, enabled: bool) -> ChangeRequest:
        return await change_through(
            self._scope,
            "set_paperless",
            member,
            lambda: self._inner.set_paperless(member, enabled),
        )

    async def set_notifications(self, member: MemberRef, enabled: bool) -> ChangeRequest:
        return await change_through(
            self._scope,
            "set_notifications",
            member,
            lambda: self._inner.set_notifications(member, enabled),
        )


class CachedMessaging(MessagingPort):
    """Messagerie: messages cached per member, a sent message invalidating them."""

    def __init__(self, inner: MessagingPort, scope: CacheScope) -> None:
        self._inner = inner
        self._scope = scope

    async def messages(
        self, refs: Sequence[MemberRef]
    ) -> Sequence[tuple[Message, ...] | PortError]:
        return await self._scope.per_member("messages", refs, self._inner.messages)

    async def send_message(self, member: MemberRef, message: NewMessage) -> Message:
        return await change_through(
            self._scope, "send_message", member, lambda: self._inner.send_message(member, message)
        )
