"""What every Cimut operation module shares: the handler type and common serialisers.

A handler takes the tenant's back office and the validated request, calls the back office,
and returns the response payload element (``<cim:XxxResponse>``), built child by child in
the order of the XSD sequence. Back-office refusals propagate as BusinessError; the service
turns them into Faults.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import date

from lxml import etree

from sandbox.backoffice import BackOffice
from sandbox.cimut import quirks
from sandbox.cimut.envelope import add, child
from sandbox.cimut.reader import RequestReader
from sandbox.dataset.records import Attachment, ChangeRequest

Handler = Callable[[BackOffice, RequestReader], etree._Element]
PDF = "application/pdf"


def add_date(parent: etree._Element, name: str, value: date | None) -> None:
    """Optional date element: nothing when ``value`` is None."""
    if isinstance(value, date):
        add(parent, name, quirks.fr_date(value))


def add_attachment_info(parent: etree._Element, attachment: Attachment) -> None:
    """``<cim:pieceJointe>`` of type PieceJointeRecue: what was kept, not the content."""
    info = child(parent, "pieceJointe")
    add(info, "nomFichier", attachment.filename)
    add(info, "typeMime", attachment.content_type)
    add(info, "taille", attachment.size)
    add(info, "empreinteSha256", attachment.sha256)


def add_request(parent: etree._Element, request: ChangeRequest, name: str = "demande") -> None:
    """A Demande: the change request and its follow-up status."""
    demande = child(parent, name)
    add(demande, "identifiantDemande", request.id)
    add(demande, "codeTypeDemande", quirks.code(quirks.REQUEST_KIND, request.kind))
    add(demande, "codeStatut", quirks.code(quirks.REQUEST_STATUS, request.status))
    add(demande, "dateHeureCreation", quirks.fr_datetime(request.created_at))
    add(demande, "dateHeureMiseAJour", quirks.fr_datetime(request.updated_at))
    add(demande, "libelleDemande", request.summary)
    add_date(demande, "dateEffet", request.effective_date)
    for attachment in request.attachments:
        add_attachment_info(demande, attachment)


def add_file(parent: etree._Element, filename: str, content: bytes, mime: str = PDF) -> None:
    """A Fichier: a downloaded document, base64 in ``contenu``."""
    fichier = child(parent, "fichier")
    add(fichier, "nomFichier", filename)
    add(fichier, "typeMime", mime)
    add(fichier, "taille", len(content))
    add(fichier, "contenu", base64.b64encode(content).decode("ascii"))
