"""Who is asking: the authenticated viewer of a GraphQL request.

The gateway builds a :class:`Viewer` from the verified bearer token; resolvers use it to
route to the viewer's tenant and to decide what the viewer may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["member", "beneficiary", "advisor"]


@dataclass(frozen=True, slots=True)
class Viewer:
    """The token's subject: a member (adhérent), a beneficiary's own account, or an advisor."""

    tenant: str
    subject: str  # the member number within the tenant (``sub``)
    roles: frozenset[Role]
    beneficiary_id: str | None = None  # for a beneficiary's own account

    @property
    def member_number(self) -> str:
        return self.subject
