"""The aiocache backends of :mod:`adapters.cache`: memory, or Redis shared by every process.

Both serialise through :class:`~adapters.codec.RecordCodec` (tagged JSON, no pickle). The
Redis backend avoids the redis-py calls that redis 5+ deprecates, which aiocache 0.12.3 (its
last release) still makes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from aiocache import RedisCache, SimpleMemoryCache
from aiocache.base import BaseCache
from aiocache.serializers import BaseSerializer

from adapters.codec import RecordCodec


class _CodecSerializer(BaseSerializer):  # type: ignore[misc]
    """aiocache serializer over the record codec (text, utf-8)."""

    DEFAULT_ENCODING = "utf-8"

    def __init__(self, codec: RecordCodec) -> None:
        super().__init__()
        self._codec = codec

    def dumps(self, value: Any) -> str:
        return self._codec.dumps(value)

    def loads(self, value: Any) -> Any:
        return None if value is None else self._codec.loads(value)


class _RedisCache(RedisCache):  # type: ignore[misc]
    """aiocache's Redis backend without the redis-py calls that redis 5+ deprecates
    (``setex``/``psetex``, ``close``): aiocache 0.12.3 is its last release."""

    async def _set(
        self,
        key: str,
        value: Any,
        ttl: float | None = None,
        _cas_token: Any = None,
        _conn: Any = None,
    ) -> Any:
        if _cas_token is not None or ttl is None:
            return await super()._set(key, value, ttl=ttl, _cas_token=_cas_token, _conn=_conn)
        return await self.client.set(key, value, px=max(1, int(ttl * 1000)))

    async def _close(self, *args: Any, _conn: Any = None, **kwargs: Any) -> None:
        await self.client.aclose()


def backend_factory(redis_url: str | None, codec: RecordCodec) -> Callable[[], BaseCache]:
    """Memory by default; Redis (shared by every gateway process) when a URL is given."""
    serializer = _CodecSerializer(codec)
    if not redis_url:
        return lambda: SimpleMemoryCache(serializer=serializer)
    parts = urlsplit(redis_url)
    db = int(parts.path.lstrip("/") or 0)
    return lambda: _RedisCache(
        serializer=serializer,
        endpoint=parts.hostname or "127.0.0.1",
        port=parts.port or 6379,
        db=db,
        password=parts.password,
        timeout=0.5,  # a slow cache must not slow the graph down
    )
