"""Relay connection plumbing: offset cursors, page info, first/after arguments.

Cursors are opaque (base64 of ``arrayconnection:<offset>``, as Strawberry's own); a cursor
from one list used on another only shifts the page, it never reveals data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, TypeVar

import strawberry
from strawberry import relay

from resolvers.errors import UserInputError
from resolvers.validation import page_size

PREFIX = "arrayconnection"
T = TypeVar("T", bound=relay.Node)

First = Annotated[
    int | None, strawberry.argument(description="Page size: at most 100 (default 20).")
]
After = Annotated[
    str | None, strawberry.argument(description="Cursor: the page starts after this item.")
]


def cursor(offset: int) -> str:
    return relay.to_base64(PREFIX, offset)


def start_after(after: str | None) -> int:
    """The offset of the first item after ``after``."""
    if after is None:
        return 0
    try:
        prefix, raw = relay.from_base64(after)
        offset = int(raw)
    except (ValueError, TypeError):
        raise UserInputError("after", "Not a cursor of this list.") from None
    if prefix != PREFIX or offset < 0:
        raise UserInputError("after", "Not a cursor of this list.")
    return offset + 1


def window(first: int | None, after: str | None) -> tuple[int, int]:
    """(offset, limit) of the page asked for."""
    return start_after(after), page_size(first)


def page_info(offset: int, count: int, has_next: bool) -> relay.PageInfo:
    return relay.PageInfo(
        has_next_page=has_next,
        has_previous_page=offset > 0,
        start_cursor=cursor(offset) if count else None,
        end_cursor=cursor(offset + count - 1) if count else None,
    )


def edges(items: Sequence[T], offset: int) -> list[relay.Edge[T]]:
    return [relay.Edge(cursor=cursor(offset + i), node=item) for i, item in enumerate(items)]
