"""The Cimut platform's life cycle and failures over real sockets: no I/O in the factory,
the WSDL parsed once per process off the loop, one shared httpx client, the sandbox's
injected faults and wrong credentials as the port's errors, and nothing personal logged."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from zeep.wsdl import Document

from adapters.port import (
    BackendTimeout,
    BackendUnavailable,
    MalformedResponse,
    MemberRef,
    PaymentQuery,
)
from adapters.registry import BackendSpec, RegistryError
from adapters.soap import cimut_runtime
from adapters.soap.cimut_runtime import SHARED_HTTP
from adapters.soap.service import parse_wsdl
from tests.adapters.cimut_support import (
    TENANT,
    Sandbox,
    adapter,
    build,
    no_client_left,
    opened,
    running,
)
from tests.support.servers import free_port

pytestmark = [pytest.mark.integration, pytest.mark.anyio]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with running() as started:
        yield started


@pytest.fixture(autouse=True)
def fresh(sandbox: Sandbox) -> Iterator[None]:
    sandbox.reset()
    yield
    sandbox.reset()
    no_client_left()


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Counts WSDL parses (and the thread of each) from an empty cache."""
    seen: list[str] = []

    def counting(path: Path) -> Document:
        seen.append(threading.current_thread().name)
        return parse_wsdl(path)

    cimut_runtime.forget_document()
    monkeypatch.setattr(cimut_runtime, "parse_wsdl", counting)
    yield seen
    cimut_runtime.forget_document()


async def test_the_wsdl_is_parsed_once_off_the_loop_for_every_tenant(
    sandbox: Sandbox, parses: list[str]
) -> None:
    first, second, other = build(sandbox.spec()), build(sandbox.spec()), build(sandbox.spec(), "x")
    assert parses == []  # the factory does no I/O
    resources = [adapter(p) for p in (first, second, other)]
    await asyncio.gather(*(r.astart() for r in resources))
    try:
        assert len(parses) == 1 and parses[0] != threading.current_thread().name
        assert SHARED_HTTP.open_clients() == 1
        clients = {id(r.session._http) for r in resources}
        assert len(clients) == 1  # one httpx client shared by every Cimut tenant
        found = await first.directory.members(sandbox.refs(2))
        assert all(not isinstance(m, Exception) for m in found)
    finally:
        for resource in resources[:2]:
            await resource.aclose()
        assert SHARED_HTTP.open_clients() == 1  # still held by the third
        await resources[2].aclose()
        await resources[2].aclose()  # idempotent
    assert SHARED_HTTP.open_clients() == 0
    assert len(parses) == 1


async def test_a_call_before_astart_starts_the_platform(
    sandbox: Sandbox, parses: list[str]
) -> None:
    platform = build(sandbox.spec())
    try:
        (member,) = await platform.directory.members(sandbox.refs(1))
        assert not isinstance(member, Exception)
        assert len(parses) == 1
    finally:
        await adapter(platform).aclose()
    with pytest.raises(BackendUnavailable) as closed:  # closed is closed
        await platform.directory.members(sandbox.refs(1))
    assert closed.value.operation == "members"
    assert SHARED_HTTP.open_clients() == 0


def test_the_factory_checks_its_spec_without_io() -> None:
    unreachable = BackendSpec(
        "cimut", "http://127.0.0.1:9/ws/azur", {"username": "u", "password": "s3cr3t-pw"}
    )
    assert build(unreachable).name == "cimut"
    for spec in (
        BackendSpec("cimut", "", {"username": "u", "password": "p"}),
        BackendSpec("cimut", "http://x/ws/azur", {"username": "u"}),
        BackendSpec(
            "cimut", "http://x/ws/azur", {"username": "u", "password": "p"}, {"timeout": "0"}
        ),
        BackendSpec(
            "cimut", "http://x/ws/azur", {"username": "u", "password": "p"}, {"timeout": "x"}
        ),
    ):
        with pytest.raises(RegistryError):
            build(spec)
    assert "s3cr3t-pw" not in repr(adapter(build(unreachable)).session)


