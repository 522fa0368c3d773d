"""What every analysis view shares: matching user queries against entities and places,
date display with precision, and the ordering key of dated records.

Matching is word-based, not substring-based: ``US`` matches "US Air Force" but not
"Russia"; a query that names a country in the knowledge base ("Iran", "IRN", "Tehran")
also matches any entity whose ``country`` is that country (e.g. the IRGC), which is what a
state-level dyad such as ``United States-Iran`` means.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Iterable

from sigact.model import date_bounds

APPROX_SOURCES = {"publication", "inferred"}


# -- knowledge-base help (optional: analysis works without the KB) ----------------------
@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str]]:
    """lower-cased name/alias/id → (alpha-3, canonical name)."""
    out: dict[str, tuple[str, str]] = {}
    try:
        from sigact.knowledge.loader import load_kind
        entries = load_kind("actors")
    except Exception:  # noqa: BLE001 - KB missing or malformed: degrade to plain matching
        return out
    for e in entries:
        if e.get("type") != "country" or not e.get("country"):
            continue
        code, name = str(e["country"]), str(e["name"])
        for key in [e.get("id"), name, *(e.get("aliases") or []), *(e.get("metonyms") or [])]:
            if key:
                out.setdefault(str(key).strip().lower(), (code, name))
    return out


def country_name(code: str | None) -> str | None:
    """Canonical country name of an ISO alpha-3 code (from the KB), or None."""
    if not code:
        return None
    hit = _countries().get(code.lower())
    return hit[1] if hit else None


def query_countries(query: str) -> set[str]:
    hit = _countries().get(query.strip().lower())
    return {hit[0].lower()} if hit else set()


def _words(query: str) -> re.Pattern[str]:
    q = re.escape(query.strip().lower())
    return re.compile(rf"(?<![\w]){q}(?![\w])")


def entity_matches(entity: dict[str, Any] | None, query: str) -> bool:
    """Does an entity record (EVENT_RECORD.md shape) match a user query?"""
    if not entity or not query or not query.strip():
        return False
    q = query.strip().lower()
    for key in ("kb_id", "country"):
        v = entity.get(key)
        if v and str(v).lower() == q:
            return True
    pat = _words(q)
    for key in ("name", "text"):
        v = entity.get(key)
        if v and pat.search(str(v).lower()):
            return True
    country = (entity.get("country") or "").lower()
    return bool(country) and country in query_countries(q)


def place_matches(place: dict[str, Any] | None, query: str) -> bool:
    if not place or not query or not query.strip():
        return False
    q = query.strip().lower()
    for key in ("country", "gazetteer_id"):
        v = place.get(key)
        if v and str(v).lower() == q:
            return True
    pat = _words(q)
    if any(place.get(k) and pat.search(str(place[k]).lower()) for k in ("name", "text")):
        return True
    country = (place.get("country") or "").lower()
    return bool(country) and country in query_countries(q)


def split_dyad(dyad: str, known: Iterable[dict[str, Any]] = ()) -> tuple[str, str]:
    """``"United States-Iran"`` / ``"USA-IRN"`` / ``"USA:IRN"`` / ``"A — B"`` → (A, B).

    Names may contain hyphens (Guinea-Bissau): when there are several hyphens, the split
    whose two sides both match a known entity (or a KB country) wins."""
    s = dyad.strip()
    for sep in (" — ", " – ", " - ", "—", "–", ":", ",", "/", "|"):
        if sep in s:
            a, b = s.split(sep, 1)
            if a.strip() and b.strip():
                return a.strip(), b.strip()
    cuts = [m.start() for m in re.finditer("-", s)]
    if not cuts:
        raise ValueError(f"dyad must look like 'A-B' (e.g. 'United States-Iran' or "
                         f"'USA-IRN'), got {dyad!r}")
    known = list(known)

    def ok(q: str) -> bool:
        return bool(query_countries(q)) or any(entity_matches(e, q) for e in known)

    candidates = [(s[:c].strip(), s[c + 1:].strip()) for c in cuts]
    candidates = [(a, b) for a, b in candidates if a and b]
    if not candidates:
        raise ValueError(f"dyad must look like 'A-B', got {dyad!r}")
    for a, b in candidates:
        if ok(a) and ok(b):
            return a, b
    return candidates[0]


# -- dates --------------------------------------------------------------------------------
def date_display(d: dict[str, Any] | None) -> str:
    """``2020-11`` (month), ``2020-11-21``, ``~2024-11-05`` (taken from the publication date
    or inferred), ``2020-W47``, ``2020-11-21..2020-11-23``; ``undated`` when None."""
    if not d or not d.get("value"):
        return "undated"
    v = str(d["value"])
    if "/" in v:
        a, b = v.split("/", 1)
        v = f"{a}..{b}"
    return ("~" if d.get("source") in APPROX_SOURCES else "") + v


def date_sort_key(d: dict[str, Any] | None) -> tuple:
    """Dated first, by first possible day then last possible day (so a whole month comes
    after the days at its start and before the rest of it); undated last."""
    b = date_bounds(d.get("value")) if d else None
    if b is None:
        return (1, date.max, date.max)
    return (0, b[0], b[1])


def parse_since(value: str | None) -> datetime | None:
    """A --changed-since value: ISO date or date-time (naive UTC)."""
    if not value:
        return None
    v = value.strip().replace("Z", "")
    try:
        dt = datetime.fromisoformat(v)
    except ValueError:
        b = date_bounds(v)
        if b is None:
            raise ValueError(f"not a date or date-time: {value!r}") from None
        dt = datetime(b[0].year, b[0].month, b[0].day)
    if dt.tzinfo is not None:
        dt = dt.replace(tzinfo=None) - (dt.utcoffset() or datetime.min - datetime.min)
    return dt


def check_date(value: str | None, what: str) -> tuple[date, date] | None:
    if not value:
        return None
    b = date_bounds(value.strip())
    if b is None:
        raise ValueError(f"{what}: not a date (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Www): "
                         f"{value!r}")
    return b


def entity_label(e: dict[str, Any] | None) -> str:
    if not e:
        return "?"
    return str(e.get("name") or e.get("text") or "?")
