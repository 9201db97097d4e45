"""The audit trail: one event per kind of health data and member per request, one per
mutation, pseudonymous, hash-chained; ``mutugraph audit-verify`` finds any tampering."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio
import pytest

from gateway.audit import FileWriter, Pseudonyms, audit_key, chain_key, memory_trail
from gateway.audit.chain import canonical
from gateway.audit.trail import AuditTrail
from gateway.cli import main
from gateway.settings import Settings
from resolvers.audit import AuditEvent
from resolvers.ids import NodeKey, global_id
from tests.security.logs_support import (
    MEMBER,
    PAYMENTS_WITH_LINES,
    bearer,
    fake_gateway,
    post,
)
from tests.support.servers import serving

PAPERLESS = "mutation { setPaperlessStatements(enabled: true) { changeRequest { id } } }"
BAD_EMAIL = (
    'mutation { updateContactDetails(input: {email: "not-an-email"}) { changeRequest { id } } }'
)


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(["audit-verify", *args], environ={})
    return status, capsys.readouterr().out


@pytest.fixture
def trail_file(tmp_path: Path) -> Path:
    return tmp_path / "audit.jsonl"


@pytest.fixture
def settings(trail_file: Path) -> Settings:
    return Settings.from_environ({"MUTUGRAPH_AUDIT_FILE": str(trail_file)})


def test_reads_and_changes_are_recorded_pseudonymously_in_a_chain(
    settings: Settings, trail_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app, _ = fake_gateway(settings)
    other = global_id("Payment", NodeKey("azur", "10000002", "P1"))
    with serving(app) as server:
        read = post(server.url, PAYMENTS_WITH_LINES)
        again = post(server.url, PAYMENTS_WITH_LINES)
        changed = post(server.url, PAPERLESS)
        invalid = post(server.url, BAD_EMAIL)
        forbidden = post(
            server.url, PAPERLESS, bearer(roles=["beneficiary"], beneficiary="10000001-02")
        )
        elsewhere = post(server.url, f'{{ node(id: "{other}") {{ id }} }}')
    assert "errors" not in read.json() and "errors" not in changed.json()
    for refused in (invalid, forbidden, elsewhere):
        assert refused.json()["errors"]
    records = _records(trail_file)
    seen = [(r["action"], r["data"], r["outcome"], r["code"]) for r in records]
    # Five payments and their lines: one record per kind of data and request, not per line.
    per_read = [
        ("read", "payments", "ok", None),
        ("read", "payment", "ok", None),
        ("read", "payment_lines", "ok", None),
    ]
    assert seen == [
        *per_read,
        *per_read,
        ("change", "setPaperlessStatements", "ok", None),
        ("change", "updateContactDetails", "refused", "BAD_USER_INPUT"),
        ("change", "setPaperlessStatements", "refused", "FORBIDDEN"),
        ("read", "Payment", "refused", "NOT_FOUND"),
    ]
    pseudonyms = Pseudonyms(audit_key(settings))
    me = pseudonyms.of("azur", MEMBER)
    assert {r["member"] for r in records[:-1]} == {me}
    assert records[0]["viewer"] == me and records[0]["role"] == "member"
    assert records[0]["request_id"] == read.headers["X-Request-Id"]
    assert records[-1]["member"] == pseudonyms.of("azur", "10000002")
    assert records[-2]["role"] == "beneficiary"
    assert records[-2]["viewer"] == pseudonyms.of("azur", "10000001-02")
    text = trail_file.read_text(encoding="utf-8")
    assert MEMBER not in text and "10000002" not in text and "10000001-02" not in text
    assert [r["seq"] for r in records] == list(range(1, len(records) + 1))
    assert _verify(capsys, str(trail_file)) == (
        0,
        f"{len(records)} records, chain intact (head {records[-1]['hash']})\n",
    )
    assert again.json()["data"] == read.json()["data"]


OTHER_MEMBER = global_id("Member", NodeKey("azur", "10000002", "10000002"))


def _as_advisor(*queries: str) -> list[dict[str, Any]]:
    """The audit records of an advisor of azur sending ``queries``, one request each."""
    app, _ = fake_gateway()
    trail, memory = memory_trail()
    app.state.audit = trail
    with serving(app) as server:
        for query in queries:
            response = post(server.url, query, bearer(member="adv-007", roles=["advisor"]))
            assert "errors" not in response.json()
    return memory.records


def test_an_advisor_reading_a_member_is_recorded_as_such() -> None:
    query = f'{{ node(id: "{OTHER_MEMBER}") {{ ... on Member {{ quotes {{ id }} }} }} }}'
    reached, record = _as_advisor(query)
    assert (reached["role"], reached["data"], reached["outcome"]) == ("advisor", "member", "ok")
    assert (record["role"], record["data"], record["outcome"]) == ("advisor", "quotes", "ok")
    assert record["viewer"] != record["member"] == reached["member"]


def test_every_advisor_access_is_recorded_even_without_health_data() -> None:
    query = f'{{ a: node(id: "{OTHER_MEMBER}") {{ id }} b: node(id: "{OTHER_MEMBER}") {{ id }} }}'
    records = _as_advisor(query, query)
    # Once per member and request, whatever the number of nodes reached.
    assert [(r["role"], r["data"]) for r in records] == [("advisor", "member")] * 2


def _event(day: datetime, data: str = "payments") -> AuditEvent:
    return AuditEvent(
        tenant="azur",
        viewer=MEMBER,
        viewer_beneficiary=None,
        role="member",
        member=MEMBER,
        beneficiary=None,
        action="read",
        data=data,
        outcome="ok",
        code=None,
        at=day,
        request_id="r-12345678",
    )


def _write(path: Path, *events: AuditEvent) -> None:
    """A process's trail writing ``events`` (its own event loop)."""

    async def run() -> None:
        key = audit_key(Settings.from_environ({}))  # what audit-verify reads with environ={}
        trail = AuditTrail(Pseudonyms(key), FileWriter(path), chain_key(key))
        for event in events:
            await trail.record(event)

    anyio.run(run)


NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("tamper", "named"),
    [
        (lambda lines: [lines[0], lines[1].replace('"ok"', '"refused"'), *lines[2:]], "record 2"),
        (lambda lines: [lines[0], *lines[2:]], "record 2 is missing"),
        (lambda lines: [lines[0], lines[2], lines[1], *lines[3:]], "record 2"),
        (lambda lines: [lines[0], lines[1][:40]], "record 2 is not a complete record"),
        (lambda lines: [lines[0], lines[1][:40], *lines[2:]], "record 2"),
    ],
    ids=["altered", "removed", "swapped", "truncated-end", "truncated-middle"],
)
def test_tampering_is_found_and_named(
    trail_file: Path, capsys: pytest.CaptureFixture[str], tamper: Any, named: str
) -> None:
    _write(trail_file, *(_event(NOW + timedelta(seconds=i)) for i in range(4)))
    assert _verify(capsys, str(trail_file))[0] == 0
    lines = trail_file.read_text(encoding="utf-8").splitlines(keepends=True)
    trail_file.write_text("".join(tamper(lines)), encoding="utf-8")
    status, out = _verify(capsys, str(trail_file))
    assert status == 1 and named in out and "audit.jsonl:2" in out, out


def test_the_chain_head_is_logged_at_shutdown(
    settings: Settings, trail_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An anchor outside the file: records cut off its end after a clean stop are told."""
    app, _ = fake_gateway(settings)
    with caplog.at_level("INFO", logger="mutugraph.audit"), serving(app) as server:
        assert "errors" not in post(server.url, PAPERLESS).json()
    (last,) = _records(trail_file)
    heads = [r for r in caplog.records if r.getMessage() == "audit chain head"]
    assert [(r.__dict__["seq"], r.__dict__["head"]) for r in heads] == [(1, last["hash"])]


def test_a_chain_rewritten_without_the_key_is_found(
    trail_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whoever rewrites a record and recomputes every hash after it still breaks a keyed
    chain; a plain SHA-256 chain would verify."""
    _write(trail_file, *(_event(NOW + timedelta(seconds=i)) for i in range(3)))
    records = _records(trail_file)
    records[1]["outcome"] = "refused"
    prev = records[0]["hash"]
    forged = []
    for record in records[1:]:
        body = {k: v for k, v in record.items() if k != "hash"}
        body["prev_hash"] = prev
        prev = hashlib.sha256(prev.encode() + canonical(body)).hexdigest()
        forged.append(json.dumps({**body, "hash": prev}) + "\n")
    trail_file.write_text(json.dumps(records[0]) + "\n" + "".join(forged), encoding="utf-8")
    status, out = _verify(capsys, str(trail_file))
    assert status == 1 and "record 2 was altered" in out, out
    # And verifying with another key than the gateway's says so at the first record.
    other = {"MUTUGRAPH_AUDIT_KEY": "o" * 40}
    assert main(["audit-verify", str(trail_file)], environ=other) == 1
    assert "audit key" in capsys.readouterr().out


def test_daily_files_chain_on_and_a_restart_resumes_the_chain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pattern = tmp_path / "audit-{date}.jsonl"
    _write(pattern, _event(NOW), _event(NOW + timedelta(minutes=1)))
    # A new process (new trail) on the next day picks the chain up from the newest file.
    _write(pattern, _event(NOW + timedelta(days=1)), _event(NOW + timedelta(days=1)))
    first, second = sorted(tmp_path.glob("audit-*.jsonl"))
    assert (first.name, second.name) == ("audit-2026-03-01.jsonl", "audit-2026-03-02.jsonl")
    assert _verify(capsys, str(first), str(second))[0] == 0
    # The newer file alone: its first record follows one the verifier has not seen...
    status, out = _verify(capsys, str(second))
    assert status == 1 and "record 1 is missing" in out
    # ...unless told where the retired files ended (retention).
    head = _records(first)[-1]
    assert _verify(capsys, str(second), "--from-hash", head["hash"], "--from-seq", "2")[0] == 0
    assert _verify(capsys, str(second), str(first))[0] == 1  # wrong order


@pytest.mark.anyio
async def test_memory_trail_chains_and_a_failed_write_does_not_advance_it() -> None:
    trail, memory = memory_trail()
    await trail.record(_event(NOW))

    async def broken(record: dict[str, Any], line: str) -> None:
        raise OSError("disk full")

    write = memory.write
    memory.write = broken  # type: ignore[method-assign]
    await trail.record(_event(NOW, "quotes"))  # lost, and logged: not the request's failure
    memory.write = write  # type: ignore[method-assign]
    await trail.record(replace(_event(NOW), data="letters"))
    assert [r["seq"] for r in memory.records] == [1, 2]
    assert memory.records[1]["prev_hash"] == memory.records[0]["hash"]


def test_pseudonyms_are_stable_keyed_and_opaque() -> None:
    one, other = Pseudonyms("a" * 32), Pseudonyms("b" * 32)
    assert one.of("azur", MEMBER) == one.of("azur", MEMBER)
    assert one.of("azur", MEMBER) != other.of("azur", MEMBER)
    assert one.of("azur", MEMBER) != one.of("bocage", MEMBER)
    assert len(one.of("azur", MEMBER)) == 20 and MEMBER not in one.of("azur", MEMBER)
    assert "a" * 32 not in repr(one)


def test_audit_key_is_set_or_derived_from_the_document_secret() -> None:
    derived = audit_key(Settings.from_environ({}))
    assert derived != audit_key(Settings.from_environ({"MUTUGRAPH_DOCUMENT_SECRET": "x" * 40}))
    given = Settings.from_environ({"MUTUGRAPH_AUDIT_KEY": "k" * 40})
    assert audit_key(given) == b"k" * 40
    assert "k" * 40 not in repr(given)
