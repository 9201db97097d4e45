"""The attack matrix's world: a target family, its global ids, what must never leak of it,
and the attackers' tokens (good ones for the wrong people, and bad ones).

The target is an azur (Cimut) family: the adhérent, an adult partner with their own
beneficiary account, two minor children. Its values come from the sandbox's own data
(tests may read the sandbox; the product never does), grouped by who may legitimately
see them, so a test can scan a response for exactly what its attacker must not read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from gateway.demo_issuer import (
    DEMO_AUDIENCE,
    DEMO_ISSUER,
    DEMO_KEY_ID,
    demo_private_key,
    demo_public_key,
    issue_token,
)
from resolvers.ids import NodeKey, global_id
from sandbox.backoffice import BackOffice, PaymentQuery
from schema.types.common import mask_iban, mask_nir
from tests.security.conftest import SecuredProduct

TENANT, PLATFORM = "azur", "cimut"
TARGET = "10000002"
ADHERENT, SPOUSE, CHILD = f"{TARGET}-01", f"{TARGET}-02", f"{TARGET}-03"
NEIGHBOUR = "10000001"  # another member of the same mutuelle
OTHER_TENANT, STRANGER = "bocage", "20000001"  # a member of another mutuelle
SECRET_SUBJECT, SECRET_BODY = "Question 4417 du titulaire", "Texte confidentiel QZ7-4417"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# Every branch of ``me`` (the member's portal), as selections.
ME_BRANCHES = {
    "profile": "id number civility firstName lastName birthDate nirMasked nir email mobilePhone "
    "homePhone postalAddress { line1 line2 postcode town country } familySituation "
    "lastLoginAt paperlessStatements reimbursementNotifications",
    "bankAccounts": "bankAccounts { purpose holder ibanMasked bic bankName }",
    "beneficiaries": "beneficiaries { id firstName lastName birthDate quality nirMasked "
    "openDate closeDate hasOwnAccount coverage { offerCode guarantees { code } } }",
    "contract": "contract { id number offerCode kind employer "
    "coverages { start beneficiary { id firstName lastName } } benefitsTableUrl }",
    "premium": "premium { contractNumber method frequency annualAmount { amount } "
    "schedule { dueDate amount { amount } status } }",
    "payments": "payments(first: 100, filter: {period: LAST_24_MONTHS}) { totalCount edges { "
    "cursor node { id date total { amount } recipient { kind name identifier } "
    "beneficiaries { id firstName lastName } statementUrl lines { redacted "
    "act { code label } category professional { identifier name } billed { amount } "
    "beneficiary { id firstName } } } } }",
    "paymentsExport": "paymentsExportUrl(filter: {period: LAST_24_MONTHS}, format: CSV)",
    "letters": "letters(first: 100) { totalCount edges { node { id date type title url } } }",
    "usefulDocuments": "usefulDocuments { id kind title url }",
    "tiersPayantCard": "tiersPayantCard { amcNumber payload domains { code } "
    "beneficiaries { id firstName lastName } pdfUrl }",
    "attestation": "attestationUrl",
    "quotes": "quotes { id kind professionalName billed { amount } beneficiary { id firstName } }",
    "messages": "messages(first: 100) { totalCount edges { node { id subject body threadId } } }",
    "threads": "threads { id subject messages { id body } }",
    "changeRequests": "changeRequests { id kind summary }",
    "careServices": "careServices { network kind url }",
}
# Who attacks with a valid token, and the token each one holds.
ATTACKERS = ("neighbour", "stranger", "spouse", "foreign-advisor")


def attacker_token(name: str) -> str:
    if name == "neighbour":
        return issue_token(tenant=TENANT, member=NEIGHBOUR)
    if name == "stranger":
        return issue_token(tenant=OTHER_TENANT, member=STRANGER)
    if name == "spouse":
        return issue_token(tenant=TENANT, member=TARGET, roles=["beneficiary"], beneficiary=SPOUSE)
    if name == "foreign-advisor":
        return issue_token(tenant=OTHER_TENANT, member="adv-bocage-7", roles=["advisor"])
    if name == "advisor":  # the target's own mutuelle: may read, may not change
        return issue_token(tenant=TENANT, member="adv-azur-3", roles=["advisor"])
    if name == "target":
        return issue_token(tenant=TENANT, member=TARGET)
    raise KeyError(name)


# Tokens that must all be refused with 401 UNAUTHENTICATED (None: no Authorization at all).
BAD_TOKENS = (
    "none",
    "expired",
    "not-yet-valid",
    "wrong-audience",
    "wrong-issuer",
    "alg-none",
    "hs256-public-key",
    "garbage",
    "missing-tenant",
    "missing-sub",
    "unknown-tenant",
    "unknown-role",
    "foreign-key",
    "forged-subject",
)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _claims(**changes: Any) -> dict[str, Any]:
    """The target's claims, changed (a None value removes the claim)."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": DEMO_ISSUER,
        "aud": DEMO_AUDIENCE,
        "sub": TARGET,
        "tenant": TENANT,
        "roles": ["member"],
        "iat": now,
        "nbf": now,
        "exp": now + 600,
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def _signed(claims: dict[str, Any], key: Any = None) -> str:
    return jwt.encode(
        claims, key or demo_private_key(), algorithm="ES256", headers={"kid": DEMO_KEY_ID}
    )


