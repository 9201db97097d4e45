"""Cimut replies about payments, papers, requests and messages → port records.

Readers for the zeep objects of RechercherPrestations / DetaillerPrestations (Prestation,
PrestationDetaillee, LignePrestation), ListerDevis (Devis), ListerCourriers (Courrier),
ListerDocumentsUtiles (DocumentUtile), ConsulterCarteTiersPayant, the Fichier of downloads,
Demande and Message. Like :mod:`adapters.soap.cimut_people`, they raise ValueError on what
the contract does not allow, for ``CimutSession.reading`` to turn into MalformedResponse.
"""

from __future__ import annotations

from typing import Any

from adapters.port.documents import (
    DocumentContent,
    Letter,
    TiersPayantCard,
    TiersPayantDomain,
    UsefulDocument,
)
from adapters.port.payments import Payment, PaymentLine, Quote
from adapters.port.requests import Attachment, ChangeRequest, Message
from adapters.soap import cimut_codes as codes
from adapters.soap.cimut_quirks import (
    many,
    optional_text,
    parse_amount,
    parse_date,
    parse_datetime,
    parse_flag,
    parse_optional_date,
    text,
)


def payment(prestation: Any, *, with_lines: bool) -> Payment:
    """Prestation (header) or PrestationDetaillee (with lines) → Payment."""
    lines = tuple(_line(item) for item in many(prestation.ligne)) if with_lines else None
    beneficiary_ids = [text(b) for b in many(prestation.identifiantBeneficiaire)]
    if not beneficiary_ids and lines:
        beneficiary_ids = [line.beneficiary_id for line in lines]
    return Payment(
        id=text(prestation.identifiantPaiement),
        date=parse_date(prestation.datePaiement),
        method=codes.decode(codes.PAYMENT_METHOD, prestation.codeModeReglement),
        recipient_kind=codes.decode(codes.RECIPIENT, prestation.codeDestinataire),
        recipient_name=text(prestation.nomDestinataire),
        recipient_id=optional_text(prestation.identifiantDestinataire),
        total=parse_amount(prestation.montantTotal),
        beneficiary_ids=tuple(dict.fromkeys(beneficiary_ids)),
        lines=lines,
    )


def _line(ligne: Any) -> PaymentLine:
    line = PaymentLine(
        id=text(ligne.identifiantLigne),
        beneficiary_id=text(ligne.identifiantBeneficiaire),
        act_system=codes.decode(codes.ACT_SYSTEM, ligne.codeNomenclature),
        act_code=text(ligne.codeActe),
        act_label=text(ligne.libelleActe),
        category=codes.care_category(ligne.codeFamille),
        care_start=parse_date(ligne.dateDebutSoins),
        care_end=parse_date(ligne.dateFinSoins),
        quantity=int(ligne.quantite),
        billed=parse_amount(ligne.montantDepense),
        base=parse_amount(ligne.baseRemboursement),
        amo_rate=int(ligne.tauxRO),
        participation=parse_amount(ligne.participationForfaitaire),
        franchise=parse_amount(ligne.franchise),
        amo_paid=parse_amount(ligne.montantRO),
        mutuelle_paid=parse_amount(ligne.montantRC),
        other_paid=parse_amount(ligne.montantAutreOC),
        out_of_pocket=parse_amount(ligne.resteACharge),
        professional_id=optional_text(ligne.identifiantPS),
        professional_name=optional_text(ligne.nomPS),
        confidential=parse_flag(ligne.confidentiel),
    )
    parts = (line.amo_paid, line.mutuelle_paid, line.other_paid, line.out_of_pocket)
    # The port promises billed == RO + RC + other + rest, every part >= 0: a line that
    # breaks it would show wrong money to a member, so the reply is refused.
    if any(part < 0 for part in parts) or sum(parts) != line.billed:
        raise ValueError("line amounts do not add up")
    return line


def quote(devis: Any) -> Quote:
    return Quote(
        id=text(devis.identifiantDevis),
        beneficiary_id=text(devis.identifiantBeneficiaire),
        kind=codes.decode(codes.QUOTE_KIND, devis.codeTypeDevis),
        category=codes.decode(codes.QUOTE_CATEGORY, devis.codeFamille),
        date=parse_date(devis.dateDevis),
        status=codes.decode(codes.QUOTE_STATUS, devis.codeStatut),
        professional_name=text(devis.nomPS),
        billed=parse_amount(devis.montantDepense),
        covered=parse_amount(devis.montantPrisEnCharge),
    )


def letter(courrier: Any) -> Letter:
    return Letter(
        id=text(courrier.identifiantCourrier),
        date=parse_date(courrier.dateCourrier),
        type=codes.decode(codes.LETTER_TYPE, courrier.codeTypeCourrier),
        title=text(courrier.libelleCourrier),
    )


def useful_document(document: Any) -> UsefulDocument:
    return UsefulDocument(
        id=text(document.identifiantDocument),
        kind=codes.decode(codes.DOCUMENT_KIND, document.codeTypeDocument),
        title=text(document.libelleDocument),
    )


def tp_card(carte: Any) -> TiersPayantCard:
    """CarteTiersPayant → TiersPayantCard (Cimut gives no QR/Datamatrix payload)."""
    return TiersPayantCard(
        amc_number=text(carte.numeroAMC),
        valid_from=parse_date(carte.dateDebutValidite),
        valid_to=parse_date(carte.dateFinValidite),
        beneficiary_ids=tuple(text(b) for b in many(carte.identifiantBeneficiaire)),
        domains=tuple(
            TiersPayantDomain(code=text(d.codeDomaine), mode=text(d.valeur))
            for d in many(carte.domaine)
        ),
    )


def file(fichier: Any) -> DocumentContent:
    """Fichier → DocumentContent; zeep has already decoded the base64 ``contenu``."""
    content = fichier.contenu
    if not isinstance(content, bytes) or not content:
        raise ValueError("no file content")
    size = fichier.taille
    if size is not None and int(size) != len(content):
        raise ValueError("truncated file")
    return DocumentContent(
        filename=text(fichier.nomFichier),
        content_type=text(fichier.typeMime),
        content=content,
    )


def change_request(demande: Any) -> ChangeRequest:
    return ChangeRequest(
        id=text(demande.identifiantDemande),
        kind=codes.decode(codes.REQUEST_KIND, demande.codeTypeDemande),
        status=codes.decode(codes.REQUEST_STATUS, demande.codeStatut),
        created_at=parse_datetime(demande.dateHeureCreation),
        updated_at=parse_datetime(demande.dateHeureMiseAJour),
        summary=text(demande.libelleDemande),
        attachments=tuple(_attachment(item) for item in many(demande.pieceJointe)),
        effective_date=parse_optional_date(getattr(demande, "dateEffet", None)),
    )


def message(item: Any) -> Message:
    return Message(
        id=text(item.identifiantMessage),
        thread_id=text(item.identifiantFil),
        sent_at=parse_datetime(item.dateHeureEnvoi),
        direction=codes.decode(codes.MESSAGE_DIRECTION, item.codeSens),
        subject=optional_text(item.objet) or "",
        body=item.corps or "",
        attachments=tuple(_attachment(piece) for piece in many(item.pieceJointe)),
        read=parse_flag(item.lu),
    )


def _attachment(piece: Any) -> Attachment:
    return Attachment(
        filename=text(piece.nomFichier),
        content_type=text(piece.typeMime),
        size=int(piece.taille),
    )
