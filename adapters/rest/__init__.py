"""adapters/rest."""
