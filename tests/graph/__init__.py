"""Tests of the graph (schema + resolvers) against the in-memory fake platform."""
