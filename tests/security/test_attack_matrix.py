"""The attack matrix, over real sockets: every way in × every attacker, against one family.

Ways in: each branch of ``me`` (and the same branches of the target's ``Member`` reached by
``node(id:)``), the other root fields, ``node(id:)`` for every Node type, the arguments
that carry ids, the ten mutations, and the document links. Attackers: no or bad tokens
(401 UNAUTHENTICATED), a member of the same mutuelle, a member and an advisor of another
mutuelle (all holding the target's global ids), the partner's own beneficiary account
trying to read the adhérent's or the children's data, and beneficiary accounts whose
beneficiary is not of the member they name. Every refusal must:

* carry the expected code, and look exactly the same for a made-up id of the same type
  (ids cannot be probed);
* hold no value of the target anywhere (scanned in the JSON strings and in what base64
  ids decode to: names, member number, NIR, IBAN, e-mail, phones, payment ids, amounts);
* for mutations, change nothing: the target's records in the platform's back office are
  the same afterwards, and the platform saw no call at all.

The advisor of the target's own mutuelle may read the member (each health-data read is
audited with the advisor role) but may change nothing and download nothing.
"""

from __future__ import annotations

import base64
import io
import json
import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from pypdf import PdfReader
from schwifty import IBAN

from gateway.documents.links import PATH_PREFIX, SignedLinks
from gateway.settings import DEMO_DOCUMENT_SECRET
from tests.security.conftest import SecuredProduct, leaked
from tests.security.matrix_support import (
    ATTACKERS,
    BAD_TOKENS,
    ME_BRANCHES,
    NEIGHBOUR,
    PDF,
    PLATFORM,
    TARGET,
    TENANT,
    World,
    attacker_token,
    bad_token,
    build_world,
)

pytestmark = pytest.mark.integration

URL_BRANCHES = {"paymentsExport", "attestation"}  # nothing but a link: advisors may not
ROOTS = {
    "node": ("query($m: ID!) { node(id: $m) { id ... on Member { number } } }", True),
    "healthProfessionals": (
        '{ healthProfessionals(near: {postcode: "06800"}, first: 3) { edges { node { id } } } }',
        False,
    ),
    "quoteEstimate": (
        "query($b: ID!) { quoteEstimate(input: {category: DENTAL, beneficiaryId: $b, "
        'items: [{actCode: "HBLD036", billedAmount: "500.00"}]}) { billed { amount } } }',
        False,
    ),
}
_IBAN = str(IBAN.generate("FR", bank_code="30004", account_code="00012345678"))
# name → (document, variables from the ids, path of the file part or None)
MUTATIONS: dict[str, tuple[str, Any, str | None]] = {
    "updateContactDetails": (
        "mutation($i: ContactDetailsInput!) { updateContactDetails(input: $i) { "
        "changeRequest { id } member { email } } }",
        lambda ids: {"i": {"email": "pirate@example.com", "mobilePhone": "0611223344"}},
        None,
    ),
    "updatePostalAddress": (
        "mutation($i: PostalAddressInput!) { updatePostalAddress(input: $i) { "
        "changeRequest { id } } }",
        lambda ids: {"i": {"line1": "1 rue du Pirate", "postcode": "75001", "town": "Paris"}},
        None,
    ),
    "updateBankAccount": (
        "mutation($i: BankAccountInput!) { updateBankAccount(input: $i) { changeRequest { id } } }",
        lambda ids: {
            "i": {
                "purpose": "REIMBURSEMENT",
                "holder": "Pirate",
                "iban": _IBAN,
                "bic": "BNPAFRPP",
                "rib": None,
            }
        },
        "variables.i.rib",
    ),
    "addBeneficiary": (
        "mutation($i: AddBeneficiaryInput!) { addBeneficiary(input: $i) { changeRequest { id } } }",
        lambda ids: {
            "i": {
                "firstName": "Pirate",
                "lastName": "Test",
                "birthDate": "2020-01-01",
                "quality": "CHILD",
                "proof": None,
            }
        },
        "variables.i.proof",
    ),
    "removeBeneficiary": (
        "mutation($i: RemoveBeneficiaryInput!) { removeBeneficiary(input: $i) { "
        "changeRequest { id } } }",
        lambda ids: {"i": {"beneficiaryId": ids["Beneficiary:child"], "reason": "Pirate"}},
        None,
    ),
    "requestTiersPayantCard": (
        "mutation { requestTiersPayantCard { changeRequest { id } } }",
        lambda ids: {},
        None,
    ),
    "setPaperlessStatements": (
        "mutation($e: Boolean!) { setPaperlessStatements(enabled: $e) { changeRequest { id } } }",
        lambda ids: {"e": True},
        None,
    ),
    "setReimbursementNotifications": (
        "mutation($e: Boolean!) { setReimbursementNotifications(enabled: $e) { "
        "changeRequest { id } } }",
        lambda ids: {"e": False},
        None,
    ),
    "sendMessage": (
        "mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } "
        "thread { id subject } } }",
        lambda ids: {"i": {"subject": "Pirate", "body": "Pirate", "threadId": ids["Thread"]}},
        None,
    ),
    "submitQuoteForReview": (
        "mutation($i: QuoteReviewInput!) { submitQuoteForReview(input: $i) { "
        "review { reference } } }",
        lambda ids: {
            "i": {"category": "OPTICAL", "beneficiaryId": ids["Beneficiary:child"], "file": None}
        },
        "variables.i.file",
    ),
}
ID_MUTATIONS = ("removeBeneficiary", "sendMessage", "submitQuoteForReview")
# The id arguments of queries: (document, variable name, id name in the world).
ID_ARGUMENTS = {
    "payments.beneficiaryId": (
        "query($b: ID!) { me { payments(filter: {beneficiaryId: $b}) { edges { node { id } } } } }",
        "b",
        "Beneficiary:child",
    ),
    "paymentsExportUrl.beneficiaryId": (
        "query($b: ID!) { me { paymentsExportUrl(filter: {beneficiaryId: $b}) } }",
        "b",
        "Beneficiary:child",
    ),
    "quoteEstimate.beneficiaryId": (ROOTS["quoteEstimate"][0], "b", "Beneficiary:child"),
}
# Which of the target's nodes each attacker must not reach.
FAMILY_ONLY = {"Member", "Contract", "Beneficiary:spouse", "Document", "HealthProfessional"}
ALL_NODES = [
    "Member",
    "Contract",
    "Beneficiary:adherent",
    "Beneficiary:spouse",
    "Beneficiary:child",
    "Payment:adherent",
    "Payment:child",
    "Letter",
    "Document",
    "Quote:adherent",
    "Quote:child",
    "Message",
    "Thread",
    "ChangeRequest",
]
NODES = {"neighbour": ALL_NODES}  # the professionals of one's own mutuelle are public
NODES["stranger"] = [*NODES["neighbour"], "HealthProfessional"]
NODES["foreign-advisor"] = NODES["stranger"]
NODES["spouse"] = [n for n in NODES["neighbour"] if n not in FAMILY_ONLY]
NODE_CASES = [(a, n) for a in ATTACKERS for n in NODES[a]]
FORGERIES = ("tampered", "truncated", "spliced", "demo-secret", "other-secret", "expired")


