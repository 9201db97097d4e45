"""Secret references: how the tenants file names a credential without holding it.

A reference is ``scheme:rest``:

* ``env:NAME``: the value of environment variable ``NAME`` (must be set and non-empty);
* ``file:/run/secrets/azur-ws``: the content of a file, trailing newline removed (Docker
  and Kubernetes secrets);
* ``literal:value``: the value itself. Demo profile only: the demo tenants file uses it for
  the sandbox's published credentials; the production profile refuses it.

The resolved value is a :class:`starlette.datastructures.Secret`, whose ``repr`` hides it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from starlette.datastructures import Secret

SCHEMES = ("env", "file", "literal")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def resolve_secret(reference: str, environ: Mapping[str, str], *, allow_literal: bool) -> Secret:
    """The secret a reference names; ``ValueError`` says what is wrong (never the value)."""
    scheme, sep, rest = reference.partition(":")
    if not sep or scheme not in SCHEMES:
        raise ValueError(f"secret reference must start with {', '.join(s + ':' for s in SCHEMES)}")
    if scheme == "env":
        if not _ENV_NAME.match(rest):
            raise ValueError(f"env:{rest} is not an environment variable name")
        value = environ.get(rest, "")
        if not value:
            raise ValueError(f"environment variable {rest} is not set")
        return Secret(value)
    if scheme == "file":
        try:
            value = Path(rest).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise ValueError(f"secret file {rest} cannot be read: {exc.strerror}") from exc
        if not value:
            raise ValueError(f"secret file {rest} is empty")
        return Secret(value)
    if not allow_literal:
        raise ValueError("literal: secrets are refused outside the demo profile")
    if not rest:
        raise ValueError("literal: secret is empty")
    return Secret(rest)
