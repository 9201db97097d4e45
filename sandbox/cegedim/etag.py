"""ETag and If-None-Match for the GETs of the Cegedim-style API (RFC 9110 §8.8.3, §13.1.2).

Every successful GET carries a strong ETag made from a hash of its body; a GET whose
``If-None-Match`` names that tag (weak comparison, as the RFC prescribes for this header, or
``*``) gets 304 Not Modified with the tag and no body. Bodies are generated
deterministically (same data, same bytes), so the tag changes exactly when the data does.
"""

from __future__ import annotations

import hashlib

from starlette.requests import Request
from starlette.responses import Response

CACHE_CONTROL = "private, no-cache"  # may be stored by the client, must be revalidated


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _matches(if_none_match: str, tag: str) -> bool:
    if if_none_match.strip() == "*":
        return True
    opaque = tag.removeprefix("W/")
    return any(
        candidate.strip().removeprefix("W/") == opaque for candidate in if_none_match.split(",")
    )


def conditional(request: Request, response: Response) -> Response:
    """Tags a successful GET response; answers 304 when the client already holds it."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    tag = etag_of(bytes(response.body))
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None and _matches(if_none_match, tag):
        return Response(status_code=304, headers={"ETag": tag, "Cache-Control": CACHE_CONTROL})
    response.headers["ETag"] = tag
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response
