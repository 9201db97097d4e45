"""A statement as CSV for spreadsheets: one row per act, French conventions.

Semicolon-separated with decimal commas and dd/mm/yyyy dates (what Excel expects in a
French locale), UTF-8 with a byte-order mark (without it Excel reads UTF-8 as Windows-1252
and garbles the accents), CRLF line ends. Text coming from back ends is neutralised
against formula injection. On every row:
``Montant facturé = Remboursement RO + Remboursement mutuelle + Autre complémentaire +
Reste à charge``.
"""

from __future__ import annotations

import csv
import io

from gateway.documents.statements import Statement
from gateway.documents.text import amount, care_dates, french_date, spreadsheet_text

HEADER = (
    "Date de paiement",
    "N° de paiement",
    "Destinataire du paiement",
    "Bénéficiaire des soins",
    "Nom du bénéficiaire",
    "Code acte",
    "Libellé de l'acte",
    "Dates des soins",
    "Montant facturé",
    "Base de remboursement",
    "Taux AMO (%)",
    "Remboursement RO",
    "Remboursement mutuelle",
    "Autre complémentaire",
    "Reste à charge",
)


def render_csv(statement: Statement) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for payment in statement.payments:
        for line in payment.lines:
            writer.writerow(
                (
                    french_date(payment.date),
                    spreadsheet_text(payment.id),
                    spreadsheet_text(payment.recipient),
                    spreadsheet_text(line.beneficiary_id),
                    spreadsheet_text(line.beneficiary_name),
                    spreadsheet_text(line.act_code),
                    spreadsheet_text(line.act_label),
                    care_dates(line.care_start, line.care_end),
                    amount(line.billed),
                    "" if line.base is None else amount(line.base),
                    "" if line.amo_rate is None else str(line.amo_rate),
                    amount(line.amo_paid),
                    amount(line.mutuelle_paid),
                    amount(line.other_paid),
                    amount(line.out_of_pocket),
                )
            )
    return buffer.getvalue().encode("utf-8-sig")
