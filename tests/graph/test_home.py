"""The home page: member, contract and guarantees, beneficiaries, last payments, letters."""

from __future__ import annotations

import pytest

from adapters.fake import FakeBackends
from tests.graph.support import data, run

pytestmark = pytest.mark.anyio

HOME = """
query Home {
  me {
    id number firstName lastName nirMasked
    contract { number offerLabel kind changesThroughEmployer
               coverages { beneficiary { firstName } guarantees { code label ratePercent } } }
    beneficiaries { id firstName quality isActive }
    payments(first: 3) {
      totalCount
      edges { cursor node { id date total { amount currency } recipient { kind name }
              lines { act { code label } billed { amount } amoPaid { amount }
                      mutuellePaid { amount } outOfPocket { amount } beneficiary { firstName } } } }
      pageInfo { hasNextPage endCursor }
    }
    letters(first: 3) { totalCount edges { node { id date type title url } } }
  }
}
"""


async def test_home_page_answers(fake: FakeBackends) -> None:
    me = data(await run(fake, HOME))["me"]
    assert me["number"] == "10000001"
    nir = fake.files["10000001"].member.nir
    assert nir is not None and me["nirMasked"] == "2 95 10 ** *** *** " + nir[-2:]
    assert me["contract"]["kind"] == "INDIVIDUAL"
    assert [b["firstName"] for b in me["beneficiaries"]] == ["Léa", "Marc", "Zoé", "Hugo"]
    payments = me["payments"]
    assert payments["totalCount"] == 60 and payments["pageInfo"]["hasNextPage"]
    first = payments["edges"][0]["node"]
    assert first["total"] == {"amount": "9.00", "currency": "EUR"}
    assert first["lines"][0]["act"]["code"] == "G"
    assert len(me["letters"]["edges"]) == 3
    assert me["letters"]["edges"][0]["node"]["url"].startswith("https://docs.test/azur/letter/")


async def test_home_page_costs_one_call_per_kind_of_data(fake: FakeBackends) -> None:
    data(await run(fake, HOME))
    assert dict(fake.calls.calls) == {
        "members": 1,
        "contracts": 1,
        "beneficiaries": 1,
        "search_payments": 1,
        "payments": 1,
        "letters": 1,
    }
