"""``node(id:)``: a global id back to its object, through the same access checks as ``me``.

Every failure (malformed id, another tenant, another member, a member's id that does not
exist, an unknown type) is the same NOT_FOUND, so ids cannot be probed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from strawberry import relay
from strawberry.types import Info

from adapters.port import NotFound
from resolvers import audit, care, documents, members, messages, payments
from resolvers.access import Access, checked, reach
from resolvers.context import RequestState, state
from resolvers.errors import NotFoundError
from resolvers.ids import NodeKey, parse_global_id
from schema.types.beneficiary import Beneficiary
from schema.types.care import HealthProfessional
from schema.types.contract import Contract
from schema.types.documents import Document, Letter
from schema.types.member import Member
from schema.types.messages import ChangeRequest, Message, Thread
from schema.types.payments import Payment
from schema.types.quotes import Quote

Fetch = Callable[[RequestState, Access, str], Awaitable[relay.Node]]


async def _member(st: RequestState, access: Access, key: str) -> relay.Node:
    if key != access.member.number:
        raise NotFoundError()
    return Member.of(access)


async def _contract(st: RequestState, access: Access, key: str) -> relay.Node:
    found = await members.contract(st, access)
    if found.number != key:
        raise NotFoundError()
    return Contract.of(found, access)


async def _beneficiary(st: RequestState, access: Access, key: str) -> relay.Node:
    return Beneficiary.of(await members.beneficiary(st, access, key), access)


async def _payment(st: RequestState, access: Access, key: str) -> relay.Node:
    return Payment.of(await payments.payment(st, access, key), access)


async def _quote(st: RequestState, access: Access, key: str) -> relay.Node:
    return Quote.of(await payments.quote(st, access, key), access)


async def _letter(st: RequestState, access: Access, key: str) -> relay.Node:
    return Letter.of(await documents.letter(st, access, key), access)


async def _document(st: RequestState, access: Access, key: str) -> relay.Node:
    return Document.of(await documents.useful_document(st, access, key), access)


async def _message(st: RequestState, access: Access, key: str) -> relay.Node:
    return Message.of(await messages.message(st, access, key), access)


async def _thread(st: RequestState, access: Access, key: str) -> relay.Node:
    return Thread.of(await messages.thread(st, access, key), access)


async def _change_request(st: RequestState, access: Access, key: str) -> relay.Node:
    return ChangeRequest.of(await messages.change_request(st, access, key), access)


MEMBER_NODES: dict[str, Fetch] = {
    "Member": _member,
    "Contract": _contract,
    "Beneficiary": _beneficiary,
    "Payment": _payment,
    "Quote": _quote,
    "Letter": _letter,
    "Document": _document,
    "Message": _message,
    "Thread": _thread,
    "ChangeRequest": _change_request,
}


async def resolve_node(info: Info, value: str) -> relay.Node:
    parsed = parse_global_id(value)
    if parsed is None:
        raise NotFoundError()
    type_name, key = parsed
    st = state(info)
    try:
        return await _fetch(st, type_name, key)
    except NotFound:
        raise NotFoundError() from None


async def _fetch(st: RequestState, type_name: str, key: NodeKey) -> relay.Node:
    if type_name == "HealthProfessional":
        if key.tenant != st.viewer.tenant or key.member:
            raise NotFoundError()
        return HealthProfessional.of(await care.professional(st, key.key), key.tenant)
    fetch = MEMBER_NODES.get(type_name)
    if fetch is None or not key.member:
        raise NotFoundError()
    try:
        access = reach(st, key.tenant, key.member)
    except NotFoundError:  # another member's or tenant's id: audited, then NOT_FOUND
        await audit.refused(st, type_name, key.tenant, key.member)
        raise
    if access.advisor and key.member != st.viewer.member_number:
        # An advisor's every reach into a member is audited, health data or not.
        await audit.shown(st, access, "member")
    return await fetch(st, await checked(st, access), key.key)
