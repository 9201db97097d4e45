"""The abuse limits of the gateway, read from ``MUTUGRAPH_*`` variables.

One frozen record for every number that makes the graph hard to abuse: query shape
(depth, aliases, root fields, tokens, cost), batches, request bodies, rate limits and the
trusted-documents manifest. :class:`gateway.settings.Settings` holds one as ``limits``;
docs/security.md ("Query limits") explains each one. Errors are ``ValueError`` naming the
variable (the settings turn them into ``ConfigurationError``).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

from starlette.config import Config

MIB = 1024 * 1024
# The resolvers refuse ``first`` above 100 (resolvers.validation.page_size); the cost
# estimate refuses it earlier, before any back-end call.
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True, slots=True)
class LimitSettings:
    """Query-shape limits, body sizes, batches, rate limits and trusted documents."""

    max_depth: int = 12
    max_aliases: int = 30
    max_root_fields: int = 10
    max_tokens: int = 2000
    max_cost: int = 5000
    max_batch: int = 10  # operations in one JSON array; 0 refuses batches
    max_body_bytes: int = 1 * MIB  # JSON and GET-less bodies
    max_upload_body_bytes: int = 12 * MIB  # multipart/form-data (file uploads)
    rate_limit_viewer: int = 300  # operations per window per viewer; 0: off
    rate_limit_address: int = 600  # HTTP requests per window per client address; 0: off
    rate_limit_window_seconds: int = 60
    rate_limit_key_prefix: str = "mutugraph:ratelimit:"
    trusted_proxies: tuple[IPNetwork, ...] = ()
    trusted_documents: Path | None = None

    @classmethod
    def from_config(cls, config: Config) -> LimitSettings:
        """Read the ``MUTUGRAPH_MAX_*``, ``_RATE_LIMIT_*``, ``_TRUSTED_*`` variables."""
        documents = config("TRUSTED_DOCUMENTS", default=None)
        default = cls()
        limits = cls(
            max_depth=_positive(config, "MAX_DEPTH", default.max_depth),
            max_aliases=_positive(config, "MAX_ALIASES", default.max_aliases, minimum=0),
            max_root_fields=_positive(config, "MAX_ROOT_FIELDS", default.max_root_fields),
            max_tokens=_positive(config, "MAX_TOKENS", default.max_tokens, minimum=50),
            max_cost=_positive(config, "MAX_COST", default.max_cost),
            max_batch=_positive(config, "MAX_BATCH", default.max_batch, minimum=0),
            max_body_bytes=_positive(
                config, "MAX_BODY_BYTES", default.max_body_bytes, minimum=1024
            ),
            max_upload_body_bytes=_positive(
                config, "MAX_UPLOAD_BODY_BYTES", default.max_upload_body_bytes, minimum=1024
            ),
            rate_limit_viewer=_positive(
                config, "RATE_LIMIT_VIEWER", default.rate_limit_viewer, minimum=0
            ),
            rate_limit_address=_positive(
                config, "RATE_LIMIT_ADDRESS", default.rate_limit_address, minimum=0
            ),
            rate_limit_window_seconds=_positive(
                config, "RATE_LIMIT_WINDOW_SECONDS", default.rate_limit_window_seconds
            ),
            rate_limit_key_prefix=config(
                "RATE_LIMIT_KEY_PREFIX", default=default.rate_limit_key_prefix
            ),
            trusted_proxies=parse_networks(config("TRUSTED_PROXIES", default="")),
            trusted_documents=Path(documents) if documents else None,
        )
        if limits.rate_limit_window_seconds > 3600:
            raise ValueError("MUTUGRAPH_RATE_LIMIT_WINDOW_SECONDS must be at most 3600")
        return limits


def _positive(config: Config, key: str, default: int, *, minimum: int = 1) -> int:
    value: int = config(key, cast=int, default=default)
    if value < minimum:
        raise ValueError(f"MUTUGRAPH_{key} must be at least {minimum}, not {value}")
    return value


def parse_networks(text: str) -> tuple[IPNetwork, ...]:
    """``"10.0.0.0/8, 192.168.1.10"`` → networks (MUTUGRAPH_TRUSTED_PROXIES)."""
    networks: list[IPNetwork] = []
    for item in text.split(","):
        if item.strip():
            try:
                networks.append(ipaddress.ip_network(item.strip(), strict=False))
            except ValueError:
                raise ValueError(
                    f"MUTUGRAPH_TRUSTED_PROXIES: {item.strip()!r} is not an address or network"
                ) from None
    return tuple(networks)
