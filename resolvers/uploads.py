"""Uploaded files (GraphQL multipart request): read, checked by magic bytes, size-capped.

The client's file name and content type are not trusted: the type comes from the file's
first bytes (PDF, JPEG or PNG only) and the name is reduced to a safe base name. At most
5 MB is read; a larger file is refused without reading the rest. Uploads are closed once
read, and mutations read their files before judging other fields, so that no spooled
temporary file outlives the request.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Sequence

from adapters.port import NewAttachment
from resolvers.errors import UserInputError

MAX_BYTES = 5 * 1024 * 1024
MAX_FILES = 5
_MAGIC = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


def sniff(content: bytes) -> tuple[str, str] | None:
    """(content type, extension) from the magic bytes, or None."""
    for magic, content_type, extension in _MAGIC:
        if content.startswith(magic):
            return content_type, extension
    return None


def safe_filename(name: str | None, extension: str) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE.sub("_", base).strip(" ._")[:80]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem or 'document'}{extension}"


async def _read(upload: object, field: str) -> tuple[bytes, str | None]:
    """At most MAX_BYTES + 1 bytes, then the upload is closed (its spooled file freed)."""
    if isinstance(upload, bytes | bytearray):
        return bytes(upload), None
    read = getattr(upload, "read", None)
    if read is None:
        raise UserInputError(field, "Not a file.")
    try:
        result = read(MAX_BYTES + 1)
        content = await result if inspect.isawaitable(result) else result
    finally:
        close = getattr(upload, "close", None)
        closed = close() if close is not None else None
        if inspect.isawaitable(closed):
            await closed
    if not isinstance(content, bytes):
        raise UserInputError(field, "Not a file.")
    name = getattr(upload, "filename", None)
    return content, name if isinstance(name, str) else None


async def read_upload(upload: object, field: str, name: str | None = None) -> NewAttachment:
    """An uploaded file (Starlette ``UploadFile``, anything with ``read``, or bytes)."""
    content, found_name = await _read(upload, field)
    name = name or found_name
    if not content:
        raise UserInputError(field, "The file is empty.")
    if len(content) > MAX_BYTES:
        raise UserInputError(field, "The file is larger than 5 MB.")
    sniffed = sniff(content)
    if sniffed is None:
        raise UserInputError(field, "Only PDF, JPEG or PNG files are accepted.")
    content_type, extension = sniffed
    return NewAttachment(safe_filename(name, extension), content_type, content)


async def read_uploads(uploads: Sequence[object], field: str) -> tuple[NewAttachment, ...]:
    """Every file is read (and closed) before any is judged, so none is left open."""
    read = [await _read(u, f"{field}.{i}") for i, u in enumerate(uploads)]
    if len(read) > MAX_FILES:
        raise UserInputError(field, f"At most {MAX_FILES} files.")
    return tuple(
        [await read_upload(content, f"{field}.{i}", name) for i, (content, name) in enumerate(read)]
    )
