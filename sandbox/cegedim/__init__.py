"""The Cegedim-style simulated platform: a REST/JSON "iSanté" API with OAuth2 client credentials.

Same business capabilities as the Cimut SOAP service (both sit on
:class:`sandbox.backoffice.BackOffice`), under other names and shapes: English camelCase
resources under ``/{tenant}/api/v1``, amounts in integer euro cents, ISO 8601 dates, codes as
``{"code", "label"}`` enums, page/size pagination with totals, ETag/If-None-Match on GETs,
a per-client rate limit (429 + Retry-After) and RFC 7807 problem details. The OpenAPI 3.1
document is served at ``/openapi.json``. See docs/sandbox-cegedim.md.
"""
