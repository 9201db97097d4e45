"""The graph's object types, one module per area of the portal."""
