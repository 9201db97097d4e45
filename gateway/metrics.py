"""Request counts and latencies per route, exposed as Prometheus text on ``GET /metrics``.

A small hand-rolled registry (request counts and latencies, plus the back ends' own event
counters read at each scrape) keeps the gateway free of a global
``prometheus_client`` registry, which would leak between apps built in one test process.
Routes are labelled by their template (``/documents/{token}``), never by the raw path, so
neither tokens nor ids land in a label and the series count stays bounded.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Match, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


@dataclass
class _Histogram:
    counts: list[int] = field(default_factory=lambda: [0] * (len(BUCKETS) + 1))
    total: float = 0.0
    observations: int = 0

    def observe(self, seconds: float) -> None:
        self.counts[bisect_left(BUCKETS, seconds)] += 1
        self.total += seconds
        self.observations += 1


@dataclass
class Metrics:
    """The gateway's metrics; one per app."""

    requests: Counter[tuple[str, str, int]] = field(default_factory=Counter)
    latency: dict[str, _Histogram] = field(default_factory=dict)

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests[(route, method, status)] += 1
        self.latency.setdefault(route, _Histogram()).observe(seconds)

    def render(self, backend_events: Iterable[tuple[str, str, str, int]] = ()) -> str:
        """Prometheus text; ``backend_events``: ``(tenant, platform, event, count)``."""
        lines = [
            "# HELP mutugraph_http_requests_total HTTP requests by route, method and status.",
            "# TYPE mutugraph_http_requests_total counter",
        ]
        for (route, method, status), count in sorted(self.requests.items()):
            labels = f'route="{route}",method="{method}",status="{status}"'
            lines.append(f"mutugraph_http_requests_total{{{labels}}} {count}")
        lines += [
            "# HELP mutugraph_http_request_duration_seconds HTTP request latency by route.",
            "# TYPE mutugraph_http_request_duration_seconds histogram",
        ]
        name = "mutugraph_http_request_duration_seconds"
        for route, histogram in sorted(self.latency.items()):
            cumulative = 0
            for bound, count in zip((*BUCKETS, float("inf")), histogram.counts, strict=True):
                cumulative += count
                le = "+Inf" if bound == float("inf") else repr(bound)
                lines.append(f'{name}_bucket{{route="{route}",le="{le}"}} {cumulative}')
            lines.append(f'{name}_sum{{route="{route}"}} {histogram.total:.6f}')
            lines.append(f'{name}_count{{route="{route}"}} {histogram.observations}')
        lines += [
            "# HELP mutugraph_backend_events_total Back-end events since start (requests, 429s,"
            " paced calls) by tenant, platform and event.",
            "# TYPE mutugraph_backend_events_total counter",
        ]
        for tenant, platform, event, count in backend_events:
            labels = f'tenant="{tenant}",platform="{platform}",event="{event}"'
            lines.append(f"mutugraph_backend_events_total{{{labels}}} {count}")
        return "\n".join(lines) + "\n"


class MetricsMiddleware:
    """ASGI middleware: times each HTTP request and records it under its route template."""

    def __init__(self, app: ASGIApp, metrics: Metrics, routes: Sequence[BaseRoute]) -> None:
        self.app = app
        self.metrics = metrics
        self.routes = routes

    def _route_of(self, scope: Scope) -> str:
        for route in self.routes:
            match, _ = route.matches(scope)
            if match is Match.NONE:
                continue
            if isinstance(route, Route):
                return route.path
            if isinstance(route, Mount):  # static files: one series for the whole mount
                return f"{route.path}/{{path}}"
        return "<unmatched>"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        route = self._route_of(scope)
        status = 500  # what the client sees if the app fails before answering
        started = time.perf_counter()

        async def send_and_record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_record)
        finally:
            elapsed = time.perf_counter() - started
            self.metrics.observe(route, scope["method"], status, elapsed)


def metrics_endpoint(
    metrics: Metrics,
    backend_events: Callable[[object], Iterable[tuple[str, str, str, int]]] | None = None,
) -> Route:
    """``backend_events`` reads the counters of ``app.state.backends`` at each scrape."""

    async def endpoint(request: Request) -> Response:
        events = (
            backend_events(getattr(request.app.state, "backends", None))
            if backend_events is not None
            else ()
        )
        return PlainTextResponse(metrics.render(events), media_type=CONTENT_TYPE)

    return Route("/metrics", endpoint, methods=["GET"])
