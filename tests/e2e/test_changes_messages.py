"""What a member sends to the mutuelle or fetches from it, on every tenant, over real sockets.

A message with an attachment, a reply in an existing thread, a quote's immediate estimate
and its submission for review (Santéclair tenants only), and the download of documents
(attestation, tiers-payant card, letter, payment statement, CSV export). Each test uses its
own member (changes_support.MEMBER_INDEX) so that the tests do not see each other's
changes.
"""

from __future__ import annotations

import io

import pypdf
import pytest

from tests.e2e.changes_support import PDF, multipart, ok, reserved_member
from tests.e2e.harness import NETWORKS_OF, PLATFORM_OF, Product

pytestmark = pytest.mark.integration

SEND_OPERATION = {"cimut": "EnvoyerMessage", "cegedim": "sendMessage"}


def test_message_with_attachment(product: Product, tenant: str) -> None:
    token = product.token(tenant, reserved_member(product, tenant, "message"))
    mutation = """mutation($i: SendMessageInput!) { sendMessage(input: $i) {
        message { id subject attachments { filename } } } }"""
    variables = {"i": {"subject": "Remboursement", "body": "Bonjour, ...", "attachments": [None]}}
    data = ok(
        multipart(
            product,
            token,
            mutation,
            variables,
            {"variables.i.attachments.0": ("facture.pdf", PDF, "application/pdf")},
        )
    )
    sent = data["sendMessage"]["message"]
    assert sent["attachments"][0]["filename"] == "facture.pdf"
    listed = product.data(token, "{ me { messages(first: 20) { edges { node { id } } } } }")
    assert sent["id"] in {e["node"]["id"] for e in listed["me"]["messages"]["edges"]}


def test_reply_in_an_existing_thread(product: Product, tenant: str) -> None:
    token = product.token(tenant, reserved_member(product, tenant, "reply", with_messages=True))
    threads = product.data(token, "{ me { threads { id subject messages { id } } } }")
    thread = threads["me"]["threads"][0]
    mutation = """mutation($i: SendMessageInput!) { sendMessage(input: $i) {
        message { id threadId subject } thread { id messages { id } } } }"""
    variables = {
        "i": {
            "subject": "Re: " + thread["subject"][:100],
            "body": "Merci, et ...",
            "threadId": thread["id"],
        }
    }
    sent, spent = product.calls_during(
        (PLATFORM_OF[tenant],), lambda: product.data(token, mutation, variables)
    )
    reply = sent["sendMessage"]
    assert reply["message"]["threadId"] == reply["thread"]["id"] == thread["id"]
    assert spent[f"{PLATFORM_OF[tenant]}.{SEND_OPERATION[PLATFORM_OF[tenant]]}"] == 1
    later = product.data(
        token,
        """{ me { threads { id messages { id direction } }
             messages(first: 50) { edges { node { id threadId } } } } }""",
    )["me"]
    same = next(t for t in later["threads"] if t["id"] == thread["id"])
    assert reply["message"]["id"] in {m["id"] for m in same["messages"]}
    assert {m["id"] for m in thread["messages"]} < {m["id"] for m in same["messages"]}
    assert later["threads"][0]["id"] == thread["id"]  # now the most recently active
    listed = {e["node"]["id"]: e["node"]["threadId"] for e in later["messages"]["edges"]}
    assert listed[reply["message"]["id"]] == thread["id"]
    assert len(later["threads"]) == len(threads["me"]["threads"])  # no new thread


def test_quote_estimate_and_review(product: Product, tenant: str) -> None:
    number = reserved_member(product, tenant, "quote")
    token = product.token(tenant, number)
    beneficiary = product.data(token, "{ me { beneficiaries { id } } }")["me"]["beneficiaries"][0]
    estimate = """query($i: QuoteEstimateInput!) { quoteEstimate(input: $i) {
        billed { amount } amoPaid { amount } mutuellePaid { amount } outOfPocket { amount } } }"""
    variables = {
        "i": {
            "category": "DENTAL",
            "beneficiaryId": beneficiary["id"],
            "items": [{"actCode": "HBLD036", "billedAmount": "550.00"}],
        }
    }
    if "santeclair" not in NETWORKS_OF[tenant]:
        body = product.graphql(token, estimate, variables).json()
        assert body["errors"][0]["extensions"]["code"] == "BACKEND_UNAVAILABLE"
        return
    result = product.data(token, estimate, variables)["quoteEstimate"]
    parts = sum(float(result[k]["amount"]) for k in ("amoPaid", "mutuellePaid", "outOfPocket"))
    assert round(parts, 2) == float(result["billed"]["amount"]) == 550.0
    mutation = """mutation($i: QuoteReviewInput!) { submitQuoteForReview(input: $i) {
        review { reference status answerDueAt } } }"""
    review_vars = {"i": {"category": "OPTICAL", "beneficiaryId": beneficiary["id"], "file": None}}
    data = ok(
        multipart(
            product,
            token,
            mutation,
            review_vars,
            {"variables.i.file": ("devis.pdf", PDF, "application/pdf")},
        )
    )
    assert data["submitQuoteForReview"]["review"]["status"] == "SUBMITTED"


def test_documents_download(product: Product, tenant: str) -> None:
    token = product.token(tenant, reserved_member(product, tenant, "documents"))
    query = """{ me { attestationUrl tiersPayantCard { pdfUrl }
        letters(first: 1) { edges { node { url } } }
        payments(first: 1, filter: {period: LAST_24_MONTHS}) { edges { node { statementUrl } } }
        csv: paymentsExportUrl(filter: {period: LAST_12_MONTHS}, format: CSV) } }"""
    me = product.data(token, query)["me"]
    urls = [
        me["attestationUrl"],
        me["tiersPayantCard"]["pdfUrl"],
        me["letters"]["edges"][0]["node"]["url"],
        me["payments"]["edges"][0]["node"]["statementUrl"],
    ]
    for url in urls:
        response = product.http.get(f"{product.gateway_url}{url}")
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), url
    csv = product.http.get(f"{product.gateway_url}{me['csv']}")
    assert csv.status_code == 200 and "text/csv" in csv.headers["content-type"]


def test_a_beneficiary_account_downloads_only_its_own_card_and_attestation(
    product: Product, tenant: str
) -> None:
    """On the real platforms, whose card and attestation print the whole family: a
    beneficiary's own account gets documents of its own (gateway/documents/certificates.py),
    and its card in the graph has only itself and no family datamatrix."""
    office = product.dataset.backoffice(tenant)
    number, family = next(
        (n, people)
        for n in product.dataset.member_numbers(tenant, 40)
        if len(people := office.beneficiaries(n)) >= 3
        and len({b.first_name for b in people}) == len(people)
    )
    own = next(b for b in family if b.quality != "00" and b.close_date is None)
    token = product.token(tenant, number, roles=["beneficiary"], beneficiary=own.id)
    me = product.data(
        token, "{ me { attestationUrl tiersPayantCard { payload pdfUrl beneficiaries { id } } } }"
    )["me"]
    assert me["tiersPayantCard"]["payload"] is None
    assert len(me["tiersPayantCard"]["beneficiaries"]) == 1
    for url in (me["attestationUrl"], me["tiersPayantCard"]["pdfUrl"]):
        response = product.http.get(f"{product.gateway_url}{url}")
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), url
        pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
        text = " ".join(page.extract_text() for page in pages)
        assert own.first_name in text and number in text
        assert not any(b.first_name in text for b in family if b.id != own.id), text
