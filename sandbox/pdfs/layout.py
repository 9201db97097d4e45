"""The page layout every sandbox PDF shares: letterhead, footer, headings, fields, tables.

:class:`Document` is an fpdf2 ``FPDF`` with the mutuelle's letterhead and a few building
blocks. Output is deterministic: the creation date is the document's own date (never the
clock), the producer is fixed, and fpdf2's file id is a hash of the content and that date,
so the same inputs give the same bytes. All text goes through :func:`to_latin1` so that the
core fonts, which need no font file on the machine, can print it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Literal

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from sandbox.dataset.records import Member, Tenant
from sandbox.pdfs.text import CIVILITY, day, to_latin1

Align = Literal["L", "R", "C"]
BLUE = (20, 60, 120)
GREY = (235, 238, 243)


class Document(FPDF):
    """An A4 document of one mutuelle, dated ``issued`` (also its PDF creation date)."""

    def __init__(self, tenant: Tenant, title: str, issued: date) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.tenant = tenant
        self.doc_title = title
        self.issued = issued
        self.set_creation_date(datetime(issued.year, issued.month, issued.day, tzinfo=UTC))
        self.set_producer("Mutugraph sandbox (fpdf2)")
        self.set_creator("Mutugraph sandbox")
        self.set_title(to_latin1(title))
        self.set_author(to_latin1(tenant.name))
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(15, 15, 15)
        self.add_page()

    def normalize_text(self, text: str) -> str:
        # Every string printed goes through here: transliterate what latin-1 lacks.
        return super().normalize_text(to_latin1(text))

    def header(self) -> None:
        self.set_font("Helvetica", "B", 13)
        self.set_text_color(*BLUE)
        self.cell(120, 7, self.tenant.name, new_x=XPos.RIGHT, new_y=YPos.TOP)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(80, 80, 80)
        self.cell(
            0, 7, f"N° AMC {self.tenant.amc_number}", align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.cell(
            0,
            4,
            "Mutuelle régie par le livre II du Code de la mutualité",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.set_draw_color(*BLUE)
        self.line(15, self.get_y() + 1, 195, self.get_y() + 1)
        self.set_text_color(0, 0, 0)
        self.ln(5)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("Helvetica", "", 7)
        self.set_text_color(110, 110, 110)
        self.cell(
            150,
            5,
            f"{self.tenant.name} - {self.doc_title} - édité le {day(self.issued)}",
            new_x=XPos.RIGHT,
            new_y=YPos.TOP,
        )
        self.cell(0, 5, f"Page {self.page_no()}/{{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    # -- building blocks -----------------------------------------------------------------
    def recipient(self, member: Member) -> None:
        """The member's postal block on the right, as in a window envelope."""
        address = member.address
        lines = [
            f"{CIVILITY[member.civility]} {member.first_name} {member.last_name.upper()}",
            address.line1,
            *([address.line2] if address.line2 else []),
            f"{address.postcode} {address.town.upper()}",
        ]
        self.set_font("Helvetica", "", 10)
        for line in lines:
            self.set_x(115)
            self.cell(80, 5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(6)

    def heading(self, text: str, size: int = 14) -> None:
        self.set_font("Helvetica", "B", size)
        self.set_text_color(*BLUE)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.ln(2)

    def paragraph(self, text: str, size: int = 10) -> None:
        self.set_font("Helvetica", "", size)
        self.multi_cell(0, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def fields(self, pairs: Sequence[tuple[str, str]], label_width: float = 55) -> None:
        """Label/value lines ("N° d'adhérent : 10000001")."""
        for label, value in pairs:
            self.set_font("Helvetica", "B", 10)
            self.cell(label_width, 6, label, new_x=XPos.RIGHT, new_y=YPos.TOP)
            self.set_font("Helvetica", "", 10)
            self.multi_cell(0, 6, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def grid(
        self,
        headers: Sequence[str],
        widths: Sequence[float],
        rows: Sequence[Sequence[str]],
        aligns: Sequence[Align] | None = None,
        *,
        bold_rows: frozenset[int] = frozenset(),
        size: float = 8,
    ) -> None:
        """A ruled table; the header row is printed again after each page break."""
        aligns = aligns or ["L"] * len(headers)
        height = size * 0.6

        def head() -> None:
            self.set_font("Helvetica", "B", size)
            self.set_fill_color(*GREY)
            for text, width in zip(headers, widths, strict=True):
                self.cell(
                    width,
                    height + 1,
                    text,
                    border=1,
                    fill=True,
                    align="C",
                    new_x=XPos.RIGHT,
                    new_y=YPos.TOP,
                )
            self.ln(height + 1)

        head()
        for index, row in enumerate(rows):
            if self.will_page_break(height):
                self.add_page()
                head()
            self.set_font("Helvetica", "B" if index in bold_rows else "", size)
            for text, width, align in zip(row, widths, aligns, strict=True):
                self.cell(
                    width,
                    height,
                    _fit(self, text, width),
                    border=1,
                    align=align,
                    new_x=XPos.RIGHT,
                    new_y=YPos.TOP,
                )
            self.ln(height)
        self.ln(3)

    def output_bytes(self) -> bytes:
        return bytes(self.output())


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """The text cut with "..." so that it fits in a cell of ``width`` mm."""
    room = width - 2 * pdf.c_margin
    if pdf.get_string_width(text) <= room:
        return text
    while text and pdf.get_string_width(text + "...") > room:
        text = text[:-1]
    return text + "..."
