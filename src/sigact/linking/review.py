"""Human review decisions and their replay.

Decisions are stored in terms of *event ids* (cluster ids change when membership does),
so they can be replayed on top of any clustering, in the order they were made, on every
later run; a later decision overrides an earlier one where they disagree.

- ``merge``   {"cluster_ids": [...], "event_ids": [all members at decision time]}
              → those events end up in one cluster (with whatever joined them since);
- ``split``   {"cluster_id", "event_ids": [moved out], "rest": [members left behind]}
              → the moved events form their own cluster, apart from every ``rest`` event;
- ``confirm`` {"cluster_id", "event_ids": [members]}
              → the members stay together; the cluster is marked ``confirmed``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Partition:
    """Mutable event → group assignment used while replaying."""
    groups: dict[int, set[str]]
    review: dict[int, str] = field(default_factory=dict)
    notes: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    _next: int = 0

    @classmethod
    def from_groups(cls, groups: list[list[str]]) -> "Partition":
        p = cls(groups={i: set(g) for i, g in enumerate(groups)})
        p._next = len(groups)
        return p

    def where(self) -> dict[str, int]:
        return {e: g for g, es in self.groups.items() for e in es}

    def new_group(self, events: set[str]) -> int:
        gid = self._next
        self._next += 1
        self.groups[gid] = set(events)
        return gid

    def note(self, gid: int, decision: dict[str, Any]) -> None:
        self.notes.setdefault(gid, []).append(
            {"decision_id": decision["decision_id"], "action": decision["action"],
             "at": decision.get("created_at")})

    def _merge_groups(self, gids: list[int]) -> int:
        keep = min(gids)
        for g in gids:
            if g == keep:
                continue
            self.groups[keep] |= self.groups.pop(g)
            self.notes.setdefault(keep, []).extend(self.notes.pop(g, []))
            if self.review.pop(g, None) == "confirmed" and keep not in self.review:
                self.review[keep] = "edited"
        return keep


def replay(partition: Partition, decisions: list[dict[str, Any]]) -> set[str]:
    """Apply the decisions in order; returns the event ids whose cluster they touched."""
    touched: set[str] = set()
    for d in decisions:
        args = d.get("args") or {}
        where = partition.where()
        ids = [e for e in args.get("event_ids", []) if e in where]
        if not ids:
            continue                    # every event of the decision is gone from the store
        action = d["action"]
        if action in ("merge", "confirm"):
            gid = partition._merge_groups(sorted({where[e] for e in ids}))
            partition.review[gid] = "confirmed" if action == "confirm" else "edited"
            partition.note(gid, d)
            touched |= partition.groups[gid]
        elif action == "split":
            moved = set(ids)
            rest = {e for e in args.get("rest", []) if e in where}
            for gid in sorted({where[e] for e in moved}):
                partition.groups[gid] -= moved
                touched |= partition.groups[gid]
                if not partition.groups[gid]:
                    partition.groups.pop(gid)
                else:
                    partition.review[gid] = "edited"
                    partition.note(gid, d)
            # rest events that were pulled together with moved ones stay apart from them
            new = partition.new_group(moved)
            partition.review[new] = "edited"
            partition.note(new, d)
            touched |= moved | rest
    return touched
