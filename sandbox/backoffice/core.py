"""The back office's per-tenant state and the internals every operation shares.

:class:`OfficeCore` holds the dataset, the tenant, the (replaceable) clock and the overlay
of changes; it finds a member's file, builds the member's current :class:`View` (generated
data with done changes applied) and records change requests. The reads, documents, changes,
family and messaging mixins of :class:`~sandbox.backoffice.BackOffice` all build on it, and
refuse with :class:`BusinessError` (codes listed in the package docstring).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from sandbox.dataset.overlay import Change, Overlay, View
from sandbox.dataset.records import Attachment, ChangeRequest
from sandbox.dataset.validation import Rejected

if TYPE_CHECKING:
    from sandbox.dataset.generator import Dataset, MemberFile

Clock = Callable[[], datetime]


class BusinessError(Exception):
    """A refusal by the management system, with a stable code (see the package docstring)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@contextmanager
def refusals() -> Iterator[None]:
    """Turns a validation refusal into the back office's BusinessError."""
    try:
        yield
    except Rejected as refusal:
        raise BusinessError(refusal.code, refusal.message) from None


class OfficeCore:
    """One tenant's dataset, clock and overlay, with the lookups the operations share."""

    def __init__(self, dataset: Dataset, tenant_id: str, clock: Clock | None = None) -> None:
        self.dataset = dataset
        self.tenant = dataset.tenant(tenant_id)
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        self.overlay = Overlay()

    def member_numbers(self, limit: int) -> list[str]:
        """The first ``limit`` member numbers of the tenant, in generation order."""
        return self.dataset.member_numbers(self.tenant.id, limit)

    def reset(self) -> None:
        """Drops the overlay: data as generated."""
        self.overlay.reset()

    def _file(self, number: str) -> MemberFile:
        try:
            return self.dataset.member_file(self.tenant.id, number)
        except KeyError:
            raise BusinessError("UNKNOWN_MEMBER", "no such member in this tenant") from None

    def _view(self, number: str) -> tuple[MemberFile, View]:
        file = self._file(number)
        base = View(file.member, file.beneficiaries, file.contract, file.tp_card)
        return file, self.overlay.view(base, number, self.clock())

    def _record(
        self,
        number: str,
        kind: str,
        summary: str,
        *,
        immediate: bool,
        effect: Callable[..., View] | None,
        attachments: tuple[Attachment, ...] = (),
        target: str | None = None,
        effective_date: date | None = None,
    ) -> ChangeRequest:
        now = self.clock()

        def build(counter: int) -> Change:
            request = ChangeRequest(
                id=f"DEM-{self.tenant.id.upper()}-{counter:06d}",
                member_number=number,
                kind=kind,  # type: ignore[arg-type]
                status="done" if immediate else "received",
                created_at=now,
                updated_at=now,
                summary=summary,
                attachments=attachments,
                effective_date=effective_date,
            )
            return Change(request, immediate, effect, target)

        return self.overlay.record(number, build).request

    def _collective(self, file: MemberFile) -> None:
        if file.contract.kind == "collective":
            raise BusinessError(
                "COLLECTIVE_CONTRACT", "collective contract: this change goes through the employer"
            )
