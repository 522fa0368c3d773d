"""Timelines: one entry per real-world event (cluster), ordered by event date.

Until the linker has clustered a store, every event is its own cluster
(``cluster_id = event_id``), so a timeline works on any store.  Each entry carries the
fields of its cluster (or event), a headline composed from them, and links back to every
supporting sentence (article id + span + text + trigger) so nothing is unsourced.

Renderers: :func:`render_terminal` (Rich), :func:`to_json`, :func:`render_markdown`,
:func:`render_html` (one self-contained file).
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

from sigact.analysis.common import (
    check_date, date_display, date_sort_key, entity_label, entity_matches, parse_since,
    place_matches, split_dyad,
)
from sigact.model import EVENT_TYPES, STATUSES, Event, date_bounds

STATUS_ORDER = {s: i for i, s in enumerate(STATUSES)}


@dataclass
class SentenceLink:
    """One supporting sentence: where it is (article + character span) and what it says."""
    event_id: str
    article_id: str
    span: list[int]
    sentence: str
    trigger: str | None = None
    trigger_offsets: list[int] | None = None   # offsets of the trigger inside `sentence`
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    attribution: str | None = None
    event_type: str | None = None
    status: str | None = None


@dataclass
class TimelineEntry:
    cluster_id: str
    clustered: bool                     # False: an event not (yet) linked, its own cluster
    date: dict[str, Any] | None         # {value, precision, text, source} or None
    date_display: str
    type: str
    mode: str | None
    summary: str
    actor: dict[str, Any] | None
    recipient: dict[str, Any] | None
    location: dict[str, Any] | None
    assets: list[dict[str, Any]] = field(default_factory=list)
    quantities: list[dict[str, Any]] = field(default_factory=list)
    status: str = "occurred"
    n_sources: int = 1                  # independent sources (outlets)
    sources: list[str] = field(default_factory=list)
    evidence_class: str = "single source"
    article_ids: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    sentences: list[SentenceLink] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    review: str | None = None
    updated_at: str | None = None

    # members' entities, for filters that should also see how each article named them
    _member_actors: list[dict[str, Any]] = field(default_factory=list, repr=False)
    _member_recipients: list[dict[str, Any]] = field(default_factory=list, repr=False)
    _member_places: list[dict[str, Any]] = field(default_factory=list, repr=False)
    _changed: datetime | None = field(default=None, repr=False)


    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in [k for k in d if k.startswith("_")]:
            del d[k]
        return d


# -- composition -------------------------------------------------------------------------
def _short_asset(name: str) -> str:
    """"B-52H Stratofortress" → "B-52H" (a designator says it all); other names unchanged."""
    first, _, rest = name.partition(" ")
    if rest and any(ch.isdigit() for ch in first) and "-" in first:
        return first
    return name


_THE = ("middle east", "persian gulf", "gulf", "red sea", "eastern med", "black sea",
        "south china sea", "baltic", "mediterranean", "arabian sea", "strait")


def compose_summary(*, actor: dict | None, type: str, mode: str | None,
                    recipient: dict | None, assets: list[dict], quantities: list[dict],
                    location: dict | None, status: str | None) -> str:
    """"US Air Force — MOBILIZE (show-of-force flight) → Iran: 2 × B-52H, over the Middle
    East" — built only from extracted fields, so it never says more than the record."""
    s = f"{entity_label(actor) if actor else 'Unknown actor'} — {type}"
    if mode:
        s += f" ({mode})"
    if recipient:
        s += f" → {entity_label(recipient)}"
    bits: list[str] = []
    resolved = [a for a in assets if a.get("kb_id")]
    shown = sorted(assets, key=lambda a: (not a.get("kb_id"), not a.get("count")))
    if resolved:      # an unresolved, uncounted mention ("bombers") adds nothing then
        shown = [a for a in shown if a.get("kb_id") or a.get("count")]
    counts = set()
    for a in shown:
        name = _short_asset(str(a.get("name") or a.get("text") or "?"))
        bit = f"{a['count']} × {name}" if a.get("count") else name
        if bit not in bits:
            bits.append(bit)
        if a.get("count"):
            counts.add(a["count"])
    if len(bits) > 4:
        bits = bits[:4] + ["…"]
    qbits: list[str] = []
    for q in quantities:
        v = q.get("value")
        if v is None:
            text = str(q.get("text") or q.get("what"))
            if not any(text.lower() in b.lower() for b in bits):
                qbits.append(text)
        elif v not in counts:            # "2 aircraft" when "2 × B-52H" says it already
            v = int(v) if isinstance(v, float) and v.is_integer() else v
            qbits.append(f"{v} {q.get('what')}")
    bits += list(dict.fromkeys(qbits))[:3]
    if bits:
        s += ": " + ", ".join(bits)
    if location:
        name = location.get("name") or location.get("text")
        prep = "over" if mode and "flight" in mode.lower() else "in"
        if name:
            the = "the " if str(name).lower().startswith(_THE) else ""
            s += f"{',' if bits else ''} {prep} {the}{name}"
    if status and status not in ("occurred", "ongoing"):
        s += f" [{status}]"
    return s


