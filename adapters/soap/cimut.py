"""The Cimut member platform (SOAP 1.1 web services "espace adhérent" v2) behind the port.

Registered as ``cimut`` → ``adapters.soap.cimut:create_platform``. A tenant's spec gives:

    endpoint      the tenant's SOAP address, e.g. http://127.0.0.1:8101/ws/azur
    credentials   {"username", "password"}: the WS-Security UsernameToken (PasswordText)
    options       "timeout" seconds per call (default 5), "concurrency" calls at once in a
                  per-member batch (default 8)

How it is put together (``adapters/soap/``):

    cimut.py            this factory and :class:`CimutPlatform` (every capability in one)
    cimut_session.py    one tenant's endpoint: lazy start, calls, per-member batches
    cimut_runtime.py    per process: the WSDL parsed once off the loop, the shared httpx client
    service.py          zeep plumbing: async proxy, no envelope logging, timeouts, errors
    cimut_faults.py     SOAP Fault code (ErreurCimut) → port error
    cimut_quirks.py     dd/MM/yyyy, "21,00", O/N, phones; cimut_codes.py: code tables ↔ enums
    cimut_people.py, cimut_papers.py    replies → port records
    cimut_reads.py, cimut_payments.py, cimut_changes.py    the port's methods

Life cycle: the factory does no I/O. The gateway's lifespan calls ``astart()`` (the WSDL
parsed in a worker thread, once per process, and the shared client taken), and
``aclose()`` at shutdown (the last Cimut tenant closes the client); a call arriving before
``astart()`` starts the platform itself.
"""

from __future__ import annotations

from collections.abc import Mapping

from adapters.port.backends import MemberPlatform
from adapters.registry import BackendSpec, RegistryError
from adapters.soap.cimut_changes import CimutChanges
from adapters.soap.cimut_faults import PLATFORM
from adapters.soap.cimut_session import CimutSession

__all__ = ["CimutPlatform", "create_platform"]

DEFAULT_TIMEOUT = 5.0
DEFAULT_CONCURRENCY = 8


class CimutPlatform(CimutChanges):
    """Every member capability of one Cimut tenant; a resource with astart/aclose."""

    def __init__(self, session: CimutSession) -> None:
        super().__init__(session)

    def __repr__(self) -> str:
        return f"CimutPlatform(tenant={self.session.tenant!r})"

    async def astart(self) -> None:
        await self.session.astart()

    async def aclose(self) -> None:
        await self.session.aclose()

    def counters(self) -> dict[str, int]:
        """Events since start, for ``/metrics`` (``adapters.port.CountsEvents``)."""
        return {"requests": self.session.requests, "failed": self.session.failed}

    def bundle(self) -> MemberPlatform:
        return MemberPlatform(
            name=PLATFORM,
            directory=self,
            contracts=self,
            payments=self,
            correspondence=self,
            changes=self,
            messaging=self,
            resources=(self,),
        )


def _number(options: Mapping[str, object], name: str, default: float) -> float:
    raw = options.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(str(raw))
    except ValueError:
        value = 0.0
    if not value > 0:
        raise RegistryError(f"cimut option {name!r} must be a positive number")
    return value


def create_platform(tenant_id: str, spec: BackendSpec) -> MemberPlatform:
    """Registry factory: the tenant's Cimut platform (no I/O; see the module docstring).

    A spec without endpoint or credentials, or with a bad option, is a RegistryError (the
    gateway names the tenant).
    """
    if not spec.endpoint:
        raise RegistryError("the cimut platform needs an endpoint")
    try:
        username = spec.credentials["username"]
        password = spec.credentials["password"]
    except KeyError:
        raise RegistryError("cimut credentials need a username and a password") from None
    session = CimutSession(
        tenant_id,
        spec.endpoint,
        username,
        password,
        timeout=_number(spec.options, "timeout", DEFAULT_TIMEOUT),
        concurrency=int(_number(spec.options, "concurrency", DEFAULT_CONCURRENCY)),
    )
    return CimutPlatform(session).bundle()
