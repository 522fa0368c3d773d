"""`link_store`: group a store's events into clusters, incrementally or from scratch,
replay the human review decisions, and write clusters with their evidence."""
from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from typing import Any

from sigact.linking.cluster import Clustering, cluster_records
from sigact.linking.corroboration import conflicts, evidence_class, independent_sources
from sigact.linking.features import (
    BIAS, COMPATIBLE_TYPES, WEIGHTS, LinkRecord, make_record, norm_name,
)
from sigact.linking.review import Partition, replay
from sigact.model import Article, Cluster, DateValue, Entity, Event, Place, stable_id

_PRECISION_RANK = {"point": 5, "city": 4, "admin1": 3, "country": 2, "region": 1}
_DATE_SOURCE_RANK = {"explicit": 3, "relative": 2, "inferred": 1, "publication": 0}
#: weight given to the embedding cosine when ``use_embeddings`` is on (chosen on ECB+ dev)
EMBEDDING_WEIGHT = 2.0


def cluster_id_for(events: list[Event], published: dict[str, str | None]) -> str:
    """Stable id from the first-reported member: same members, same id, on every run."""
    first = min(events, key=lambda e: (published.get(e.article_id) or "9999", e.article_id,
                                       e.span[0], e.event_id))
    return "c" + stable_id("cluster", first.event_id, length=15)


def _compatible_types(types: set[str]) -> set[str]:
    out = set(types)
    for pair in COMPATIBLE_TYPES:
        if pair & types:
            out |= pair
    return out


def _published(store: Any) -> dict[str, str | None]:
    return dict(store.con.execute("SELECT article_id, published FROM articles").fetchall())


def _attach_embeddings(records: list[LinkRecord]) -> None:
    from sigact.linking.embeddings import embed
    vecs = embed([r.event.sentence for r in records])
    for r, v in zip(records, vecs):
        r.embedding = v


