"""A safe, lossless codec for the port's records, for caches shared across processes.

aiocache's default JSON serializer drops dates silently and pickle would let whoever can
write to Redis run code in the gateway. This codec writes tagged JSON and reads back only
dataclasses and enums from an allow-list of modules, so a cached ``Payment`` comes back as
the same frozen ``Payment`` with its ``date`` and ``Decimal`` fields intact.

Tags: ``{"$r": "mod:Qual", "f": {...}}`` dataclass, ``{"$e": "mod:Qual", "v": ...}`` enum,
``{"$d": iso}`` date, ``{"$dt": iso}`` datetime, ``{"$n": "1.50"}`` Decimal,
``{"$t": [...]}`` tuple, ``{"$s": [...]}`` frozenset.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import json
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any


class CodecError(ValueError):
    """A value that cannot be encoded, or a payload that is not one of ours."""


class RecordCodec:
    """Encodes records to JSON text and decodes them, trusting only ``allowed_modules``."""

    def __init__(self, allowed_modules: Iterable[str] = ("adapters.port",)) -> None:
        self._allowed = tuple(allowed_modules)

    def dumps(self, value: Any) -> str:
        return json.dumps(self._encode(value), separators=(",", ":"), ensure_ascii=False)

    def loads(self, text: str | bytes) -> Any:
        return self._decode(json.loads(text))

    # -- encoding ------------------------------------------------------------------------
    def _encode(self, value: Any) -> Any:
        if value is None or isinstance(value, bool | int | float | str):
            return value
        if isinstance(value, enum.Enum):
            return {"$e": _qualified(type(value)), "v": self._encode(value.value)}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = {
                f.name: self._encode(getattr(value, f.name)) for f in dataclasses.fields(value)
            }
            return {"$r": _qualified(type(value)), "f": fields}
        if isinstance(value, datetime):  # before date: datetime is a date
            return {"$dt": value.isoformat()}
        if isinstance(value, date):
            return {"$d": value.isoformat()}
        if isinstance(value, Decimal):
            return {"$n": str(value)}
        if isinstance(value, tuple):
            return {"$t": [self._encode(v) for v in value]}
        if isinstance(value, frozenset):
            return {"$s": [self._encode(v) for v in value]}
        if isinstance(value, list):
            return [self._encode(v) for v in value]
        if isinstance(value, dict) and all(isinstance(k, str) for k in value):
            return {k: self._encode(v) for k, v in value.items()}
        # Deliberately no repr(value): the value may be health data.
        raise CodecError(f"cannot encode a {type(value).__name__}")

    # -- decoding ------------------------------------------------------------------------
    def _decode(self, data: Any) -> Any:
        if isinstance(data, list):
            return [self._decode(v) for v in data]
        if not isinstance(data, dict):
            return data
        if "$r" in data:
            cls: Any = self._resolve(data["$r"])
            if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
                raise CodecError("not a record type")
            return cls(**{k: self._decode(v) for k, v in data["f"].items()})
        if "$e" in data:
            enum_cls = self._resolve(data["$e"])
            if not (isinstance(enum_cls, type) and issubclass(enum_cls, enum.Enum)):
                raise CodecError("not an enum type")
            return enum_cls(self._decode(data["v"]))
        if "$dt" in data:
            return datetime.fromisoformat(data["$dt"])
        if "$d" in data:
            return date.fromisoformat(data["$d"])
        if "$n" in data:
            return Decimal(data["$n"])
        if "$t" in data:
            return tuple(self._decode(v) for v in data["$t"])
        if "$s" in data:
            return frozenset(self._decode(v) for v in data["$s"])
        return {k: self._decode(v) for k, v in data.items()}

    def _resolve(self, name: str) -> Any:
        module_name, _, qualname = name.partition(":")
        if not any(module_name == m or module_name.startswith(m + ".") for m in self._allowed):
            raise CodecError("type outside the allowed modules")
        obj: Any = importlib.import_module(module_name)
        for part in qualname.split("."):
            obj = getattr(obj, part)
        return obj


def _qualified(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"
