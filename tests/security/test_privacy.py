"""Privacy of health data (secret médical) on every tenant, over real sockets.

For a family of each demo mutuelle, checked line by line against the sandbox's own data:

* the adhérent sees their own and their minor children's lines in full;
* another adult's lines are redacted (no act, category or professional; ``redacted``)
  unless the tenant collected consent (cevennes: ``adult_lines_visible_to_member``);
* a back end's confidential flag always redacts, whoever reads;
* amounts and dates of every payment stay visible;
* a professional paid for care the viewer may not see (every line redacted) is not named,
  neither in the graph nor in the statements and exports;
* a beneficiary's own account sees its own lines and payments only, and its own part of
  a payment's total;
* the NIR leaves the gateway only masked: never in full in an answer, an id, a cursor, a
  download link, a document the gateway renders, a log record or an audit record.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pypdf import PdfReader

from gateway.documents.links import PATH_PREFIX, SignedLinks
from resolvers.ids import NodeKey, global_id, parse_global_id
from sandbox.backoffice import BackOffice, PaymentQuery
from sandbox.dataset.records import Beneficiary, Payment
from tests.e2e.harness import TENANTS
from tests.security.conftest import SecuredProduct, leaked, readable
from tests.security.matrix_support import ME_BRANCHES

pytestmark = pytest.mark.integration

CONSENT = {"azur": False, "bocage": False, "cevennes": True}  # gateway/tenants_demo.toml
HIDDEN_PAYEE = "Professionnel de santé"
PAYMENTS = """query($after: String) { me { payments(first: 100, after: $after,
  filter: {period: LAST_24_MONTHS}) { pageInfo { hasNextPage endCursor }
  edges { cursor node { ...P } } } } }
