"""Opaque global ids: base64 of ``Type:tenant:member:key``, never holding a NIR.

The tenant travels in the id so that an id of another tenant is refused before any call;
the member number lets ``node(id:)`` check access before fetching. Tenant-wide nodes
(health professionals) have an empty member part. Keys are the platforms' own ids; a key
that looks like a NIR is refused here, so a platform that used NIRs as ids would fail
loudly instead of leaking them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum.fr import nir
from strawberry.relay import from_base64, to_base64

from resolvers.errors import UserInputError

# A whole 15-character NIR (sex, year, month, département incl. 2A/2B, commune, order, key).
_NIR_RUN = re.compile(r"(?<![0-9])[1-478][0-9]{4}(?:[0-9]{2}|2A|2B)[0-9]{8}(?![0-9])")
_NIR_SHAPE = re.compile(r"^[12]\d{2}(0[1-9]|1[0-2]|[2-9]\d)")


class NirInIdError(ValueError):
    """A back-end id shaped like a NIR: refusing to put it in a global id."""


def _looks_like_nir(text: str) -> bool:
    """A NIR with its key anywhere in the text, or a text that is a NIR without its key."""
    if len(text) == 13 and text.isdigit() and _NIR_SHAPE.match(text):
        return True
    return any(nir.is_valid(run) for run in _NIR_RUN.findall(text.upper()))


@dataclass(frozen=True, slots=True)
class NodeKey:
    """What a global id holds after its type name."""

    tenant: str
    member: str  # "" for tenant-wide nodes
    key: str

    def encode(self) -> str:
        if ":" in self.tenant or ":" in self.member:
            raise ValueError("tenant and member number may not contain ':'")
        if _looks_like_nir(self.key) or _looks_like_nir(self.member):
            raise NirInIdError("refusing a NIR-shaped key in a global id")
        return f"{self.tenant}:{self.member}:{self.key}"

    @classmethod
    def decode(cls, raw: str) -> NodeKey | None:
        parts = raw.split(":", 2)
        if len(parts) != 3 or not parts[0] or not parts[2]:
            return None
        return cls(parts[0], parts[1], parts[2])


def global_id(type_name: str, key: NodeKey) -> str:
    return to_base64(type_name, key.encode())


def parse_global_id(value: str) -> tuple[str, NodeKey] | None:
    """(type name, key) of a global id, or None when it is not one of ours."""
    try:
        type_name, raw = from_base64(value)
    except (ValueError, TypeError):
        return None
    key = NodeKey.decode(raw)
    return None if key is None else (type_name, key)


def local_id(value: str, type_name: str, tenant: str, member: str, field: str) -> str:
    """The platform key of a global id given as input, checked against type and member."""
    parsed = parse_global_id(value)
    if parsed is None or parsed[0] != type_name:
        raise UserInputError(field, f"Not a {type_name} id.")
    key = parsed[1]
    if key.tenant != tenant or key.member != member:
        raise UserInputError(field, f"Unknown {type_name}.")
    return key.key