@pytest.fixture(scope="module")
def world(secured: SecuredProduct) -> World:
    return build_world(secured)


def send(
    product: SecuredProduct,
    token: str | None,
    query: str,
    variables: dict[str, Any] | None = None,
    file_path: str | None = None,
) -> httpx.Response:
    """A GraphQL request as JSON, or as a multipart upload when a file goes with it."""
    if file_path is None:
        return product.graphql(token, query, variables)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return product.http.post(
        f"{product.gateway_url}/graphql",
        data={
            "operations": json.dumps({"query": query, "variables": variables}),
            "map": json.dumps({"0": [file_path]}),
        },
        files={"0": ("piece.pdf", PDF, "application/pdf")},
        headers=headers,
    )


def codes(response: httpx.Response) -> set[str]:
    return {e["extensions"]["code"] for e in response.json().get("errors") or ()}


def assert_no_leak(response: httpx.Response, secrets: frozenset[str]) -> None:
    found = leaked(response.text, secrets)
    assert not found, f"target values in the response: {found}\n{response.text[:2000]}"


def assert_unauthenticated(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    body = response.json()
    assert set(body) == {"errors"} and codes(response) == {"UNAUTHENTICATED"}, body
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def platform_calls(product: SecuredProduct, run: Any) -> tuple[Any, dict[str, int]]:
    result, spent = product.calls_during((PLATFORM,), run)
    return result, dict(spent)


def changes_nothing(product: SecuredProduct, world: World, run: Any) -> httpx.Response:
    """Runs a refused change; fails if the target's records moved or the platform was called."""
    before = world.snapshot()
    response, calls = platform_calls(product, run)
    assert calls == {}, f"the platform was called: {calls}"
    assert world.snapshot() == before, "the target's records changed"
    return response  # type: ignore[no-any-return]


# --- Bad tokens: 401 on every way in --------------------------------------------------------

SURFACES = [f"me.{b}" for b in ME_BRANCHES] + [f"root.{r}" for r in ROOTS]
SURFACES += [f"mutation.{m}" for m in MUTATIONS]


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("token_name", BAD_TOKENS)
def test_bad_token_is_refused_everywhere(
    secured: SecuredProduct, world: World, token_name: str, surface: str
) -> None:
    token = bad_token(token_name)
    kind, _, name = surface.partition(".")
    if kind == "me":
        response = send(secured, token, f"{{ me {{ {ME_BRANCHES[name]} }} }}")
    elif kind == "root":
        query, member = ROOTS[name]
        ids = {"m": world.ids["Member"]} if member else {"b": world.ids["Beneficiary:child"]}
        response = send(secured, token, query, ids if "$" in query else None)
    else:
        query, variables, file_path = MUTATIONS[name]
        response = changes_nothing(
            secured,
            world,
            lambda: send(secured, token, query, variables(world.ids), file_path),
        )
    assert_unauthenticated(response)
    assert_no_leak(response, world.everything)


@pytest.mark.parametrize("token_name", BAD_TOKENS)
def test_bad_token_is_refused_over_get(
    secured: SecuredProduct, world: World, token_name: str
) -> None:
    token = bad_token(token_name)
    response = secured.http.get(
        f"{secured.gateway_url}/graphql",
        params={"query": f"{{ me {{ {ME_BRANCHES['profile']} }} }}"},
        headers={"Authorization": f"Bearer {token}"} if token else {},
    )
    assert_unauthenticated(response)
    assert_no_leak(response, world.everything)


# --- Valid tokens of the wrong people, holding the target's ids -----------------------------


def _secrets_for(attacker: str, world: World) -> frozenset[str]:
    return world.hidden_from_spouse if attacker == "spouse" else world.everything


def _same_refusal(real: httpx.Response, fake: httpx.Response) -> None:
    assert real.status_code == fake.status_code == 200
    assert real.json() == fake.json(), "the refusal tells an existing id from a made-up one"


@pytest.mark.parametrize(("attacker", "node"), NODE_CASES)
def test_node_of_the_target_is_not_found(
    secured: SecuredProduct, world: World, attacker: str, node: str
) -> None:
    token = attacker_token(attacker)
    query = "query($id: ID!) { node(id: $id) { id } }"
    real = send(secured, token, query, {"id": world.ids[node]})
    assert real.json()["data"] == {"node": None} and codes(real) == {"NOT_FOUND"}, real.text
    assert_no_leak(real, _secrets_for(attacker, world))
    _same_refusal(real, send(secured, token, query, {"id": world.fakes[node]}))


STRANGERS = ("neighbour", "stranger", "foreign-advisor")


@pytest.mark.parametrize("branch", ME_BRANCHES)
@pytest.mark.parametrize("attacker", STRANGERS)
def test_branches_of_the_targets_member_are_not_found(
    secured: SecuredProduct, world: World, attacker: str, branch: str
) -> None:
    token = attacker_token(attacker)
    query = f"query($id: ID!) {{ node(id: $id) {{ ... on Member {{ {ME_BRANCHES[branch]} }} }} }}"
    real = send(secured, token, query, {"id": world.ids["Member"]})
    assert real.json()["data"] == {"node": None} and codes(real) == {"NOT_FOUND"}, real.text
    assert_no_leak(real, world.everything)
    _same_refusal(real, send(secured, token, query, {"id": world.fakes["Member"]}))


@pytest.mark.parametrize("argument", ID_ARGUMENTS)
@pytest.mark.parametrize("attacker", ATTACKERS)
def test_target_ids_as_arguments_are_refused(
    secured: SecuredProduct, world: World, attacker: str, argument: str
) -> None:
    token = attacker_token(attacker)
    query, variable, node = ID_ARGUMENTS[argument]
    real = send(secured, token, query, {variable: world.ids[node]})
    assert codes(real) and codes(real) <= {"BAD_USER_INPUT", "NOT_FOUND"}, real.text
    assert_no_leak(real, _secrets_for(attacker, world))
    _same_refusal(real, send(secured, token, query, {variable: world.fakes[node]}))


MUTATION_CASES = [(a, m) for a in ("neighbour", "stranger") for m in ID_MUTATIONS]
MUTATION_CASES += [(a, m) for a in ("spouse", "foreign-advisor") for m in MUTATIONS]


@pytest.mark.parametrize(("attacker", "mutation"), MUTATION_CASES)
def test_mutation_by_the_wrong_viewer_changes_nothing(
    secured: SecuredProduct, world: World, attacker: str, mutation: str
) -> None:
    token = attacker_token(attacker)
    query, variables, file_path = MUTATIONS[mutation]
    real = changes_nothing(
        secured, world, lambda: send(secured, token, query, variables(world.ids), file_path)
    )
    body = real.json()
    assert body["data"] is None, body
    expected = {"FORBIDDEN"} if attacker in ("spouse", "foreign-advisor") else {"BAD_USER_INPUT"}
    assert codes(real) == expected, body
    assert_no_leak(real, _secrets_for(attacker, world))
    if mutation in ID_MUTATIONS:
        fake = send(secured, token, query, variables(world.fakes), file_path)
        _same_refusal(real, fake)


RENDERED = ("payments", "paymentsExport")  # the gateway's own files: statements, exports


@pytest.mark.parametrize("branch", ME_BRANCHES)
def test_partner_account_sees_nothing_of_the_adherent_or_the_children(
    secured: SecuredProduct, world: World, branch: str
) -> None:
    """The partner's own account: its own care only, and the statements and exports it may
    download hold no more than the graph shows it."""
    token = attacker_token("spouse")
    response = send(secured, token, f"{{ me {{ {ME_BRANCHES[branch]} }} }}")
    assert response.status_code == 200 and not response.json().get("errors"), response.text
    assert_no_leak(response, world.hidden_from_spouse)
    if branch in RENDERED:
        for url in list(_links(response.json()))[:3]:
            download = secured.http.get(secured.gateway_url + url)
            assert download.status_code == 200, download.text
            found = leaked(_document_text(download), world.hidden_from_spouse)
            assert not found, f"{branch} file: {found}"


def _links(value: Any) -> Iterator[str]:
    if isinstance(value, str) and value.startswith("/documents/"):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _links(item)
    elif isinstance(value, list):
        for item in value:
            yield from _links(item)


def _document_text(response: httpx.Response) -> str:
    if response.content.startswith(b"%PDF"):
        pages = PdfReader(io.BytesIO(response.content)).pages
        return "\n".join(page.extract_text() for page in pages)
    return response.content.decode("utf-8-sig")


def test_the_scan_finds_the_targets_values_in_its_own_answers(
    secured: SecuredProduct, world: World
) -> None:
    """The other way round: the target's own answers do hold the scanned values, so their
    absence from the attackers' answers means something."""
    selection = " ".join(ME_BRANCHES.values())
    response = send(secured, attacker_token("target"), f"{{ me {{ {selection} }} }}")
    assert not response.json().get("errors"), response.text
    for name in ("identity", "adherent", "children", "spouse", "amounts"):
        assert leaked(response.text, getattr(world, name)), f"no {name} value found"
    statement = secured.http.get(secured.gateway_url + world.links["export-csv"])
    assert leaked(_document_text(statement), world.children)


# --- Document links: the link is the credential; forging one gets nothing -------------------


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _forged(product: SecuredProduct, world: World, kind: str, forgery: str) -> str:
    token = world.links[kind].removeprefix(PATH_PREFIX)
    if forgery == "tampered":
        middle = len(token) // 2
        return token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]
    if forgery == "truncated":
        return token[:-8]
    if forgery == "spliced":  # this link's nonce, another of the target's ciphertexts
        other = world.links["attestation" if kind != "attestation" else "letter"]
        raw, donor = (base64.urlsafe_b64decode(t + "=" * (-len(t) % 4)) for t in (
            token, other.removeprefix(PATH_PREFIX)))  # fmt: skip
        return _b64(raw[:12] + donor[12:])
    grant = SignedLinks(product.document_secret).verify(token)
    signer = {
        "demo-secret": SignedLinks(DEMO_DOCUMENT_SECRET),
        "other-secret": SignedLinks("another-deployment-document-secret-0123456789"),
        "expired": SignedLinks(product.document_secret, clock=lambda: time.time() - 3600),
    }[forgery]
    return signer.token(grant.viewer, grant.ref)


