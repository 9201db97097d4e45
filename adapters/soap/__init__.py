"""adapters/soap."""
