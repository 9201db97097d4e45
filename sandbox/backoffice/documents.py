"""The back office's papers: letters, useful documents, tiers-payant card and attestation.

Lists come from the generated file (plus letters added by done changes, such as a reissued
card); each PDF is made on demand by :mod:`sandbox.pdfs`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sandbox.backoffice.core import BusinessError, OfficeCore
from sandbox.dataset.correspondence import statement_period
from sandbox.dataset.records import Letter, Payment, TiersPayantCard, UsefulDocument


class Documents(OfficeCore):
    """Letters (courriers), documents utiles, the card and the attestation, as records or PDF."""

    def letters(
        self, number: str, since: date | None, until: date | None, type: str | None
    ) -> tuple[Letter, ...]:
        """Letters (courriers) by date range and type, newest first."""
        file, view = self._view(number)
        everything = sorted(
            (*file.letters, *view.letters), key=lambda x: (x.date, x.id), reverse=True
        )
        return tuple(
            x
            for x in everything
            if (since is None or x.date >= since)
            and (until is None or x.date <= until)
            and (type is None or x.type == type)
        )

    def letter_pdf(self, number: str, letter_id: str) -> bytes:
        """The letter's PDF, made on demand. Raises UNKNOWN_LETTER."""
        from sandbox import pdfs

        file, view = self._view(number)
        letter = next((x for x in (*file.letters, *view.letters) if x.id == letter_id), None)
        if letter is None:
            raise BusinessError("UNKNOWN_LETTER", "no such letter for this member")
        payments: tuple[Payment, ...] = ()
        if letter.type == "benefit_statement":
            first, last = statement_period(letter)
            payments = tuple(
                p for p in self.dataset.payments(self.tenant.id, number) if first <= p.date <= last
            )
        return pdfs.letter_pdf(self.tenant, view.member, letter, payments, file.premium)

    def useful_documents(self, number: str) -> tuple[UsefulDocument, ...]:
        """Documents utiles: statutes, SEPA mandate, guides, notices, benefits table."""
        file = self._file(number)
        return self.dataset.useful_documents(self.tenant.id, file.contract.offer_code)

    def useful_document_pdf(self, number: str, document_id: str) -> bytes:
        """A useful document's PDF. Raises UNKNOWN_LETTER."""
        from sandbox import pdfs

        document = next((d for d in self.useful_documents(number) if d.id == document_id), None)
        if document is None:
            raise BusinessError("UNKNOWN_LETTER", "no such document for this member")
        return pdfs.useful_document_pdf(self.tenant, document)

    def tp_card(self, number: str) -> TiersPayantCard:
        """The current tiers-payant card, without anyone whose radiation date has passed."""
        view = self._view(number)[1]
        today = max(self.dataset.as_of, self.clock().date())
        gone = {b.id for b in view.beneficiaries if b.close_date and b.close_date <= today}
        card = view.tp_card
        if gone.isdisjoint(card.beneficiary_ids):
            return card
        listed = tuple(i for i in card.beneficiary_ids if i not in gone)
        return replace(card, beneficiary_ids=listed)

    def tp_card_pdf(self, number: str) -> bytes:
        """The tiers-payant card as PDF (harmonised fields and a datamatrix-like payload)."""
        from sandbox import pdfs

        view = self._view(number)[1]
        card = self.tp_card(number)
        listed = set(card.beneficiary_ids)
        people = tuple(b for b in view.beneficiaries if b.id in listed)
        return pdfs.tp_card_pdf(self.tenant, view.member, card, people)

    def attestation_pdf(self, number: str) -> bytes:
        """The insurance attestation (attestation de droits) as PDF."""
        from sandbox import pdfs

        view = self._view(number)[1]
        today = max(self.dataset.as_of, self.clock().date())
        people = (
            tuple(b for b in view.beneficiaries if b.close_date is None or b.close_date > today)
            or view.beneficiaries[:1]
        )
        return pdfs.attestation_pdf(self.tenant, view.member, view.contract, people)
