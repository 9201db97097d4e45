"""The audit port: who read which member's health data, and who asked for which change.

DOMAIN.md: keep an audit trail of who read or changed what (pseudonymous ids), 6–12
months. The resolvers describe each access as an :class:`AuditEvent` and hand it to the
request's :class:`AuditSink` (``info.context.audit``, passed in by the gateway; never looked
up globally). The gateway's sink (:mod:`gateway.audit`) turns the identifiers into keyed
pseudonyms before anything is stored: an event lives in memory only, and is never logged.

Events are bounded per request: :func:`read` records the first read of one kind of data
(payments, payment lines, quotes...) per member and beneficiary in a request, not one per
payment or line; :func:`audited_change` records each mutation once, with its outcome.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Literal, ParamSpec, Protocol, TypeVar

from graphql import GraphQLError

from adapters.port import PortError
from resolvers.access import Access, own
from resolvers.context import RequestState
from resolvers.viewer import Viewer

P = ParamSpec("P")
T = TypeVar("T")
Outcome = Literal["ok", "refused", "error"]

# Codes that mean "the gateway or the back end said no", as opposed to "it broke".
REFUSALS = frozenset(
    {"FORBIDDEN", "NOT_FOUND", "BAD_USER_INPUT", "BACKEND_REJECTED", "CONFLICT", "UNAUTHENTICATED"}
)


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One access, with identifiers as the graph knows them (the sink pseudonymises them).

    ``action`` is ``read`` (``data`` names what: member (an advisor reaching one), payments,
    payment, payment_lines, quotes,
    letters, messages, document) or ``change`` (``data`` is the mutation's name, e.g.
    ``updateBankAccount``). ``code`` is the error code when ``outcome`` is not ``ok``.
    """

    tenant: str
    viewer: str  # the token's subject (member number, or an advisor's id)
    viewer_beneficiary: str | None  # a beneficiary's own account
    role: str  # member, beneficiary or advisor
    member: str | None  # whose data: the member number
    beneficiary: str | None  # narrowed to one beneficiary, when it was
    action: Literal["read", "change"]
    data: str
    outcome: Outcome
    code: str | None
    at: datetime  # UTC
    request_id: str | None


class AuditSink(Protocol):
    """Where events go; the gateway's sink stores them pseudonymised and hash-chained."""

    async def record(self, event: AuditEvent) -> None: ...


def role_of(viewer: Viewer) -> str:
    """The viewer's role as the audit names it (an advisor first: the widest reach)."""
    if "advisor" in viewer.roles:
        return "advisor"
    if viewer.beneficiary_id is not None or "beneficiary" in viewer.roles:
        return "beneficiary"
    return "member"


def error_code(error: BaseException) -> str:
    """The ``extensions.code`` an error ends up with (schema.errors does the real mapping)."""
    if isinstance(error, PortError):
        return error.graphql_code
    if isinstance(error, GraphQLError):
        code = (error.extensions or {}).get("code")
        return code if isinstance(code, str) else "BAD_USER_INPUT"
    return "INTERNAL"


def event(
    state: RequestState,
    *,
    action: Literal["read", "change"],
    data: str,
    member: str | None,
    beneficiary: str | None = None,
    error: BaseException | None = None,
    tenant: str | None = None,
) -> AuditEvent:
    viewer = state.viewer
    code = None if error is None else error_code(error)
    outcome: Outcome = "ok" if code is None else "refused" if code in REFUSALS else "error"
    return AuditEvent(
        tenant=tenant or viewer.tenant,
        viewer=viewer.subject,
        viewer_beneficiary=viewer.beneficiary_id,
        role=role_of(viewer),
        member=member,
        beneficiary=beneficiary,
        action=action,
        data=data,
        outcome=outcome,
        code=code,
        at=datetime.now(UTC),
        request_id=state.request_id,
    )


async def read(
    state: RequestState,
    access: Access,
    data: str,
    fetch: Awaitable[T],
    *,
    beneficiary: str | None = None,
) -> T:
    """Awaits ``fetch`` and records the read (first of its kind in the request only)."""
    sink = state.audit
    narrowed = beneficiary or access.beneficiary_id
    key = (data, access.member.tenant, access.member.number, narrowed)
    if sink is None or key in state.audited:
        return await fetch
    state.audited.add(key)  # before the await: concurrent loads of the same kind record once
    try:
        found = await fetch
    except Exception as error:
        await sink.record(
            event(
                state,
                action="read",
                data=data,
                member=access.member.number,
                beneficiary=narrowed,
                error=error,
            )
        )
        raise
    await sink.record(
        event(state, action="read", data=data, member=access.member.number, beneficiary=narrowed)
    )
    return found


async def shown(state: RequestState, access: Access, data: str) -> None:
    """Records a read of data already fetched (e.g. the lines of a loaded payment)."""
    if state.audit is None:
        return
    key = (data, access.member.tenant, access.member.number, access.beneficiary_id)
    if key in state.audited:
        return
    state.audited.add(key)
    await state.audit.record(
        event(
            state,
            action="read",
            data=data,
            member=access.member.number,
            beneficiary=access.beneficiary_id,
        )
    )


async def refused(state: RequestState, data: str, tenant: str, member: str) -> None:
    """A read of a member the viewer may not reach (answered NOT_FOUND)."""
    key = ("refused:" + data, tenant, member, None)
    if state.audit is None or key in state.audited:
        return
    state.audited.add(key)
    found = event(state, action="read", data=data, member=member, tenant=tenant)
    await state.audit.record(replace(found, outcome="refused", code="NOT_FOUND"))


def audited_change(
    name: str,
) -> Callable[[Callable[P, Awaitable[T]]], Callable[P, Awaitable[T]]]:
    """Records a mutation (``name``: its GraphQL field) once, whatever its outcome.

    The wrapped function takes the :class:`RequestState` first; the member is always the
    viewer's own (changes are the adhérent's).
    """

    def wrap(fn: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
        @functools.wraps(fn)
        async def run(*args: P.args, **kwargs: P.kwargs) -> T:
            state = args[0]
            assert isinstance(state, RequestState)
            sink = state.audit
            if sink is None:
                return await fn(*args, **kwargs)
            member = own(state).member.number
            try:
                done = await fn(*args, **kwargs)
            except Exception as error:
                await sink.record(
                    event(state, action="change", data=name, member=member, error=error)
                )
                raise
            await sink.record(event(state, action="change", data=name, member=member))
            return done

        return run

    return wrap


__all__ = [
    "AuditEvent",
    "AuditSink",
    "audited_change",
    "error_code",
    "read",
    "refused",
    "shown",
]
