"""The sandbox admin API on the Cegedim-style platform: members (with ?tenant=), stats per
operation, each fault kind taking effect as this platform's failure, and reset undoing it."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from tests.sandbox.cegedim_support import Sandbox, api, running

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def cegedim_admin() -> Iterator[Sandbox]:
    with running() as sandbox:
        yield sandbox


@pytest.fixture
def admin(cegedim_admin: Sandbox) -> Iterator[Sandbox]:
    cegedim_admin.reset()
    yield cegedim_admin
    cegedim_admin.reset()


@pytest.fixture(scope="module")
def admin_member(cegedim_admin: Sandbox) -> str:
    return cegedim_admin.dataset.backoffice("bocage").member_numbers(1)[0]


def faults(sandbox: Sandbox, **settings: object) -> None:
    httpx.post(sandbox.url + "/_sandbox/faults", json=settings, timeout=10).raise_for_status()


def test_members_of_both_tenants_or_one(admin: Sandbox) -> None:
    both = httpx.get(admin.url + "/_sandbox/members", params={"limit": 6}).json()["members"]
    assert len(both) == 6
    assert {n[0] for n in both} == {"2", "3"}
    only = httpx.get(admin.url + "/_sandbox/members", params={"limit": 5, "tenant": "cevennes"})
    assert [n[0] for n in only.json()["members"]] == ["3"] * 5
    assert only.json()["members"] == admin.dataset.backoffice("cevennes").member_numbers(5)


def test_stats_count_operations(admin: Sandbox, admin_member: str) -> None:
    with admin.client("bocage") as client:
        client.get(api("bocage", f"/insureds/{admin_member}"))
        client.get(api("bocage", f"/insureds/{admin_member}"))
        client.get(api("bocage", f"/insureds/{admin_member}/reimbursements"))
        client.post(
            api("bocage", f"/insureds/{admin_member}/reimbursements:batchGet"), json={"ids": ["x"]}
        )
        client.get("/openapi.json")
    calls = admin.stats()
    assert calls == {
        "token": 1,
        "getInsured": 2,
        "searchReimbursements": 1,
        "batchGetReimbursements": 1,
    }
    admin.reset()
    assert admin.stats() == {}


def test_latency_applies_to_the_chosen_operation(admin: Sandbox, admin_member: str) -> None:
    with admin.client("bocage") as client:
        faults(admin, latency_ms=400, operations=["getContract"])
        started = time.monotonic()
        assert client.get(api("bocage", f"/insureds/{admin_member}/contract")).status_code == 200
        assert time.monotonic() - started >= 0.35  # a lower bound only: never flaky


def test_error_fault_is_a_problem_and_spares_other_operations(
    admin: Sandbox, admin_member: str
) -> None:
    with admin.client("bocage") as client:
        faults(admin, error_rate=1, operations=["getInsured"])
        for _ in range(5):
            failed = client.get(api("bocage", f"/insureds/{admin_member}"))
            assert failed.status_code in (500, 502, 503)
            assert failed.headers["content-type"] == "application/problem+json"
            assert failed.json()["status"] == failed.status_code
        assert client.get(api("bocage", f"/insureds/{admin_member}/contract")).status_code == 200
        admin.reset()
        assert client.get(api("bocage", f"/insureds/{admin_member}")).status_code == 200


def test_malformed_fault_truncates_json(admin: Sandbox, admin_member: str) -> None:
    with admin.client("bocage") as client:
        faults(admin, malformed_rate=1, operations=["getPremiums"])
        response = client.get(api("bocage", f"/insureds/{admin_member}/premiums"))
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/json")
        with pytest.raises(ValueError):
            response.json()


def test_hang_fault_outlasts_the_client_timeout(admin: Sandbox, admin_member: str) -> None:
    with admin.client("bocage", timeout=0.5) as client:
        faults(admin, hang_rate=1, operations=["getInsured"])
        with pytest.raises(httpx.ReadTimeout):
            client.get(api("bocage", f"/insureds/{admin_member}"))
        admin.reset()
        assert client.get(api("bocage", f"/insureds/{admin_member}")).status_code == 200


def test_drop_fault_breaks_the_connection(admin: Sandbox, admin_member: str) -> None:
    with admin.client("bocage") as client:
        faults(admin, drop_rate=1, operations=["getInsured"])
        with pytest.raises(httpx.TransportError):
            client.get(api("bocage", f"/insureds/{admin_member}"))
        admin.reset()
        assert client.get(api("bocage", f"/insureds/{admin_member}")).status_code == 200


def test_token_endpoint_can_fail_too(admin: Sandbox) -> None:
    faults(admin, error_rate=1, operations=["token"])
    with pytest.raises(httpx.HTTPStatusError):
        admin.client("bocage")
