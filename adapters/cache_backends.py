"""The aiocache backends of :mod:`adapters.cache`: memory, or Redis shared by every process.

Both serialise through :class:`~adapters.codec.RecordCodec` (tagged JSON, no pickle); Redis
values are also sealed (AES-256-GCM, :mod:`adapters.cache_cipher`). The
Redis backend avoids the redis-py calls that redis 5+ deprecates, which aiocache 0.12.3 (its
last release) still makes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from aiocache import RedisCache, SimpleMemoryCache
from aiocache.base import BaseCache
from aiocache.serializers import BaseSerializer

from adapters.cache_cipher import CacheCipher
from adapters.codec import RecordCodec

log = logging.getLogger(__name__)


class _CodecSerializer(BaseSerializer):  # type: ignore[misc]
    """aiocache serializer over the record codec (text, utf-8), sealed when a cipher is
    given (the Redis backend: :mod:`adapters.cache_cipher`)."""

    DEFAULT_ENCODING = "utf-8"

    def __init__(self, codec: RecordCodec, cipher: CacheCipher | None = None) -> None:
        super().__init__()
        self._codec = codec
        self._cipher = cipher

    def dumps(self, value: Any) -> str:
        text = self._codec.dumps(value)
        return text if self._cipher is None else self._cipher.seal(text)

    def loads(self, value: Any) -> Any:
        if value is None:
            return None
        if self._cipher is not None:
            value = self._cipher.open(value)
            if value is None:  # not ours, altered, or an older format: a miss
                log.warning("cache value did not open; treated as a miss")
                return None
        return self._codec.loads(value)


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


def backend_factory(
    redis_url: str | None, codec: RecordCodec, secret: bytes | None = None
) -> Callable[[], BaseCache]:
    """Memory by default; Redis (shared by every gateway process) when a URL is given.

    ``secret`` (required with Redis) seals every value written there: member and health
    data never sit in Redis in clear.
    """
    if not redis_url:
        serializer = _CodecSerializer(codec)
        return lambda: SimpleMemoryCache(serializer=serializer)
    if secret is None:
        raise ValueError("a shared cache needs a secret to seal its values")
    serializer = _CodecSerializer(codec, CacheCipher(secret))
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
