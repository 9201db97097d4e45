"""Letters and documents, the tiers-payant card, quotes processed by the insurer."""

from __future__ import annotations

import pytest

from adapters.fake import FakeBackends
from tests.graph.support import call, data, run

pytestmark = pytest.mark.anyio


async def test_letters_by_date_range_and_type(fake: FakeBackends) -> None:
    query = """query($filter: LetterFilter) { me { letters(filter: $filter, first: 50) {
      totalCount edges { node { date type title url } } } } }"""
    variables = {"filter": {"since": "2026-01-01", "types": ["PREMIUM_CALL", "ATTESTATION"]}}
    letters = data(await run(fake, query, variables))["me"]["letters"]
    found = [e["node"] for e in letters["edges"]]
    assert found and letters["totalCount"] == len(found)
    assert all(n["date"] >= "2026-01-01" for n in found)
    assert {n["type"] for n in found} <= {"PREMIUM_CALL", "ATTESTATION"}
    assert all(n["url"].endswith(".pdf") for n in found)
    query_made = call(fake, "letters")[1]
    assert query_made.since.isoformat() == "2026-01-01"


async def test_letters_page(fake: FakeBackends) -> None:
    query = """query($after: String) { me { letters(first: 5, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }"""
    first = data(await run(fake, query))["me"]["letters"]
    second = data(await run(fake, query, {"after": first["pageInfo"]["endCursor"]}))["me"][
        "letters"
    ]
    assert first["totalCount"] == 14 and first["pageInfo"]["hasNextPage"]
    ids = {e["node"]["id"] for e in first["edges"]} | {e["node"]["id"] for e in second["edges"]}
    assert len(ids) == 10


async def test_useful_documents_card_and_attestation(fake: FakeBackends) -> None:
    query = """{ me {
      usefulDocuments { id kind title url }
      tiersPayantCard { amcNumber validFrom validTo payload pdfUrl
        domains { code mode } beneficiaries { firstName } }
      attestationUrl
    } }"""
    me = data(await run(fake, query))["me"]
    assert {d["kind"] for d in me["usefulDocuments"]} >= {
        "STATUTES",
        "SEPA_MANDATE",
        "BENEFITS_TABLE",
    }
    card = me["tiersPayantCard"]
    assert card["amcNumber"] == "123456789" and card["pdfUrl"].endswith("/tp_card/.pdf")
    assert {"code": "PHAR", "mode": "100%"} in card["domains"]
    assert len(card["beneficiaries"]) == 4
    assert me["attestationUrl"].endswith("/attestation/.pdf")


async def test_quotes_and_prior_approvals(fake: FakeBackends) -> None:
    query = """{ me { quotes { id kind category date status professionalName
      billed { amount } covered { amount } beneficiary { firstName } } } }"""
    quotes = data(await run(fake, query))["me"]["quotes"]
    assert {q["kind"] for q in quotes} == {"QUOTE", "PRIOR_APPROVAL"}
    dental = next(q for q in quotes if q["category"] == "DENTAL")
    assert dental["covered"] == {"amount": "600.00"} and dental["beneficiary"]["firstName"] == "Léa"


async def test_another_adults_quote_is_redacted_without_consent(fake: FakeBackends) -> None:
    query = """{ me { quotes { redacted kind category professionalName covered { amount }
      beneficiary { firstName } } } }"""
    quotes = data(await run(fake, query))["me"]["quotes"]
    (marc,) = [q for q in quotes if q["beneficiary"]["firstName"] == "Marc"]
    assert marc["redacted"] and marc["category"] is None and marc["professionalName"] is None
    assert marc["kind"] == "PRIOR_APPROVAL" and marc["covered"] == {"amount": "1800.00"}
    assert not any(q["redacted"] for q in quotes if q is not marc)
    shown = data(await run(fake, query, adult_lines=True))["me"]["quotes"]
    assert not any(q["redacted"] for q in shown)
    assert {q["professionalName"] for q in shown} >= {"Clinique du Parc"}