fragment P on Payment { id date total { amount } recipient { kind name identifier }
  lines { redacted act { code } category professional { identifier name }
    careStart careEnd billed { amount } mutuellePaid { amount } outOfPocket { amount }
    beneficiary { id } } }"""
PAYMENT = "query($id: ID!) { node(id: $id) { ...P } }" + PAYMENTS[PAYMENTS.index("fragment") :]


def _age(person: Beneficiary) -> int:
    today, born = date.today(), person.birth_date
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _other_adult(person: Beneficiary) -> bool:
    return person.quality != "00" and _age(person) >= 18


@dataclass(frozen=True)
class Family:
    """A family of one tenant with what the privacy rules are about."""

    tenant: str
    number: str
    office: BackOffice
    people: dict[str, Beneficiary]
    adult: str  # another adult (partner, grown-up child) with care
    child: str  # a minor child with care
    paid_to_pro_for_adult: str  # a tiers-payant payment of the adult's care only

    def token_args(self) -> dict[str, Any]:
        return {"tenant": self.tenant, "member": self.number}

    def gid(self, type_name: str, key: str) -> str:
        return global_id(type_name, NodeKey(self.tenant, self.number, key))


def _find_family(tenant: str, office: BackOffice, numbers: list[str]) -> Family:
    for number in numbers:
        people = {b.id: b for b in office.beneficiaries(number)}
        payments = office.search_payments(number, PaymentQuery(limit=1000)).items
        adults = {b for b, p in people.items() if _other_adult(p)}
        minors = {b for b, p in people.items() if p.quality != "00" and _age(p) < 18}
        cared = {line.beneficiary_id for p in payments for line in p.lines}
        to_pros = [
            p
            for p in payments
            if p.recipient_kind == "professional"
            and len({line.beneficiary_id for line in p.lines}) == 1
            and p.lines[0].beneficiary_id in adults
            and not any(line.confidential for line in p.lines)
            and p.date >= date.today().replace(year=date.today().year - 1)
        ]
        if to_pros and minors & cared:
            adult = to_pros[0].lines[0].beneficiary_id
            child = sorted(minors & cared)[0]
            return Family(tenant, number, office, people, adult, child, to_pros[0].id)
    raise AssertionError(f"no family with an adult's tiers-payant care in {tenant}")


@pytest.fixture(scope="module")
def families(secured: SecuredProduct) -> dict[str, Family]:
    # The last members: the attack matrix's target is the second one, the fuzz uses others.
    found = {}
    for tenant in TENANTS:
        numbers = secured.dataset.member_numbers(tenant, 40)
        found[tenant] = _find_family(tenant, secured.dataset.backoffice(tenant), numbers[15:])
    return found


@pytest.fixture(params=TENANTS)
def family(request: pytest.FixtureRequest, families: dict[str, Family]) -> Family:
    return families[str(request.param)]


def _raw(global_id_value: str) -> str:
    parsed = parse_global_id(global_id_value)
    assert parsed is not None
    return parsed[1].key


def _all_payments(product: SecuredProduct, token: str) -> list[dict[str, Any]]:
    nodes, after = [], None
    while True:
        page = product.data(token, PAYMENTS, {"after": after})["me"]["payments"]
        nodes += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


def _sandbox_payments(family: Family, ids: list[str]) -> dict[str, Payment]:
    found = family.office.payments_by_ids(family.number, ids)
    return {p.id: p for p in found if p is not None}


def _line_view(line: dict[str, Any]) -> tuple[str, bool, str | None, str]:
    act = line["act"]["code"] if line["act"] else None
    return (_raw(line["beneficiary"]["id"]), line["redacted"], act, line["billed"]["amount"])


def test_adherent_sees_lines_as_the_tenants_policy_says(
    secured: SecuredProduct, family: Family
) -> None:
    token = secured.token(**family.token_args())
    graph = _all_payments(secured, token)
    sandbox = _sandbox_payments(family, [_raw(p["id"]) for p in graph])
    seen = {"own": 0, "child": 0, "adult": 0}
    for payment in graph:
        record = sandbox[_raw(payment["id"])]
        # Amounts and dates of every payment stay visible, whatever is redacted.
        assert payment["date"] == record.date.isoformat()
        assert Decimal(payment["total"]["amount"]) * 100 == record.total_cents
        expected = []
        for line in record.lines:
            person = family.people[line.beneficiary_id]
            hidden = line.confidential or (_other_adult(person) and not CONSENT[family.tenant])
            expected.append(
                (
                    line.beneficiary_id,
                    hidden,
                    None if hidden else line.act_code,
                    f"{line.billed_cents / 100:.2f}",
                )
            )
            kind = "adult" if _other_adult(person) else "own" if person.quality == "00" else "child"
            seen[kind] += 1
        assert sorted(_line_view(x) for x in payment["lines"]) == sorted(expected), payment["id"]
        for line in payment["lines"]:
            if line["redacted"]:
                assert line["act"] is line["category"] is line["professional"] is None
            assert line["careStart"] and line["outOfPocket"]["amount"]
    assert all(seen.values()), seen  # the family has care of each kind in the period


def test_a_professional_paid_for_hidden_care_is_not_named(
    secured: SecuredProduct, family: Family
) -> None:
    token = secured.token(**family.token_args())
    record = _sandbox_payments(family, [family.paid_to_pro_for_adult])[family.paid_to_pro_for_adult]
    payee = record.recipient_name
    query = PAYMENT.replace("...P }", "...P ... on Payment { statementUrl } }")
    response = secured.graphql(token, query, {"id": family.gid("Payment", record.id)})
    node = response.json()["data"]["node"]
    if CONSENT[family.tenant]:  # consent: the adult's care, and so its payee, are shown
        assert node["recipient"] == {
            "kind": "PROFESSIONAL",
            "name": payee,
            "identifier": record.recipient_id,
        }
        return
    assert node["recipient"] == {"kind": "PROFESSIONAL", "name": HIDDEN_PAYEE, "identifier": None}
    assert all(line["redacted"] for line in node["lines"])
    assert node["total"]["amount"] == f"{record.total_cents / 100:.2f}"
    hidden = {payee, *(line.professional_name or "" for line in record.lines)}
    hidden |= {record.recipient_id or ""}
    assert not leaked(response.text, hidden)
    # The same in the files the gateway renders: the statement and the period's export.
    export = secured.data(
        token,
        "query($f: PaymentFilter) { me { paymentsExportUrl(filter: $f, format: CSV) } }",
        {"f": {"paidFrom": record.date.isoformat(), "paidTo": record.date.isoformat()}},
    )["me"]["paymentsExportUrl"]
    for url in (node["statementUrl"], export):
        text = _document_text(secured, url)
        assert HIDDEN_PAYEE in text and not leaked(text, hidden), url


def test_confidential_lines_are_redacted_for_everyone(
    secured: SecuredProduct, family: Family
) -> None:
    """The back end's flag wins over kinship and consent: the adhérent's own confidential
    care, a child's, an adult's seen from their own account, on every tenant."""
    office, tenant = family.office, family.tenant
    cases = 0
    for number in secured.dataset.member_numbers(tenant, 40)[:12]:
        payments = office.search_payments(number, PaymentQuery(limit=1000)).items
        for record in [p for p in payments if any(line.confidential for line in p.lines)][:2]:
            viewers = [secured.token(tenant, number)]
            owner = next(line.beneficiary_id for line in record.lines if line.confidential)
            viewers.append(secured.token(tenant, number, roles=["beneficiary"], beneficiary=owner))
            gid = global_id("Payment", NodeKey(tenant, number, record.id))
            for token in viewers:
                node = secured.data(token, PAYMENT, {"id": gid})["node"]
                secret = {line.act_code for line in record.lines if line.confidential}
                secret -= {line.act_code for line in record.lines if not line.confidential}
                shown = {line["act"]["code"] for line in node["lines"] if line["act"]}
                assert not secret & shown, (number, record.id)
                cases += 1
    assert cases >= 4


def test_beneficiary_account_sees_only_its_own(secured: SecuredProduct, family: Family) -> None:
    token = secured.token(
        family.tenant, family.number, roles=["beneficiary"], beneficiary=family.adult
    )
    selection = " ".join(ME_BRANCHES[b] for b in ("profile", "bankAccounts", "beneficiaries"))
    selection += " " + " ".join(ME_BRANCHES[b] for b in ("letters", "messages", "changeRequests"))
    me = secured.data(token, f"{{ me {{ {selection} quotes {{ beneficiary {{ id }} }} }} }}")["me"]
    assert me["nirMasked"] is me["nir"] is me["email"] is me["mobilePhone"] is None
    assert me["bankAccounts"] == [] and me["changeRequests"] == []
    assert me["letters"]["totalCount"] == me["messages"]["totalCount"] == 0
    assert [_raw(b["id"]) for b in me["beneficiaries"]] == [family.adult]
    assert {_raw(q["beneficiary"]["id"]) for q in me["quotes"]} <= {family.adult}
    graph = _all_payments(secured, token)
    assert graph
    sandbox = _sandbox_payments(family, [_raw(p["id"]) for p in graph])
    for payment in graph:
        record = sandbox[_raw(payment["id"])]
        own = [line for line in record.lines if line.beneficiary_id == family.adult]
        assert own, payment["id"]  # only payments of its own care
        assert sorted(_line_view(x) for x in payment["lines"]) == sorted(
            (
                family.adult,
                line.confidential,
                None if line.confidential else line.act_code,
                f"{line.billed_cents / 100:.2f}",
            )
            for line in own
        )
        # Its own part of the payment, not what the mutuelle paid for the others' care.
        assert Decimal(payment["total"]["amount"]) * 100 == sum(line.rc_cents for line in own)
    # Someone else's payment, by id: not found.
    other = next(
        p
        for p in family.office.search_payments(family.number, PaymentQuery(limit=1000)).items
        if family.adult not in {line.beneficiary_id for line in p.lines}
    )
    body = secured.graphql(token, PAYMENT, {"id": family.gid("Payment", other.id)}).json()
    assert body["data"]["node"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


# --- The NIR ------------------------------------------------------------------------------


def _nir_forms(nir: str) -> set[str]:
    spaced = f"{nir[0]} {nir[1:3]} {nir[3:5]} {nir[5:7]} {nir[7:10]} {nir[10:13]}"
    return {nir, nir[:13], spaced, f"{spaced} {nir[13:]}"}


def _links(value: Any) -> Iterator[str]:
    if isinstance(value, str) and value.startswith(PATH_PREFIX):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _links(item)
    elif isinstance(value, list):
        for item in value:
            yield from _links(item)


def _document_text(product: SecuredProduct, url: str) -> str:
    response = product.http.get(product.gateway_url + url)
    assert response.status_code == 200, response.text
    if response.content.startswith(b"%PDF"):
        pages = PdfReader(io.BytesIO(response.content)).pages
        return "\n".join(page.extract_text() for page in pages)
    return response.content.decode("utf-8-sig")


def test_the_nir_leaves_the_gateway_masked_only(
    secured: SecuredProduct, family: Family, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    member = family.office.member(family.number)
    nirs = {member.nir} | {p.nir for p in family.people.values() if p.nir}
    forms = set().union(*(_nir_forms(n) for n in nirs))
    audited = len(secured.audit.records) if secured.audit else 0
    token = secured.token(**family.token_args())
    selection = " ".join(ME_BRANCHES.values())
    response = secured.graphql(token, f"{{ me {{ {selection} }} }}")
    body = response.json()
    assert not body.get("errors"), body
    me = body["data"]["me"]
    assert me["nir"] is None and me["nirMasked"] and "*" in me["nirMasked"]
    assert all(b["nirMasked"] is None or "*" in b["nirMasked"] for b in me["beneficiaries"])
    # Answers, with ids and cursors decoded (readable() decodes base64).
    assert not leaked(response.text, forms)
    assert all(n not in readable(response.text) for n in nirs)
    for beneficiary in me["beneficiaries"]:
        node = secured.graphql(
            token, "query($id: ID!) { node(id: $id) { id } }", {"id": beneficiary["id"]}
        )
        assert not leaked(node.text, forms)
    # Download links: what they carry (decrypted), and the files behind them.
    signer = SignedLinks(secured.document_secret)
    kinds: dict[tuple[str, str], str] = {}
    for url in _links(me):
        grant = signer.verify(url.removeprefix(PATH_PREFIX))
        assert not any(n in repr(grant) for n in nirs)
        kinds.setdefault((grant.ref.kind.value, grant.ref.format.value), url)
    assert len(kinds) >= 6, kinds  # statement, export, letter, notice, card, attestation
    for url in kinds.values():  # one file of each kind (and format)
        assert not leaked(_document_text(secured, url), forms), url
    # Logs of the whole exchange, and the audit trail.
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert not leaked(logged, forms)
    if secured.audit is not None:
        trail = "\n".join(secured.audit.lines[audited:])
        assert trail and not leaked(trail, forms)