def link_store(store: Any, *, event_ids: list[str] | None = None, threshold: float = 0.55,
               use_embeddings: bool = False, linkage: str = "average") -> dict[str, Any]:
    """Cluster the store's events into real-world events.

    ``event_ids``: the events a run just added or changed; they are attached to existing
    clusters (which are not recomputed) or form new ones.  ``None`` relinks everything.
    Review decisions are replayed on top, so a human's merge/split/confirm always wins.
    Returns counts for the run summary."""
    t0 = time.perf_counter()
    published = _published(store)
    prev_members: dict[str, str] = dict(store.con.execute(
        "SELECT m.event_id, m.cluster_id FROM cluster_members m "
        "JOIN events e ON e.event_id = m.event_id").fetchall())
    prev_evidence: dict[str, tuple[float, Any]] = {
        e: (s, x) for e, s, x in store.con.execute(
            "SELECT event_id, score, evidence FROM cluster_members").fetchall()}
    prev_clusters: dict[str, set[str]] = defaultdict(set)
    for e, c in prev_members.items():
        prev_clusters[c].add(e)
    prev_rows = {r[0]: r for r in store.con.execute(
        "SELECT cluster_id, review, evidence FROM clusters").fetchall()}
    weights = dict(WEIGHTS)
    if use_embeddings:
        weights["embedding"] = EMBEDDING_WEIGHT

    if event_ids is None:
        pool = store.load_events()
        new_ids = {e.event_id for e in pool}
    else:
        new_events = store.load_events(event_ids=event_ids)
        new_ids = {e.event_id for e in new_events}
        types = _compatible_types({e.event_type for e in new_events})
        pool = store.load_events(type=",".join(sorted(types))) if types else []
    records = [make_record(e, published=published.get(e.article_id)) for e in pool]
    for r in records:
        # no event date and no publication date: nothing says when it happened, so a
        # match on other features alone could join events years apart
        if r.bounds is None and not r.published:
            r.extra["undated"] = True
    if use_embeddings and records:
        _attach_embeddings(records)
    index = {r.event_id: i for i, r in enumerate(records)}

    if event_ids is None:
        clustering = cluster_records(records, threshold=threshold, linkage=linkage,
                                     weights=weights, bias=BIAS)
    else:
        by_prev: dict[str, list[int]] = defaultdict(list)
        for eid, i in index.items():
            if eid not in new_ids and eid in prev_members:
                by_prev[prev_members[eid]].append(i)
        initial = [sorted(g) for _c, g in sorted(by_prev.items())]
        frozen = {i for g in initial for i in g}
        clustering = cluster_records(records, threshold=threshold, linkage=linkage,
                                     weights=weights, bias=BIAS, initial=initial, frozen=frozen,
                                     only={index[e] for e in new_ids if e in index})

    # the full partition: the new clustering for the pool, previous clusters elsewhere
    groups: list[list[str]] = []
    in_pool: set[str] = set()
    for g in clustering.groups:
        ids = {records[i].event_id for i in g}
        for eid in list(ids):
            old = prev_members.get(eid)
            if old is not None and eid not in new_ids:
                # members of the same old cluster outside the pool (other types via review)
                ids |= {x for x in prev_clusters[old] if x not in new_ids}
        groups.append(sorted(ids - in_pool))
        in_pool |= ids
    for c, members in sorted(prev_clusters.items()):
        rest = sorted(m for m in members if m not in in_pool and m not in new_ids)
        if rest:
            groups.append(rest)
            in_pool |= set(rest)
    groups = [g for g in groups if g]
    partition = Partition.from_groups(groups)
    decisions = store.decisions()
    replay(partition, decisions)

    # which groups changed: new members, other membership, or a new review status
    changed: list[int] = []
    for gid, members in partition.groups.items():
        olds = {prev_members.get(e) for e in members}
        old = next(iter(olds)) if len(olds) == 1 else None
        same = old is not None and prev_clusters.get(old) == members
        review_now = partition.review.get(gid)
        if (not same or members & new_ids
                or (old in prev_rows and prev_rows[old][1] != review_now)):
            changed.append(gid)
    changed_events = sorted({e for g in changed for e in partition.groups[g]})
    events = {e.event_id: e for e in store.load_events(event_ids=changed_events)} \
        if changed_events else {}
    article_ids = sorted({e.article_id for e in events.values()})
    articles = {a.article_id: a for a in store.get_articles(ids=article_ids)}

    merges_by_event = _merge_log(clustering, records)
    best_pair = _best_pairs(clustering, records, partition)
    clusters: list[Cluster] = []
    member_rows: list[tuple[str, str, float, Any]] = []
    for gid in changed:
        evs = [events[e] for e in sorted(partition.groups[gid]) if e in events]
        if not evs:
            continue
        cid = cluster_id_for(evs, published)
        evidence = _cluster_evidence(evs, merges_by_event, prev_members, prev_rows,
                                     partition.notes.get(gid, []), new_ids)
        cl = summarize(cid, evs, articles, review=partition.review.get(gid), evidence=evidence)
        clusters.append(cl)
        for e in evs:
            if e.event_id in best_pair:
                score, ev = best_pair[e.event_id]
            elif len(evs) == 1:
                score, ev = 1.0, {"singleton": True}
            elif e.event_id not in new_ids and e.event_id in prev_evidence \
                    and prev_members.get(e.event_id) is not None:
                score, ev = prev_evidence[e.event_id]
                ev = json.loads(ev) if isinstance(ev, str) else ev
            else:
                score, ev = 1.0, {"by": "review decision",
                                  "decisions": partition.notes.get(gid, [])}
            member_rows.append((cid, e.event_id, float(score) if score is not None else 1.0, ev))
    kept_ids = {c.cluster_id for c in clusters}
    # a relink that reproduces a stored cluster exactly leaves it (and its updated_at) alone
    clusters, member_rows = _drop_unchanged(store, clusters, member_rows, prev_clusters)
    unchanged_ids = {prev_members.get(next(iter(m))) for g, m in partition.groups.items()
                     if g not in changed and m}
    gone = sorted((set(prev_rows) - kept_ids - unchanged_ids))
    store.save_clusters(clusters, member_rows, replace_ids=gone)
    # memberships of events that no longer exist (their article was re-extracted)
    store.con.execute("DELETE FROM cluster_members WHERE event_id NOT IN "
                      "(SELECT event_id FROM events)")
    n_clusters = store.con.execute("SELECT count(*) FROM clusters").fetchone()[0]
    return {"events": len(records), "linked_events": len(new_ids), "clusters": n_clusters,
            "changed_clusters": len(clusters), "removed_clusters": len(gone),
            "multi_event_clusters": sum(1 for c in clusters if len(c.event_ids) > 1),
            "decisions": len(decisions), "pairs_scored": len(clustering.scores),
            "seconds": round(time.perf_counter() - t0, 3)}


_COMPARED = ("event_type", "date", "actor", "recipient", "location", "article_ids", "sources",
             "evidence_class", "conflicts", "evidence", "review")


def _drop_unchanged(store: Any, clusters: list[Cluster], member_rows: list[tuple],
                    prev_clusters: dict[str, set[str]]) -> tuple[list[Cluster], list[tuple]]:
    ids = [c.cluster_id for c in clusters if c.cluster_id in prev_clusters]
    if not ids:
        return clusters, member_rows
    stored = {r[0]: r[1:] for r in store.con.execute(
        f"SELECT cluster_id, {', '.join(_COMPARED)} FROM clusters WHERE cluster_id IN "
        f"({','.join('?' * len(ids))})", ids).fetchall()}
    keep: list[Cluster] = []
    for c in clusters:
        row = stored.get(c.cluster_id)
        if row is not None and prev_clusters.get(c.cluster_id) == set(c.event_ids):
            rec = json.loads(json.dumps(c.to_record(), default=str))
            old = [json.loads(v) if isinstance(v, str) and k not in ("event_type", "evidence_class",
                   "review") else v for k, v in zip(_COMPARED, row)]
            if [rec[k] for k in _COMPARED] == old:
                continue
        keep.append(c)
    kept = {c.cluster_id for c in keep}
    return keep, [m for m in member_rows if m[0] in kept]


