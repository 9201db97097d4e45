"""Immediate reste-à-charge estimate on a dental or hospital quote.

    POST /api/v1/estimates
    {"memberNumber": "10000001", "beneficiaryId": "10000001-01", "kind": "dental",
     "lines": [{"actCode": "HBLD036", "label": "Couronne", "billedCents": 55000,
                "baseCents": 12000, "quantity": 1}]}

``billedCents`` and ``baseCents`` are per unit; ``baseCents`` is optional for acts of the
table (``tariffs.ACTS``); ``basket`` ("sante_100" or "free", the default) says whether a
prosthesis belongs to the 100 % Santé basket. The member's guarantees come from the
mutuelle's back office; each line gives the AMO part, the mutuelle's part and the reste à
charge, and billed = amo + amc + rac on every line and in the totals.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeGuard

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sandbox.backoffice import BackOffice, BusinessError
from sandbox.dataset.records import Contract, Guarantee, Tenant
from sandbox.santeclair.pricing import LineEstimate, estimate_line
from sandbox.santeclair.problems import problem
from sandbox.santeclair.tariffs import Kind, act_for

MAX_LINES, MAX_QUANTITY = 50, 99
NOTICE = (
    "Estimation indicative établie d'après les garanties de votre contrat et les tarifs de "
    "la Sécurité sociale en vigueur ; elle ne vaut pas accord de prise en charge."
)


class Estimates:
    """The estimate endpoint over the tenants' back offices."""

    def __init__(self, backoffice: Callable[[str], BackOffice]) -> None:
        self.backoffice = backoffice

    async def create(self, request: Request, tenant: Tenant) -> Response:
        try:
            body = await request.json()
        except ValueError:
            return problem(400, "the body must be a JSON object")
        if not isinstance(body, dict):
            return problem(400, "the body must be a JSON object")
        kind = body.get("kind")
        member_number, beneficiary_id = body.get("memberNumber"), body.get("beneficiaryId")
        lines = body.get("lines")
        if kind not in ("dental", "hospital"):
            return problem(400, "kind must be dental or hospital")
        if not isinstance(member_number, str) or not isinstance(beneficiary_id, str):
            return problem(400, "memberNumber and beneficiaryId are required strings")
        if not isinstance(lines, list) or not 1 <= len(lines) <= MAX_LINES:
            return problem(400, f"lines must be a list of 1 to {MAX_LINES} lines")
        try:
            contract = self.backoffice(tenant.id).contract(member_number)
        except BusinessError:
            return problem(404, "unknown member", "MEMBER_NOT_FOUND")
        guarantees = guarantees_of(contract, beneficiary_id)
        if guarantees is None:
            return problem(404, "unknown beneficiary for this member", "BENEFICIARY_NOT_FOUND")
        estimated: list[LineEstimate] = []
        for index, line in enumerate(lines):
            result = _line(line, kind, guarantees)
            if isinstance(result, str):
                return problem(422, f"lines[{index}]: {result}", "INVALID_LINE")
            estimated.append(result)
        return JSONResponse(
            {
                "estimateId": _estimate_id(tenant.id, body),
                "memberNumber": member_number,
                "beneficiaryId": beneficiary_id,
                "kind": kind,
                "offerCode": contract.offer_code,
                "currency": "EUR",
                "lines": [line_json(line) for line in estimated],
                "totals": {
                    "billedCents": sum(e.billed_cents for e in estimated),
                    "baseCents": sum(e.base_cents for e in estimated),
                    "amoCents": sum(e.amo_cents for e in estimated),
                    "amcCents": sum(e.amc_cents for e in estimated),
                    "racCents": sum(e.rest_cents for e in estimated),
                },
                "notice": NOTICE,
            }
        )


def guarantees_of(contract: Contract, beneficiary_id: str) -> dict[str, Guarantee] | None:
    """The beneficiary's guarantees by code (latest coverage), None if not covered."""
    coverages = [c for c in contract.coverages if c.beneficiary_id == beneficiary_id]
    if not coverages:
        return None
    current = max(coverages, key=lambda c: (c.end is None, c.start))
    return {guarantee.code: guarantee for guarantee in current.guarantees}


def _line(line: Any, kind: Kind, guarantees: dict[str, Guarantee]) -> LineEstimate | str:
    """The estimated line, or what is wrong with it."""
    if not isinstance(line, dict):
        return "a line must be an object"
    code, billed = line.get("actCode"), line.get("billedCents")
    base, quantity = line.get("baseCents"), line.get("quantity", 1)
    if not isinstance(code, str) or not _cents(billed):
        return "actCode (string) and billedCents (integer >= 0) are required"
    billed_cents: int = billed
    if base is not None and not _cents(base):
        return "baseCents must be an integer >= 0"
    if not _cents(quantity) or not 1 <= quantity <= MAX_QUANTITY:
        return f"quantity must be an integer between 1 and {MAX_QUANTITY}"
    label = line.get("label")
    label = label.strip() if isinstance(label, str) and label.strip() else None
    basket = line.get("basket")
    if basket not in (None, "sante_100", "free"):
        return "basket must be sante_100 or free"
    act = act_for(code.strip().upper(), kind, base, label, basket)
    if act is None:
        return f"unknown act {code!r}: send its baseCents"
    return estimate_line(act, billed_cents, quantity, guarantees)


def _cents(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def line_json(line: LineEstimate) -> dict[str, Any]:
    guarantee = line.guarantee
    return {
        "actCode": line.act.code,
        "label": line.act.label,
        "category": line.act.category,
        "quantity": line.quantity,
        "billedCents": line.billed_cents,
        "baseCents": line.base_cents,
        "amoRate": line.act.amo_rate,
        "amoCents": line.amo_cents,
        "amcCents": line.amc_cents,
        "racCents": line.rest_cents,
        "guarantee": None
        if guarantee is None
        else {
            "code": guarantee.code,
            "label": guarantee.label,
            "kind": guarantee.kind,
            "ratePercent": guarantee.rate_percent,
            "flatCents": guarantee.flat_cents,
        },
    }


def _estimate_id(tenant: str, body: dict[str, Any]) -> str:
    """Same quote, same id: a digest of the request (no clock, no randomness)."""
    canonical = json.dumps([tenant, body], sort_keys=True, separators=(",", ":"))
    return "EST-" + hashlib.sha256(canonical.encode()).hexdigest()[:16].upper()
