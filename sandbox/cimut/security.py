"""WS-Security (OASIS WSS 1.0) UsernameToken check of the Cimut service.

Every request must carry ``wsse:Security/wsse:UsernameToken`` in its SOAP header with the
tenant's user name and a ``PasswordText`` password (``sandbox.credentials``); the Type
attribute may be omitted (PasswordText is the default of the profile). Anything else,
PasswordDigest included, is refused with the same ``AUTH_REFUSEE`` Fault, so that a caller
learns nothing about which part was wrong. Other header blocks marked
``soap:mustUnderstand="1"`` get a ``soap:MustUnderstand`` Fault, as SOAP 1.1 requires.
"""

from __future__ import annotations

import hmac

from lxml import etree

from sandbox import credentials
from sandbox.cimut.envelope import SOAP_ENV
from sandbox.cimut.faults import SoapFault, auth_refused

WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
PASSWORD_TEXT = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
    "#PasswordText"
)
_MUST_UNDERSTAND = f"{{{SOAP_ENV}}}mustUnderstand"


def authenticate(header: etree._Element | None, tenant: str) -> str:
    """Checks the header's UsernameToken for ``tenant``; returns the user name.

    Raises the AUTH_REFUSEE Fault when missing or wrong, MustUnderstand for unknown
    mandatory header blocks.
    """
    if header is None:
        raise auth_refused()
    _check_must_understand(header)
    token = header.find(f"{{{WSSE}}}Security/{{{WSSE}}}UsernameToken")
    if token is None:
        raise auth_refused()
    username = (token.findtext(f"{{{WSSE}}}Username") or "").strip()
    password_el = token.find(f"{{{WSSE}}}Password")
    if password_el is None or password_el.get("Type", PASSWORD_TEXT) != PASSWORD_TEXT:
        raise auth_refused()
    password = password_el.text or ""
    user_ok = hmac.compare_digest(username.encode(), credentials.cimut_username(tenant).encode())
    password_ok = hmac.compare_digest(
        password.encode(), credentials.cimut_password(tenant).encode()
    )
    if not (user_ok and password_ok):
        raise auth_refused()
    return username


def _check_must_understand(header: etree._Element) -> None:
    for block in header:
        if not isinstance(block.tag, str) or block.tag == f"{{{WSSE}}}Security":
            continue
        if block.get(_MUST_UNDERSTAND) in ("1", "true"):
            name = etree.QName(block).localname
            raise SoapFault(
                "MustUnderstand",
                "ENTETE_NON_COMPRISE",
                "En-tête obligatoire non compris",
                detail=f"En-tête {name} non compris",
            )
