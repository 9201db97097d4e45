"""The back office's memory of members' changes, laid over the generated data.

Generated data never changes; each change request is kept here with the effect it has once
done. Immediate changes (contact, address, paperless, notifications) are done when made;
the others are ``received``, then ``in_progress`` after ``in_progress_after`` and ``done``
after ``done_after`` of (injectable) clock time, computed on read, and only then applied.
``reset()`` forgets everything: the data as generated.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sandbox.dataset.records import (
    Beneficiary,
    ChangeRequest,
    Contract,
    Letter,
    Member,
    Message,
    TiersPayantCard,
)


@dataclass(frozen=True, slots=True)
class View:
    """What reads show of one member: generated data with the done changes applied."""

    member: Member
    beneficiaries: tuple[Beneficiary, ...]
    contract: Contract
    tp_card: TiersPayantCard
    letters: tuple[Letter, ...] = ()  # letters added by changes (e.g. a reissued card)


Effect = Callable[[View, date, "Change"], View]


@dataclass(frozen=True, slots=True)
class Change:
    request: ChangeRequest  # as created
    immediate: bool
    effect: Effect | None
    target: str | None = None  # the beneficiary a removal is about


class Overlay:
    """Changes and sent messages of one tenant's members (thread-safe)."""

    def __init__(
        self,
        in_progress_after: timedelta = timedelta(minutes=2),
        done_after: timedelta = timedelta(minutes=5),
    ) -> None:
        self.in_progress_after = in_progress_after
        self.done_after = done_after
        self._lock = threading.Lock()
        self._changes: dict[str, list[Change]] = {}
        self._messages: dict[str, list[Message]] = {}
        self._requests = 0
        self._sent = 0

    def record(self, number: str, build: Callable[[int], Change]) -> Change:
        """Builds a change with the next request number and keeps it, atomically."""
        with self._lock:
            self._requests += 1
            change = build(self._requests)
            self._changes.setdefault(number, []).append(change)
            return change

    def send(self, number: str, build: Callable[[int], tuple[Message, ...]]) -> Message:
        """Keeps the messages ``build`` makes from the next message number; returns the first."""
        with self._lock:
            self._sent += 1
            sent = build(self._sent)
            self._messages.setdefault(number, []).extend(sent)
            return sent[0]

    def changes(self, number: str) -> tuple[Change, ...]:
        with self._lock:
            return tuple(self._changes.get(number, ()))

    def messages(self, number: str) -> tuple[Message, ...]:
        with self._lock:
            return tuple(self._messages.get(number, ()))

    def reset(self) -> None:
        with self._lock:
            self._changes.clear()
            self._messages.clear()
            self._requests = 0
            self._sent = 0

    # -- follow-up -------------------------------------------------------------------------
    def done_at(self, change: Change) -> datetime:
        created = change.request.created_at
        return created if change.immediate else created + self.done_after

    def status(self, change: Change, now: datetime) -> ChangeRequest:
        """The request as it stands at ``now``."""
        request = change.request
        if change.immediate or request.status in ("done", "rejected"):
            return request
        created = request.created_at
        if now >= created + self.done_after:
            return replace(request, status="done", updated_at=created + self.done_after)
        if now >= created + self.in_progress_after:
            return replace(
                request, status="in_progress", updated_at=created + self.in_progress_after
            )
        return request

    def is_done(self, change: Change, now: datetime) -> bool:
        return self.status(change, now).status == "done"

    def view(self, base: View, number: str, now: datetime) -> View:
        """``base`` with the effects of the member's changes done by ``now``, in order."""
        current = base
        for change in self.changes(number):
            if change.effect is not None and self.is_done(change, now):
                current = change.effect(current, self.done_at(change).date(), change)
        return current
