"""The tables of a benefit statement (relevé de prestations / décompte).

One table per payment (its lines: care date, act, billed amount, BR, AMO rate, RO, RC, other
insurer, reste à charge), then the totals of the period. A line the back office flags
confidential keeps its amounts but not its act.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from fpdf.enums import XPos, YPos

from sandbox.dataset.records import Payment, PaymentLine
from sandbox.pdfs.layout import Align, Document
from sandbox.pdfs.text import amount, day, money

HEADERS = ("Bénéf.", "Soins", "Acte", "Facturé", "BR", "Taux", "RO", "RC", "Autre", "RAC")
WIDTHS = (18.0, 16.0, 50.0, 15.0, 15.0, 10.0, 15.0, 15.0, 13.0, 13.0)
ALIGNS: tuple[Align, ...] = ("L", "C", "L", "R", "R", "C", "R", "R", "R", "R")
METHOD = {"transfer": "virement", "cheque": "chèque"}


def statement_tables(pdf: Document, payments: Sequence[Payment], names: Mapping[str, str]) -> None:
    """Prints each payment with its lines, then the period's totals."""
    if not payments:
        pdf.paragraph("Aucun remboursement n'a été effectué sur cette période.")
        return
    lines: list[PaymentLine] = []
    for payment in payments:
        recipient = (
            "à vous-même"
            if payment.recipient_kind == "member"
            else f"à {payment.recipient_name} (tiers payant)"
        )
        pdf.set_font("Helvetica", "B", 9)
        pdf.multi_cell(
            0,
            5,
            f"Paiement n° {payment.id} du {day(payment.date)} par {METHOD[payment.method]} "
            f"{recipient} - versé par la mutuelle : {money(payment.total_cents)}",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.grid(HEADERS, WIDTHS, [_row(line, names) for line in payment.lines], ALIGNS)
        lines.extend(payment.lines)
    pdf.heading("Totaux de la période", size=11)
    totals = [
        ("Montant facturé", sum(line.billed_cents for line in lines)),
        ("Base de remboursement", sum(line.base_cents for line in lines)),
        ("Part régime obligatoire (RO)", sum(line.ro_cents for line in lines)),
        ("Part mutuelle (RC)", sum(line.rc_cents for line in lines)),
        ("Autre complémentaire", sum(line.other_cents for line in lines)),
        ("Reste à charge", sum(line.rest_cents for line in lines)),
        ("Total versé par la mutuelle", sum(p.total_cents for p in payments)),
    ]
    pdf.grid(
        ["Total", "Montant"],
        [80.0, 40.0],
        [[label, money(cents)] for label, cents in totals],
        ["L", "R"],
        bold_rows=frozenset({len(totals) - 1}),
        size=9,
    )


def _row(line: PaymentLine, names: Mapping[str, str]) -> list[str]:
    # Long codes (CIP13 drugs, LPP devices) would leave no room for the label.
    act = line.act_label if len(line.act_code) > 8 else f"{line.act_code} {line.act_label}"
    if line.confidential:
        act = "Acte confidentiel"
    if line.quantity > 1 and not line.confidential:
        act = f"{line.quantity} x {act}"
    return [
        names.get(line.beneficiary_id, line.beneficiary_id),
        day(line.care_start),
        act,
        amount(line.billed_cents),
        amount(line.base_cents),
        f"{line.amo_rate} %",
        amount(line.ro_cents),
        amount(line.rc_cents),
        amount(line.other_cents),
        amount(line.rest_cents),
    ]
