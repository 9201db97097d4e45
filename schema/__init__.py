"""The GraphQL schema: Strawberry types, inputs, enums and scalars. No I/O.

``build_schema()`` is what the gateway mounts; ``schema/schema.graphql`` is its printed SDL.
"""

from schema.root import build_schema

__all__ = ["build_schema"]