def _unsigned(header: dict[str, Any], claims: dict[str, Any], secret: bytes | None) -> str:
    head = _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(claims).encode())
    if secret is None:
        return head + "."
    return head + "." + _b64(hmac.new(secret, head.encode(), hashlib.sha256).digest())


def bad_token(name: str) -> str | None:
    now = int(time.time())
    if name == "none":
        return None
    if name == "expired":
        return _signed(_claims(iat=now - 7200, nbf=now - 7200, exp=now - 3600))
    if name == "not-yet-valid":
        return _signed(_claims(nbf=now + 3600))
    if name == "wrong-audience":
        return _signed(_claims(aud="another-api"))
    if name == "wrong-issuer":
        return _signed(_claims(iss="https://issuer.evil.example"))
    if name == "alg-none":
        return _unsigned({"alg": "none", "typ": "JWT"}, _claims(), None)
    if name == "hs256-public-key":  # the RS/ES → HS key-confusion trick
        pem = demo_public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return _unsigned({"alg": "HS256", "typ": "JWT", "kid": DEMO_KEY_ID}, _claims(), pem)
    if name == "garbage":
        return "eyJhbGciOiJFUzI1NiJ9.not-json.c2lnbmF0dXJl"
    if name == "missing-tenant":
        return _signed(_claims(tenant=None))
    if name == "missing-sub":
        return _signed(_claims(sub=None))
    if name == "unknown-tenant":
        return _signed(_claims(tenant="atlantis"))
    if name == "unknown-role":
        return _signed(_claims(roles=["admin"]))
    if name == "foreign-key":  # the demo kid, another key
        return _signed(_claims(), ec.generate_private_key(ec.SECP256R1()))
    if name == "forged-subject":  # the neighbour's genuine token, its subject changed
        header, _, signature = attacker_token("neighbour").split(".")
        return f"{header}.{_b64(json.dumps(_claims()).encode())}.{signature}"
    raise KeyError(name)


def gid(type_name: str, key: str, member: str = TARGET, tenant: str = TENANT) -> str:
    return global_id(type_name, NodeKey(tenant, member, key))


