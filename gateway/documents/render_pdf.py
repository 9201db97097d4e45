"""A statement as PDF (fpdf2): header, one band per payment with its acts, totals.

The core fonts (Helvetica) keep the file small and need no font file, but print Latin-1
only: every text goes through :func:`~gateway.documents.text.latin1` (€ → EUR, œ → oe).
Amounts are French (``1 234,56``). Landscape A4, the column headings repeated on every
page, page numbers in the footer.
"""

from __future__ import annotations

from decimal import Decimal

from fpdf import FPDF
from fpdf.enums import TableCellFillMode
from fpdf.fonts import FontFace

from gateway.documents.statements import Statement, StatementLine
from gateway.documents.text import amount, care_dates, french_date, latin1

HEADINGS = (
    "Dates des soins",
    "Bénéficiaire",
    "Acte",
    "Facturé",
    "Base (BR)",
    "Taux AMO",
    "RO",
    "Mutuelle",
    "Autre",
    "Reste à charge",
)
WIDTHS = (22, 34, 78, 18, 18, 14, 18, 18, 16, 22)
ALIGN = ("LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT")
METHODS = {"transfer": "virement", "cheque": "chèque"}
_HEADING_STYLE = FontFace(emphasis="B", fill_color=(220, 228, 240))
_PAYMENT_STYLE = FontFace(emphasis="B", fill_color=(242, 242, 242))
_REDACTED_STYLE = FontFace(emphasis="I")


class _StatementPDF(FPDF):
    def footer(self) -> None:
        self.set_y(-10)
        self.set_font("Helvetica", size=7)
        self.cell(0, 5, f"Page {self.page_no()}/{{nb}}", align="C")


def _money(value: Decimal) -> str:
    return amount(value, grouped=True)


def _line_cells(line: StatementLine) -> tuple[str, ...]:
    act = " ".join(part for part in (line.act_code, line.act_label) if part)
    if line.professional:
        act += f" ({line.professional})"
    return (
        care_dates(line.care_start, line.care_end),
        line.beneficiary_name,
        act,
        _money(line.billed),
        "" if line.base is None else _money(line.base),
        "" if line.amo_rate is None else f"{line.amo_rate} %",
        _money(line.amo_paid),
        _money(line.mutuelle_paid),
        _money(line.other_paid),
        _money(line.out_of_pocket),
    )


def _intro(pdf: FPDF, statement: Statement) -> None:
    pdf.set_font("Helvetica", style="B", size=14)
    pdf.cell(0, 8, latin1(statement.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)
    facts = [
        statement.tenant_name,
        f"Adhérent : {statement.holder}, n° {statement.member_number}",
    ]
    if statement.since or statement.until:
        since = french_date(statement.since) or "l'origine"
        until = french_date(statement.until) or french_date(statement.generated_on)
        facts.append(f"Paiements du {since} au {until}")
    if statement.beneficiary:
        facts.append(f"Bénéficiaire : {statement.beneficiary}")
    facts.append(f"Édité le {french_date(statement.generated_on)}. Montants en euros (EUR).")
    for fact in facts:
        pdf.cell(0, 5, latin1(fact), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _totals(pdf: FPDF, statement: Statement) -> None:
    lines = statement.lines
    pdf.ln(3)
    pdf.set_font("Helvetica", style="B", size=9)
    total = (
        f"Total : facturé {_money(sum((x.billed for x in lines), Decimal(0)))} EUR, "
        f"RO {_money(sum((x.amo_paid for x in lines), Decimal(0)))} EUR, "
        f"mutuelle {_money(sum((x.mutuelle_paid for x in lines), Decimal(0)))} EUR, "
        f"autre {_money(sum((x.other_paid for x in lines), Decimal(0)))} EUR, "
        f"reste à charge {_money(sum((x.out_of_pocket for x in lines), Decimal(0)))} EUR."
    )
    pdf.multi_cell(0, 5, latin1(total), new_x="LMARGIN", new_y="NEXT")
    if any(x.redacted for x in lines):
        pdf.set_font("Helvetica", style="I", size=8)
        pdf.multi_cell(
            0,
            4,
            latin1(
                "Détail confidentiel : le secret médical ne permet pas d'afficher l'acte "
                "(soins d'un autre bénéficiaire majeur, ou acte confidentiel)."
            ),
        )


def render_pdf(statement: Statement) -> bytes:
    pdf = _StatementPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(latin1(statement.title))
    pdf.set_author(latin1(statement.tenant_name))
    pdf.set_creator("Mutugraph")
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.set_margins(10, 10, 10)
    pdf.add_page()
    _intro(pdf, statement)
    pdf.set_font("Helvetica", size=8)
    if not statement.payments:
        pdf.cell(0, 6, latin1("Aucun paiement sur cette période."), new_x="LMARGIN", new_y="NEXT")
    else:
        with pdf.table(
            col_widths=WIDTHS,
            text_align=ALIGN,
            headings_style=_HEADING_STYLE,
            line_height=4.5,
            cell_fill_mode=TableCellFillMode.NONE,
        ) as table:
            heading = table.row()
            for title in HEADINGS:
                heading.cell(latin1(title))
            for payment in statement.payments:
                method = METHODS.get(payment.method, payment.method)
                band = (
                    f"Paiement du {french_date(payment.date)}, n° {payment.id}, "
                    f"à {payment.recipient} ({method}) : {_money(payment.total)} EUR "
                    "payés par la mutuelle"
                )
                table.row().cell(latin1(band), colspan=len(HEADINGS), style=_PAYMENT_STYLE)
                for line in payment.lines:
                    row = table.row(style=_REDACTED_STYLE if line.redacted else None)
                    for text in _line_cells(line):
                        row.cell(latin1(text))
    _totals(pdf, statement)
    return bytes(pdf.output())
