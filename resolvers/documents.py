"""Letters, useful documents, the tiers-payant card, and signed download links.

Download links come from the gateway's :class:`~resolvers.context.DocumentLinks` (short-
lived signed URLs for ``GET /documents/{token}``): the graph only names the document. A
link is signed for the viewer's own member only. Letters are the adhérent's mail: a
beneficiary's own account does not list them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from adapters.port import (
    DocumentRef,
    Letter,
    LetterQuery,
    LetterType,
    NotSupported,
    TiersPayantCard,
    UsefulDocument,
)
from resolvers import audit
from resolvers.access import Access
from resolvers.context import RequestState
from resolvers.errors import ForbiddenError, NotFoundError
from resolvers.validation import date_range


async def letters(
    state: RequestState,
    access: Access,
    *,
    since: date | None = None,
    until: date | None = None,
    types: Sequence[LetterType] = (),
) -> Sequence[Letter]:
    date_range(since, until, "filter.since")
    if access.restricted:
        return ()
    query = LetterQuery(since=since, until=until, types=tuple(dict.fromkeys(types)))
    return await audit.read(
        state, access, "letters", state.loaders.letters.load((access.member, query))
    )


async def letter(state: RequestState, access: Access, letter_id: str) -> Letter:
    for candidate in await letters(state, access):
        if candidate.id == letter_id:
            return candidate
    raise NotFoundError()


async def useful_documents(state: RequestState, access: Access) -> Sequence[UsefulDocument]:
    return await state.loaders.useful_documents.load(access.member)


async def useful_document(state: RequestState, access: Access, document_id: str) -> UsefulDocument:
    for candidate in await useful_documents(state, access):
        if candidate.id == document_id:
            return candidate
    raise NotFoundError()


async def tp_card(state: RequestState, access: Access) -> TiersPayantCard:
    """The card; for a beneficiary's own account, narrowed to that beneficiary.

    The platform's datamatrix payload names the whole family, so such an account does not
    get it (its own PDF is rendered by the gateway without one)."""
    card = await state.loaders.tp_card.load(access.member)
    if not access.restricted:
        return card
    mine = tuple(i for i in card.beneficiary_ids if i == access.beneficiary_id)
    return replace(card, beneficiary_ids=mine, payload=None)


def link(state: RequestState, access: Access, ref: DocumentRef) -> str:
    """A signed download URL for one of the viewer's own documents."""
    if access.member.number != state.viewer.member_number:
        raise ForbiddenError("Documents can be downloaded by the member only.")
    if state.links is None:
        raise NotSupported(
            "no document link signer", platform="gateway", operation="document_links"
        )
    return state.links.link(state.viewer, ref)
