"""The Cimut-style simulated platform: a SOAP 1.1 document/literal "espace adhérent" service.

The contract (WSDL 1.1 + XSD) lives in ``adapters/soap/wsdl/`` as a vendor would hand it
over; this package serves it (``GET /ws/{tenant}?wsdl``) and implements it
(``POST /ws/{tenant}``) over :class:`sandbox.backoffice.BackOffice`, with the legacy quirks
on purpose: dd/MM/yyyy dates, "21,00" amounts, O/N booleans, codes instead of labels,
WS-Security UsernameToken, XSD validation of every request, business errors as SOAP Faults
with a code in the detail. See docs/sandbox-cimut.md.
"""