@dataclass
class World:
    """The target's ids (and made-up ids of the same types), links and secrets."""

    office: BackOffice
    ids: dict[str, str]
    fakes: dict[str, str]
    links: dict[str, str]
    identity: frozenset[str]  # the family may see these; nobody else
    adherent: frozenset[str]  # the adhérent's own: not even the partner
    children: frozenset[str]  # the minor children's care
    spouse: frozenset[str]  # the partner's own (the adhérent may see some)
    amounts: frozenset[str]  # the totals of the family's payments

    @property
    def everything(self) -> frozenset[str]:
        return self.identity | self.adherent | self.children | self.spouse | self.amounts

    @property
    def hidden_from_spouse(self) -> frozenset[str]:
        return self.adherent | self.children

    def snapshot(self) -> tuple[Any, ...]:
        """What a change would alter, read from the platform's own back office."""
        office = self.office
        return (
            office.member(TARGET),
            office.beneficiaries(TARGET),
            office.contract(TARGET),
            office.change_requests(TARGET),
            office.messages(TARGET),
        )


def _nir_forms(nir: str | None) -> set[str]:
    if not nir:
        return set()
    return {nir, nir[:13], f"{nir[0]} {nir[1:3]} {nir[3:5]} {nir[5:7]} {nir[7:10]} {nir[10:13]}"}


def _person(first: str, last: str, nir: str | None) -> set[str]:
    masked = mask_nir(nir)
    return {f"{first} {last}", f"{last} {first}", *_nir_forms(nir), *([masked] if masked else [])}


def _phone_forms(phone: str | None) -> set[str]:
    if not phone:
        return set()
    digits = phone.replace(" ", "")
    return {digits, "+33" + digits[1:], " ".join(digits[i : i + 2] for i in range(0, 10, 2))}


