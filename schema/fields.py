"""Typed decorators for resolver fields.

``strawberry.field(description=...)`` is typed as returning ``Any``, which ``mypy --strict``
reports as an untyped decorator on every resolver. These wrappers keep the decorated
function's type for mypy; at run time they are Strawberry's own decorators.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import strawberry

F = TypeVar("F", bound=Callable[..., Any])


def field(*, description: str) -> Callable[[F], F]:
    """A resolver field with its description."""
    return cast(Callable[[F], F], strawberry.field(description=description))


def mutation(*, description: str) -> Callable[[F], F]:
    """A mutation with its description."""
    return cast(Callable[[F], F], strawberry.mutation(description=description))
