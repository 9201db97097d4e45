"""Rendering statements: French amounts, Latin-1 PDFs, safe names, CSV cells."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pypdf
import pytest

from gateway.documents.render_csv import render_csv
from gateway.documents.render_pdf import render_pdf
from gateway.documents.statements import Statement, StatementLine, StatementPayment
from gateway.documents.text import amount, care_dates, latin1, safe_filename, spreadsheet_text


def line(**changes: object) -> StatementLine:
    values: dict[str, object] = {
        "beneficiary_id": "10000001-01",
        "beneficiary_name": "Chloé Lœwy-Dvořák",
        "act_code": "G",
        "act_label": "Consultation – généraliste",
        "professional": "Dr Ōno",
        "care_start": date(2026, 3, 2),
        "care_end": date(2026, 3, 2),
        "billed": Decimal("1230.00"),
        "base": Decimal("30.00"),
        "amo_rate": 70,
        "amo_paid": Decimal("19.00"),
        "mutuelle_paid": Decimal("9.00"),
        "other_paid": Decimal("0.00"),
        "out_of_pocket": Decimal("1202.00"),
        "redacted": False,
    }
    values.update(changes)
    return StatementLine(**values)  # type: ignore[arg-type]


def statement(*lines: StatementLine) -> Statement:
    payment = StatementPayment(
        id="P1",
        date=date(2026, 3, 10),
        recipient='=HYPERLINK("http://evil")',
        method="transfer",
        total=Decimal("9.00"),
        lines=lines,
    )
    return Statement(
        title="Relevé de remboursements",
        tenant_name="Mutuelle des Cévennes",
        member_number="30000001",
        holder="Chloé Lœwy",
        since=date(2026, 1, 1),
        until=None,
        beneficiary=None,
        generated_on=date(2026, 6, 30),
        payments=(payment,),
    )


@pytest.mark.parametrize(
    ("value", "plain", "grouped"),
    [
        (Decimal("21"), "21,00", "21,00"),
        (Decimal("6.9"), "6,90", "6,90"),
        (Decimal("1234.565"), "1234,56", "1\u00a0234,56"),  # banker's rounding
        (Decimal("0"), "0,00", "0,00"),
    ],
)
def test_amounts(value: Decimal, plain: str, grouped: str) -> None:
    assert amount(value) == plain
    assert amount(value, grouped=True) == grouped


def test_care_dates() -> None:
    assert care_dates(date(2026, 3, 2), date(2026, 3, 2)) == "02/03/2026"
    assert care_dates(date(2026, 3, 2), date(2026, 3, 5)) == "02/03/2026 - 05/03/2026"


def test_latin1() -> None:
    assert latin1("12 € – cœur’s “x” Dvořák Ōno…") == '12 EUR - coeur\'s "x" Dvorák Ono...'
    assert latin1("Chloé à l'Hôpital") == "Chloé à l'Hôpital"  # Latin-1 kept as is
    assert latin1("😀").encode("latin-1") == b"?"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd.pdf"),
        ('Courrier "résiliation".pdf', "Courrier-resiliation.pdf"),
        ("C:\\docs\\carte tiers payant.PDF", "carte-tiers-payant.pdf"),
        ("", "document.pdf"),
        ("\r\nX-Injected: 1", "X-Injected-1.pdf"),
    ],
)
def test_safe_filename(name: str, expected: str) -> None:
    assert safe_filename(name, default="document", extension="pdf") == expected


def test_spreadsheet_text() -> None:
    assert spreadsheet_text("=1+1") == "'=1+1"
    assert spreadsheet_text("-2") == "'-2"
    assert spreadsheet_text("Dr Martin") == "Dr Martin"


def test_pdf_with_characters_outside_latin1() -> None:
    content = render_pdf(statement(line(), line(redacted=True, act_code="", professional="")))
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = reader.pages[0].extract_text()
    assert "Chloé Loewy-Dvorák" in text
    assert "1 230,00" in text.replace("\u00a0", " ")
    assert "Paiements du 01/01/2026 au 30/06/2026" in text
    assert "Mutuelle des Cévennes" in text
    assert "secret médical" in text  # the note explaining redacted lines


def test_pdf_without_payments() -> None:
    empty = replace(statement(), since=None, beneficiary="Zoé", payments=())
    text = pypdf.PdfReader(io.BytesIO(render_pdf(empty))).pages[0].extract_text()
    assert "Aucun paiement" in text and "Bénéficiaire : Zoé" in text


def test_csv_cells_cannot_run_formulas() -> None:
    content = render_csv(statement(line()))
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][2] == '\'=HYPERLINK("http://evil")'
    assert rows[1][4] == "Chloé Lœwy-Dvořák"  # CSV is UTF-8: names stay exact
    assert rows[1][8:] == ["1230,00", "30,00", "70", "19,00", "9,00", "0,00", "1202,00"]
