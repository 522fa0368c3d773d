"""Temporal vocabulary, read once from ``sigact/knowledge/data/time/lexicon.yaml``."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LEXICON_PATH = Path(__file__).resolve().parents[2] / "knowledge" / "data" / "time" / "lexicon.yaml"


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    with LEXICON_PATH.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict) or "months" not in data:
        raise ValueError(f"{LEXICON_PATH} is not a sigact time lexicon")
    return data
