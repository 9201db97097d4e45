"""The back office's change requests on the member's own account, and their follow-up.

Contact details, postal address, paperless statements and reimbursement notifications are
applied at once (the request is ``done`` when made); a bank account change (with a RIB)
and a tiers-payant card reissue stay ``received``, then move on with (simulated) time, see
:mod:`sandbox.dataset.overlay`. Every change returns the :class:`ChangeRequest` it created,
which the member follows in the "suivi des demandes". Beneficiary changes are in
:mod:`sandbox.backoffice.family`.
"""

from __future__ import annotations

from sandbox.backoffice.core import BusinessError, OfficeCore, refusals
from sandbox.dataset import effects, validation
from sandbox.dataset.banks import bank_name_for
from sandbox.dataset.records import Address, Attachment, BankAccount, ChangeRequest, Town
from sandbox.dataset.towns import town_by_postcode, towns


class Changes(OfficeCore):
    """Changes to the member's contact details, address, bank accounts, preferences, card."""

    def change_requests(self, number: str) -> tuple[ChangeRequest, ...]:
        """The member's requests and their status (suivi des demandes), newest first."""
        self._file(number)
        now = self.clock()
        found = [self.overlay.status(c, now) for c in self.overlay.changes(number)]
        return tuple(sorted(found, key=lambda r: (r.created_at, r.id), reverse=True))

    def change_request(self, number: str, request_id: str) -> ChangeRequest:
        """One request. Raises INVALID_REQUEST when unknown."""
        found = next((r for r in self.change_requests(number) if r.id == request_id), None)
        if found is None:
            raise BusinessError("INVALID_REQUEST", "no such request for this member")
        return found

    def update_contact(
        self, number: str, *, email: str | None, phone_mobile: str | None, phone_home: str | None
    ) -> ChangeRequest:
        self._file(number)
        fields: dict[str, object] = {}
        with refusals():
            if email is not None:
                fields["email"] = validation.email(email)
            if phone_mobile is not None:
                fields["phone_mobile"] = validation.phone(phone_mobile)
            if phone_home is not None:
                fields["phone_home"] = validation.phone(phone_home)
        if not fields:
            raise BusinessError("INVALID_REQUEST", "nothing to change")
        return self._record(
            number,
            "contact",
            "Modification des coordonnées",
            immediate=True,
            effect=effects.member_fields(**fields),
        )

    def update_address(
        self, number: str, *, line1: str, line2: str | None, postcode: str, town: str
    ) -> ChangeRequest:
        file = self._file(number)
        with refusals():
            line1 = validation.text(line1, "address line 1")
            line2 = validation.text(line2, "address line 2") if line2 and line2.strip() else None
            postcode = validation.postcode(postcode)
            town = validation.text(town, "town", 60)
        place = _locate(postcode, town)
        old = file.member.address
        address = Address(
            line1=line1,
            line2=line2,
            postcode=postcode,
            town=town,
            insee=place.insee if place else "",
            lat=place.lat if place else old.lat,
            lon=place.lon if place else old.lon,
        )
        return self._record(
            number,
            "address",
            "Changement d'adresse postale",
            immediate=True,
            effect=effects.address(address),
        )

    def update_bank_account(
        self, number: str, account: BankAccount, attachment: Attachment
    ) -> ChangeRequest:
        """Raises COLLECTIVE_CONTRACT for a premium account on a collective contract,
        INVALID_IBAN, INVALID_BIC, INVALID_REQUEST without attachment."""
        file = self._file(number)
        if account.purpose == "premium":
            self._collective(file)
        with refusals():
            holder = validation.text(account.holder, "account holder")
            iban = validation.iban(account.iban)
            bic = validation.bic(account.bic)
            proof = validation.attachment(attachment, "a RIB")
        bank_name = (account.bank_name or "").strip() or bank_name_for(iban) or ""
        new = BankAccount(account.purpose, holder, iban, bic, bank_name)
        which = "remboursements" if account.purpose == "reimbursement" else "cotisations"
        return self._record(
            number,
            "bank_account",
            f"Changement de RIB ({which})",
            immediate=False,
            effect=effects.bank_account(new),
            attachments=(proof,),
        )

    def reissue_tp_card(self, number: str) -> ChangeRequest:
        self._file(number)
        return self._record(
            number,
            "tp_card_reissue",
            "Réédition de la carte de tiers payant",
            immediate=False,
            effect=effects.reissue_card(),
        )

    def set_paperless(self, number: str, enabled: bool) -> ChangeRequest:
        self._file(number)
        summary = "Relevés dématérialisés : " + ("activés" if enabled else "désactivés")
        return self._record(
            number,
            "paperless",
            summary,
            immediate=True,
            effect=effects.member_fields(paperless=enabled),
        )

    def set_notifications(self, number: str, enabled: bool) -> ChangeRequest:
        self._file(number)
        summary = "Alertes de remboursement : " + ("activées" if enabled else "désactivées")
        return self._record(
            number,
            "notifications",
            summary,
            immediate=True,
            effect=effects.member_fields(notifications=enabled),
        )


def _locate(postcode: str, town: str) -> Town | None:
    """The table's town for a postcode (or a name), to give the address coordinates."""
    found = town_by_postcode(postcode)
    if found is not None:
        return found
    wanted = town.strip().casefold()
    return next((t for t in towns() if t.name.casefold() == wanted), None)
