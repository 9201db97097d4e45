"""``GET /documents/{token}`` over a real socket, on the fake platform: links from the graph,
PDF and CSV content, privacy, refusals and back-end errors."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import httpx
import pypdf
import pytest

from adapters.fake import FakeBackends
from adapters.port import (
    BackendTimeout,
    BackendUnavailable,
    DocumentFormat,
    DocumentKind,
    DocumentRef,
)
from gateway.app import create_app
from gateway.documents import SignedLinks, statements
from gateway.documents.render_csv import HEADER
from gateway.settings import DEMO_DOCUMENT_SECRET, Settings
from gateway.tenants import Tenants
from resolvers.context import PARIS
from resolvers.ids import NodeKey, global_id
from resolvers.viewer import Viewer
from tests.gateway.support import bearer, fake_tenants
from tests.support.servers import ServerThread, serving

pytestmark = pytest.mark.integration

MEMBER = Viewer("azur", "10000001", frozenset({"member"}))
EXPORT_CSV = DocumentRef(DocumentKind.PAYMENTS_EXPORT, format=DocumentFormat.CSV)


class Gateway:
    """The served app, its fakes (one per tenant) and its link signer."""

    def __init__(self, server: ServerThread, fakes: dict[str, FakeBackends], links: Any) -> None:
        self.server = server
        self.fakes = fakes
        self.links: SignedLinks = links

    def graph(self, query: str, headers: dict[str, str] | None = None) -> Any:
        response = httpx.post(
            f"{self.server.url}/graphql",
            json={"query": query},
            headers=headers or bearer(),
            timeout=20,
        )
        body = response.json()
        assert "errors" not in body, body
        return body["data"]

    def get(self, path: str) -> httpx.Response:
        return httpx.get(f"{self.server.url}{path}", timeout=20)

    def download(self, ref: DocumentRef, viewer: Viewer = MEMBER) -> httpx.Response:
        return self.get(self.links.link(viewer, ref))


@pytest.fixture(scope="module")
def gateway() -> Iterator[Gateway]:
    settings = Settings.from_environ({})
    tenants: Tenants = fake_tenants(settings)
    fakes = {
        "azur": FakeBackends.create("azur"),
        "bocage": FakeBackends.create("bocage", prefix="2"),
    }

    @asynccontextmanager
    async def backends(settings: Settings, tenants: Tenants) -> AsyncIterator[Any]:
        yield {tenant: fake.backends for tenant, fake in fakes.items()}

    app = create_app(settings, tenants=tenants, backends_factory=backends)
    with serving(app) as server:
        yield Gateway(server, fakes, app.state.links)


def csv_rows(response: httpx.Response) -> list[dict[str, str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    text = response.content.decode("utf-8-sig")
    assert "\r\n" in text
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
    assert tuple(reader.fieldnames or ()) == HEADER
    return list(reader)


def euros(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def assert_download(response: httpx.Response, content_type: str, filename: str) -> None:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(content_type)
    assert response.headers["content-disposition"] == f'attachment; filename="{filename}"'
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_statement_link_from_the_graph_gives_a_pdf(gateway: Gateway) -> None:
    data = gateway.graph("{ me { payments(first: 1) { edges { node { id statementUrl } } } } }")
    url = data["me"]["payments"]["edges"][0]["node"]["statementUrl"]
    response = gateway.get(url)
    assert_download(response, "application/pdf", "decompte-P10000001-000.pdf")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = reader.pages[0].extract_text()
    assert "Décompte de remboursement" in text
    assert "P10000001-000" in text and "Mutuelle Azur Santé" in text
    payment = gateway.fakes["azur"].files["10000001"].payments[0]
    assert payment.lines is not None
    line = payment.lines[0]
    assert f"{line.billed:.2f}".replace(".", ",") in text
    assert line.act_label in text
    assert "€" not in text and "EUR" in text


def test_csv_export_rows_are_consistent_and_private(gateway: Gateway) -> None:
    data = gateway.graph("{ me { paymentsExportUrl(format: CSV) } }")
    response = gateway.get(data["me"]["paymentsExportUrl"])
    today = datetime.now(PARIS).date().isoformat()
    assert_download(response, "text/csv", f"remboursements-origine-{today}.csv")
    rows = csv_rows(response)
    file = gateway.fakes["azur"].files["10000001"]
    assert len(rows) == sum(len(p.lines or ()) for p in file.payments)
    assert rows[0]["N° de paiement"] == file.payments[0].id
    for row in rows:
        billed = euros(row["Montant facturé"])
        parts = ("Remboursement RO", "Remboursement mutuelle", "Autre complémentaire")
        assert billed == sum((euros(row[k]) for k in parts), euros(row["Reste à charge"]))
        assert "." not in row["Montant facturé"]  # French decimal comma
        day = row["Date de paiement"]
        assert len(day) == 10 and day[2] == day[5] == "/"
    # The spouse (adult) is redacted for the adhérent at azur (no consent collected); the
    # back end's confidential line is redacted whoever it belongs to.
    marc = [r for r in rows if r["Bénéficiaire des soins"] == "10000001-02"]
    assert marc and all(
        r["Code acte"] == "" and r["Libellé de l'acte"] == statements.REDACTED_LABEL for r in marc
    )
    confidential = [line.id for p in file.payments for line in p.lines or () if line.confidential]
    assert confidential
    own = [r for r in rows if r["Bénéficiaire des soins"] == "10000001-01"]
    assert sum(r["Libellé de l'acte"] == statements.REDACTED_LABEL for r in own) == len(
        confidential
    )
    child = [r for r in rows if r["Bénéficiaire des soins"] == "10000001-03"]
    assert child and all(r["Code acte"] for r in child)


def test_consenting_tenant_shows_adult_lines(gateway: Gateway) -> None:
    viewer = Viewer("bocage", "20000001", frozenset({"member"}))
    rows = csv_rows(gateway.download(EXPORT_CSV, viewer))
    marc = [r for r in rows if r["Bénéficiaire des soins"] == "20000001-02"]
    assert marc and any(r["Code acte"] for r in marc)


def test_export_of_a_period_and_a_beneficiary(gateway: Gateway) -> None:
    file = gateway.fakes["azur"].files["10000001"]
    first, last = file.payments[9].date, file.payments[0].date
    ref = DocumentRef(
        DocumentKind.PAYMENTS_EXPORT,
        format=DocumentFormat.CSV,
        since=first,
        until=last,
        beneficiary_id="10000001-03",
    )
    response = gateway.download(ref)
    name = f"remboursements-{first.isoformat()}-{last.isoformat()}.csv"
    assert_download(response, "text/csv", name)
    rows = csv_rows(response)
    assert rows and {r["Bénéficiaire des soins"] for r in rows} == {"10000001-03"}
    paid = {datetime.strptime(r["Date de paiement"], "%d/%m/%Y").date() for r in rows}
    assert first <= min(paid) and max(paid) <= last


def test_pdf_export(gateway: Gateway) -> None:
    ref = DocumentRef(DocumentKind.PAYMENTS_EXPORT, since=date(2025, 1, 1))
    response = gateway.download(ref)
    assert response.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Relevé de remboursements" in text
    assert "Paiements du 01/01/2025 au" in text
    assert "Détail confidentiel" in text
    assert reader.metadata is not None and reader.metadata.title == "Relevé de remboursements"


def test_beneficiary_account_gets_only_its_own_lines_and_no_letters(gateway: Gateway) -> None:
    child = Viewer("azur", "10000001", frozenset({"beneficiary"}), beneficiary_id="10000001-03")
    rows = csv_rows(gateway.download(EXPORT_CSV, child))
    assert rows and {r["Bénéficiaire des soins"] for r in rows} == {"10000001-03"}
    letter = DocumentRef(DocumentKind.LETTER, "LET10000001-00")
    refused = gateway.download(letter, child)
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    other = gateway.fakes["azur"].files["10000001"].payments
    not_theirs = next(
        p.id for p in other if all(li.beneficiary_id != "10000001-03" for li in p.lines or ())
    )
    statement = DocumentRef(DocumentKind.PAYMENT_STATEMENT, not_theirs)
    assert gateway.download(statement, child).status_code == 404


@pytest.mark.parametrize("kind", [DocumentKind.TP_CARD, DocumentKind.ATTESTATION])
def test_beneficiary_account_gets_its_own_card_and_attestation(
    gateway: Gateway, kind: DocumentKind
) -> None:
    family = gateway.fakes["azur"].files["10000001"].beneficiaries
    child = next(b for b in family if b.id == "10000001-03")
    account = Viewer("azur", "10000001", frozenset({"beneficiary"}), beneficiary_id=child.id)
    response = gateway.download(DocumentRef(kind), account)
    assert_download(response, "application/pdf", f"{kind.value.replace('_', '-')}.pdf")
    text = "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    assert child.first_name in text and "10000001" in text
    others = [b for b in family if b.id != child.id]
    assert others and not any(b.first_name in text for b in others)
    assert not any(b.nir and b.nir[:13] in text for b in family)
    # The holder still gets the platform's family document.
    holder = gateway.download(DocumentRef(kind))
    assert holder.status_code == 200 and holder.content != response.content


def test_beneficiary_account_card_in_the_graph_is_its_own(gateway: Gateway) -> None:
    token = bearer(roles=["beneficiary"], beneficiary="10000001-03")
    card = gateway.graph(
        "{ me { tiersPayantCard { payload amcNumber beneficiaries { id } } } }", token
    )["me"]["tiersPayantCard"]
    assert card["payload"] is None and card["amcNumber"]
    assert [b["id"] for b in card["beneficiaries"]] == [
        global_id("Beneficiary", NodeKey("azur", "10000001", "10000001-03"))
    ]


@pytest.mark.parametrize(
    ("query", "filename"),
    [
        ("{ me { letters(first: 1) { edges { node { url } } } } }", "letter-LET10000001-00.pdf"),
        ("{ me { attestationUrl } }", "attestation-current.pdf"),
        ("{ me { tiersPayantCard { pdfUrl } } }", "tp_card-current.pdf"),
    ],
)
def test_platform_files(gateway: Gateway, query: str, filename: str) -> None:
    data = gateway.graph(query)["me"]
    url = (
        data.get("attestationUrl")
        or (data.get("tiersPayantCard") or {}).get("pdfUrl")
        or data["letters"]["edges"][0]["node"]["url"]
    )
    response = gateway.get(url)
    assert_download(response, "application/pdf", filename)
    assert response.content.startswith(b"%PDF")


def test_tampered_token_is_403(gateway: Gateway) -> None:
    path = gateway.links.link(MEMBER, EXPORT_CSV)
    last = path[-1]
    tampered = path[:-1] + ("A" if last != "A" else "B")
    response = gateway.get(tampered)
    assert response.status_code == 403
    assert response.json() == {
        "errors": [
            {
                "message": "This download link is not valid.",
                "extensions": {"code": "FORBIDDEN", "reason": "INVALID_LINK"},
            }
        ]
    }
    assert response.headers["cache-control"] == "no-store"
    assert gateway.get("/documents/not-a-token").status_code == 403


def test_expired_token_is_410(gateway: Gateway) -> None:
    old = SignedLinks(DEMO_DOCUMENT_SECRET, clock=lambda: time.time() - 301)
    response = gateway.get(old.link(MEMBER, EXPORT_CSV))
    assert response.status_code == 410
    assert response.json()["errors"][0]["extensions"] == {
        "code": "FORBIDDEN",
        "reason": "LINK_EXPIRED",
    }


def test_tokens_of_another_deployment_or_tenant_are_403(gateway: Gateway) -> None:
    elsewhere = SignedLinks("another-deployment-secret-0123456789")
    assert gateway.get(elsewhere.link(MEMBER, EXPORT_CSV)).status_code == 403
    unknown = Viewer("cevennes", "30000001", frozenset({"member"}))  # not configured here
    assert gateway.download(EXPORT_CSV, unknown).status_code == 403


def test_not_found_and_backend_errors_are_json(gateway: Gateway) -> None:
    missing = gateway.download(DocumentRef(DocumentKind.LETTER, "LET-NOPE"))
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert missing.json()["errors"][0]["extensions"]["platform"] == "fake"
    calls = gateway.fakes["azur"].calls
    try:
        calls.fail("document", BackendTimeout("slow", platform="fake", operation="document"))
        timeout = gateway.download(DocumentRef(DocumentKind.ATTESTATION))
        calls.fail(
            "search_payments",
            BackendUnavailable(
                "down http://10.0.0.1", platform="fake", operation="x", retry_after=7
            ),
        )
        down = gateway.download(EXPORT_CSV)
    finally:
        calls.clear()
    assert timeout.status_code == 504
    assert timeout.json()["errors"][0]["extensions"]["code"] == "BACKEND_TIMEOUT"
    assert down.status_code == 503
    assert down.headers["retry-after"] == "7"
    error = down.json()["errors"][0]
    assert error["extensions"]["code"] == "BACKEND_UNAVAILABLE"
    assert "10.0.0.1" not in down.text and "Traceback" not in down.text
    assert len(error["extensions"]["requestId"]) == 32


def test_too_long_an_export_is_refused(gateway: Gateway, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(statements, "MAX_EXPORT_PAYMENTS", 10)  # the fake member has 60
    response = gateway.download(EXPORT_CSV)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_metrics_label_the_route_template(gateway: Gateway) -> None:
    gateway.get("/documents/whatever")
    text = gateway.get("/metrics").text
    assert 'route="/documents/{token}",method="GET",status="403"' in text
    assert "whatever" not in text
