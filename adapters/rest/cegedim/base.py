"""What every Cegedim port method shares: the tenant check, the member's URL, the guard
that lets only port errors out, and the bounded fan-out of batch methods.

The API has no batch read of members, so a batch (``members([a, b, c])``) is one GET per
distinct member, ``concurrency`` at a time; results come back in key order, each key with
its record or its own port error.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar
from urllib.parse import quote

from adapters.batch import per_key
from adapters.port import MalformedResponse, MemberRef, NotFound, PortError
from adapters.rest.cegedim.fields import ShapeError
from adapters.rest.cegedim.settings import PLATFORM
from adapters.rest.cegedim.transport import CegedimHttp

T = TypeVar("T")
log = logging.getLogger("adapters.rest.cegedim")


@contextmanager
def guard(operation: str, *, read: bool = True) -> Iterator[None]:
    """Port errors pass; a JSON shape error is ``MalformedResponse``; anything else (a bug)
    is a bare ``PortError`` (INTERNAL), logged by type and place, never by message."""
    try:
        yield
    except PortError:
        raise
    except ShapeError as error:
        raise MalformedResponse(
            f"{operation}: {error}", platform=PLATFORM, operation=operation, retry_safe=read
        ) from None
    except Exception as exc:
        frames = traceback.extract_tb(exc.__traceback__)
        where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
        log.error("cegedim %s: unexpected %s at %s", operation, type(exc).__name__, where)
        raise PortError(
            f"{operation}: unexpected {type(exc).__name__}", platform=PLATFORM, operation=operation
        ) from None


class CegedimBase:
    """The tenant, its HTTP client, and the helpers of the port methods."""

    name = PLATFORM

    def __init__(self, tenant: str, http: CegedimHttp) -> None:
        self.tenant = tenant
        self.http = http

    def __repr__(self) -> str:
        return f"{type(self).__name__}(tenant={self.tenant!r})"

    async def aclose(self) -> None:
        await self.http.aclose()

    def counters(self) -> dict[str, int]:
        """Events since start, for ``/metrics`` (``adapters.port.CountsEvents``)."""
        pacer = self.http.pacer
        return {
            "requests": self.http.requests,
            "rate_limited": self.http.rate_limited,
            "paced": 0 if pacer is None else pacer.delayed,
        }

    def _insured(self, ref: MemberRef, operation: str) -> str:
        """``/insureds/{number}``; NotFound for another tenant's member (no call made)."""
        if ref.tenant != self.tenant or not ref.number:
            raise NotFound(f"{operation}: not this tenant", platform=PLATFORM, operation=operation)
        return "/insureds/" + quote(ref.number, safe="")

    async def _each(
        self,
        refs: Sequence[MemberRef],
        operation: str,
        fetch: Callable[[str, MemberRef], Awaitable[T]],
    ) -> list[T | PortError]:
        """``fetch(path, ref)`` for each distinct member, bounded; results in key order."""

        async def one(ref: MemberRef) -> T:
            with guard(operation):
                return await fetch(self._insured(ref, operation), ref)

        return await per_key(refs, one, concurrency=self.http.settings.concurrency)


def segment(value: str) -> str:
    """One URL path segment (an id from the graph must not add path levels)."""
    return quote(value, safe="")
