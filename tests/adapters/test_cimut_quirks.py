"""Cimut's legacy formats and code tables (unit tests, no I/O)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from adapters.port import (
    ActCodeSystem,
    CareCategory,
    ChangeRequestStatus,
    LetterType,
    PaymentRecipientKind,
    QuoteCategory,
    Regime,
)
from adapters.soap import cimut_codes as codes
from adapters.soap import cimut_papers as papers
from adapters.soap import cimut_quirks as quirks
from adapters.soap.cimut_payments import plan_pages


def test_dates_both_ways() -> None:
    assert quirks.parse_date("09/03/2026") == date(2026, 3, 9)
    assert quirks.parse_date(" 29/02/2024 ") == date(2024, 2, 29)
    assert quirks.format_date(date(2026, 3, 9)) == "09/03/2026"
    assert quirks.parse_optional_date(None) is None
    assert quirks.parse_optional_date("") is None
    for bad in ("31/02/2026", "2026-03-09", "9/3/2026", None, "09/13/2026"):
        with pytest.raises(ValueError):
            quirks.parse_date(bad)


def test_timestamps_are_paris_wall_clock_and_aware() -> None:
    winter = quirks.parse_datetime("15/01/2026 08:30:06")
    summer = quirks.parse_datetime("15/07/2026 08:30:06")
    assert winter.tzinfo is not None and winter.utcoffset() == timedelta(hours=1)
    assert summer.utcoffset() == timedelta(hours=2)
    assert (winter.hour, winter.minute, winter.second) == (8, 30, 6)
    assert quirks.parse_datetime("15/01/2026 08:30") == winter.replace(second=0)
    assert quirks.parse_optional_datetime(None) is None
    with pytest.raises(ValueError):
        quirks.parse_datetime("15/01/2026")
    with pytest.raises(ValueError):
        quirks.parse_datetime("15/01/2026 25:00:00")


@pytest.mark.parametrize(
    ("wire", "euros"),
    [
        ("21,00", "21.00"),
        ("-3,50", "-3.50"),
        ("0,05", "0.05"),
        ("1234567,89", "1234567.89"),
        ("2,5", "2.50"),
        ("7", "7.00"),
        ("6.90", "6.90"),
        ("1 234,50", "1234.50"),
        ("1\u00a0234,50", "1234.50"),
    ],
)
def test_amounts_are_decimal_euros_with_two_decimals(wire: str, euros: str) -> None:
    amount = quirks.parse_amount(wire)
    assert amount == Decimal(euros)
    assert amount.as_tuple().exponent == -2


@pytest.mark.parametrize("wire", ["", "21,", ",50", "21,005", "abc", "1,2,3", "--1,00", None])
def test_amounts_refuse_junk(wire: str | None) -> None:
    with pytest.raises(ValueError):
        quirks.parse_amount(wire)


def test_flags() -> None:
    assert quirks.parse_flag("O") is True
    assert quirks.parse_flag("N") is False
    assert quirks.parse_flag(" o ") is True
    assert quirks.format_flag(True) == "O" and quirks.format_flag(False) == "N"
    for bad in ("Y", "", None, "OUI"):
        with pytest.raises(ValueError):
            quirks.parse_flag(bad)


def test_phones_go_national() -> None:
    assert quirks.wire_phone("+33612345678") == "0612345678"
    assert quirks.wire_phone("0033 6 12 34 56 78") == "0612345678"
    assert quirks.wire_phone("06.12.34.56.78") == "0612345678"
    for bad in ("+4915112345678", "061234567", "+33012345678"):
        with pytest.raises(ValueError):
            quirks.wire_phone(bad)


def test_identifiers_and_texts() -> None:
    assert quirks.is_member_number("10000001") and not quirks.is_member_number("1000001")
    assert quirks.is_beneficiary_id("10000001-02")
    assert not quirks.is_beneficiary_id("10000001-2")
    assert quirks.is_identifier("R10000001-0042") and not quirks.is_identifier("a b")
    assert not quirks.is_identifier("x" * 65)
    assert quirks.many(None) == [] and quirks.many("a") == ["a"] and quirks.many([1]) == [1]
    assert quirks.optional_text("  ") is None and quirks.text(" a ") == "a"
    with pytest.raises(ValueError):
        quirks.text(None)
    assert len(quirks.clip("x" * 300)) == 255


def test_code_tables_to_port_enums() -> None:
    assert codes.decode(codes.LETTER_TYPE, "APC") is LetterType.PREMIUM_CALL
    assert codes.decode(codes.RECIPIENT, "P") is PaymentRecipientKind.PROFESSIONAL
    assert codes.decode(codes.REQUEST_STATUS, "40") is ChangeRequestStatus.REJECTED
    assert codes.decode(codes.ACT_SYSTEM, "CIP") is ActCodeSystem.CIP13
    assert codes.decode(codes.ACT_SYSTEM, "FRF") is ActCodeSystem.FLAT_FEE
    assert codes.encode(codes.LETTER_TYPE, LetterType.TP_CARD) == "CTP"
    # Care families: unknown three-letter codes are OTHER, as the XSD allows new ones.
    assert codes.care_category("FJH") is CareCategory.DAILY_HOSPITAL_FEE
    assert codes.care_category("XYZ") is CareCategory.OTHER
    # Tables without an OTHER member refuse unknown codes (MalformedResponse upstream).
    with pytest.raises(ValueError):
        codes.decode(codes.QUOTE_CATEGORY, "PHA")
    assert codes.decode(codes.QUOTE_CATEGORY, "AUD") is QuoteCategory.HEARING
    assert codes.regime("91") is Regime.MGEN
    assert codes.regime("42") is None


def test_every_table_covers_its_enum() -> None:
    for table in (codes.LETTER_TYPE, codes.REQUEST_KIND, codes.DOCUMENT_KIND, codes.ACT_SYSTEM):
        enum = type(next(iter(table.values())))
        assert set(table.values()) == set(enum)


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        ("Décès de mon époux", "DC"),
        ("Il a rejoint la mutuelle de son employeur", "MU"),
        ("Divorce prononcé", "SE"),
        ("Fin d'études de ma fille", "FE"),
        ("Pour convenance", "AU"),
    ],
)
def test_removal_reasons_get_a_code(reason: str, code: str) -> None:
    assert codes.removal_reason(reason) == code


@pytest.mark.parametrize(
    ("offset", "limit"),
    [
        (0, 20),
        (40, 20),
        (10, 20),
        (0, 50),
        (50, 50),
        (25, 50),
        (90, 20),
        (130, 7),
        (0, 150),
        (3, 100),
        (5, 0),
    ],
)
def test_page_plans_cover_the_window_with_few_pages(offset: int, limit: int) -> None:
    plan = plan_pages(offset, limit)
    assert 1 <= plan.size <= 100 and plan.first >= 1
    end = plan.start + plan.size * plan.count
    assert plan.start <= offset and (limit == 0 or end >= offset + limit)
    if limit <= 100:
        assert plan.count <= 2
    if offset + limit <= 100 and limit > 0:
        assert plan.count == 1  # a size that holds the window in page 1 always exists


def test_aligned_windows_map_to_their_page() -> None:
    assert plan_pages(40, 20) == plan_pages(40, 20).__class__(size=20, first=3, count=1)
    plan = plan_pages(10, 20)
    assert (plan.size, plan.first, plan.count) == (30, 1, 1)


def _line(**overrides: Any) -> SimpleNamespace:
    fields: dict[str, Any] = {
        "identifiantLigne": "L1",
        "identifiantBeneficiaire": "10000001-01",
        "codeNomenclature": "NGAP",
        "codeActe": "G",
        "libelleActe": "Consultation",
        "codeFamille": "CON",
        "dateDebutSoins": "02/03/2026",
        "dateFinSoins": "02/03/2026",
        "quantite": 1,
        "montantDepense": "30,00",
        "baseRemboursement": "30,00",
        "tauxRO": 70,
        "participationForfaitaire": "2,00",
        "franchise": "0,00",
        "montantRO": "19,00",
        "montantRC": "9,00",
        "montantAutreOC": "0,00",
        "resteACharge": "2,00",
        "identifiantPS": None,
        "nomPS": None,
        "confidentiel": "N",
    }
    return SimpleNamespace(**{**fields, **overrides})


def _payment(*lines: SimpleNamespace) -> SimpleNamespace:
    return SimpleNamespace(
        identifiantPaiement="R1",
        datePaiement="05/03/2026",
        codeModeReglement="VIR",
        codeDestinataire="A",
        nomDestinataire="Jeanne Martin",
        identifiantDestinataire=None,
        montantTotal="9,00",
        nombreLignes=len(lines),
        identifiantBeneficiaire=None,
        ligne=list(lines),
    )


def test_the_gp_example_reads_as_the_domain_says() -> None:
    payment = papers.payment(_payment(_line()), with_lines=True)
    assert payment.lines is not None
    (line,) = payment.lines
    assert (line.amo_paid, line.mutuelle_paid, line.out_of_pocket) == (
        Decimal("19.00"),
        Decimal("9.00"),
        Decimal("2.00"),
    )
    assert payment.beneficiary_ids == ("10000001-01",)  # taken from the lines
    summary = papers.payment(_payment(), with_lines=False)
    assert summary.lines is None and summary.total == Decimal("9.00")


def test_a_line_that_does_not_add_up_is_refused() -> None:
    with pytest.raises(ValueError):
        papers.payment(_payment(_line(resteACharge="3,00")), with_lines=True)
    with pytest.raises(ValueError):
        papers.payment(_payment(_line(montantRC="-1,00", resteACharge="12,00")), with_lines=True)


def test_change_request_timestamps_are_aware() -> None:
    demande = SimpleNamespace(
        identifiantDemande="DEM-1",
        codeTypeDemande="RIB",
        codeStatut="10",
        dateHeureCreation="01/03/2026 10:00:00",
        dateHeureMiseAJour="01/03/2026 10:00:00",
        libelleDemande="Changement de RIB",
        pieceJointe=[SimpleNamespace(nomFichier="rib.pdf", typeMime="application/pdf", taille=12)],
    )
    request = papers.change_request(demande)
    assert request.created_at == datetime.fromisoformat("2026-03-01T10:00:00+01:00")
    assert request.attachments[0].size == 12
