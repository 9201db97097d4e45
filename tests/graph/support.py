"""Helpers for graph tests: a context over the fake platform, execution, uploads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import strawberry

from adapters.fake import AS_OF, FakeBackends
from adapters.port import DocumentRef
from resolvers.context import RequestContext
from resolvers.viewer import Role, Viewer
from schema import build_schema

SCHEMA: strawberry.Schema = build_schema()
FAMILY = "10000001"  # individual contract, spouse and two children, 60 payments
ALONE = "10000002"  # collective contract
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


class Links:
    """DocumentLinks for tests: readable, unsigned URLs."""

    def link(self, viewer: Viewer, document: DocumentRef) -> str:
        return f"https://docs.test/{viewer.tenant}/{document.kind.value}/{document.key}.{document.format.value}"


@dataclass
class FakeUpload:
    """What Starlette's UploadFile offers the resolvers: an async read and a file name."""

    content: bytes
    filename: str = "document.pdf"
    content_type: str = "application/pdf"
    reads: list[int] = field(default_factory=list)

    async def read(self, size: int = -1) -> bytes:
        self.reads.append(size)
        return self.content if size < 0 else self.content[:size]


def viewer(
    member: str = FAMILY,
    *,
    tenant: str = "azur",
    role: Role = "member",
    beneficiary: str | None = None,
) -> Viewer:
    return Viewer(
        tenant=tenant, subject=member, roles=frozenset({role}), beneficiary_id=beneficiary
    )


async def run(
    fake: FakeBackends,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    who: Viewer | None = None,
    adult_lines: bool = False,
    nir_roles: frozenset[str] = frozenset(),
    request_id: str | None = "req-1",
) -> strawberry.types.ExecutionResult:
    context = RequestContext(
        viewer=who or viewer(),
        backends=fake.backends,
        links=Links(),
        request_id=request_id,
        today=AS_OF,
        adult_lines_visible_to_member=adult_lines,
        nir_visible_roles=nir_roles,
    )
    return await SCHEMA.execute(query, variable_values=variables, context_value=context)


def data(result: strawberry.types.ExecutionResult) -> dict[str, Any]:
    assert result.errors is None, [e.formatted for e in result.errors]
    assert result.data is not None
    return result.data


def error(result: strawberry.types.ExecutionResult) -> dict[str, Any]:
    """The single error of a result, formatted as a client sees it."""
    assert result.errors, "expected an error"
    assert len(result.errors) == 1, [e.formatted for e in result.errors]
    return dict(result.errors[0].formatted)


def call(fake: FakeBackends, operation: str) -> tuple[Any, ...]:
    """The arguments of the first call of ``operation`` the fake received."""
    return next(args for op, args in fake.calls.log if op == operation)