def _merge_assets(events: list[Event]) -> list[dict[str, Any]]:
    """One record per asset (by kb id, else name); its count is the one most reports give
    (the larger on a tie) — disagreements are the linker's `conflicts` to show."""
    by_name: dict[str, dict[str, Any]] = {}
    counts: dict[str, list[int]] = {}
    for e in events:
        for a in e.assets:
            r = a.to_record()
            key = (r.get("kb_id") or r.get("name") or "").lower()
            by_name.setdefault(key, r)
            if r.get("count"):
                counts.setdefault(key, []).append(int(r["count"]))
    for key, r in by_name.items():
        c = Counter(counts.get(key, []))
        r["count"] = max(c, key=lambda n: (c[n], n)) if c else None
    return list(by_name.values())


def _merge_quantities(events: list[Event]) -> list[dict[str, Any]]:
    seen, out = set(), []
    for e in events:
        for q in e.quantities:
            key = (q.what, q.value)
            if key not in seen:
                seen.add(key)
                out.append(q.to_record())
    return out


def _most_common(values: Iterable[Any]) -> Any:
    vals = [v for v in values if v is not None]
    if not vals:
        return None
    counts = Counter(vals)
    best = max(counts.values())
    return next(v for v in vals if counts[v] == best)      # first of the most frequent


def _trigger_offsets(e: Event) -> list[int] | None:
    if not e.trigger_span:
        return None
    a, b = e.trigger_span[0] - e.span[0], e.trigger_span[1] - e.span[0]
    if 0 <= a < b <= len(e.sentence):
        return [a, b]
    if e.trigger:
        i = e.sentence.find(e.trigger)
        if i >= 0:
            return [i, i + len(e.trigger)]
    return None


def _link(e: Event, meta: dict[str, tuple]) -> SentenceLink:
    title, outlet, published = meta.get(e.article_id, (None, None, None))
    return SentenceLink(event_id=e.event_id, article_id=e.article_id,
                        span=[e.span[0], e.span[1]], sentence=e.sentence, trigger=e.trigger,
                        trigger_offsets=_trigger_offsets(e), outlet=outlet, title=title,
                        published=published, attribution=e.attribution,
                        event_type=e.event_type, status=e.status)


def _entry_from_events(events: list[Event], meta: dict[str, tuple],
                       created: dict[str, datetime], cluster: dict[str, Any] | None
                       ) -> TimelineEntry:
    events = sorted(events, key=lambda e: (e.article_id, e.span[0], e.event_id))
    first = events[0]
    if cluster:
        cid, date = cluster["cluster_id"], cluster.get("date")
        etype = cluster.get("event_type") or _most_common(e.event_type for e in events)
        actor, recipient = cluster.get("actor"), cluster.get("recipient")
        location = cluster.get("location")
        sources = list(cluster.get("sources") or [])
        n_sources = int(cluster.get("n_sources") or len(sources) or 1)
        evidence = cluster.get("evidence_class") or "single source"
        article_ids = list(cluster.get("article_ids") or [])
        conflicts, review = list(cluster.get("conflicts") or []), cluster.get("review")
        updated = cluster.get("updated_at")
        changed = datetime.fromisoformat(updated) if updated else None
    else:
        cid = first.cluster_id or first.event_id
        date = first.date.to_record() if first.date else None
        etype = first.event_type
        actor = first.actor.to_record() if first.actor else None
        recipient = first.recipient.to_record() if first.recipient else None
        location = first.location.to_record() if first.location else None
        outlets = {meta.get(e.article_id, (None, None, None))[1] or e.article_id
                   for e in events}
        sources = sorted(o for o in outlets if o)
        n_sources = max(1, len(sources))
        evidence = "single source" if n_sources == 1 else f"{n_sources} sources"
        article_ids, conflicts, review = [], [], None
        times = [created[e.event_id] for e in events if created.get(e.event_id)]
        changed = max(times) if times else None
        updated = changed.isoformat() if changed else None
    for e in events:
        if e.article_id not in article_ids:
            article_ids.append(e.article_id)
    mode = _most_common(e.mode for e in events)
    status = _most_common(sorted((e.status for e in events if e.status),
                                 key=lambda s: STATUS_ORDER.get(s, 99))) or "occurred"
    assets, quantities = _merge_assets(events), _merge_quantities(events)
    summary = compose_summary(actor=actor, type=etype, mode=mode, recipient=recipient,
                              assets=assets, quantities=quantities, location=location,
                              status=status)
    return TimelineEntry(
        cluster_id=cid, clustered=cluster is not None, date=date,
        date_display=date_display(date), type=etype, mode=mode, summary=summary,
        actor=actor, recipient=recipient, location=location, assets=assets,
        quantities=quantities, status=status, n_sources=n_sources, sources=sources,
        evidence_class=evidence, article_ids=article_ids,
        event_ids=[e.event_id for e in events], sentences=[_link(e, meta) for e in events],
        conflicts=conflicts, review=review, updated_at=updated,
        _member_actors=[e.actor.to_record() for e in events if e.actor],
        _member_recipients=[e.recipient.to_record() for e in events if e.recipient],
        _member_places=[e.location.to_record() for e in events if e.location],
        _changed=changed)


