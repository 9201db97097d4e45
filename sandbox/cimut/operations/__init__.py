"""The Cimut operations: one handler per WSDL operation, by operation name.

``OPERATIONS`` maps each operation (the local name of its request element) to its handler;
a test checks that it covers exactly the portType of ``cimut.wsdl``.
"""

from __future__ import annotations

from sandbox.cimut.operations import changes, documents, member, messaging, payments
from sandbox.cimut.operations.common import Handler

OPERATIONS: dict[str, Handler] = {
    **member.HANDLERS,
    **payments.HANDLERS,
    **documents.HANDLERS,
    **changes.HANDLERS,
    **messaging.HANDLERS,
}

__all__ = ["OPERATIONS", "Handler"]
