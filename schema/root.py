"""The schema the gateway serves: queries, mutations, every node type, error codes."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry
from strawberry.extensions import SchemaExtension

from schema.errors import ErrorCodes
from schema.mutations import Mutation
from schema.query import Query
from schema.types.beneficiary import Beneficiary
from schema.types.care import HealthProfessional
from schema.types.contract import Contract
from schema.types.documents import Document, Letter
from schema.types.member import Member
from schema.types.messages import ChangeRequest, Message, Thread
from schema.types.payments import Payment
from schema.types.quotes import Quote

NODE_TYPES = (
    Member,
    Beneficiary,
    Contract,
    Payment,
    Quote,
    Letter,
    Document,
    Message,
    Thread,
    ChangeRequest,
    HealthProfessional,
)


def build_schema(
    extensions: Sequence[type[SchemaExtension]] = (),
) -> strawberry.Schema:
    """The schema the gateway serves; ``extensions`` run inside the error formatting."""
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=NODE_TYPES,
        extensions=[ErrorCodes, *extensions],
    )
