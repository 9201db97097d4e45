"""Global ids and node(id:): opaque, tenant-scoped, NIR-free; other members are NOT_FOUND."""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest

from adapters.fake import FakeBackends
from resolvers.ids import NirInIdError, NodeKey, global_id
from tests.graph.support import ALONE, FAMILY, data, error, run, viewer

pytestmark = pytest.mark.anyio

EVERYTHING = """{ me {
  id contract { id } beneficiaries { id }
  payments(first: 5) { edges { node { id } } }
  letters(first: 3) { edges { node { id } } }
  usefulDocuments { id } quotes { id }
  messages(first: 2) { edges { node { id threadId } } } threads { id } changeRequests { id }
} }"""
NODE = """query($id: ID!) { node(id: $id) { __typename id
  ... on Payment { total { amount } } ... on Beneficiary { firstName }
  ... on Member { number } } }"""


def ids_in(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [
            i for k, v in value.items() for i in ([v] if k in ("id", "threadId") else ids_in(v))
        ]
    if isinstance(value, list):
        return [i for v in value for i in ids_in(v)]
    return []


async def test_every_id_resolves_back_to_its_node(fake: FakeBackends) -> None:
    ids = ids_in(data(await run(fake, EVERYTHING)))
    assert len(ids) > 20
    for value in set(ids):
        node = data(await run(fake, NODE, {"id": value}))["node"]
        assert node["id"] == value


async def test_global_ids_hold_no_nir(fake: FakeBackends) -> None:
    ids = ids_in(data(await run(fake, EVERYTHING)))
    people = [fake.files[FAMILY].member.nir, *(b.nir for b in fake.files[FAMILY].beneficiaries)]
    nirs = {n for n in people if n}
    for value in ids:
        decoded = base64.b64decode(value).decode()
        assert re.match(r"^[A-Za-z]+:azur:\d*:", decoded)
        assert not any(n in decoded or n[:13] in decoded for n in nirs)


def test_a_nir_shaped_key_is_refused() -> None:
    nir = "295107512345619"  # not a valid key, stdnum decides; use a valid one
    from stdnum.fr import nir as stdnum_nir

    valid = nir[:13] + stdnum_nir.calc_check_digits(nir[:13])
    with pytest.raises(NirInIdError):
        global_id("Beneficiary", NodeKey("azur", FAMILY, f"B-{valid}"))
    with pytest.raises(NirInIdError):
        global_id("Beneficiary", NodeKey("azur", FAMILY, valid[:13]))
    assert global_id("Payment", NodeKey("azur", FAMILY, "P10000001-001"))


async def test_another_members_node_is_not_found_like_a_missing_one(fake: FakeBackends) -> None:
    theirs = data(await run(fake, EVERYTHING, who=viewer(ALONE)))
    their_payment = theirs["me"]["payments"]["edges"][0]["node"]["id"]
    missing = global_id("Payment", NodeKey("azur", FAMILY, "P-does-not-exist"))
    fake.calls.clear()
    refused = error(await run(fake, NODE, {"id": their_payment}))
    unknown = error(await run(fake, NODE, {"id": missing}))
    assert refused["extensions"] == unknown["extensions"] == {"code": "NOT_FOUND"}
    assert refused["message"] == unknown["message"]
    asked = [args[0] for _, args in fake.calls.log]
    assert all(getattr(a, "number", None) == FAMILY for a in asked)  # never asked for theirs


async def test_another_tenants_id_is_not_found_without_a_call(fake: FakeBackends) -> None:
    foreign = global_id("Member", NodeKey("bocage", "20000001", "20000001"))
    err = error(await run(fake, NODE, {"id": foreign}))
    assert err["extensions"] == {"code": "NOT_FOUND"}
    assert fake.calls.total == 0


@pytest.mark.parametrize("value", ["", "bm9wZQ==", "not base64!", "VW5rbm93bjphenVyOjE6eA=="])
async def test_malformed_ids_are_not_found(fake: FakeBackends, value: str) -> None:
    assert error(await run(fake, NODE, {"id": value}))["extensions"] == {"code": "NOT_FOUND"}


async def test_an_advisor_reaches_any_member_of_the_tenant(fake: FakeBackends) -> None:
    theirs = data(await run(fake, EVERYTHING, who=viewer(ALONE)))
    member_id = theirs["me"]["id"]
    node = data(await run(fake, NODE, {"id": member_id}, who=viewer(FAMILY, role="advisor")))
    assert node["node"] == {"__typename": "Member", "id": member_id, "number": ALONE}


async def test_a_beneficiary_account_cannot_reach_another_beneficiary(fake: FakeBackends) -> None:
    everyone = data(await run(fake, "{ me { beneficiaries { id firstName } } }"))
    zoe = next(b["id"] for b in everyone["me"]["beneficiaries"] if b["firstName"] == "Zoé")
    who = viewer(role="beneficiary", beneficiary=f"{FAMILY}-02")
    assert error(await run(fake, NODE, {"id": zoe}, who=who))["extensions"]["code"] == "NOT_FOUND"
