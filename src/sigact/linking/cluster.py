"""Candidate blocking and constrained agglomerative clustering.

Why average link: single link (union-find over pairs above the threshold) chains — a
lede links to a follow-up that links to a different strike the next day.  Average link
only merges two groups when their records agree *on average*, and a strong conflict
between any two records of the two groups (different kb actors, places in different
countries, dates that cannot overlap) forbids the merge outright, so every cluster is
transitively consistent.  Existing clusters can be frozen (incremental runs attach new
records to them but never merge two of them).
"""
from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable

from sigact.model import date_bounds
from sigact.linking.features import (
    COMPATIBLE_TYPES, DATE_SLACK_DAYS, LinkRecord, PairScore, TextSimilarity, norm_name,
    score_pair,
)

#: A type group smaller than this is compared all-against-all (dates then only score);
#: larger groups are blocked by date window and shared keys.
ALL_PAIRS_LIMIT = 300


def type_groups(types: Iterable[str]) -> dict[str, str]:
    """Map each type to a representative of its compatibility component."""
    parent: dict[str, str] = {t: t for t in types}
    for pair in COMPATIBLE_TYPES:
        a, b = sorted(pair)
        if a in parent and b in parent:
            ra, rb = _find(parent, a), _find(parent, b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {t: _find(parent, t) for t in parent}


def _find(parent: dict[str, str], x: str) -> str:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _keys(r: LinkRecord) -> set[str]:
    e = r.event
    keys = {f"art:{e.article_id}"}
    for role in (e.actor, e.recipient):
        if role is not None:
            keys.add(f"ent:{role.kb_id or norm_name(role.name)}")
    if e.location is not None:
        keys.add(f"loc:{e.location.gazetteer_id or norm_name(e.location.name)}")
    return keys


#: an undated record is reported on after the event, usually within days
UNDATED_LOOKBACK_DAYS = 14


def _blocking_bounds(r: LinkRecord) -> tuple[date, date] | None:
    """The interval used to find candidates: the event date, else the fortnight before
    the article's publication (the date itself stays unknown for scoring)."""
    if r.bounds:
        return r.bounds
    pub = date_bounds((r.published or "")[:10]) if r.published else None
    if pub:
        return pub[0] - timedelta(days=UNDATED_LOOKBACK_DAYS), pub[1]
    return None


def candidate_pairs(records: list[LinkRecord], *, only: set[int] | None = None,
                    ) -> set[tuple[int, int]]:
    """Index pairs (i < j) worth scoring.  With ``only``, each pair has at least one record
    in it (the records of an incremental run)."""
    groups = type_groups({r.event.event_type for r in records})
    by_group: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        by_group[groups[r.event.event_type]].append(i)
    pairs: set[tuple[int, int]] = set()

    def add(i: int, j: int) -> None:
        if i == j:
            return
        if only is not None and i not in only and j not in only:
            return
        pairs.add((i, j) if i < j else (j, i))

    for idx in by_group.values():
        if len(idx) <= ALL_PAIRS_LIMIT:
            for a in range(len(idx)):
                for b in range(a + 1, len(idx)):
                    add(idx[a], idx[b])
            continue
        window = {i: _blocking_bounds(records[i]) for i in idx}
        dated = sorted((i for i in idx if window[i]), key=lambda i: window[i][0])
        slack = timedelta(days=DATE_SLACK_DAYS)
        # sweep: each record against later-starting ones that begin before it ends (+slack)
        for pos, i in enumerate(dated):
            end = window[i][1] + slack
            for j in dated[pos + 1:]:
                if window[j][0] > end:
                    break
                add(i, j)
        # records with neither a date nor a publication date: only against records that
        # share an article, participant or place
        by_key: dict[str, list[int]] = defaultdict(list)
        for i in idx:
            for k in _keys(records[i]):
                by_key[k].append(i)
        for i in idx:
            if window[i] is None:
                for k in _keys(records[i]):
                    for j in by_key[k]:
                        add(i, j)
    return pairs


@dataclass
class Merge:
    """One step of the agglomeration, kept as the cluster's evidence."""
    score: float
    left: list[int]
    right: list[int]
    best_pair: tuple[int, int]

    def to_dict(self, records: list[LinkRecord], scores: dict[tuple[int, int], PairScore],
                ) -> dict[str, Any]:
        a, b = self.best_pair
        ps = scores.get((a, b) if a < b else (b, a))
        return {"linkage": round(self.score, 4),
                "left": sorted(records[i].event_id for i in self.left),
                "right": sorted(records[i].event_id for i in self.right),
                "best_pair": [records[a].event_id, records[b].event_id],
                **({"pair": ps.evidence()} if ps else {})}


@dataclass
class Clustering:
    groups: list[list[int]]
    merges: dict[int, list[Merge]] = field(default_factory=dict)  # by group index
    scores: dict[tuple[int, int], PairScore] = field(default_factory=dict)


def score_candidates(records: list[LinkRecord], pairs: Iterable[tuple[int, int]], *,
                     text: TextSimilarity | None = None, weights: dict[str, float] | None = None,
                     bias: float | None = None) -> dict[tuple[int, int], PairScore]:
    text = text or TextSimilarity(records)
    kw: dict[str, Any] = {"weights": weights}
    if bias is not None:
        kw["bias"] = bias
    return {(i, j): score_pair(records[i], records[j], text, **kw) for i, j in pairs}


def agglomerate(n: int, scores: dict[tuple[int, int], PairScore], *, threshold: float,
                initial: list[list[int]] | None = None, frozen: set[int] | None = None,
                linkage: str = "average") -> Clustering:
    """Cluster ``n`` items.  ``initial`` groups start merged; two groups that both hold a
    ``frozen`` item are never merged (existing clusters in an incremental run).
    ``linkage``: ``average`` (mean pair score, unscored pairs count 0) or ``single``."""
    frozen = frozen or set()
    owner = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    if initial:
        for g in initial:
            root = g[0]
            for x in g[1:]:
                members[root].extend(members.pop(x))
                owner[x] = root
    is_frozen = {c: any(m in frozen for m in ms) for c, ms in members.items()}
    total: dict[int, dict[int, float]] = defaultdict(dict)     # sum (or max) of pair scores
    best: dict[int, dict[int, tuple[float, tuple[int, int]]]] = defaultdict(dict)
    cannot: dict[int, set[int]] = defaultdict(set)
    for (i, j), ps in scores.items():
        ci, cj = owner[i], owner[j]
        if ci == cj:
            continue
        if ps.conflicts:
            cannot[ci].add(cj)
            cannot[cj].add(ci)
        s = ps.score
        if linkage == "single":
            total[ci][cj] = total[cj][ci] = max(total[ci].get(cj, 0.0), s)
        else:
            total[ci][cj] = total[cj][ci] = total[ci].get(cj, 0.0) + s
        if s > best[ci].get(cj, (-1.0, (i, j)))[0]:
            best[ci][cj] = best[cj][ci] = (s, (i, j))

    def link(a: int, b: int) -> float:
        t = total[a].get(b, 0.0)
        return t if linkage == "single" else t / (len(members[a]) * len(members[b]))

    heap: list[tuple[float, int, int, int, int]] = []
    version: dict[int, int] = defaultdict(int)

    def push(a: int, b: int) -> None:
        if b in cannot[a] or (is_frozen[a] and is_frozen[b]):
            return
        s = link(a, b)
        if s >= threshold:
            lo, hi = (a, b) if a < b else (b, a)
            # ties broken by the smaller item index: deterministic on the same input
            heapq.heappush(heap, (-s, min(members[lo]), lo, hi, version[lo] * 1_000_003 + version[hi]))

    for a in list(total):
        for b in total[a]:
            if a < b:
                push(a, b)
    merges: dict[int, list[Merge]] = defaultdict(list)
    while heap:
        neg, _tie, a, b, ver = heapq.heappop(heap)
        if a not in members or b not in members or ver != version[a] * 1_000_003 + version[b]:
            continue
        if b in cannot[a] or (is_frozen[a] and is_frozen[b]):
            continue
        # merge b into a
        bp = best[a].get(b, (0.0, (members[a][0], members[b][0])))[1]
        merges[a].extend(merges.pop(b, []))
        merges[a].append(Merge(-neg, list(members[a]), list(members[b]), bp))
        members[a].extend(members.pop(b))
        is_frozen[a] = is_frozen[a] or is_frozen.pop(b)
        version[a] += 1
        for k, t in total.pop(b).items():
            if k == a:
                continue
            total[k].pop(b, None)
            if linkage == "single":
                total[a][k] = total[k][a] = max(total[a].get(k, 0.0), t)
            else:
                total[a][k] = total[k][a] = total[a].get(k, 0.0) + t
        total[a].pop(b, None)
        for k, v in best.pop(b, {}).items():
            best[k].pop(b, None)
            if k != a and v[0] > best[a].get(k, (-1.0, v[1]))[0]:
                best[a][k] = best[k][a] = v
        best[a].pop(b, None)
        for k in cannot.pop(b, set()):
            cannot[k].discard(b)
            if k != a:
                cannot[k].add(a)
                cannot[a].add(k)
        for k in total[a]:
            push(a, k)
    groups = sorted((sorted(ms) for ms in members.values()), key=lambda g: g[0])
    root_of = {min(ms): r for r, ms in members.items()}
    return Clustering(groups=groups,
                      merges={gi: merges.get(root_of[g[0]], []) for gi, g in enumerate(groups)},
                      scores=scores)


def cluster_records(records: list[LinkRecord], *, threshold: float,
                    initial: list[list[int]] | None = None, frozen: set[int] | None = None,
                    only: set[int] | None = None, linkage: str = "average",
                    weights: dict[str, float] | None = None, bias: float | None = None,
                    text: TextSimilarity | None = None) -> Clustering:
    pairs = candidate_pairs(records, only=only)
    scores = score_candidates(records, pairs, text=text, weights=weights, bias=bias)
    return agglomerate(len(records), scores, threshold=threshold, initial=initial,
                       frozen=frozen, linkage=linkage)
