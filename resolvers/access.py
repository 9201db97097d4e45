"""Who may reach which member: the data-fetch path's authorization check.

Every resolver that fetches member data first gets an :class:`Access` for that member,
through :func:`own` (the viewer's own member) or :func:`reach` (a member named by a global
id). ``reach`` refuses another tenant, and another member unless the viewer is an advisor
of that tenant, with the same NOT_FOUND whether the target exists or not. A beneficiary's
own account (``Viewer.beneficiary_id``) reaches only that beneficiary's data.
"""

from __future__ import annotations

from dataclasses import dataclass

from adapters.port import MemberRef
from resolvers.context import RequestState
from resolvers.errors import ForbiddenError, NotFoundError


@dataclass(frozen=True, slots=True)
class Access:
    """The viewer's reach into one member's data."""

    member: MemberRef
    beneficiary_id: str | None = None  # set: only this beneficiary's data (own account)
    holder: bool = False  # the adhérent themself: may ask for changes
    advisor: bool = False

    @property
    def restricted(self) -> bool:
        return self.beneficiary_id is not None


def own(state: RequestState) -> Access:
    """The viewer's own member (``me``)."""
    viewer = state.viewer
    return Access(
        member=MemberRef(viewer.tenant, viewer.member_number),
        beneficiary_id=viewer.beneficiary_id,
        holder="member" in viewer.roles and viewer.beneficiary_id is None,
        advisor="advisor" in viewer.roles,
    )


def reach(state: RequestState, tenant: str, member_number: str) -> Access:
    """Access to a member named by an id; NOT_FOUND when the viewer may not reach it."""
    viewer = state.viewer
    if tenant != viewer.tenant:
        raise NotFoundError()
    if member_number == viewer.member_number:
        return own(state)
    if "advisor" in viewer.roles:
        return Access(member=MemberRef(tenant, member_number), advisor=True)
    raise NotFoundError()


async def checked(state: RequestState, access: Access) -> Access:
    """``access`` once a beneficiary account is known to be one of its member's.

    The token names the member (``sub``) and the beneficiary; gateway/auth.py leaves it to
    the resolvers to check that the one belongs to the other (it takes a back-end read, the
    request's beneficiaries loader). Another family's or an unknown beneficiary reaches
    nothing of the member: FORBIDDEN.
    """
    if access.restricted:
        everyone = await state.loaders.beneficiaries.load(access.member)
        if all(b.id != access.beneficiary_id for b in everyone):
            raise ForbiddenError("This account is not one of the member's beneficiaries.")
    return access


def require_holder(access: Access) -> None:
    """Changes are the adhérent's: a beneficiary's account or an advisor may not make them."""
    if not access.holder:
        raise ForbiddenError("Only the member holding the contract can ask for this change.")
