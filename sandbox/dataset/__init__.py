"""The deterministic, lazily generated dataset of the sandbox platforms.

``Dataset(seed=..., members_per_tenant=..., as_of=...)`` gives the same data, byte for byte,
for the same three inputs; every member (and their family, contract, payments, letters) is
generated on demand from a random generator seeded by (seed, tenant, member index), so
memory stays flat however many members a tenant has.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Dataset", "MemberFile"]


def __getattr__(name: str) -> Any:
    # Lazy, so that importing ``sandbox.dataset.records`` stays light.
    if name in __all__:
        from sandbox.dataset import generator

        return getattr(generator, name)
    raise AttributeError(name)
