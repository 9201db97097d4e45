"""The sandbox's PDF documents: real PDFs, key content present, NIR masked, same bytes twice."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from sandbox.dataset.records import UsefulDocument
from sandbox.pdfs import (
    attestation_pdf,
    letter_pdf,
    tp_card_payload,
    tp_card_pdf,
    useful_document_pdf,
)
from sandbox.pdfs.text import amount, long_day, masked_nir, money, to_latin1
from tests.sandbox.networks_support import dataset
from tests.sandbox.pdf_samples import (
    BENEFICIARIES,
    CARD,
    CONTRACT,
    MEMBER,
    NIR,
    PAYMENTS,
    PREMIUM,
    SPOUSE_NIR,
    TENANT,
    letter,
)

LETTER_TYPES = [
    ("benefit_statement", "Relevé de prestations"),
    ("premium_call", "Appel de cotisations 2026"),
    ("attestation", "Attestation d'adhésion"),
    ("tp_card", "Votre carte de tiers payant"),
    ("welcome", "Bienvenue"),
    ("information", "Information œuvres sociales à 5 €"),
]


def read(pdf: bytes) -> tuple[int, str]:
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_formatting() -> None:
    assert money(2100) == "21,00 EUR"
    assert money(123456789) == "1 234 567,89 EUR"
    assert money(-5) == "-0,05 EUR"
    assert amount(600) == "6,00"
    assert masked_nir(NIR) == "2 95 10 ** *** *** 93"
    assert masked_nir(None) == "-"
    assert long_day(PAYMENTS[0].date.replace(day=1)) == "1er février 2026"
    assert to_latin1("Œuvre à 5 € – «ok» … ŵ 中") == "OEuvre à 5 EUR - «ok» ... w ?"


@pytest.mark.parametrize(("type_", "title"), LETTER_TYPES)
def test_every_letter_type_renders(type_: str, title: str) -> None:
    pdf = letter_pdf(TENANT, MEMBER, letter(type_, title), PAYMENTS, PREMIUM)
    pages, text = read(pdf)
    assert pages >= 1
    assert MEMBER.number in text
    assert "Mutuelle Azur Santé" in text
    assert "Hélène" in text
    assert NIR not in text.replace(" ", "")
    assert pdf == letter_pdf(TENANT, MEMBER, letter(type_, title), PAYMENTS, PREMIUM)


def test_letter_title_outside_latin1_is_transliterated() -> None:
    _, text = read(letter_pdf(TENANT, MEMBER, letter(*LETTER_TYPES[-1]), (), PREMIUM))
    assert "Information oeuvres sociales à 5 EUR" in text


def test_benefit_statement_lists_lines_and_totals() -> None:
    pdf = letter_pdf(
        TENANT, MEMBER, letter(*LETTER_TYPES[0]), PAYMENTS, PREMIUM, beneficiaries=BENEFICIARIES
    )
    _, text = read(pdf)
    for payment in PAYMENTS:
        assert payment.id in text
        assert money(payment.total_cents) in text
    assert "Zoé" in text  # beneficiary names when given
    assert "40,00" in text and "30,00" in text and "70 %" in text  # billed, BR, AMO rate
    assert "Acte confidentiel" in text  # the flagged line keeps its amounts only
    assert "Dr Claire Martin (tiers payant)" in text
    assert "100,00 EUR" in text  # billed total
    assert "90,00 EUR" in text  # BR total
    assert "57,00 EUR" in text  # RO total
    assert "37,00 EUR" in text  # RC total
    assert "6,00 EUR" in text  # reste à charge total


def test_benefit_statement_without_payments() -> None:
    _, text = read(letter_pdf(TENANT, MEMBER, letter(*LETTER_TYPES[0]), (), PREMIUM))
    assert "Aucun remboursement" in text


def test_long_benefit_statement_spans_pages() -> None:
    many = tuple(replace(PAYMENTS[0], id=f"P-{n:04d}") for n in range(60))
    pages, text = read(letter_pdf(TENANT, MEMBER, letter(*LETTER_TYPES[0]), many, PREMIUM))
    assert pages > 2
    assert "P-0059" in text
    assert f"Page {pages}/{pages}" in text


def test_premium_call_shows_the_schedule() -> None:
    _, text = read(letter_pdf(TENANT, MEMBER, letter(*LETTER_TYPES[1]), (), PREMIUM))
    assert "05/01/2026" in text and "05/12/2026" in text
    assert "102,88 EUR" in text
    assert "1 234,56 EUR" in text  # annual amount and total of the instalments
    assert "prélèvement" in text


@pytest.mark.parametrize("kind", ["statutes", "sepa_mandate", "guide", "notice", "benefits_table"])
def test_useful_documents(kind: str) -> None:
    document = UsefulDocument(f"D-{kind}", kind, f"Document {kind}")  # type: ignore[arg-type]
    pdf = useful_document_pdf(TENANT, document)
    pages, text = read(pdf)
    assert 1 <= pages <= 3
    assert f"Document {kind}" in text
    assert len(text) > 500
    assert pdf == useful_document_pdf(TENANT, document)


def test_tp_card_has_harmonised_fields() -> None:
    pdf = tp_card_pdf(TENANT, MEMBER, CARD, BENEFICIARIES)
    pages, text = read(pdf)
    assert pages >= 1
    assert CARD.amc_number in text and MEMBER.number in text
    assert "du 01/01/2026 au 31/12/2026" in text
    assert "03/10/1995" in text and "14/06/2019" in text  # birth dates
    assert "Pharmacie" in text and "PHAR" in text and "SP" in text and "XXXX" in text
    assert masked_nir(SPOUSE_NIR) in text
    assert NIR not in text.replace(" ", "")
    payload = tp_card_payload(CARD, BENEFICIARIES)
    assert payload.startswith("TPV1|AMC:784512369|ADH:10000042|DEB:20260101|FIN:20261231|")
    assert "LEFÈVRE,Zoé,20190614,01" in payload and "DOM:PHAR=100%;OPTI=SP" in payload
    assert NIR not in payload
    assert to_latin1(payload) in "".join(text.split())
    assert pdf == tp_card_pdf(TENANT, MEMBER, CARD, BENEFICIARIES)


def test_tp_card_ignores_beneficiaries_not_on_the_card() -> None:
    card = replace(CARD, beneficiary_ids=("10000042-01",))
    assert "Zoé" not in tp_card_payload(card, BENEFICIARIES)


def test_attestation() -> None:
    pdf = attestation_pdf(TENANT, MEMBER, CONTRACT, BENEFICIARIES)
    pages, text = read(pdf)
    assert pages >= 1
    assert CONTRACT.number in text and "Confort" in text and "individuel" in text
    assert "Zoé" in text and "Enfant" in text and "Conjoint" in text
    assert "Régime général" in text
    assert masked_nir(NIR) in text
    assert NIR not in text.replace(" ", "")
    assert "établie le 01/01/2026" in text  # default date: latest coverage start
    assert pdf == attestation_pdf(TENANT, MEMBER, CONTRACT, BENEFICIARIES)
    dated = attestation_pdf(TENANT, MEMBER, CONTRACT, BENEFICIARIES, issued_on=PAYMENTS[0].date)
    assert "établie le 14/02/2026" in read(dated)[1]


# -- with the real dataset, through the back office ------------------------------------------
def real_members() -> list[tuple[str, str]]:
    data = dataset()
    return [(t.id, number) for t in data.tenants for number in data.member_numbers(t.id, 2)]


@pytest.mark.parametrize(("tenant", "number"), real_members())
def test_back_office_letters_of_real_members(tenant: str, number: str) -> None:
    office = dataset().backoffice(tenant)
    letters = office.letters(number, None, None, None)
    assert letters
    seen: set[str] = set()
    for item in letters:
        if item.type in seen:  # one of each type is enough (fast suite)
            continue
        seen.add(item.type)
        pdf = office.letter_pdf(number, item.id)
        pages, text = read(pdf)
        assert pages >= 1 and number in text
        assert office.member(number).nir not in text.replace(" ", "")
        assert pdf == office.letter_pdf(number, item.id)


def test_benefit_statement_of_a_real_member_totals_its_payments() -> None:
    data = dataset()
    tenant, number = real_members()[0]
    member = data.backoffice(tenant).member(number)
    payments = data.payments(tenant, number)[:5]
    assert payments
    premium = data.backoffice(tenant).premium(number)
    statement = letter("benefit_statement", "Relevé de prestations")
    pdf = letter_pdf(
        data.tenant(tenant),
        member,
        replace(statement, member_number=number),
        payments,
        premium,
        beneficiaries=data.backoffice(tenant).beneficiaries(number),
    )
    _, text = read(pdf)
    for payment in payments:
        assert payment.id in text and money(payment.total_cents) in text
    lines = [line for payment in payments for line in payment.lines]
    assert money(sum(line.billed_cents for line in lines)) in text
    assert money(sum(line.rest_cents for line in lines)) in text


@pytest.mark.parametrize(("tenant", "number"), real_members()[::2])
def test_back_office_card_attestation_and_documents(tenant: str, number: str) -> None:
    office = dataset().backoffice(tenant)
    card = office.tp_card(number)
    _, text = read(office.tp_card_pdf(number))
    assert card.amc_number in text and number in text
    _, text = read(office.attestation_pdf(number))
    assert office.contract(number).number in text
    for document in office.useful_documents(number):
        pages, text = read(office.useful_document_pdf(number, document.id))
        assert pages >= 1 and document.title.split()[0] in text
