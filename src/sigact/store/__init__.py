"""The embedded store (DuckDB): one file holds articles, events, clusters and decisions."""
from sigact.store.db import Store, StoreError, StoreLockedError

__all__ = ["Store", "StoreError", "StoreLockedError"]
