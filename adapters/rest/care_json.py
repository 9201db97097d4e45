"""Reading the care networks' JSON documents: typed getters and one error for bad shapes.

A document that parses but lacks a key or has a value of the wrong type is as unreadable
as a truncated one: :func:`parsing` turns the reader's ``KeyError``/``TypeError``/
``ValueError`` into ``MalformedResponse`` (message: the exception's type only, never the
document, which may hold personal data).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import InvalidOperation
from typing import Any

from adapters.port import MalformedResponse


@contextmanager
def parsing(platform: str, operation: str, *, retry_safe: bool = True) -> Iterator[None]:
    """Reads inside this block raise ``MalformedResponse`` instead of Python errors
    (``retry_safe``: False when the unreadable answer was to a write)."""
    try:
        yield
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, InvalidOperation) as exc:
        raise MalformedResponse(
            f"{operation}: unexpected document ({type(exc).__name__})",
            platform=platform,
            operation=operation,
            retry_safe=retry_safe,
        ) from None


def text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("a string is expected")
    return value


def optional_text(value: Any) -> str | None:
    """A string, or None for null and the empty string."""
    return None if value is None or value == "" else text(value)


def number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("a number is expected")
    return float(value)


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("a boolean is expected")
    return value


def obj(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError("an object is expected")
    return value


def array(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("an array is expected")
    return value
