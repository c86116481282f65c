"""The peer products, keyed by their name in BENCH_TARGETS."""
from __future__ import annotations

PEERS: dict = {}
