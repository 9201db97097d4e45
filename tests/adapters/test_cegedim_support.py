"""Support of the Cegedim adapter's unit tests (no tests here): a scriptable fake of the
API behind ``httpx.MockTransport``, a hand-moved clock, sample bodies in the API's shapes.

The fake issues tokens ``t1``, ``t2``... (counting them), refuses unknown or revoked tokens
with 401 like the platform, and answers each API path from a script: a list of responses
served in turn (the last one repeats) or a function of the request.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from adapters.port import PortError
from adapters.rest.cegedim import CegedimPlatform, CegedimSettings

BASE = "http://cegedim.test/bocage"
API = "/bocage/api/v1"
Responder = Callable[[httpx.Request], httpx.Response]


def problem(
    status: int, code: str, *, headers: dict[str, str] | None = None, **extra: Any
) -> httpx.Response:
    body = {"type": "about:blank", "title": code, "status": status, "code": code, "detail": "x"}
    body.update(extra)
    return httpx.Response(
        status,
        content=json.dumps(body).encode(),
        headers={"content-type": "application/problem+json", **(headers or {})},
    )


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Sleeps:
    """An injected ``sleep`` that records what it was asked to wait, and does not wait."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)


class FakeApi:
    """The token endpoint and the API paths of one tenant, scripted by the test."""

    def __init__(self) -> None:
        self.token_calls = 0
        self.expires_in = 300
        self.token_response: httpx.Response | None = None  # set: the token endpoint fails
        self.valid: set[str] = set()
        self.requests: list[httpx.Request] = []
        self.scripts: dict[tuple[str, str], list[httpx.Response] | Responder] = {}

    def on(self, method: str, path: str, *answers: httpx.Response | Responder) -> None:
        """Answers for ``method API+path``: responses in turn, or one function."""
        if (
            len(answers) == 1
            and callable(answers[0])
            and not isinstance(answers[0], httpx.Response)
        ):
            self.scripts[(method, API + path)] = answers[0]
        else:
            self.scripts[(method, API + path)] = [
                a for a in answers if isinstance(a, httpx.Response)
            ]

    def revoke_all(self) -> None:
        self.valid.clear()

    def calls(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and r.url.path == API + path]

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth/token"):
            self.token_calls += 1
            await asyncio.sleep(0)  # let concurrent callers pile up behind this fetch
            if self.token_response is not None:
                return self.token_response
            token = f"t{self.token_calls}"
            self.valid.add(token)
            return httpx.Response(
                200,
                json={"access_token": token, "token_type": "Bearer", "expires_in": self.expires_in},
            )
        self.requests.append(request)
        await asyncio.sleep(0)
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if token not in self.valid:
            return problem(401, "UNAUTHORIZED")
        script = self.scripts.get((request.method, request.url.path))
        if script is None:
            return problem(404, "NOT_FOUND")
        if callable(script):
            return script(request)
        return script.pop(0) if len(script) > 1 else script[0]


def platform(
    api: FakeApi,
    clock: FakeClock | None = None,
    sleep: Sleeps | None = None,
    **options: str,
) -> CegedimPlatform:
    settings = CegedimSettings.from_spec(
        BASE, {"client_id": "client", "client_secret": "s3cret"}, options
    )
    return CegedimPlatform.create(
        "bocage",
        settings,
        transport=httpx.MockTransport(api),
        clock=clock or FakeClock(),
        sleep=sleep or Sleeps(),
    )


def insured_body(number: str = "20000001") -> dict[str, Any]:
    return {
        "insuredId": number,
        "civility": {"code": "MRS", "label": "Madame"},
        "lastName": "Durand",
        "firstName": "Alice",
        "birthDate": "1980-02-29",
        "socialSecurityNumber": None,
        "email": "alice@example.org",
        "mobilePhone": None,
        "homePhone": None,
        "postalAddress": {
            "line1": "1 rue de la Paix",
            "line2": None,
            "postalCode": "14000",
            "city": "Caen",
            "inseeCode": "14118",
            "countryCode": "FR",
            "latitude": 49.18,
            "longitude": -0.37,
        },
        "maritalStatus": {"code": "MARRIED", "label": "Marié(e)"},
        "lastLoginAt": "2026-01-05T09:30:00Z",
        "preferences": {"paperlessStatements": True, "reimbursementNotifications": False},
        "bankAccounts": [],
    }


def request_body(kind: str = "BANK_DETAILS") -> dict[str, Any]:
    return {
        "requestId": "DEM-1",
        "insuredId": "20000001",
        "requestType": {"code": kind, "label": kind},
        "status": {"code": "RECEIVED", "label": "Reçue"},
        "createdAt": "2026-01-05T09:30:00Z",
        "updatedAt": "2026-01-05T09:30:00Z",
        "summary": "Changement de RIB",
        "attachments": [],
    }


def ok(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


async def raised(batch: Awaitable[object]) -> PortError:
    """The error a batch raises when every key failed because the platform is out of
    reach (adapters/port/README.md, rule 2); fails the test if the batch returned."""
    try:
        await batch
    except PortError as error:
        return error
    raise AssertionError("the batch returned instead of failing as a whole")
