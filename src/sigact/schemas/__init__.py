"""JSON Schema of the export contract (EVENT_RECORD.md, version 1)."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def event_record_schema() -> dict[str, Any]:
    return json.loads(resources.files("sigact.schemas").joinpath(
        "event_record.schema.json").read_text(encoding="utf-8"))


def validator(kind: str):
    """A jsonschema validator for one record kind: event, article, quote, entity, …"""
    from jsonschema import Draft202012Validator
    full = event_record_schema()
    sub = {"$schema": full["$schema"], "$defs": full["$defs"], "$ref": f"#/$defs/{kind}"}
    return Draft202012Validator(sub)