# -- building --------------------------------------------------------------------------
def all_entries(store: Any) -> list[TimelineEntry]:
    """Every cluster (and unclustered event) of a store as a timeline entry, in order."""
    events = store.load_events()
    if not events:
        return []
    clusters = {c["cluster_id"]: c for c in store.clusters()}
    meta = {r[0]: r[1:] for r in store.con.execute(
        "SELECT article_id, title, outlet, published FROM articles").fetchall()}
    created = dict(store.con.execute("SELECT event_id, created_at FROM events").fetchall())
    groups: dict[str, list[Event]] = {}
    for e in events:
        key = e.cluster_id if e.cluster_id in clusters else f"\x00{e.event_id}"
        groups.setdefault(key, []).append(e)
    entries = [_entry_from_events(evs, meta, created, clusters.get(key))
               for key, evs in groups.items()]
    entries.sort(key=lambda t: (date_sort_key(t.date), t.sentences[0].published or "",
                                t.cluster_id))
    return entries


def _involves(entry: TimelineEntry, role: str, q: str) -> bool:
    main = entry.actor if role == "actor" else entry.recipient
    members = entry._member_actors if role == "actor" else entry._member_recipients
    return entity_matches(main, q) or any(entity_matches(m, q) for m in members)


def filter_entries(entries: list[TimelineEntry], *, actor: str | None = None,
                   recipient: str | None = None, dyad: str | None = None,
                   type: str | None = None, place: str | None = None,
                   since: str | None = None, until: str | None = None,
                   changed_since: str | None = None, status: str | None = None
                   ) -> list[TimelineEntry]:
    lo, hi = check_date(since, "since"), check_date(until, "until")
    changed = parse_since(changed_since)
    types = None
    if type:
        types = {t.strip().upper() for t in type.split(",") if t.strip()}
        bad = types - set(EVENT_TYPES)
        if bad:
            raise ValueError(f"unknown event type(s) {', '.join(sorted(bad))}; one of "
                             f"{', '.join(EVENT_TYPES)}")
    statuses = {s.strip().lower() for s in status.split(",")} if status else None
    pair = None
    if dyad:
        known = [x for t in entries for x in (t.actor, t.recipient) if x]
        pair = split_dyad(dyad, known)
    out = []
    for t in entries:
        if types and t.type not in types:
            continue
        if statuses and t.status not in statuses:
            continue
        if actor and not _involves(t, "actor", actor):
            continue
        if recipient and not _involves(t, "recipient", recipient):
            continue
        if pair:
            a, b = pair
            if not ((_involves(t, "actor", a) and _involves(t, "recipient", b))
                    or (_involves(t, "actor", b) and _involves(t, "recipient", a))):
                continue
        if place and not (place_matches(t.location, place)
                          or any(place_matches(p, place) for p in t._member_places)):
            continue
        if lo or hi:
            b = date_bounds(t.date.get("value")) if t.date else None
            if b is None or (lo and b[1] < lo[0]) or (hi and b[0] > hi[1]):
                continue
        if changed and (t._changed is None or t._changed < changed):
            continue
        out.append(t)
    return out


