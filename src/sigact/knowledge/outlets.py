"""Outlet names by web host (data: knowledge/data/outlets/*.yaml)."""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from sigact.knowledge.loader import load_kind


@lru_cache(maxsize=1)
def _by_host() -> dict[str, str]:
    out: dict[str, str] = {}
    for e in load_kind("outlets"):
        for host in [e["id"], *e.get("hosts", [])]:
            out[host.lower()] = e["name"]
    return out


@lru_cache(maxsize=1)
def _by_alias() -> dict[str, str]:
    out: dict[str, str] = {}
    for e in load_kind("outlets"):
        for a in [e["name"], *e.get("aliases", [])]:
            out[a.lower()] = e["name"]
    return out


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.lower().removeprefix("www.")


def outlet_for_url(url: str | None) -> str | None:
    """The outlet's name for a URL (`https://www.nytimes.com/...` → "New York Times"),
    trying parent domains; None when the host is not known."""
    host = host_of(url)
    if not host:
        return None
    table = _by_host()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        name = table.get(".".join(parts[i:]))
        if name:
            return name
    return None


def canonical_outlet(name: str | None) -> str | None:
    """"NYT", "the New York Times" → "New York Times"; unknown names come back as given."""
    if not name:
        return None
    key = name.strip().lower()
    return _by_alias().get(key) or _by_alias().get(key.removeprefix("the ")) or name.strip()


def known_outlet(name: str | None) -> str | None:
    """The canonical name if `name` is a known outlet (any case), else None."""
    if not name:
        return None
    key = name.strip().lower()
    return _by_alias().get(key) or _by_alias().get(key.removeprefix("the "))


def alias_table() -> dict[str, str]:
    """Every name and alias of every known outlet, lower-cased → canonical name."""
    return dict(_by_alias())
