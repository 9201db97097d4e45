"""Kalixia's error shape: ``{"erreur": {"code", "libelle"}}`` with the HTTP status, and the
bodies the fault injector sends (a 503, a truncated JSON document)."""

from __future__ import annotations

from starlette.responses import JSONResponse, Response

CODES = {
    400: "PARAMETRE_INVALIDE",
    401: "CLE_API_INVALIDE",
    403: "ACCES_REFUSE",
    404: "PARTENAIRE_INCONNU",
    422: "ADRESSE_INCONNUE",
    503: "SERVICE_INDISPONIBLE",
}


def erreur(status: int, libelle: str) -> JSONResponse:
    return JSONResponse({"erreur": {"code": CODES[status], "libelle": libelle}}, status_code=status)


def denied(status: int, reason: str) -> Response:
    return erreur(status, reason)


def error_response(operation: str) -> Response:
    return erreur(503, f"{operation} : service momentanément indisponible")


def malformed_response(operation: str) -> Response:
    return Response(
        b'{"nombreTotal": 3, "partenaires": [{"identifiant": "75', media_type="application/json"
    )
