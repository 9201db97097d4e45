"""The gateway's settings, read from ``MUTUGRAPH_*`` environment variables.

Nothing is read at import time: :meth:`Settings.from_environ` reads a mapping (``os.environ``
in the CLI, a plain dict in tests) and validates it. Two profiles:

* ``demo`` (default): GraphiQL and introspection on, the built-in demo token issuer, demo
  document-link secret; fine on a laptop, never on a network.
* ``production``: GraphiQL and introspection off unless switched on, a real issuer and key
  required, and every demo key or secret refused (:class:`ConfigurationError`).

docs/configuration.md lists every variable; keep the two in step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from starlette.config import Config
from starlette.datastructures import Secret

from gateway.demo_issuer import DEMO_AUDIENCE, DEMO_ISSUER, is_demo_public_key
from gateway.headers import DEMO_CORS_ORIGINS, parse_origins
from gateway.limits.settings import LimitSettings

Profile = Literal["demo", "production"]

DEMO_DOCUMENT_SECRET = "demo-document-link-secret-not-for-production"
MIN_SECRET_LENGTH = 32
DEFAULT_SANDBOX_PORTS: Mapping[str, int] = {
    "cimut": 8101,
    "cegedim": 8102,
    "santeclair": 8103,
    "kalixia": 8104,
}
LOG_LEVELS = ("critical", "error", "warning", "info", "debug", "trace")


class ConfigurationError(ValueError):
    """The settings or the tenants file cannot be used; the message says which key."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the gateway process is configured with (see docs/configuration.md)."""

    profile: Profile = "demo"
    host: str = "127.0.0.1"
    port: int = 8000
    tenants_file: Path | None = None  # None: the demo tenants shipped in the package
    graphiql: bool = True
    introspection: bool = True
    jwt_issuer: str = DEMO_ISSUER
    jwt_audience: str = DEMO_AUDIENCE
    jwks_url: str | None = None
    jwt_public_key_file: Path | None = None
    jwt_leeway_seconds: int = 30
    cors_origins: tuple[str, ...] = DEMO_CORS_ORIGINS
    document_secret: Secret = field(default_factory=lambda: Secret(DEMO_DOCUMENT_SECRET))
    document_link_ttl_seconds: int = 300
    redis_url: str | None = None
    limits: LimitSettings = field(default_factory=LimitSettings)  # docs/security.md
    log_level: str = "info"
    audit_file: Path | None = None  # None: audit records go to the logs (gateway.audit)
    audit_key: Secret | None = None  # None: derived from the document secret (gateway.audit)
    ready_timeout_seconds: float = 1.0
    sandbox_host: str = "127.0.0.1"
    sandbox_ports: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_SANDBOX_PORTS))

    @property
    def is_demo(self) -> bool:
        return self.profile == "demo"

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Settings:
        """Read and validate the ``MUTUGRAPH_*`` variables of ``environ``."""
        config = Config(environ=environ, env_prefix="MUTUGRAPH_")
        try:
            return cls._read(config)
        except ValueError as exc:  # starlette's cast errors name the variable already
            if isinstance(exc, ConfigurationError):
                raise
            raise ConfigurationError(str(exc)) from exc

    @classmethod
    def _read(cls, config: Config) -> Settings:
        profile = config("PROFILE", default="demo").strip().lower()
        if profile not in ("demo", "production"):
            raise ConfigurationError(
                f"MUTUGRAPH_PROFILE must be 'demo' or 'production', not {profile!r}"
            )
        demo = profile == "demo"
        tenants_file = config("TENANTS_FILE", default=None)
        key_file = config("JWT_PUBLIC_KEY_FILE", default=None)
        audit_file = config("AUDIT_FILE", default=None)
        audit_key = config("AUDIT_KEY", default=None)
        log_level = config("LOG_LEVEL", default="info").strip().lower()
        if log_level not in LOG_LEVELS:
            raise ConfigurationError(f"MUTUGRAPH_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}")
        settings = cls(
            profile="demo" if demo else "production",
            host=config("HOST", default="127.0.0.1"),
            port=_port(config, "PORT", 8000),
            tenants_file=Path(tenants_file) if tenants_file else None,
            graphiql=config("GRAPHIQL", cast=bool, default=demo),
            introspection=config("INTROSPECTION", cast=bool, default=demo),
            jwt_issuer=config("JWT_ISSUER", default=DEMO_ISSUER if demo else ""),
            jwt_audience=config("JWT_AUDIENCE", default=DEMO_AUDIENCE),
            jwks_url=config("JWKS_URL", default=None) or None,
            jwt_public_key_file=Path(key_file) if key_file else None,
            jwt_leeway_seconds=config("JWT_LEEWAY_SECONDS", cast=int, default=30),
            cors_origins=parse_origins(config("CORS_ORIGINS", default=None), production=not demo),
            document_secret=Secret(
                config("DOCUMENT_SECRET", default=DEMO_DOCUMENT_SECRET if demo else "")
            ),
            document_link_ttl_seconds=config("DOCUMENT_LINK_TTL_SECONDS", cast=int, default=300),
            redis_url=config("REDIS_URL", default=None) or None,
            limits=LimitSettings.from_config(config),
            log_level=log_level,
            audit_file=Path(audit_file) if audit_file else None,
            audit_key=Secret(audit_key) if audit_key else None,
            ready_timeout_seconds=config("READY_TIMEOUT_SECONDS", cast=float, default=1.0),
            sandbox_host=config("SANDBOX_HOST", default="127.0.0.1"),
            sandbox_ports={
                name: _port(config, f"SANDBOX_PORT_{name.upper()}", default)
                for name, default in DEFAULT_SANDBOX_PORTS.items()
            },
        )
        if not 0 <= settings.jwt_leeway_seconds <= 300:
            raise ConfigurationError("MUTUGRAPH_JWT_LEEWAY_SECONDS must be between 0 and 300")
        if not 10 <= settings.document_link_ttl_seconds <= 3600:
            raise ConfigurationError(
                "MUTUGRAPH_DOCUMENT_LINK_TTL_SECONDS must be between 10 and 3600"
            )
        if settings.ready_timeout_seconds <= 0:
            raise ConfigurationError("MUTUGRAPH_READY_TIMEOUT_SECONDS must be positive")
        if not demo:
            settings.check_production()
        return settings

    def check_production(self) -> None:
        """Refuse demo issuers, keys and secrets, and a missing issuer or key source."""
        problems: list[str] = []
        if not self.jwt_issuer:
            problems.append("MUTUGRAPH_JWT_ISSUER is required in production")
        elif self.jwt_issuer == DEMO_ISSUER:
            problems.append("MUTUGRAPH_JWT_ISSUER is the demo issuer")
        if not self.jwks_url and not self.jwt_public_key_file:
            problems.append(
                "a token key source is required in production: "
                "MUTUGRAPH_JWKS_URL or MUTUGRAPH_JWT_PUBLIC_KEY_FILE"
            )
        if self.jwks_url and self.jwt_public_key_file:
            problems.append("set MUTUGRAPH_JWKS_URL or MUTUGRAPH_JWT_PUBLIC_KEY_FILE, not both")
        if self.jwks_url:
            jwks = urlsplit(self.jwks_url)
            loopback = jwks.hostname in ("127.0.0.1", "localhost", "::1")
            secure = jwks.scheme == "https" or (jwks.scheme == "http" and loopback)
            if not jwks.hostname or not secure:
                problems.append("MUTUGRAPH_JWKS_URL must be an https URL (http on loopback only)")
        if self.jwt_public_key_file is not None:
            try:
                pem = self.jwt_public_key_file.read_bytes()
            except OSError as exc:
                problems.append(f"MUTUGRAPH_JWT_PUBLIC_KEY_FILE cannot be read: {exc.strerror}")
            else:
                if is_demo_public_key(pem):
                    problems.append("MUTUGRAPH_JWT_PUBLIC_KEY_FILE is the demo key")
        if self.audit_key is not None and len(str(self.audit_key)) < MIN_SECRET_LENGTH:
            problems.append(
                f"MUTUGRAPH_AUDIT_KEY must have at least {MIN_SECRET_LENGTH} characters"
            )
        secret = str(self.document_secret)
        if secret == DEMO_DOCUMENT_SECRET:
            problems.append("MUTUGRAPH_DOCUMENT_SECRET is the demo secret")
        elif len(secret) < MIN_SECRET_LENGTH:
            problems.append(
                f"MUTUGRAPH_DOCUMENT_SECRET must be set, at least {MIN_SECRET_LENGTH} characters"
            )
        if problems:
            raise ConfigurationError("production profile refused: " + "; ".join(problems))


def _port(config: Config, key: str, default: int) -> int:
    port = config(key, cast=int, default=default)
    if not 0 < port < 65536:
        raise ConfigurationError(f"MUTUGRAPH_{key} must be a TCP port (1-65535), not {port}")
    return port