def build_timeline(store: Any, *, actor: str | None = None, dyad: str | None = None,
                   type: str | None = None, place: str | None = None,
                   since: str | None = None, until: str | None = None,
                   changed_since: str | None = None, status: str | None = None,
                   recipient: str | None = None) -> list[TimelineEntry]:
    """The timeline of a store: one entry per cluster (or unclustered event), ordered by
    event date (first possible day, then last; undated last).

    ``actor``/``recipient``: the entity in that role (name, alias-as-written, kb id, or a
    country — "Iran" also matches Iranian entities); ``dyad``: "A-B" in either direction;
    ``type``: comma-separated PLOVER types; ``place``: location name or country;
    ``since``/``until``: event dates overlapping the range; ``changed_since``: clusters
    created or updated since that date-time (what is new since an analyst last looked);
    ``status``: occurred, planned, … (comma-separated).  Bad values raise ValueError.
    ``store`` may also be a path to a database file (opened read-only)."""
    if isinstance(store, (str, Path)):
        from sigact.store import Store
        with Store(store, read_only=True) as s:
            return build_timeline(s, actor=actor, dyad=dyad, type=type, place=place,
                                  since=since, until=until, changed_since=changed_since,
                                  status=status, recipient=recipient)
    return filter_entries(all_entries(store), actor=actor, recipient=recipient, dyad=dyad,
                          type=type, place=place, since=since, until=until,
                          changed_since=changed_since, status=status)


# -- renderers ----------------------------------------------------------------------------
def to_json(entries: list[TimelineEntry], *, filters: dict[str, Any] | None = None,
            indent: int | None = 2) -> str:
    return json.dumps({"filters": {k: v for k, v in (filters or {}).items() if v},
                       "count": len(entries), "entries": [t.to_dict() for t in entries]},
                      ensure_ascii=False, indent=indent, default=str)


def _md(s: Any) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")


def render_markdown(entries: list[TimelineEntry], *, title: str = "Timeline") -> str:
    lines = [f"# {title}", "", f"{len(entries)} event(s). Dates marked `~` come from the "
             "publication date, not the text.", ""]
    if not entries:
        lines.append("_No events match._")
        return "\n".join(lines) + "\n"
    lines += ["| date | event | sources | evidence |", "|---|---|---|---|"]
    for t in entries:
        lines.append(f"| {_md(t.date_display)} | {_md(t.summary)} | {t.n_sources} | "
                     f"{_md(t.evidence_class)} |")
    lines.append("")
    lines.append("## Sources")
    for t in entries:
        lines += ["", f"### {_md(t.date_display)} — {_md(t.summary)}", ""]
        lines.append(f"cluster `{t.cluster_id}` · {t.status} · {t.evidence_class}"
                     + (f" · sources: {', '.join(t.sources)}" if t.sources else ""))
        lines.append("")
        for s in t.sentences:
            text = s.sentence
            if s.trigger_offsets:
                a, b = s.trigger_offsets
                text = f"{text[:a]}**{text[a:b]}**{text[b:]}"
            where = f"`{s.article_id}` [{s.span[0]}:{s.span[1]}]"
            if s.outlet:
                where += f" ({s.outlet})"
            lines.append(f"- {where}: {text.replace(chr(10), ' ')}")
    return "\n".join(lines) + "\n"


def render_terminal(entries: list[TimelineEntry], console: Any = None, *,
                    show_sentences: bool = False) -> None:
    """A Rich table readable at 80 columns: date (with precision), headline, sources."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = console or Console()
    if not entries:
        console.print("No events match.")
        return
    table = Table(title=f"Timeline — {len(entries)} event(s)", show_lines=show_sentences,
                  expand=False, pad_edge=False)
    table.add_column("date", no_wrap=True, style="cyan")
    table.add_column("event", overflow="fold", ratio=1)
    table.add_column("src", justify="right", no_wrap=True)
    table.add_column("evidence", overflow="fold", max_width=14)
    for t in entries:
        body = Text(t.summary)
        if show_sentences:
            for s in t.sentences:
                body.append(f"\n  {s.article_id}: ", style="dim")
                sent = Text(s.sentence, style="dim")
                if s.trigger_offsets:
                    sent.stylize("bold yellow", *s.trigger_offsets)
                body.append_text(sent)
        table.add_row(t.date_display.replace("..", "\n.."), body, str(t.n_sources),
                      t.evidence_class)
    console.print(table)
    console.print("[dim]~ = date taken from the publication date; src = independent "
                  "sources[/dim]")


def render_html(entries: list[TimelineEntry], *, title: str = "sigact timeline",
                filters: dict[str, Any] | None = None) -> str:
    """One self-contained HTML file (inline CSS and JS, no external assets)."""
    from sigact.analysis import html as H
    body = H.timeline_section(entries, filters=filters or {}, form=False)
    return H.page(title, body, nav=False)
