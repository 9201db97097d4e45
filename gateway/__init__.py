"""The gateway: the ASGI app (``gateway.app.create_app``), settings, tenants, authentication,
health and metrics routes, and the ``mutugraph`` command. The only package that knows
Starlette and uvicorn."""
