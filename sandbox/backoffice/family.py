"""The back office's beneficiary changes: adding a bénéficiaire, and radiation.

Neither is open on a collective contract (the employer handles those). Both stay
``received`` until (simulated) time moves them to ``done``, when the overlay applies them.
An addition needs a proof (e.g. a birth certificate) and an open contract; a radiation
needs a reason, a beneficiary still covered who is not the adhérent, and may carry its own
effective date.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from sandbox.backoffice.core import BusinessError, OfficeCore, refusals
from sandbox.dataset import effects, validation
from sandbox.dataset.records import Attachment, Beneficiary, ChangeRequest


class Family(OfficeCore):
    """Requests to add a beneficiary to the contract or to remove one (radiation)."""

    def add_beneficiary(
        self,
        number: str,
        *,
        last_name: str,
        first_name: str,
        birth_date: date,
        quality: str,
        regime: str,
        nir: str | None,
        attachment: Attachment,
    ) -> ChangeRequest:
        """Raises COLLECTIVE_CONTRACT on collective contracts."""
        file = self._file(number)
        self._collective(file)
        if file.contract.status == "closed":
            raise BusinessError("INVALID_REQUEST", "the contract is closed")
        today = max(self.dataset.as_of, self.clock().date())
        with refusals():
            draft = Beneficiary(
                id="",
                member_number=number,
                last_name=validation.text(last_name, "last name"),
                first_name=validation.text(first_name, "first name"),
                birth_date=validation.birth_date(birth_date, today),
                sex=_sex_of(nir),
                quality=validation.quality(quality),  # type: ignore[arg-type]
                birth_rank="01",
                regime=validation.regime(regime),
                nir=validation.nir(nir),
                open_date=today,
                close_date=None,
                autonomous=False,
            )
            proof = validation.attachment(attachment, "a proof (e.g. birth certificate)")
        label = {"02": "conjoint", "04": "concubin", "06": "enfant", "09": "autre"}[draft.quality]
        return self._record(
            number,
            "add_beneficiary",
            f"Ajout d'un bénéficiaire ({label})",
            immediate=False,
            effect=effects.add_beneficiary(draft, file.offer.guarantees),
            attachments=(proof,),
        )

    def remove_beneficiary(
        self, number: str, beneficiary_id: str, reason: str, effective_date: date | None = None
    ) -> ChangeRequest:
        """Radiation, on ``effective_date`` when given (else the day it is done). Raises
        UNKNOWN_BENEFICIARY, BENEFICIARY_CLOSED, MAIN_BENEFICIARY, COLLECTIVE_CONTRACT,
        INVALID_EFFECTIVE_DATE."""
        file, view = self._view(number)
        target = next((b for b in view.beneficiaries if b.id == beneficiary_id), None)
        if target is None:
            raise BusinessError("UNKNOWN_BENEFICIARY", "no such beneficiary for this member")
        if target.quality == "00":
            raise BusinessError("MAIN_BENEFICIARY", "the adhérent cannot be removed")
        now = self.clock()
        pending = any(
            c.target == beneficiary_id and not self.overlay.is_done(c, now)
            for c in self.overlay.changes(number)
        )
        if target.close_date is not None or pending:
            raise BusinessError("BENEFICIARY_CLOSED", "beneficiary already closed or leaving")
        self._collective(file)
        today = max(self.dataset.as_of, now.date())
        with refusals():
            validation.text(reason, "reason", 500)
            if effective_date is not None:
                validation.effective_date(effective_date, target.open_date, today)
        return self._record(
            number,
            "remove_beneficiary",
            "Radiation d'un bénéficiaire",
            immediate=False,
            effect=effects.remove_beneficiary(beneficiary_id, effective_date),
            target=beneficiary_id,
            effective_date=effective_date,
        )


def _sex_of(nir: str | None) -> Literal["1", "2"]:
    """Sex from the NIR's first digit when given (the portal form does not ask)."""
    return "2" if nir and nir.strip().startswith("2") else "1"
