"""Structured logs: JSON lines, the request id, redaction, noisy libraries held at WARNING."""

from __future__ import annotations

import logging

import pytest

from gateway.logs import scrub
from gateway.server import server_config
from sandbox.dataset.generator import Dataset
from tests.log_scan import LogScan, Needles
from tests.security.logs_support import fake_gateway, gateway_logging, post
from tests.support.servers import serving

JWT = (
    "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMDAwMDAwMSIsInRlbmFudCI6ImF6dXIifQ"
    ".MEUCIQDx3Yk2r9bq0aZ-x_1"
)


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("nir 185127599912345 seen", "185127599912345"),
        ("nir=1 85 12 75 999 123 45;", "999 123"),
        ("corse 185052A123456 78 x", "2A123456"),
        ("no key: 2750412145844,", "2750412145844"),
        ("iban FR1420041010050500013M02606 ok", "FR142004"),
        ("iban FR14 2004 1010 0505 0001 3M02 606.", "0505 0001"),
        ("mail: jeanne.essai@example.org!", "essai@"),
        ("Authorization: Bearer abcdef0123456789abcdef\n", "abcdef0123456789"),
        (f"token {JWT} end", "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9"),
    ],
)
def test_scrub_hides_recognisable_values(text: str, hidden: str) -> None:
    scrubbed = scrub(text)
    assert hidden not in scrubbed
    assert scrubbed[:3] == text[:3] and scrubbed[-1] == text[-1]  # the words around stay


@pytest.mark.parametrize(
    "text",
    [
        "request 4a6e16cdd4fd4ed9a6be905da3fc417b done",  # hex ids
        "hash 1234567890123456789abcdef0123456789012345678901234567890abcdef1",
        "member 10000001 payment P2026-000123 took 12 ms",
        "cimut payments answered HTTP 503 (SERVICE_UNAVAILABLE)",
    ],
)
def test_scrub_leaves_ids_hashes_and_codes_alone(text: str) -> None:
    assert scrub(text) == text


def test_lines_are_json_with_request_id_extras_and_scrubbed_args() -> None:
    log = logging.getLogger("gateway.test")
    with gateway_logging("debug") as captured:
        log.info(
            "member %s sent %s from %s",
            "10000001",
            "FR1420041010050500013M02606",
            "a.b@example.fr",
            extra={"platform": "cimut", "duration_ms": 12.5, "holder_name": "Jean Dupont"},
        )
        try:
            raise ValueError("bad nir 185127599912345")
        except ValueError:
            log.exception("failed for %s", JWT)
    first, second = captured.lines()
    assert set(first) >= {"time", "level", "logger", "message", "request_id"}
    assert first["time"].endswith("Z") and first["level"] == "INFO"
    assert first["logger"] == "gateway.test" and first["request_id"] is None
    assert first["message"] == "member 10000001 sent [iban] from [email]"
    assert first["platform"] == "cimut" and first["duration_ms"] == 12.5
    assert "holder_name" not in first  # a key that names personal data is dropped
    assert second["level"] == "ERROR" and second["exc_type"] == "ValueError"
    assert "[jwt]" in second["message"] and "bad nir [nir]" in second["traceback"]
    for value in ("FR1420", "a.b@example", "185127599912345", "eyJhbGci", "Dupont"):
        assert value not in captured.text


def test_record_args_are_dropped_after_redaction() -> None:
    seen: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record)

    keep = Keep()
    with gateway_logging():
        logging.getLogger().addHandler(keep)  # after the gateway's handler: sees its work
        try:
            logging.getLogger("gateway.test").warning("iban %s", "FR1420041010050500013M02606")
        finally:
            logging.getLogger().removeHandler(keep)
    (record,) = seen
    assert record.args is None and record.getMessage() == "iban [iban]"


def test_zeep_httpx_httpcore_debug_is_held_at_warning_even_at_debug_level() -> None:
    with gateway_logging("debug") as captured:
        logging.getLogger("zeep.transports").debug("HTTP Post to <soap:Envelope>...</soap>")
        logging.getLogger("httpx").info('HTTP Request: POST http://x/y?member=1 "200 OK"')
        logging.getLogger("httpcore.http11").debug("send_request_body.started")
        logging.getLogger("zeep").warning("zeep warning kept")
        logging.getLogger("gateway.test").debug("gateway debug kept")
    messages = [line["message"] for line in captured.lines()]
    assert messages == ["zeep warning kept", "gateway debug kept"]


def test_uvicorn_access_log_stays_off() -> None:
    app, _ = fake_gateway()
    config = server_config(app, "127.0.0.1", 8000, "debug")
    assert config.access_log is False and config.log_config is None
    with gateway_logging("debug"):
        assert logging.getLogger("uvicorn.access").disabled


def test_every_line_of_a_request_carries_its_id() -> None:
    app, _ = fake_gateway()
    with gateway_logging() as captured, serving(app) as server:
        response = post(
            server.url,
            '{ node(id: "bm90LWFuLWlk") { id } }',
            {"X-Request-Id": "req-0123456789"},
        )
    assert response.headers["X-Request-Id"] == "req-0123456789"
    lines = [line for line in captured.lines() if line["logger"] == "strawberry.execution"]
    assert lines and {line["request_id"] for line in lines} == {"req-0123456789"}


def test_the_log_scan_finds_the_datasets_values_and_reports_only_kinds() -> None:
    dataset = Dataset(members_per_tenant=1)
    member = dataset.member_file("azur", "10000001").member
    needles = Needles(dataset)
    nir, iban = member.nir, member.bank_accounts[0].iban
    spaced_nir = " ".join((nir[0], nir[1:3], nir[3:5], nir[5:7], nir[7:10], nir[10:13], nir[13:]))
    spaced_iban = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    assert list(needles.kinds(f"x={spaced_nir};")) == ["NIR"]
    assert list(needles.kinds(f"nir {nir[:13]} without key")) == ["NIR"]
    assert list(needles.kinds(f"<iban>{spaced_iban}</iban>")) == ["IBAN"]
    assert list(needles.kinds(f"to {member.email.upper()}.")) == ["e-mail"]
    assert list(needles.kinds(f"{member.last_name.upper()} {member.first_name}")) == ["name"]
    for harmless in (member.first_name, f"Dr {member.last_name}", "member 10000001"):
        assert list(needles.kinds(harmless)) == []
    scan = LogScan(needles)
    scan.where = "tests/graph/test_x.py"
    scan.handle(logging.makeLogRecord({"name": "adapters.x", "msg": "to %s", "args": (iban,)}))
    scan.where = "tests/sandbox/test_y.py"
    scan.handle(logging.makeLogRecord({"name": "zeep.transports", "msg": nir}))
    assert scan.failing
    report = "\n".join(scan.report())
    assert "IBAN in 1 line(s) of logger 'adapters.x' during tests/graph/test_x.py" in report
    assert "NIR in 1 line(s) of logger 'zeep.transports' during tests/sandbox/test_y.py" in report
    assert iban not in report and nir not in report
