"""Typed access to a validated request payload (the Body's operation element).

The XSD has already checked shapes and lexical formats when a handler runs; this reader
turns the legacy strings back into Python values (dates, booleans, attachments) and raises
the Fault the service would send for what the XSD cannot check (31/02/2026, an attachment
over the size limit).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from datetime import date

from lxml import etree

from sandbox.cimut import quirks
from sandbox.cimut.envelope import q
from sandbox.cimut.faults import client, invalid_request
from sandbox.dataset.records import Attachment

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Upload:
    """A decoded attachment: its record (what the back office keeps) and its bytes."""

    attachment: Attachment
    content: bytes


class RequestReader:
    """Reads the children of one operation element by local name."""

    def __init__(self, payload: etree._Element) -> None:
        self.payload = payload

    @property
    def member(self) -> str:
        """numeroAdherent, present in every request."""
        return self.text("numeroAdherent")

    def opt(self, name: str, parent: etree._Element | None = None) -> str | None:
        found = (self.payload if parent is None else parent).find(q(name))
        return None if found is None else (found.text or "")

    def text(self, name: str, parent: etree._Element | None = None) -> str:
        value = self.opt(name, parent)
        if value is None:  # the XSD makes it required: only a contract bug gets here
            raise invalid_request(f"Élément {name} absent")
        return value

    def texts(self, name: str) -> list[str]:
        return [found.text or "" for found in self.payload.iterfind(q(name))]

    def date(self, name: str) -> date | None:
        value = self.opt(name)
        if value is None:
            return None
        try:
            return quirks.parse_fr_date(value)
        except ValueError:
            raise invalid_request(f"Date {name} inexistante : {value}") from None

    def flag(self, name: str) -> bool | None:
        value = self.opt(name)
        return None if value is None else quirks.parse_yes_no(value)

    def integer(self, name: str, default: int) -> int:
        value = self.opt(name)
        return default if value is None else int(value)

    def uploads(self, name: str) -> list[Upload]:
        return [self._upload(element) for element in self.payload.iterfind(q(name))]

    def upload(self, name: str) -> Upload:
        uploads = self.uploads(name)
        if not uploads:
            raise invalid_request(f"Pièce jointe {name} absente")
        return uploads[0]

    def _upload(self, element: etree._Element) -> Upload:
        filename = self.text("nomFichier", element)
        content_type = self.text("typeMime", element)
        encoded = "".join(self.text("contenu", element).split())
        try:
            content = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise invalid_request("Contenu de pièce jointe non base64") from None
        if not content:
            raise client("DEMANDE_INVALIDE", "Pièce jointe vide")
        if len(content) > MAX_ATTACHMENT_BYTES:
            raise client(
                "PJ_TROP_VOLUMINEUSE",
                "Pièce jointe trop volumineuse (5 Mo au plus)",
            )
        record = Attachment(
            filename=filename,
            content_type=content_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        return Upload(attachment=record, content=content)
