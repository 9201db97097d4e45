"""Abuse limits of the gateway: query shape and cost, batches, trusted documents.

* :mod:`gateway.limits.settings`: the numbers (``MUTUGRAPH_MAX_*``, ``_RATE_LIMIT_*``...);
* :mod:`gateway.limits.walk` and :mod:`gateway.limits.rules`: depth, aliases, root fields,
  tokens and cost, checked before execution (QUERY_TOO_COMPLEX);
* :mod:`gateway.limits.view`: the GraphQL view's guards (batches, trusted documents,
  per-viewer rate limit); :mod:`gateway.limits.guard` ties them to the app;
* :mod:`gateway.limits.errors` and :mod:`gateway.limits.counters`: shared pieces.

Body sizes are :mod:`gateway.bodysize`, rate limits :mod:`gateway.ratelimit`, trusted
documents :mod:`gateway.persisted`. Nothing is imported here: ``gateway.settings`` imports
``gateway.limits.settings``, which must not pull the rest in (import cycle).
"""
