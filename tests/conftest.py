"""Suite-wide fixtures. Async tests use anyio's plugin on asyncio: ``@pytest.mark.anyio``.

The whole session's logs are scanned for the sandbox members' personal data
(tests/log_scan.py): the session fails, naming kinds and loggers, if any is found.
"""

from __future__ import annotations

import logging
from collections.abc import Generator

import pytest

from tests.log_scan import LogScan, start_scan

_scan: LogScan | None = None


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


def pytest_sessionstart(session: pytest.Session) -> None:
    global _scan
    _scan = start_scan()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _scan is None:
        return
    logging.getLogger().removeHandler(_scan)
    if _scan.failing and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, object, object]:
    if _scan is not None:
        _scan.where = item.nodeid.split("::")[0]  # findings name the test file
    return (yield)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _scan is None:
        return
    if not _scan.found:
        terminalreporter.write_line(f"log scan: {_scan.scanned} log records, no personal data")
        return
    failing = _scan.failing
    terminalreporter.section("log scan: personal data in the logs", red=failing)
    for line in _scan.report():
        terminalreporter.write_line(line, red=failing)
    verdict = "the session fails" if failing else "exempt findings only"
    terminalreporter.write_line(f"{_scan.scanned} log records scanned: {verdict}")
