"""Pieces the simulated care networks (Santéclair, Kalixia) share: API keys, geography,
and the directory of each network's professionals. Each network keeps its own wire shape."""
