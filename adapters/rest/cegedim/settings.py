"""The Cegedim adapter's settings, read from a tenant's ``BackendSpec`` (see the package
docstring for the option names and defaults)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

PLATFORM = "cegedim"


@dataclass(frozen=True, slots=True)
class CegedimSettings:
    """Where the tenant's API lives, how to authenticate, and the adapter's bounds."""

    base_url: str  # e.g. http://127.0.0.1:8102/bocage (no trailing slash)
    client_id: str
    client_secret: str
    timeout: float = 5.0  # budget of one exchange: token, retries and waits included
    concurrency: int = 8  # per-member GETs in flight for one batch
    max_connections: int = 20
    rate_limit_retries: int = 2  # reads only
    max_retry_after: float = 2.0  # a longer Retry-After is not waited for
    etag_entries: int = 512
    etag_max_age: float = 60.0  # seconds a cached body may be reused (health data: short)
    page_size: int = 100  # when following every page of a list
    # Client-side pacing (adapters.rest.pacing): API calls per second, 0 = off; and how
    # many may start at once after a quiet spell. Over any second at most their sum start.
    max_calls_per_second: float = 0.0
    call_burst: int = 1

    def __repr__(self) -> str:  # the secret must never reach a log
        return f"CegedimSettings(base_url={self.base_url!r}, timeout={self.timeout!r})"

    @classmethod
    def from_spec(
        cls, endpoint: str, credentials: Mapping[str, str], options: Mapping[str, str]
    ) -> CegedimSettings:
        """Validates everything up front: a bad tenants file fails at start-up, not at the
        first member's request."""
        base = endpoint.strip().rstrip("/")
        if not base.startswith(("http://", "https://")):
            raise ValueError("cegedim: endpoint must be an http(s) URL")
        missing = [k for k in ("client_id", "client_secret") if not credentials.get(k)]
        if missing:
            raise ValueError(f"cegedim: credentials lack {', '.join(missing)}")
        known = {
            "timeout",
            "concurrency",
            "max_connections",
            "rate_limit_retries",
            "max_retry_after",
            "etag_entries",
            "etag_max_age",
            "page_size",
            "max_calls_per_second",
            "call_burst",
        }
        unknown = sorted(set(options) - known)
        if unknown:
            raise ValueError(f"cegedim: unknown options {', '.join(unknown)}")
        return cls(
            base_url=base,
            client_id=credentials["client_id"],
            client_secret=credentials["client_secret"],
            timeout=_number(options, "timeout", 5.0, low=0.01),
            concurrency=int(_number(options, "concurrency", 8, low=1)),
            max_connections=int(_number(options, "max_connections", 20, low=1)),
            rate_limit_retries=int(_number(options, "rate_limit_retries", 2, low=0)),
            max_retry_after=_number(options, "max_retry_after", 2.0, low=0),
            etag_entries=int(_number(options, "etag_entries", 512, low=0)),
            etag_max_age=_number(options, "etag_max_age", 60.0, low=0),
            page_size=int(_number(options, "page_size", 100, low=1, high=100)),
            max_calls_per_second=_number(options, "max_calls_per_second", 0.0, low=0),
            call_burst=int(_number(options, "call_burst", 1, low=1)),
        )


def _number(
    options: Mapping[str, str], name: str, default: float, *, low: float, high: float | None = None
) -> float:
    raw = options.get(name)
    if raw is None or str(raw).strip() == "":
        return float(default)
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"cegedim: option {name} must be a number") from None
    if value < low or (high is not None and value > high):
        bounds = f">= {low:g}" if high is None else f"between {low:g} and {high:g}"
        raise ValueError(f"cegedim: option {name} must be {bounds}")
    return value
