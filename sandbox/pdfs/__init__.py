"""The sandbox's PDF documents, made on demand with fpdf2 (same inputs, same bytes).

The back office calls these four functions; each returns the bytes of a real PDF file:

    letter_pdf(tenant, member, letter, payments, premium)   courriers, by letter type
    useful_document_pdf(tenant, document)                    documents utiles
    tp_card_pdf(tenant, member, card, beneficiaries)         carte de tiers payant
    attestation_pdf(tenant, member, contract, beneficiaries) attestation de droits
"""

from sandbox.pdfs.cards import attestation_pdf, tp_card_payload, tp_card_pdf
from sandbox.pdfs.documents import useful_document_pdf
from sandbox.pdfs.letters import letter_pdf

__all__ = [
    "attestation_pdf",
    "letter_pdf",
    "tp_card_payload",
    "tp_card_pdf",
    "useful_document_pdf",
]