DOCUMENT_KINDS = (
    "letter",
    "useful-document",
    "tp-card",
    "attestation",
    "statement",
    "export-pdf",
    "export-csv",
)


@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_the_targets_genuine_links_work(secured: SecuredProduct, world: World, kind: str) -> None:
    response = secured.http.get(secured.gateway_url + world.links[kind])
    assert response.status_code == 200, response.text
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("forgery", FORGERIES)
@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_forged_document_links_are_refused(
    secured: SecuredProduct, world: World, kind: str, forgery: str
) -> None:
    response = secured.http.get(
        secured.gateway_url + PATH_PREFIX + _forged(secured, world, kind, forgery)
    )
    assert response.status_code == (410 if forgery == "expired" else 403), response.text
    assert codes(response) == {"FORBIDDEN"}
    assert_no_leak(response, world.everything)
    if forgery != "expired":  # one answer for every invalid link: nothing to learn from it
        garbage = secured.http.get(secured.gateway_url + PATH_PREFIX + "bm90LWEtbGluaw")
        assert response.json() == garbage.json()


# --- The advisor of the target's mutuelle: reads (audited), never changes -------------------

AUDITED = {
    "payments": {"payments", "payment_lines"},
    "quotes": {"quotes"},
    "letters": {"letters"},
    "messages": {"messages"},
    "threads": {"messages"},
}
_LINK_FIELDS = re.compile(r"\b(statementUrl|url|pdfUrl|benefitsTableUrl)\b")


