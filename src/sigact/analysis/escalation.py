"""Escalation: per dyad and per week or month, the real-world events between the two sides
weighted by how intense their type is, an escalation index, and its trend.

Intensity scale (documented, ordinal, PLOVER categories; higher = more hostile)::

    ASSAULT 10   COERCE 7   THREATEN 6   MOBILIZE 5   SANCTION 4   PROTEST 3
    ACCUSE 2     REJECT 2   REQUEST 0.5  CONSULT -1   RETREAT -2   SUPPORT -2
    CONCEDE -3   AGREE -4   COOPERATE -5 AID -5

PLOVER itself has no official intensity values; the scale follows its ordering of
material conflict > verbal conflict > verbal cooperation > material cooperation (as the
Goldstein scale does for CAMEO), rounded so that the ranking is easy to argue about.
Each event's weight is multiplied by a status factor: things that happened count fully,
planned/expected/threatened ones half, denied/hypothetical ones a quarter.

index(period) = sum over the dyad's events in the period of weight × status factor.
trend = least-squares slope of the index over the periods (empty periods count as 0),
labelled ``escalating`` (> +1 per period), ``de-escalating`` (< -1) or ``stable``.
"""
from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from sigact.model import date_bounds

WEIGHTS: dict[str, float] = {
    "ASSAULT": 10, "COERCE": 7, "THREATEN": 6, "MOBILIZE": 5, "SANCTION": 4, "PROTEST": 3,
    "ACCUSE": 2, "REJECT": 2, "REQUEST": 0.5, "CONSULT": -1, "RETREAT": -2, "SUPPORT": -2,
    "CONCEDE": -3, "AGREE": -4, "COOPERATE": -5, "AID": -5,
}
STATUS_FACTOR: dict[str, float] = {
    "occurred": 1.0, "ongoing": 1.0, "planned": 0.5, "expected": 0.5, "threatened": 0.5,
    "denied": 0.25, "hypothetical": 0.25,
}
PERIODS = ("week", "month")
TREND_THRESHOLD = 1.0


def period_of(d: date, period: str) -> str:
    if period == "week":
        y, w, _ = d.isocalendar()
        return f"{y}-W{w:02d}"
    return f"{d.year:04d}-{d.month:02d}"


def _next(p: str, period: str) -> str:
    if period == "week":
        d = date.fromisocalendar(int(p[:4]), int(p[6:]), 1) + timedelta(days=7)
        return period_of(d, "week")
    y, m = int(p[:4]), int(p[5:])
    return f"{y + (m == 12):04d}-{(m % 12) + 1:02d}"


def _span(first: str, last: str, period: str) -> list[str]:
    out, p = [first], first
    while p < last and len(out) < 5000:
        p = _next(p, period)
        out.append(p)
    return out


def slope(values: list[float]) -> float:
    n = len(values)
    if n < 2:
        return 0.0
    mx, my = (n - 1) / 2, sum(values) / n
    den = sum((i - mx) ** 2 for i in range(n))
    return sum((i - mx) * (v - my) for i, v in enumerate(values)) / den


def trend_label(s: float) -> str:
    return "escalating" if s > TREND_THRESHOLD else (
        "de-escalating" if s < -TREND_THRESHOLD else "stable")


