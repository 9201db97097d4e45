"""The Cimut-style platform as a Starlette app: ``create_app(dataset)``.

Routes (per tenant on platform ``cimut``; any other tenant is a 404):

    POST /ws/{tenant}                   the SOAP 1.1 endpoint (text/xml; SOAPAction accepted)
    GET  /ws/{tenant}?wsdl              the WSDL, soap:address set to this endpoint
    GET  /ws/{tenant}?xsd=cimut.xsd     the XSD the WSDL imports

plus the admin API of :func:`sandbox.admin.platform_app` (``/_sandbox/...``). Calls are
counted under the SOAP operation name (the Body's first element); GETs are not counted.
Injected faults (see :mod:`sandbox.cimut.hooks`): errors alternate between an HTTP 503 from
the "front proxy" and a ``soap:Server`` Fault SERVICE_INDISPONIBLE; malformed answers are a
200 text/xml with a truncated envelope.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from sandbox.admin import platform_app
from sandbox.cimut import hooks
from sandbox.cimut.contract import XSD_NAME, Contract
from sandbox.cimut.service import CimutService

if TYPE_CHECKING:
    from sandbox.dataset.generator import Dataset

XML = "text/xml; charset=utf-8"
_ACCEPTED_TYPES = ("text/xml", "application/xml")


def create_app(dataset: Dataset) -> Starlette:
    """The platform serving every tenant of ``dataset`` whose platform is cimut."""
    tenants = tuple(tenant.id for tenant in dataset.tenants if tenant.platform == "cimut")
    contract = Contract.load()
    service = CimutService(contract, dataset.backoffice)

    async def endpoint(request: Request) -> Response:
        tenant = request.path_params["tenant"]
        if tenant not in tenants:
            return PlainTextResponse("Not Found", status_code=404)
        if request.method == "GET":
            return _get(request, contract)
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type not in _ACCEPTED_TYPES:
            return PlainTextResponse("Unsupported Media Type: use text/xml", status_code=415)
        # The service is synchronous and fast; running it on the event loop keeps the
        # dataset and the back offices single-threaded, as the other platforms do.
        reply = service.handle(tenant, await request.body())
        return Response(reply.body, status_code=reply.status, media_type=XML)

    routes = [Route("/ws/{tenant}", endpoint, methods=["GET", "POST"])]
    responders = hooks.Responders()

    def on_reset() -> None:
        responders.reset()
        for tenant in tenants:
            dataset.backoffice(tenant).reset()

    app = platform_app(
        "cimut",
        routes,
        operation_of=hooks.operation_of(tenants),
        error_response=responders.error,
        malformed_response=responders.malformed,
        tenants=tenants,
        member_numbers=dataset.member_numbers,
        on_reset=on_reset,
    )
    return app


def _get(request: Request, contract: Contract) -> Response:
    params = request.query_params
    endpoint_url = str(request.url.replace(query=""))
    if "wsdl" in params:
        return Response(contract.wsdl_for(endpoint_url), media_type=XML)
    if "xsd" in params:
        if params["xsd"] != XSD_NAME:
            return PlainTextResponse("Not Found", status_code=404)
        return Response(contract.xsd, media_type=XML)
    return PlainTextResponse(
        f"CimutAdherentService v2 - WSDL : {endpoint_url}?wsdl", media_type="text/plain"
    )