@pytest.mark.parametrize("branch", [b for b in ME_BRANCHES if b not in URL_BRANCHES])
def test_advisor_of_the_mutuelle_reads_the_member_and_is_audited(
    secured: SecuredProduct, world: World, branch: str
) -> None:
    selection = _LINK_FIELDS.sub("", ME_BRANCHES[branch])
    query = f"query($id: ID!) {{ node(id: $id) {{ ... on Member {{ {selection} }} }} }}"
    response = send(secured, attacker_token("advisor"), query, {"id": world.ids["Member"]})
    body = response.json()
    assert response.status_code == 200 and not body.get("errors"), body
    assert body["data"]["node"], body
    if branch == "profile":
        assert body["data"]["node"]["number"] == TARGET
    assert secured.audit is not None
    request_id = response.headers["X-Request-ID"]
    records = [r for r in secured.audit.records if r["request_id"] == request_id]
    assert all(r["role"] == "advisor" for r in records), records
    assert all(r["member"] == secured.pseudonym(TENANT, TARGET) for r in records), records
    read = {r["data"] for r in records if r["action"] == "read" and r["outcome"] == "ok"}
    assert AUDITED.get(branch, set()) <= read, records


def test_advisor_of_the_mutuelle_may_not_download_the_members_documents(
    secured: SecuredProduct, world: World
) -> None:
    query = """query($id: ID!) { node(id: $id) { ... on Member {
        attestationUrl paymentsExportUrl tiersPayantCard { pdfUrl } } } }"""
    response = send(secured, attacker_token("advisor"), query, {"id": world.ids["Member"]})
    assert codes(response) == {"FORBIDDEN"}, response.text


