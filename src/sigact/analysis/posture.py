"""Force posture: which assets were moved where and when, from MOBILIZE events (deployments,
show-of-force flights, carrier movements …), per real-world event (cluster) so that ten
reports of one flight count once.

Per asset: ``B-52H: 2 (2020-11-21, Middle East), 2 (2020-12-10, Persian Gulf)``; plus the
same observations summed by category, operator (the actor) and location, per month."""
from __future__ import annotations

import json
from typing import Any

from sigact.analysis.common import entity_label
from sigact.analysis.timeline import TimelineEntry, _short_asset, build_timeline
from sigact.model import date_bounds


def _loc(t: TimelineEntry) -> str | None:
    if not t.location:
        return None
    return t.location.get("name") or t.location.get("text")


def posture_from_entries(entries: list[TimelineEntry]) -> dict[str, Any]:
    obs: list[dict[str, Any]] = []
    for t in entries:
        for a in t.assets:
            name = str(a.get("name") or a.get("text") or "?")
            b = date_bounds(t.date.get("value")) if t.date else None
            obs.append({
                "asset": _short_asset(name), "asset_name": name, "kb_id": a.get("kb_id"),
                "category": a.get("category") or "unknown", "count": a.get("count"),
                "operator": entity_label(t.actor) if t.actor else None,
                "location": _loc(t), "date": t.date, "date_display": t.date_display,
                "month": f"{b[0].year:04d}-{b[0].month:02d}" if b else None,
                "type": t.type, "mode": t.mode, "status": t.status,
                "cluster_id": t.cluster_id, "n_sources": t.n_sources,
                "evidence_class": t.evidence_class,
            })
    assets: dict[str, dict[str, Any]] = {}
    for o in obs:
        key = (o["kb_id"] or o["asset_name"]).lower()
        a = assets.setdefault(key, {"asset": o["asset"], "asset_name": o["asset_name"],
                                    "kb_id": o["kb_id"], "category": o["category"],
                                    "operators": [], "observations": []})
        if o["operator"] and o["operator"] not in a["operators"]:
            a["operators"].append(o["operator"])
        a["observations"].append({k: o[k] for k in ("count", "date_display", "location",
                                                    "operator", "status", "cluster_id",
                                                    "n_sources")})
    for a in assets.values():
        parts = []
        for o in a["observations"]:
            where = ", ".join(x for x in (o["date_display"], o["location"]) if x)
            parts.append(f"{o['count'] if o['count'] is not None else '?'} ({where})")
        a["line"] = f"{a['asset']}: " + ", ".join(parts)
        a["n_observations"] = len(a["observations"])
        counts = [o["count"] for o in a["observations"] if o["count"] is not None]
        a["max_count"] = max(counts) if counts else None

    def summed(field: str) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for o in obs:
            k = o[field] or "unknown"
            m = o["month"] or "undated"
            row = out.setdefault(k, {})
            row[m] = row.get(m, 0) + (o["count"] if o["count"] is not None else 1)
        return {k: dict(sorted(v.items())) for k, v in sorted(out.items())}

    return {"n_events": len(entries), "n_observations": len(obs),
            "assets": sorted(assets.values(), key=lambda a: (-a["n_observations"],
                                                             a["asset"])),
            "by_category": summed("category"), "by_operator": summed("operator"),
            "by_location": summed("location"), "observations": obs}


def build_posture(store: Any, *, type: str | None = "MOBILIZE", **filters: Any
                  ) -> dict[str, Any]:
    """Force posture of the (filtered) timeline; by default its MOBILIZE events only."""
    out = posture_from_entries(build_timeline(store, type=type, **filters))
    out["filters"] = {k: v for k, v in dict(filters, type=type).items() if v}
    return out


def to_json(p: dict[str, Any]) -> str:
    return json.dumps(p, ensure_ascii=False, indent=2, default=str)


def render_terminal(p: dict[str, Any], console: Any = None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    if not p["assets"]:
        console.print("No asset movements match (posture reads MOBILIZE events that name "
                      "assets).")
        return
    t = Table(title=f"Force posture — {p['n_observations']} sighting(s) in "
                    f"{p['n_events']} event(s)", pad_edge=False)
    t.add_column("asset", style="bold", overflow="fold", max_width=16)
    t.add_column("category", overflow="fold", max_width=11)
    t.add_column("operator", overflow="fold", max_width=16)
    t.add_column("count (date, location)", overflow="fold", ratio=1, min_width=20)
    for a in p["assets"]:
        t.add_row(a["asset"], a["category"], ", ".join(a["operators"]),
                  a["line"].split(": ", 1)[1])
    console.print(t)
    ct = Table(title="By category and month", pad_edge=False)
    ct.add_column("category")
    ct.add_column("month: count", overflow="fold", ratio=1)
    for cat, row in p["by_category"].items():
        ct.add_row(cat, ", ".join(f"{m}: {n}" for m, n in row.items()))
    console.print(ct)
