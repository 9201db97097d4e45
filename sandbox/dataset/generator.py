"""``Dataset``: the sandbox's world, generated lazily and deterministically.

``Dataset(seed, members_per_tenant, as_of)`` gives the same data byte for byte for the same
three inputs, in any process (random generators are seeded from SHA-256 of stable keys such
as ``"2026:azur:42"``, never from ``hash()``). Member ``i`` of a tenant (family, contract,
premium, letters, quotes, messages; payments separately) is generated on demand from its
own generators and kept in small LRU caches, so memory stays flat from 500 to 100,000
members per tenant. Professionals (shared by all tenants) are generated once.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from sandbox.dataset import contracts, correspondence, exchanges, families, payments
from sandbox.dataset import professionals as professionals_module
from sandbox.dataset import towns as towns_module
from sandbox.dataset.offers import Offer, offer
from sandbox.dataset.offers import offers as tenant_offers
from sandbox.dataset.professionals import Directory
from sandbox.dataset.records import (
    Beneficiary,
    Contract,
    HealthProfessional,
    Letter,
    Member,
    Message,
    Payment,
    Premium,
    Quote,
    Tenant,
    TiersPayantCard,
    Town,
    UsefulDocument,
)
from sandbox.dataset.rng import rng_for
from sandbox.dataset.tenants import TENANTS, TENANTS_BY_ID

if TYPE_CHECKING:
    from sandbox.backoffice import BackOffice

MAX_MEMBERS = 9_999_999  # member numbers are the prefix digit and 7 digits


@dataclass(frozen=True, slots=True)
class MemberFile:
    """Everything generated for one member except payments (see ``Dataset.payments``)."""

    tenant: Tenant
    index: int
    member: Member
    beneficiaries: tuple[Beneficiary, ...]
    contract: Contract
    offer: Offer
    premium: Premium
    letters: tuple[Letter, ...]  # newest first
    tp_card: TiersPayantCard
    quotes: tuple[Quote, ...]  # newest first
    messages: tuple[Message, ...]  # newest first


class Dataset:
    """The generated world of the sandbox: three tenants, their members, professionals."""

    def __init__(
        self,
        seed: int = 2026,
        members_per_tenant: int = 500,
        as_of: date | None = None,
        *,
        cache_size: int = 256,
    ) -> None:
        if not 1 <= members_per_tenant <= MAX_MEMBERS:
            raise ValueError(f"members_per_tenant must be between 1 and {MAX_MEMBERS}")
        self.seed = seed
        self.members_per_tenant = members_per_tenant
        self.as_of = as_of or date.today()
        self._lock = threading.Lock()
        self._directory: Directory | None = None
        self._backoffices: dict[str, BackOffice] = {}
        self._file = lru_cache(maxsize=cache_size)(self._generate_file)
        self._payments = lru_cache(maxsize=max(8, cache_size // 2))(self._generate_payments)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Dataset:
        """From MUTUGRAPH_SANDBOX_SEED, _MEMBERS and _AS_OF (ISO date), with defaults."""
        env = os.environ if environ is None else environ
        as_of = env.get("MUTUGRAPH_SANDBOX_AS_OF")
        return cls(
            seed=int(env.get("MUTUGRAPH_SANDBOX_SEED", "2026")),
            members_per_tenant=int(env.get("MUTUGRAPH_SANDBOX_MEMBERS", "500")),
            as_of=date.fromisoformat(as_of) if as_of else None,
        )

    # -- tenants and members ---------------------------------------------------------------
    @property
    def tenants(self) -> tuple[Tenant, ...]:
        return TENANTS

    def tenant(self, tenant_id: str) -> Tenant:
        """The tenant; KeyError when unknown."""
        return TENANTS_BY_ID[tenant_id]

    def member_numbers(self, tenant_id: str, limit: int) -> list[str]:
        """The first ``limit`` member numbers of a tenant, without generating members."""
        prefix = self.tenant(tenant_id).member_prefix
        count = max(0, min(limit, self.members_per_tenant))
        return [f"{prefix}{index:07d}" for index in range(1, count + 1)]

    def index_of(self, tenant_id: str, number: str) -> int | None:
        """The member's position (1-based) in its tenant, or None if no such member."""
        tenant = TENANTS_BY_ID.get(tenant_id)
        if tenant is None or len(number) != 8 or not number.isdigit():
            return None
        if not number.startswith(tenant.member_prefix):
            return None
        index = int(number[len(tenant.member_prefix) :])
        return index if 1 <= index <= self.members_per_tenant else None

    def member_file(self, tenant_id: str, number: str) -> MemberFile:
        """Everything about a member but payments. KeyError when unknown."""
        index = self.index_of(tenant_id, number)
        if index is None:
            raise KeyError(number)
        return self._file(tenant_id, index)

    def payments(self, tenant_id: str, number: str) -> tuple[Payment, ...]:
        """The member's payments over the 24 months before ``as_of``, newest first."""
        index = self.index_of(tenant_id, number)
        if index is None:
            raise KeyError(number)
        return self._payments(tenant_id, index)

    # -- shared reference data -------------------------------------------------------------
    def directory(self) -> Directory:
        with self._lock:
            if self._directory is None:
                self._directory = Directory(professionals_module.generate(self.seed))
            return self._directory

    def professionals(self) -> Sequence[HealthProfessional]:
        return self.directory().all

    def professional(self, professional_id: str) -> HealthProfessional | None:
        return self.directory().by_id.get(professional_id)

    def towns(self) -> tuple[Town, ...]:
        return towns_module.towns()

    def offers(self, tenant_id: str) -> tuple[Offer, ...]:
        return tenant_offers(tenant_id)

    def useful_documents(self, tenant_id: str, offer_code: str) -> tuple[UsefulDocument, ...]:
        return correspondence.useful_documents(self.tenant(tenant_id), offer_code)

    def backoffice(self, tenant_id: str) -> BackOffice:
        """The tenant's back office (one per tenant, kept)."""
        from sandbox.backoffice import BackOffice

        self.tenant(tenant_id)
        with self._lock:
            if tenant_id not in self._backoffices:
                self._backoffices[tenant_id] = BackOffice(self, tenant_id)
            return self._backoffices[tenant_id]

    # -- generation ------------------------------------------------------------------------
    def _number(self, tenant: Tenant, index: int) -> str:
        return f"{tenant.member_prefix}{index:07d}"

    def _generate_file(self, tenant_id: str, index: int) -> MemberFile:
        tenant = self.tenant(tenant_id)
        number = self._number(tenant, index)
        rng = rng_for(self.seed, tenant_id, index)
        family = families.generate(rng, tenant, number, self.as_of)
        agreement, beneficiaries = contracts.contract(rng, tenant_id, family, self.as_of)
        chosen = offer(tenant_id, agreement.offer_code)
        premium = contracts.premium(rng, agreement, chosen, beneficiaries, self.as_of)
        member = replace(
            family.member,
            bank_accounts=contracts.bank_accounts(rng, family.member, premium.method),
        )
        extra = rng_for(self.seed, tenant_id, index, "correspondence")
        department = member.address.insee[:2]
        return MemberFile(
            tenant=tenant,
            index=index,
            member=member,
            beneficiaries=beneficiaries,
            contract=agreement,
            offer=chosen,
            premium=premium,
            letters=correspondence.letters(extra, tenant, number, agreement, self.as_of),
            tp_card=correspondence.tp_card(tenant, agreement, chosen, beneficiaries, self.as_of),
            quotes=exchanges.quotes(
                extra, number, beneficiaries, chosen, self.directory(), department, self.as_of
            ),
            messages=exchanges.messages(extra, number, self.as_of),
        )

    def _generate_payments(self, tenant_id: str, index: int) -> tuple[Payment, ...]:
        file = self._file(tenant_id, index)
        context = payments.FamilyContext(file.member, file.beneficiaries, file.contract, self.as_of)
        rng = rng_for(self.seed, tenant_id, index, "payments")
        return payments.generate(rng, context, self.directory())