def escalation_from_entries(entries: list[Any], *, period: str = "month",
                            level: str = "country") -> dict[str, Any]:
    from sigact.analysis.network import node_key

    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}")
    dyads: dict[tuple[str, str], dict[str, Any]] = {}
    skipped = {"no_dyad": 0, "undated": 0}
    for t in entries:
        if not (t.actor and t.recipient):
            skipped["no_dyad"] += 1
            continue
        (ka, ra), (kb, rb) = node_key(t.actor, level), node_key(t.recipient, level)
        if ka == kb:
            skipped["no_dyad"] += 1
            continue
        b = date_bounds(t.date.get("value")) if t.date else None
        if b is None:
            skipped["undated"] += 1
            continue
        (k1, r1), (k2, r2) = sorted([(ka, ra), (kb, rb)], key=lambda x: x[1]["label"])
        dy = dyads.setdefault((k1, k2), {"dyad": f"{r1['label']}-{r2['label']}",
                                         "a": r1["label"], "b": r2["label"],
                                         "a_id": k1, "b_id": k2, "periods": {}})
        p = period_of(b[0], period)
        cell = dy["periods"].setdefault(p, {"period": p, "events": 0, "index": 0.0,
                                            "by_type": {}, "a_to_b": 0, "b_to_a": 0,
                                            "imprecise": 0, "cluster_ids": []})
        factor = STATUS_FACTOR.get(t.status, 1.0)
        cell["events"] += 1
        cell["index"] += WEIGHTS.get(t.type, 0.0) * factor
        cell["by_type"][t.type] = cell["by_type"].get(t.type, 0) + 1
        cell["a_to_b" if ka == k1 else "b_to_a"] += 1
        cell["cluster_ids"].append(t.cluster_id)
        if (b[1] - b[0]).days > (6 if period == "week" else 30):
            cell["imprecise"] += 1          # e.g. a month-precise date in a weekly series
    out = []
    for dy in dyads.values():
        ps = sorted(dy["periods"])
        series = []
        for p in _span(ps[0], ps[-1], period):
            cell = dy["periods"].get(p) or {"period": p, "events": 0, "index": 0.0,
                                            "by_type": {}, "a_to_b": 0, "b_to_a": 0,
                                            "imprecise": 0, "cluster_ids": []}
            cell["index"] = round(cell["index"], 2)
            series.append(cell)
        idx = [c["index"] for c in series]
        s = slope(idx)
        out.append({"dyad": dy["dyad"], "a": dy["a"], "b": dy["b"],
                    "events": sum(c["events"] for c in series),
                    "total_index": round(sum(idx), 2), "peak": max(idx),
                    "peak_period": series[idx.index(max(idx))]["period"],
                    "last": idx[-1], "slope": round(s, 3), "trend": trend_label(s),
                    "series": series})
    out.sort(key=lambda d: (-d["events"], d["dyad"]))
    return {"period": period, "level": level, "weights": WEIGHTS,
            "status_factor": STATUS_FACTOR, "skipped": skipped, "dyads": out}


def build_escalation(store: Any, *, period: str = "month", level: str = "country",
                     **filters: Any) -> dict[str, Any]:
    """Escalation series per dyad over the (filtered) timeline; filters as build_timeline."""
    from sigact.analysis.timeline import build_timeline

    out = escalation_from_entries(build_timeline(store, **filters), period=period,
                                  level=level)
    out["filters"] = {k: v for k, v in filters.items() if v}
    return out


def to_json(esc: dict[str, Any]) -> str:
    return json.dumps(esc, ensure_ascii=False, indent=2, default=str)


_BARS = " ▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    hi = max([abs(v) for v in values] + [1e-9])
    return "".join(_BARS[min(8, round(8 * max(v, 0) / hi))] if v >= 0 else "−"
                   for v in values)


def render_terminal(esc: dict[str, Any], console: Any = None, *, top: int = 20) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    if not esc["dyads"]:
        console.print("No dyads (events with both an actor and a recipient) match.")
        return
    t = Table(title=f"Escalation by {esc['period']} ({esc['level']} level)", pad_edge=False)
    t.add_column("dyad", overflow="fold", ratio=2)
    t.add_column("n", justify="right")
    t.add_column("index series", no_wrap=True, overflow="crop")
    t.add_column("peak", overflow="fold")
    t.add_column("trend", no_wrap=True)
    for d in esc["dyads"][:top]:
        style = {"escalating": "red", "de-escalating": "green"}.get(d["trend"], "")
        vals = [c["index"] for c in d["series"]]
        spark = sparkline(vals[-16:]) if len(vals) <= 16 else "…" + sparkline(vals[-15:])
        t.add_row(d["dyad"], str(d["events"]), spark,
                  f"{d['peak']:g} ({d['peak_period']})",
                  f"[{style}]{d['trend']}[/{style}]" if style else d["trend"])
    console.print(t)
    if len(esc["dyads"]) > top:
        console.print(f"[dim]… and {len(esc['dyads']) - top} more dyad(s) (--format json "
                      "for all)[/dim]")
    for d in esc["dyads"][:5]:
        rows = ", ".join(f"{c['period']}: {c['index']:g}" for c in d["series"] if c["events"])
        console.print(f"[bold]{d['dyad']}[/bold] {rows}")
    sk = esc["skipped"]
    if sk["no_dyad"] or sk["undated"]:
        console.print(f"[dim]left out: {sk['no_dyad']} without actor and recipient, "
                      f"{sk['undated']} undated[/dim]")
