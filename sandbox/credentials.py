"""Demo credentials of the simulated platforms, per tenant.

These are sandbox secrets, published on purpose: the demo tenants file of the gateway
names the same values. A real deployment references secrets, never literals.

Endpoints (default ports of DESIGN.md, all on 127.0.0.1):

    cimut       SOAP 1.1   POST http://127.0.0.1:8101/ws/{tenant}   (GET ...?wsdl)
                           WS-Security UsernameToken (PasswordText)
    cegedim     REST       POST http://127.0.0.1:8102/{tenant}/oauth/token  (client credentials)
                           http://127.0.0.1:8102/{tenant}/api/v1/...        (Bearer)
    santeclair  REST       http://127.0.0.1:8103/api/v1/...   header X-Api-Key (names the tenant)
    kalixia     REST       http://127.0.0.1:8104/api/v1/...   header X-Api-Key (names the tenant)
"""

from __future__ import annotations

DEFAULT_PORTS = {"cimut": 8101, "cegedim": 8102, "santeclair": 8103, "kalixia": 8104}


def cimut_username(tenant: str) -> str:
    return f"mutugraph-{tenant}"


def cimut_password(tenant: str) -> str:
    return f"sandbox-{tenant}-ws"


def cegedim_client_id(tenant: str) -> str:
    return f"mutugraph-{tenant}"


def cegedim_client_secret(tenant: str) -> str:
    return f"sandbox-{tenant}-oauth"


def network_api_key(network: str, tenant: str) -> str:
    """API key a tenant uses on a care network (santeclair, kalixia)."""
    return f"sandbox-{tenant}-{network}"