def build_world(product: SecuredProduct) -> World:
    """Gives the target a conversation and a request, then collects its ids and values."""
    token = attacker_token("target")
    product.data(
        token,
        "mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }",
        {"i": {"subject": SECRET_SUBJECT, "body": SECRET_BODY}},
    )
    product.data(token, "mutation { requestTiersPayantCard { changeRequest { id } } }")
    office = product.dataset.backoffice(TENANT)
    member = office.member(TARGET)
    family = {b.id: b for b in office.beneficiaries(TARGET)}
    payments = office.search_payments(TARGET, PaymentQuery(limit=1000)).items
    whose = {p.id: {line.beneficiary_id for line in p.lines} for p in payments}
    quotes = office.quotes(TARGET)
    messages = office.messages(TARGET)
    requests = office.change_requests(TARGET)
    letters = office.letters(TARGET, None, None, None)

    def paid_for(*who: str) -> set[str]:
        return {p for p, ids in whose.items() if ids and ids <= set(who)}

    children = [b for b in family.values() if b.id not in (ADHERENT, SPOUSE)]
    contact = _phone_forms(member.phone_mobile) | _phone_forms(member.phone_home)
    ibans = {a.iban for a in member.bank_accounts}
    adherent = {
        member.email,
        *contact,
        *_nir_forms(member.nir),
        *([mask_nir(member.nir)] if mask_nir(member.nir) else []),
        *ibans,
        *(mask_iban(i) for i in ibans),
        *(" ".join(i[k : k + 4] for k in range(0, len(i), 4)) for i in ibans),
        *(letter.id for letter in letters),
        *(m.id for m in messages),
        *(m.thread_id for m in messages),
        *(r.id for r in requests),
        SECRET_SUBJECT,
        SECRET_BODY,
        ADHERENT,
        *{p for p, ids in whose.items() if SPOUSE not in ids},
        *(q.id for q in quotes if q.beneficiary_id != SPOUSE),
    }
    child_ids = {c.id for c in children}
    child_values: set[str] = set()
    for child in children:
        child_values |= _person(child.first_name, child.last_name, child.nir) | {child.id}
    partner = family[SPOUSE]
    own_payment = sorted(paid_for(ADHERENT))[0]
    child_payment = sorted(paid_for(CHILD))[0]
    thread = messages[0].thread_id
    professional = product.data(
        token,
        "{ healthProfessionals(near: {latitude: 43.7, longitude: 7.25}, radiusKm: 30, first: 1)"
        " { edges { node { id } } } }",
    )["healthProfessionals"]["edges"][0]["node"]["id"]
    ids = {
        "Member": gid("Member", TARGET),
        "Contract": gid("Contract", office.contract(TARGET).number),
        "Beneficiary:adherent": gid("Beneficiary", ADHERENT),
        "Beneficiary:spouse": gid("Beneficiary", SPOUSE),
        "Beneficiary:child": gid("Beneficiary", CHILD),
        "Payment:adherent": gid("Payment", own_payment),
        "Payment:child": gid("Payment", child_payment),
        "Letter": gid("Letter", letters[0].id),
        "Document": gid("Document", office.useful_documents(TARGET)[0].id),
        "Quote:adherent": gid("Quote", next(q.id for q in quotes if q.beneficiary_id == ADHERENT)),
        "Quote:child": gid("Quote", next(q.id for q in quotes if q.beneficiary_id != ADHERENT)),
        "Message": gid("Message", messages[0].id),
        "Thread": gid("Thread", thread),
        "ChangeRequest": gid("ChangeRequest", requests[0].id),
        "HealthProfessional": professional,
    }
    fakes = {
        "Member": gid("Member", "10009999", member="10009999"),
        "Contract": gid("Contract", "CT10009999"),
        "Beneficiary:adherent": gid("Beneficiary", f"{TARGET}-97"),
        "Beneficiary:spouse": gid("Beneficiary", f"{TARGET}-98"),
        "Beneficiary:child": gid("Beneficiary", f"{TARGET}-99"),
        "Payment:adherent": gid("Payment", f"R{TARGET}-9998"),
        "Payment:child": gid("Payment", f"R{TARGET}-9999"),
        "Letter": gid("Letter", f"L{TARGET}-999"),
        "Document": gid("Document", "DOC-AZ-NOPE"),
        "Quote:adherent": gid("Quote", f"Q{TARGET}-98"),
        "Quote:child": gid("Quote", f"Q{TARGET}-99"),
        "Message": gid("Message", f"M{TARGET}-999"),
        "Thread": gid("Thread", f"T{TARGET}-99"),
        "ChangeRequest": gid("ChangeRequest", f"C{TARGET}-999"),
        "HealthProfessional": gid("HealthProfessional", "10000000009", member=""),
    }
    links = product.data(
        token,
        """query($p: ID!) { me {
          letters(first: 1) { edges { node { url } } } usefulDocuments { url }
          tiersPayantCard { pdfUrl } attestationUrl
          pdf: paymentsExportUrl(filter: {period: LAST_24_MONTHS}, format: PDF)
          csv: paymentsExportUrl(filter: {period: LAST_24_MONTHS}, format: CSV) }
          node(id: $p) { ... on Payment { statementUrl } } }""",
        {"p": ids["Payment:adherent"]},
    )
    me = links["me"]
    return World(
        office=office,
        ids=ids,
        fakes=fakes,
        links={
            "letter": me["letters"]["edges"][0]["node"]["url"],
            "useful-document": me["usefulDocuments"][0]["url"],
            "tp-card": me["tiersPayantCard"]["pdfUrl"],
            "attestation": me["attestationUrl"],
            "statement": links["node"]["statementUrl"],
            "export-pdf": me["pdf"],
            "export-csv": me["csv"],
        },
        identity=frozenset(
            {
                TARGET,
                f"{member.first_name} {member.last_name}",
                office.contract(TARGET).number,
                member.address.line1,
            }
        ),
        adherent=frozenset(v for v in adherent if v),
        children=frozenset(
            child_values | {p for p, ids in whose.items() if ids & child_ids and SPOUSE not in ids}
        ),
        spouse=frozenset(
            _person(partner.first_name, partner.last_name, partner.nir)
            | {SPOUSE}
            | {p for p, ids in whose.items() if SPOUSE in ids}
        ),
        amounts=frozenset(f"{p.total_cents / 100:.2f}" for p in payments if p.total_cents >= 1000),
    )
