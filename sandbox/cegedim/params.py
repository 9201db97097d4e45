"""Request parsing and validation for the Cegedim-style API.

Query parameters (ISO dates, page/size, enum codes), JSON bodies and multipart forms with
their file parts. Anything malformed raises a 400 problem naming the parameter or field
(``invalidParams``), before the back office is asked anything.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

from sandbox.cegedim.codes import CodeTable, api_codes, reverse
from sandbox.cegedim.problems import ApiProblem, invalid
from sandbox.dataset.records import Attachment

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_FILE_BYTES = 5 * 1024 * 1024
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(name: str, raw: str | None) -> date | None:
    if raw is None or raw == "":
        return None
    if not _ISO_DATE.fullmatch(raw):
        raise invalid(name, "expected an ISO 8601 date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise invalid(name, "not a calendar date") from None


def date_range(request: Request, low: str, high: str) -> tuple[date | None, date | None]:
    start = parse_date(low, request.query_params.get(low))
    end = parse_date(high, request.query_params.get(high))
    if start and end and start > end:
        raise invalid(low, f"{low} is after {high}")
    return start, end


def _int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not re.fullmatch(r"-?\d{1,9}", raw):
        raise invalid(name, "expected an integer")
    value = int(raw)
    if not low <= value <= high:
        raise invalid(name, f"must be between {low} and {high}")
    return value


@dataclass(frozen=True, slots=True)
class Paging:
    """Zero-based ``page`` of ``size`` items (Spring Data style)."""

    page: int
    size: int

    @property
    def offset(self) -> int:
        return self.page * self.size

    def body(self, content: Sequence[Any], total: int) -> dict[str, Any]:
        return {
            "content": list(content),
            "page": self.page,
            "size": self.size,
            "totalElements": total,
            "totalPages": math.ceil(total / self.size),
        }

    def slice(self, items: Sequence[Any]) -> Sequence[Any]:
        return items[self.offset : self.offset + self.size]


def paging(request: Request) -> Paging:
    page = _int_param(request, "page", 0, 0, 100_000)
    size = _int_param(request, "size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
    return Paging(page, size)


def enum_value(name: str, raw: str | None, table: CodeTable) -> str | None:
    """The record value of an API code, or a 400 listing the allowed codes."""
    if raw is None or raw == "":
        return None
    value = reverse(table, raw)
    if value is None:
        raise invalid(name, "expected one of " + ", ".join(api_codes(table)))
    return value


# -- bodies ----------------------------------------------------------------------------------
async def json_body(request: Request) -> Mapping[str, Any]:
    if not request.headers.get("content-type", "").startswith("application/json"):
        raise ApiProblem(415, "UNSUPPORTED_MEDIA_TYPE", "application/json body expected")
    try:
        body = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        raise invalid("body", "not valid JSON") from None
    if not isinstance(body, dict):
        raise invalid("body", "a JSON object is expected")
    return body


def optional_text(body: Mapping[str, Any], name: str, *, max_len: int = 200) -> str | None:
    """A string field, None when absent, null or blank."""
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise invalid(name, "expected a string")
    value = value.strip()
    if len(value) > max_len:
        raise invalid(name, f"longer than {max_len} characters")
    return value or None


def text(body: Mapping[str, Any], name: str, *, max_len: int = 200) -> str:
    """A required, non-blank string field."""
    value = optional_text(body, name, max_len=max_len)
    if value is None:
        raise invalid(name, "is required")
    return value


def flag(body: Mapping[str, Any], name: str) -> bool:
    value = body.get(name)
    if not isinstance(value, bool):
        raise invalid(name, "expected true or false")
    return value


def is_multipart(request: Request) -> bool:
    return request.headers.get("content-type", "").startswith("multipart/form-data")


@dataclass(frozen=True, slots=True)
class Form:
    """A multipart form read in full: its text fields and its files as attachments."""

    fields: dict[str, str]
    files: dict[str, list[Attachment]]

    def file(self, name: str) -> Attachment:
        found = self.files.get(name)
        if not found:
            raise invalid(name, "a file is required")
        return found[0]


async def multipart_form(request: Request) -> Form:
    if not is_multipart(request):
        raise ApiProblem(415, "UNSUPPORTED_MEDIA_TYPE", "multipart/form-data body expected")
    fields: dict[str, str] = {}
    files: dict[str, list[Attachment]] = {}
    async with request.form(max_files=20, max_fields=50) as form:
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                files.setdefault(name, []).append(await _attachment(name, value))
            else:
                fields[name] = value
    return Form(fields, files)


async def _attachment(name: str, upload: UploadFile) -> Attachment:
    content = await upload.read()
    if len(content) > MAX_FILE_BYTES:
        raise ApiProblem(413, "PAYLOAD_TOO_LARGE", f"{name}: larger than {MAX_FILE_BYTES} bytes")
    if not content:
        raise invalid(name, "the file is empty")
    return Attachment(
        filename=upload.filename or name,
        content_type=upload.content_type or "application/octet-stream",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
