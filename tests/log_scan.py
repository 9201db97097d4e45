"""The suite-wide log scan: no sandbox member's NIR, IBAN, name or e-mail in any log line.

DOMAIN.md: log no NIR, IBAN, name, e-mail... :class:`LogScan` is a handler on the root
logger at DEBUG for the whole test session (tests/conftest.py), so it sees every record
of every library (zeep, httpx and httpcore included) before any redaction, formats it
(message, traceback, stack) and looks for the personal data of the sandbox dataset that
the end-to-end tests use (default seed, the first 50 members of each tenant). Lines are
not kept: each one is scanned as it comes, with set lookups after a cheap regex pass. At
the end the session fails if anything was found, naming the kinds, loggers and test files,
never the values.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator

from sandbox.dataset.generator import Dataset

MEMBERS_PER_TENANT = 50
NAME_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
DIGIT_RUN = re.compile(r"[0-9][0-9 .ABab]{11,24}[0-9]")
IBAN_RUN = re.compile(r"[A-Z]{2}[0-9]{2}[0-9A-Z ]{11,40}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.casefold() for word in NAME_WORD.findall(text))


class Needles:
    """The dataset's personal values, normalised for set lookups."""

    def __init__(self, dataset: Dataset) -> None:
        self.nirs: set[str] = set()
        self.ibans: set[str] = set()
        self.emails: set[str] = set()
        self.names: set[tuple[str, ...]] = set()  # (first..., last...) and (last..., first...)
        for tenant in dataset.tenants:
            for number in dataset.member_numbers(tenant.id, MEMBERS_PER_TENANT):
                file = dataset.member_file(tenant.id, number)
                member = file.member
                self._nir(member.nir)
                self.emails.add(member.email.casefold())
                self.ibans.update(a.iban.replace(" ", "").upper() for a in member.bank_accounts)
                self._person(member.first_name, member.last_name)
                for beneficiary in file.beneficiaries:
                    self._person(beneficiary.first_name, beneficiary.last_name)
                    if beneficiary.nir:
                        self._nir(beneficiary.nir)
        self.name_starts = {name[0] for name in self.names}
        self.longest_name = max(len(name) for name in self.names)

    def _nir(self, nir: str) -> None:
        nir = nir.replace(" ", "").upper()
        self.nirs.update((nir, nir[:13]))  # with and without its key

    def _person(self, first: str, last: str) -> None:
        self.names.update((_words(first) + _words(last), _words(last) + _words(first)))

    def kinds(self, text: str) -> Iterator[str]:
        """The kinds of personal data found in ``text`` (each at most once)."""
        if self._has_nir(text):
            yield "NIR"
        if any(self._iban(m.group()) for m in IBAN_RUN.finditer(text)):
            yield "IBAN"
        if "@" in text and any(m.group().casefold() in self.emails for m in EMAIL.finditer(text)):
            yield "e-mail"
        if self._has_name(text):
            yield "name"

    def _has_nir(self, text: str) -> bool:
        for match in DIGIT_RUN.finditer(text):
            digits = re.sub(r"[ .]", "", match.group()).upper()
            for size in (15, 13):
                for start in range(len(digits) - size + 1):
                    if digits[start : start + size] in self.nirs:
                        return True
        return False

    def _iban(self, run: str) -> bool:
        compact = run.replace(" ", "")
        return any(compact[i : i + 27] in self.ibans for i in range(0, len(compact) - 26))

    def _has_name(self, text: str) -> bool:
        words = _words(text)
        for i, word in enumerate(words):
            if word in self.name_starts:
                for size in range(2, self.longest_name + 1):
                    if words[i : i + size] in self.names:
                        return True
        return False


class LogScan(logging.Handler):
    """Scans every record it gets; ``found`` counts (kind, logger, test file) triples."""

    def __init__(self, needles: Needles) -> None:
        super().__init__(logging.DEBUG)
        self.needles = needles
        self.found: Counter[tuple[str, str, str]] = Counter()
        self.scanned = 0
        self.where = "(outside any test)"  # the running test's file, set by tests/conftest.py
        self._formatter = logging.Formatter()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            parts = [record.getMessage()]
        except Exception:  # a broken format string: scan what is there
            parts = [str(record.msg), repr(record.args)]
        if record.exc_info:
            parts.append(self._formatter.formatException(record.exc_info))
        elif record.exc_text:
            parts.append(record.exc_text)
        if record.stack_info:
            parts.append(record.stack_info)
        self.scanned += 1
        for kind in self.needles.kinds("\n".join(parts)):
            self.found[(kind, record.name, self.where)] += 1

    @property
    def failing(self) -> bool:
        return bool(self.found)

    def report(self) -> list[str]:
        """One line per kind, logger and test file: no value, ever."""
        return [
            f"{kind} in {count} line(s) of logger {logger!r} during {where}"
            for (kind, logger, where), count in sorted(self.found.items())
        ]


def start_scan() -> LogScan:
    """The handler on the root logger, and the root logger at DEBUG."""
    scan = LogScan(Needles(Dataset(members_per_tenant=MEMBERS_PER_TENANT)))
    root = logging.getLogger()
    root.addHandler(scan)
    root.setLevel(logging.DEBUG)
    return scan
