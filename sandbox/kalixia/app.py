"""The Kalixia-style network as a Starlette app (default port 8104).

    GET /api/v1/partenaires                 rechercherPartenaires
    GET /api/v1/partenaires/{identifiant}   consulterPartenaire

Every call needs ``X-Api-Key: network_api_key("kalixia", tenant)`` of a mutuelle that has
the network.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route

from sandbox.admin import platform_app
from sandbox.dataset.records import Network
from sandbox.kalixia.partners import Partenaires
from sandbox.kalixia.places import Places
from sandbox.kalixia.problems import denied, error_response, malformed_response
from sandbox.networks.access import ApiKeys
from sandbox.networks.directory import NetworkDirectory

if TYPE_CHECKING:
    from sandbox.dataset.generator import Dataset

NETWORK: Network = "kalixia"
OPERATIONS = (
    (re.compile(r"^/api/v1/partenaires/?$"), "rechercherPartenaires"),
    (re.compile(r"^/api/v1/partenaires/[^/]+$"), "consulterPartenaire"),
)


async def operation_of(request: Request) -> str | None:
    """The operation a request calls, for the stats and the faults (None: not an API call)."""
    if request.method != "GET":
        return None
    return next((name for p, name in OPERATIONS if p.match(request.url.path)), None)


def create_app(dataset: Dataset) -> Starlette:
    """The Kalixia sandbox over ``dataset``."""
    keys = ApiKeys(dataset.tenants, NETWORK, denied)
    partenaires = Partenaires(
        NetworkDirectory(dataset.professionals, NETWORK), Places(dataset.towns())
    )
    routes = [
        Route("/api/v1/partenaires", keys.guard(partenaires.rechercher), methods=["GET"]),
        Route(
            "/api/v1/partenaires/{identifiant}",
            keys.guard(partenaires.consulter),
            methods=["GET"],
        ),
    ]
    return platform_app(
        NETWORK,
        routes,
        operation_of=operation_of,
        error_response=error_response,
        malformed_response=malformed_response,
        tenants=[t.id for t in dataset.tenants if NETWORK in t.networks],
        member_numbers=dataset.member_numbers,
        on_reset=lambda: None,  # read-only network: nothing to restore
    )
