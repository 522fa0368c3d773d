"""Crosswalks from other event ontologies to PLOVER (knowledge kind ``crosswalks``).

The data lives in ``knowledge/data/crosswalks/*.yaml`` (loader format, see
``sigact.knowledge.loader``); every entry carries a ``scheme``:

* ``cameo``     CAMEO event codes (``code``); lookup takes the longest code prefix that has
                an entry, so a code inherits its root's type unless the table says otherwise;
* ``plover05``  legacy PLOVER 0.5 category names (``code``: DEMAND, FIGHT, ...);
* ``acled2018`` pre-2019 ACLED ``event_type`` values;
* ``acled``     current ACLED ``event_type`` + ``sub_event_type`` (``case2021`` aliases);
* ``case2021``  CASE 2021 Task 2 types that are not ACLED sub-event types.

Every lookup returns a :class:`Mapping` (PLOVER type or ``None`` = no PLOVER event,
plus mode) or ``None`` when the code is unknown.  User knowledge dirs can override
entries by id, as for every other knowledge kind.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from sigact.knowledge.loader import KnowledgeError, load_kind
from sigact.model import EVENT_TYPES

KIND = "crosswalks"
SCHEMES = ("cameo", "plover05", "acled2018", "acled", "case2021")


@dataclass(frozen=True)
class Mapping:
    plover: str | None          # one of EVENT_TYPES, or None: no PLOVER event
    mode: str | None
    entry_id: str


@dataclass(frozen=True)
class Crosswalks:
    cameo: dict[str, Mapping]
    plover05: dict[str, Mapping]
    acled2018: dict[str, Mapping]
    acled: dict[tuple[str, str], Mapping]
    acled_sub: dict[str, Mapping]          # sub_event_type alone (unique in ACLED)
    case2021: dict[str, Mapping]


def _norm(s: str) -> str:
    return " ".join(str(s).strip().lower().split())


def build(entries: Iterable[dict]) -> Crosswalks:
    cw = Crosswalks({}, {}, {}, {}, {}, {})
    for e in entries:
        scheme = e.get("scheme")
        if scheme not in SCHEMES:      # another crosswalk family (not PLOVER-bound): not ours
            continue
        plover = e.get("plover")
        if plover is not None and plover not in EVENT_TYPES:
            raise KnowledgeError(f"crosswalk entry {e['id']!r}: {plover!r} is not a PLOVER type")
        m = Mapping(plover, e.get("mode") or None, str(e["id"]))
        if scheme == "cameo":
            cw.cameo[str(e["code"])] = m
        elif scheme == "plover05":
            cw.plover05[str(e["code"]).upper()] = m
        elif scheme == "acled2018":
            cw.acled2018[_norm(e["event_type"])] = m
        elif scheme == "acled":
            cw.acled[(_norm(e["event_type"]), _norm(e["sub_event_type"]))] = m
            cw.acled_sub[_norm(e["sub_event_type"])] = m
            if e.get("case2021"):
                cw.case2021[str(e["case2021"]).upper()] = m
        elif scheme == "case2021":
            cw.case2021[str(e["case2021"]).upper()] = m
    return cw


@lru_cache(maxsize=8)
def _load(extra: tuple[str, ...]) -> Crosswalks:
    return build(load_kind(KIND, extra))


def crosswalks(extra_dirs: Iterable[str] = ()) -> Crosswalks:
    return _load(tuple(str(p) for p in extra_dirs))


def cameo_to_plover(code: str, extra_dirs: Iterable[str] = ()) -> Mapping | None:
    """CAMEO event code ("0871", "190", "19") → PLOVER, by the longest prefix with an entry."""
    table = crosswalks(extra_dirs).cameo
    code = str(code).strip()
    if not code.isdigit():
        return None
    for n in range(len(code), 1, -1):
        m = table.get(code[:n])
        if m is not None:
            return m
    return None


def plover05_to_plover(name: str, extra_dirs: Iterable[str] = ()) -> Mapping | None:
    """Legacy PLOVER 0.5 category (DEMAND, FIGHT, ...) → current PLOVER category."""
    return crosswalks(extra_dirs).plover05.get(str(name).strip().upper())


def acled_to_plover(event_type: str, sub_event_type: str | None = None,
                    extra_dirs: Iterable[str] = ()) -> Mapping | None:
    """ACLED type (pre-2019 ``event_type``, or current ``event_type`` + ``sub_event_type``)
    → PLOVER.  A current ``sub_event_type`` alone is accepted too."""
    cw = crosswalks(extra_dirs)
    et = _norm(event_type) if event_type else ""
    if sub_event_type:
        st = _norm(sub_event_type)
        return cw.acled.get((et, st)) or cw.acled_sub.get(st)
    return cw.acled2018.get(et)


def case2021_to_plover(label: str, extra_dirs: Iterable[str] = ()) -> Mapping | None:
    """CASE 2021 Task 2 label (AIR_STRIKE, PEACE_PROTEST, ...) → PLOVER."""
    return crosswalks(extra_dirs).case2021.get(str(label).strip().upper())