@pytest.mark.parametrize("mutation", MUTATIONS)
def test_advisor_of_the_mutuelle_may_not_change_anything(
    secured: SecuredProduct, world: World, mutation: str
) -> None:
    query, variables, file_path = MUTATIONS[mutation]
    token = attacker_token("advisor")
    response = changes_nothing(
        secured, world, lambda: send(secured, token, query, variables(world.ids), file_path)
    )
    assert response.json()["data"] is None and codes(response) == {"FORBIDDEN"}, response.text
    assert secured.audit is not None
    (record,) = [
        r for r in secured.audit.records if r["request_id"] == response.headers["X-Request-ID"]
    ]
    assert (record["role"], record["action"], record["data"], record["outcome"]) == (
        "advisor",
        "change",
        mutation,
        "refused",
    )


# --- A beneficiary account whose beneficiary is not of its member --------------------------

MISMATCHED = {"another-family": f"{NEIGHBOUR}-02", "unknown": f"{TARGET}-99"}


@pytest.mark.parametrize("branch", [*ME_BRANCHES, "node", "quoteEstimate"])
@pytest.mark.parametrize("claim", MISMATCHED)
def test_beneficiary_account_of_no_beneficiary_of_the_member_reaches_nothing(
    secured: SecuredProduct, world: World, claim: str, branch: str
) -> None:
    """The issuer names the member (``sub``) and the beneficiary: the gateway leaves to the
    resolvers to check that the one belongs to the other (gateway/auth.py). A token whose
    beneficiary is not of its member reads nothing of that member."""
    token = secured.token(TENANT, TARGET, roles=["beneficiary"], beneficiary=MISMATCHED[claim])
    if branch == "node":
        response = send(secured, token, ROOTS["node"][0], {"m": world.ids["Member"]})
    elif branch == "quoteEstimate":
        response = send(secured, token, ROOTS[branch][0], {"b": world.ids["Beneficiary:spouse"]})
    else:
        response = send(secured, token, f"{{ me {{ {ME_BRANCHES[branch]} }} }}")
    assert codes(response) == {"FORBIDDEN"}, response.text
    assert_no_leak(response, world.everything)
