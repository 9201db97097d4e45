"""The OpenAPI 3.1 document of the Cegedim-style API, served at ``GET /openapi.json``.

Paths come from the routes' :class:`~sandbox.cegedim.endpoint.Endpoint` declarations (every
route is documented, nothing else is), described by :mod:`sandbox.cegedim.openapi_paths`;
schemas from :mod:`sandbox.cegedim.openapi_schemas` and
:mod:`sandbox.cegedim.openapi_insured`, ``openapi_activity`` and ``openapi_bodies``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sandbox.cegedim.endpoint import API_PREFIX, Endpoint
from sandbox.cegedim.oauth import SCOPE
from sandbox.cegedim.openapi_activity import ACTIVITY
from sandbox.cegedim.openapi_bodies import BODIES
from sandbox.cegedim.openapi_insured import INSURED
from sandbox.cegedim.openapi_paths import OPERATIONS
from sandbox.cegedim.openapi_schemas import COMMON, ENUMS

TOKEN_PATH = "/{tenant}/oauth/token"
DESCRIPTION = """\
Simulated Cegedim iSanté-style member API of the Mutugraph sandbox.

Conventions: every call is under `/{tenant}/api/v1` and needs a bearer token from
`POST /{tenant}/oauth/token` (OAuth2 client credentials, client id and secret in the form or
in HTTP Basic); a token is valid for its tenant only and expires after `expires_in` seconds.
Amounts are integer euro cents; dates are ISO 8601 (`YYYY-MM-DD`), timestamps RFC 3339 in
UTC; codes are `{code, label}` objects. Searches are paged with `page` (zero-based) and `size`
(1-100, default 20) and answer `{content, page, size, totalElements, totalPages}`. Every
successful GET carries a strong `ETag`; send it back in `If-None-Match` to get 304. Each
client may make a limited number of calls per second; over it the API answers 429 with
`Retry-After`. Errors are RFC 7807 problem details with a stable `code`.
"""

_PATH_PARAMS = {
    "tenant": "Tenant (mutuelle) id, e.g. bocage or cevennes",
    "insuredId": "Member number (numéro d'adhérent), 8 digits",
    "beneficiaryId": "Beneficiary id (insuredId + '-' + 2 digits)",
    "reimbursementId": "Reimbursement id",
    "correspondenceId": "Letter id",
    "documentId": "Useful document id",
    "requestId": "Request id",
}


def _problem(description: str, **headers: str) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }
    if headers:
        response["headers"] = {
            name: {"$ref": f"#/components/headers/{ref}"} for name, ref in headers.items()
        }
    return response


def _components() -> dict[str, Any]:
    parameters: dict[str, Any] = {
        name: {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "string"},
            "description": text,
        }
        for name, text in _PATH_PARAMS.items()
    }
    parameters["page"] = {
        "name": "page",
        "in": "query",
        "required": False,
        "description": "Zero-based page index",
        "schema": {"type": "integer", "minimum": 0, "default": 0},
    }
    parameters["size"] = {
        "name": "size",
        "in": "query",
        "required": False,
        "description": "Page size",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
    }
    parameters["ifNoneMatch"] = {
        "name": "If-None-Match",
        "in": "header",
        "required": False,
        "description": "ETag of a previous response: 304 when unchanged",
        "schema": {"type": "string"},
    }
    return {
        "schemas": {**COMMON, **ENUMS, **INSURED, **ACTIVITY, **BODIES},
        "parameters": parameters,
        "headers": {
            "ETag": {"description": "Strong entity tag of the body", "schema": {"type": "string"}},
            "Location": {
                "description": "URL of the resource created",
                "schema": {"type": "string"},
            },
            "RetryAfter": {
                "description": "Seconds to wait",
                "schema": {"type": "integer", "minimum": 1},
            },
            "WWWAuthenticate": {
                "description": "Bearer challenge (RFC 6750)",
                "schema": {"type": "string"},
            },
        },
        "responses": {
            "NotModified": {
                "description": "Unchanged since the ETag sent in If-None-Match",
                "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
            },
            "BadRequest": _problem("Malformed parameter or field (see invalidParams)"),
            "Unauthorized": _problem(
                "Missing, unknown, expired or other-tenant token",
                **{"WWW-Authenticate": "WWWAuthenticate"},
            ),
            "NotFound": _problem("Unknown tenant, insured, beneficiary, document or request"),
            "Conflict": _problem(
                "Refused in the current state (group contract, closed beneficiary)"
            ),
            "PayloadTooLarge": _problem("A file is larger than 5 MB"),
            "UnsupportedMediaType": _problem("Wrong Content-Type for this operation"),
            "UnprocessableEntity": _problem(
                "Refused by a business rule (IBAN, BIC, insured removal)"
            ),
            "TooManyRequests": _problem("Rate limit exceeded", **{"Retry-After": "RetryAfter"}),
            "Unexpected": _problem("Any other failure (500, 502)"),
            "ServiceUnavailable": _problem(
                "The back end is unavailable", **{"Retry-After": "RetryAfter"}
            ),
        },
        "securitySchemes": {
            "oauth2": {
                "type": "oauth2",
                "description": "Client credentials; the token URL is per tenant: "
                "/{tenant}/oauth/token",
                "flows": {
                    "clientCredentials": {
                        "tokenUrl": "/bocage/oauth/token",
                        "scopes": {scope: scope for scope in SCOPE.split()},
                    }
                },
            },
            "clientBasic": {
                "type": "http",
                "scheme": "basic",
                "description": "client_id:client_secret",
            },
        },
    }


def _token_operation() -> dict[str, Any]:
    def oauth(description: str) -> dict[str, Any]:
        return {
            "description": description,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/OAuthError"}}
            },
        }

    return {
        "post": {
            "operationId": "token",
            "tags": ["Authentication"],
            "summary": "Get an access token (OAuth2 client credentials)",
            "security": [{}, {"clientBasic": []}],
            "parameters": [{"$ref": "#/components/parameters/tenant"}],
            "requestBody": {
                "required": True,
                "content": {
                    "application/x-www-form-urlencoded": {
                        "schema": {"$ref": "#/components/schemas/TokenRequest"}
                    }
                },
            },
            "responses": {
                "200": {
                    "description": "The token",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/OAuthToken"}}
                    },
                },
                "400": oauth("invalid_request or unsupported_grant_type"),
                "401": oauth("invalid_client: unknown client or wrong secret"),
                "404": _problem("No such tenant on this platform"),
            },
        }
    }


def _path_parameters(path: str) -> list[dict[str, str]]:
    names = re.findall(r"{(\w+)}", path)
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


def build_document(endpoints: Iterable[Endpoint]) -> dict[str, Any]:
    paths: dict[str, Any] = {TOKEN_PATH: _token_operation()}
    for endpoint in endpoints:
        path = API_PREFIX + endpoint.path
        spec = dict(OPERATIONS[endpoint.operation])
        params = _path_parameters(path) + list(spec.pop("parameters", []))
        if endpoint.method == "GET":
            params.append({"$ref": "#/components/parameters/ifNoneMatch"})
        operation = {"operationId": endpoint.operation, **spec, "parameters": params}
        paths.setdefault(path, {})[endpoint.method.lower()] = operation
    paths["/openapi.json"] = {
        "get": {
            "operationId": "getOpenApiDocument",
            "tags": ["Authentication"],
            "summary": "This document",
            "security": [],
            "responses": {
                "200": {
                    "description": "OpenAPI 3.1 document",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "iSanté member API (Cegedim-style sandbox)",
            "version": "1.0.0",
            "description": DESCRIPTION,
        },
        "servers": [{"url": "/", "description": "This sandbox (default http://127.0.0.1:8102)"}],
        "tags": [
            {"name": name}
            for name in (
                "Authentication",
                "Insured",
                "Contract",
                "Reimbursements",
                "Documents",
                "Requests",
                "Messages",
            )
        ],
        "security": [{"oauth2": []}],
        "paths": paths,
        "components": _components(),
    }