async def test_both_shapes_of_injected_errors(sandbox: Sandbox) -> None:
    ref = sandbox.refs(1)[0]
    sandbox.faults(error_rate=1.0, operations=["RechercherPrestations"])
    async with opened(sandbox.spec()) as platform:
        assert platform.payments is not None
        with pytest.raises(BackendUnavailable) as fault:  # soap:Server SERVICE_INDISPONIBLE
            await platform.payments.search_payments(ref, PaymentQuery())
        with pytest.raises(BackendUnavailable) as proxy:  # Apache's HTML 503 page
            await platform.payments.search_payments(ref, PaymentQuery())
    assert type(fault.value) is BackendUnavailable and fault.value.retry_safe
    assert "SERVICE_INDISPONIBLE" in str(fault.value) and fault.value.retry_after is None
    assert type(proxy.value) is BackendUnavailable and proxy.value.retry_after == 1.0
    assert (proxy.value.platform, proxy.value.operation) == ("cimut", "search_payments")


async def test_malformed_dropped_and_hung_answers(sandbox: Sandbox) -> None:
    ref = sandbox.refs(1)[0]
    async with opened(sandbox.spec(timeout="0.5")) as platform:
        sandbox.faults(malformed_rate=1.0)
        with pytest.raises(MalformedResponse):
            await platform.directory.members([ref])
        sandbox.faults(malformed_rate=0.0, drop_rate=1.0)
        with pytest.raises(BackendUnavailable) as dropped:
            await platform.directory.members([ref])
        assert type(dropped.value) is BackendUnavailable and dropped.value.retry_safe
        sandbox.faults(drop_rate=0.0, hang_rate=1.0, operations=["ConsulterContrat"])
        assert platform.contracts is not None
        with pytest.raises(BackendTimeout) as hung:
            await platform.contracts.contracts([ref])
        assert hung.value.retry_safe and hung.value.operation == "contracts"
        sandbox.faults(hang_rate=0.0)
        (member,) = await platform.directory.members([ref])  # the shared client still works
        assert not isinstance(member, Exception)


async def test_wrong_credentials_are_an_outage(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    spec = BackendSpec(
        "cimut", sandbox.endpoint, {"username": "mutugraph-azur", "password": "nope"}
    )
    with caplog.at_level(logging.ERROR):
        async with opened(spec) as platform:
            with pytest.raises(BackendUnavailable) as caught:
                await platform.directory.members(sandbox.refs(3))
    assert type(caught.value) is BackendUnavailable and caught.value.retry_safe is False
    assert "credentials of tenant azur" in caplog.text and "nope" not in caplog.text


async def test_nothing_listening_is_an_outage() -> None:
    spec = BackendSpec(
        "cimut", f"http://127.0.0.1:{free_port()}/ws/azur", {"username": "u", "password": "p"}
    )
    async with opened(spec) as platform:
        with pytest.raises(BackendUnavailable):
            await platform.directory.members([MemberRef(TENANT, "10000001")])
    no_client_left()


async def test_a_wrong_address_is_an_outage(sandbox: Sandbox) -> None:
    spec = BackendSpec(
        "cimut", f"{sandbox.server.url}/ws/bocage", {"username": "u", "password": "p"}
    )
    async with opened(spec, "bocage") as platform:
        with pytest.raises(BackendUnavailable) as caught:
            await platform.directory.members([MemberRef("bocage", "20000001")])
    assert "404" in str(caught.value)


async def test_no_envelope_or_personal_data_is_logged(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    number = sandbox.numbers(1)[0]
    person = sandbox.office.member(number)
    with caplog.at_level(logging.DEBUG):
        async with opened(sandbox.spec()) as platform:
            await platform.directory.members([MemberRef(TENANT, number)])
            assert platform.payments is not None
            await platform.payments.search_payments(MemberRef(TENANT, number), PaymentQuery())
    logged = caplog.text
    for secret in (person.last_name, person.nir, person.email, "sandbox-azur-ws", "Envelope"):
        assert secret not in logged