def _merge_log(clustering: Clustering, records: list[LinkRecord]) -> dict[str, list[dict]]:
    """Each merge step, indexed by every event it involved (to collect a cluster's steps)."""
    out: dict[str, list[dict]] = defaultdict(list)
    for steps in clustering.merges.values():
        for m in steps:
            d = m.to_dict(records, clustering.scores)
            for i in m.left + m.right:
                out[records[i].event_id].append(d)
    return out


def _best_pairs(clustering: Clustering, records: list[LinkRecord], partition: Partition,
                ) -> dict[str, tuple[float, dict[str, Any]]]:
    """For each event, its strongest scored link to another member of its final cluster."""
    where = partition.where()
    best: dict[str, tuple[float, dict[str, Any]]] = {}
    for (i, j), ps in clustering.scores.items():
        a, b = records[i].event_id, records[j].event_id
        if where.get(a) is None or where.get(a) != where.get(b):
            continue
        for x, y in ((a, b), (b, a)):
            if x not in best or ps.score > best[x][0]:
                best[x] = (ps.score, {"linked_to": y, **ps.evidence()})
    return best


def _cluster_evidence(evs: list[Event], merges_by_event: dict[str, list[dict]],
                      prev_members: dict[str, str], prev_rows: dict[str, tuple],
                      notes: list[dict[str, Any]], new_ids: set[str]) -> list[dict[str, Any]]:
    ids = {e.event_id for e in evs}
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    # evidence kept from earlier runs for the members that were not re-linked now
    for old in sorted({prev_members[e] for e in ids if e in prev_members and e not in new_ids}):
        row = prev_rows.get(old)
        for item in (json.loads(row[2]) if row and isinstance(row[2], str) else (row[2] or []) if row else []):
            key = json.dumps(item, sort_keys=True)
            if key not in seen and "decision_id" not in item:
                seen.add(key)
                out.append(item)
    for e in sorted(ids):
        for m in merges_by_event.get(e, []):
            if not set(m["left"] + m["right"]) <= ids:
                continue
            key = json.dumps(m, sort_keys=True)
            if key not in seen:
                seen.add(key)
                out.append(m)
    out.extend(notes)
    return out


# -- cluster summary ----------------------------------------------------------------------

def _pick_date(evs: list[Event]) -> DateValue | None:
    """The most precise date that most members agree with (publication dates only when
    nothing better exists)."""
    dated = [e.date for e in evs if e.date and e.date.bounds()]
    if not dated:
        return None
    real = [d for d in dated if d.source != "publication"] or dated
    bounds = [d.bounds() for d in dated]

    def key(d: DateValue) -> tuple:
        lo, hi = d.bounds()                     # type: ignore[misc]
        support = sum(1 for b0, b1 in bounds if b0 <= hi and lo <= b1)
        return (support, -(hi - lo).days, _DATE_SOURCE_RANK.get(d.source, 0),
                sum(1 for x in real if x.value == d.value), d.value)
    return max(real, key=key)


def _entity_key(ent: Entity) -> str:
    return ent.kb_id or ent.country and f"{ent.country}:{norm_name(ent.name)}" or norm_name(ent.name)


def _pick_entity(ents: list[Entity | None]) -> Entity | None:
    ents = [x for x in ents if x is not None]
    if not ents:
        return None
    counts = Counter(_entity_key(x) for x in ents)
    top = max(counts, key=lambda k: (counts[k], k))
    cands = [x for x in ents if _entity_key(x) == top]
    return max(cands, key=lambda x: (x.kb_id is not None, x.country is not None, x.name))


def _pick_place(places: list[Place | None]) -> Place | None:
    places = [p for p in places if p is not None]
    if not places:
        return None
    key = lambda p: p.gazetteer_id or norm_name(p.name)  # noqa: E731
    counts = Counter(key(p) for p in places)
    return max(places, key=lambda p: (counts[key(p)], _PRECISION_RANK.get(p.precision or "", 0),
                                      p.name))


def summarize(cluster_id: str, evs: list[Event], articles: dict[str, Article], *,
              review: str | None = None, evidence: list[dict[str, Any]] | None = None,
              ) -> Cluster:
    types = Counter(e.event_type for e in evs)
    sources, counted = independent_sources(evs, articles)
    ev_class, decided_by = evidence_class(evs, sources)
    evidence = list(evidence or [])
    evidence.append({"sources": counted,
                     **({"evidence_class_from": decided_by} if decided_by else {})})
    return Cluster(
        cluster_id=cluster_id, event_ids=sorted(e.event_id for e in evs),
        event_type=max(types, key=lambda t: (types[t], t)),
        date=_pick_date(evs), actor=_pick_entity([e.actor for e in evs]),
        recipient=_pick_entity([e.recipient for e in evs]),
        location=_pick_place([e.location for e in evs]),
        article_ids=sorted({e.article_id for e in evs}), sources=sources,
        evidence_class=ev_class, conflicts=conflicts(evs), evidence=evidence, review=review)
