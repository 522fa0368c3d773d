"""sigact: sourced, dated, deduplicated significant-activity records from conflict and
security news.  See README.md; the Python API is ``sigact.open`` and ``sigact.process_texts``."""
from __future__ import annotations

__version__ = "0.1.0"

from sigact.api import Sigact, open, process_texts  # noqa: E402,A004

__all__ = ["Sigact", "open", "process_texts", "__version__"]
