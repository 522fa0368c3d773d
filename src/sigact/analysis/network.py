"""Actor network: nodes are participants (entities), edges go actor → recipient and count
the real-world events (clusters, not articles) between them, by PLOVER type.

``level="country"`` folds every entity that has a country into that country (US Air Force
and the Pentagon become United States), which is the usual state-level view."""
from __future__ import annotations

import json
from typing import Any

from sigact.analysis.common import country_name, entity_label
from sigact.analysis.escalation import WEIGHTS
from sigact.analysis.timeline import TimelineEntry, build_timeline

LEVELS = ("entity", "country")


def node_key(e: dict[str, Any], level: str = "entity") -> tuple[str, dict[str, Any]]:
    """Identity and display record of a participant at the chosen level."""
    if level == "country" and e.get("country"):
        code = str(e["country"])
        return f"country:{code}", {"label": country_name(code) or code, "kb_id": code,
                                   "country": code, "sector": None}
    kid = e.get("kb_id")
    key = f"kb:{kid}" if kid else f"name:{entity_label(e).lower()}"
    return key, {"label": entity_label(e), "kb_id": kid, "country": e.get("country"),
                 "sector": e.get("sector")}


def network_from_entries(entries: list[TimelineEntry], *, level: str = "entity",
                         min_count: int = 1) -> dict[str, Any]:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str], dict[str, Any]] = {}

    def node(e: dict[str, Any], role: str) -> str:
        key, rec = node_key(e, level)
        n = nodes.setdefault(key, {"id": key, **rec, "as_actor": 0, "as_recipient": 0,
                                   "names": []})
        n[f"as_{role}"] += 1
        name = entity_label(e)
        if name not in n["names"]:
            n["names"].append(name)
        return key

    for t in entries:
        a = node(t.actor, "actor") if t.actor else None
        r = node(t.recipient, "recipient") if t.recipient else None
        if not (a and r) or a == r:
            continue
        ed = edges.setdefault((a, r), {"source": a, "target": r, "count": 0, "by_type": {},
                                       "weight": 0.0, "first": None, "last": None,
                                       "cluster_ids": []})
        ed["count"] += 1
        ed["by_type"][t.type] = ed["by_type"].get(t.type, 0) + 1
        ed["weight"] += WEIGHTS.get(t.type, 0.0)
        ed["cluster_ids"].append(t.cluster_id)
        if t.date and t.date.get("value"):
            v = str(t.date["value"])
            ed["first"] = v if ed["first"] is None or v < ed["first"] else ed["first"]
            ed["last"] = v if ed["last"] is None or v > ed["last"] else ed["last"]
    edge_list = [e for e in edges.values() if e["count"] >= min_count]
    for e in edge_list:
        e["by_type"] = dict(sorted(e["by_type"].items(), key=lambda kv: (-kv[1], kv[0])))
        e["weight"] = round(e["weight"], 2)
    edge_list.sort(key=lambda e: (-e["count"], e["source"], e["target"]))
    for n in nodes.values():
        n["degree"] = sum(1 for e in edge_list if n["id"] in (e["source"], e["target"]))
        n["events"] = n["as_actor"] + n["as_recipient"]
    node_list = sorted(nodes.values(), key=lambda n: (-n["events"], n["label"]))
    return {"level": level, "n_nodes": len(node_list), "n_edges": len(edge_list),
            "n_events": len(entries), "nodes": node_list, "edges": edge_list}


def build_network(store: Any, *, level: str = "entity", min_count: int = 1,
                  **filters: Any) -> dict[str, Any]:
    """The actor network of the (filtered) timeline; filters as in build_timeline."""
    out = network_from_entries(build_timeline(store, **filters), level=level,
                               min_count=min_count)
    out["filters"] = {k: v for k, v in filters.items() if v}
    return out


def to_json(net: dict[str, Any]) -> str:
    return json.dumps(net, ensure_ascii=False, indent=2, default=str)


def render_terminal(net: dict[str, Any], console: Any = None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    if not net["edges"] and not net["nodes"]:
        console.print("No actors match.")
        return
    labels = {n["id"]: n["label"] for n in net["nodes"]}
    t = Table(title=f"Actor network — {net['n_nodes']} actors, {net['n_edges']} links "
                    f"({net['level']} level)", pad_edge=False)
    t.add_column("actor → recipient", overflow="fold", ratio=2)
    t.add_column("n", justify="right", no_wrap=True)
    t.add_column("by type", overflow="fold", ratio=2)
    t.add_column("dates", no_wrap=False, overflow="fold", max_width=23)
    for e in net["edges"]:
        types = ", ".join(f"{k} {v}" for k, v in e["by_type"].items())
        dates = e["first"] or "undated"
        if e["last"] and e["last"] != e["first"]:
            dates += f" .. {e['last']}"
        t.add_row(f"{labels[e['source']]} → {labels[e['target']]}", str(e["count"]), types,
                  dates)
    console.print(t)
    nt = Table(title="Actors", pad_edge=False)
    nt.add_column("actor", overflow="fold", ratio=2)
    nt.add_column("country", no_wrap=True)
    nt.add_column("as actor", justify="right")
    nt.add_column("as target", justify="right")
    for n in net["nodes"]:
        nt.add_row(n["label"], n.get("country") or "", str(n["as_actor"]),
                   str(n["as_recipient"]))
    console.print(nt)
