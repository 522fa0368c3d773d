"""Configuration: one TOML file describes the pipeline (``default_config.toml``)."""
from __future__ import annotations

import copy
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any


def default_config() -> dict[str, Any]:
    with resources.files("sigact").joinpath("default_config.toml").open("rb") as fh:
        return tomllib.load(fh)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def load_config(path: str | Path | None = None, **overrides: Any) -> dict[str, Any]:
    """The default config, overlaid by ``path`` (if given), then by dotted ``overrides``
    such as ``{"nlp.model": "en_core_web_lg"}``."""
    cfg = default_config()
    if path:
        with open(path, "rb") as fh:
            cfg = _merge(cfg, tomllib.load(fh))
    for dotted, value in overrides.items():
        if value is None:
            continue
        node = cfg
        *parents, leaf = dotted.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = value
    return cfg
