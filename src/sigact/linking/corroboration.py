"""How well a cluster is corroborated: its independent sources, an evidence class, and
the details its sources disagree on.

Independence rules:
- an article counts as its outlet, *unless* it attributes the event to another outlet
  (``Event.attribution`` "New York Times", or text such as "–NYT", "according to Reuters",
  "told the New York Times"): then it counts as that outlet, since it adds no new eyes;
- copies of the same text (word 5-gram shingle Jaccard > 0.8: syndicated wire copy,
  re-posts) count once, whatever the outlet printing them.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable
from urllib.parse import urlparse

from sigact.linking.features import entity_match, norm_name
from sigact.model import Article, Event
from sigact.knowledge.outlets import alias_table

#: News agencies and papers that others cite, with the short forms used in credits.
#: (Kept here rather than in the knowledge base: only the linker reads it.)
# Outlet names and aliases come from the one outlet table of the knowledge base
# (knowledge/data/outlets/*.yaml), shared with ingest.
_ALIAS_TO_OUTLET = alias_table()
# short all-caps credits are only trusted in the credit positions matched below
_ALIASES_RX = "|".join(sorted((re.escape(a) for a in _ALIAS_TO_OUTLET), key=len, reverse=True))
_CITATION_PATTERNS = [
    re.compile(rf"according to (?:the )?(?P<o>{_ALIASES_RX})\b", re.I),
    re.compile(rf"\btold (?:the )?(?P<o>{_ALIASES_RX})\b", re.I),
    re.compile(rf"\b(?:reported|reports|said) (?:by )?(?:the )?(?P<o>{_ALIASES_RX})\b", re.I),
    re.compile(rf"\b(?:the )?(?P<o>{_ALIASES_RX}) (?:reported|reports|said|cited)\b", re.I),
    re.compile(rf"[–—-]\s*(?P<o>{_ALIASES_RX})\s*$", re.I | re.M),       # "... –NYT" credit
    re.compile(rf"\((?P<o>{_ALIASES_RX})\)\s*[–—-]", re.I),              # "KYIV (Reuters) -"
]

#: words that make an attribution a government or military body
_OFFICIAL = re.compile(
    r"\b(ministry|minister|ministers|command|centcom|eucom|indopacom|pentagon|military|army|"
    r"navy|air force|armed forces|forces|idf|defen[cs]e|government|president|presidential|"
    r"kremlin|white house|state department|foreign office|spokes(?:man|woman|person)|"
    r"general staff|joint chiefs|police|officials?|embassy|cabinet|prime minister)\b", re.I)

SHINGLE_SIZE = 5
NEAR_DUPLICATE = 0.8


def _canonical(name: str) -> str:
    """One spelling per outlet ("The New York Times", "NYT" → "New York Times"), so that an
    article of an outlet and another article citing it count as the same source."""
    if name in _ALIAS_TO_OUTLET.values():
        return name
    mine = _ALIAS_TO_OUTLET.get(norm_name(name))
    if mine:
        return mine
    try:
        from sigact.knowledge.outlets import canonical_outlet
        return canonical_outlet(name) or name
    except Exception:           # knowledge base absent or unreadable: keep the name as given
        return name


def outlet_of_article(article: Article) -> str:
    if article.outlet:
        return _canonical(article.outlet)
    if article.url:
        try:
            from sigact.knowledge.outlets import outlet_for_url
            known = outlet_for_url(article.url)
        except Exception:
            known = None
        if known:
            return _canonical(known)
        host = urlparse(article.url).netloc.lower()
        if host:
            return host.removeprefix("www.")
    return f"article:{article.article_id}"


def cited_outlet(text: str | None) -> str | None:
    """The news outlet a text credits ("according to Reuters" → "Reuters"), if any."""
    if not text:
        return None
    key = norm_name(text)
    if key in _ALIAS_TO_OUTLET:
        return _ALIAS_TO_OUTLET[key]
    for rx in _CITATION_PATTERNS:
        m = rx.search(text)
        if m:
            return _ALIAS_TO_OUTLET.get(m.group("o").lower())
    return None


def shingles(text: str, k: int = SHINGLE_SIZE) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < k:
        return {hash(" ".join(words))} if words else set()
    return {hash(" ".join(words[i:i + k])) for i in range(len(words) - k + 1)}


def near_duplicate_groups(articles: list[Article], threshold: float = NEAR_DUPLICATE,
                          ) -> list[list[str]]:
    """Groups of article ids whose texts are copies of each other (shingle Jaccard)."""
    sh = {a.article_id: shingles(a.text) for a in articles}
    ids = sorted(sh)
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            sa, sb = sh[a], sh[b]
            if sa and sb and len(sa & sb) / len(sa | sb) > threshold:
                parent[find(b)] = find(a)
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values())


def independent_sources(events: list[Event], articles: dict[str, Article],
                        ) -> tuple[list[str], list[dict[str, Any]]]:
    """Distinct sources behind the events, and how each article was counted."""
    per_article: dict[str, str] = {}
    how: list[dict[str, Any]] = []
    for aid in sorted({e.article_id for e in events}):
        art = articles.get(aid)
        evs = [e for e in events if e.article_id == aid]
        cited = None
        for e in evs:
            cited = cited_outlet(e.attribution) or cited_outlet(e.sentence)
            if cited:
                break
        if cited is None and art is not None:
            cited = cited_outlet(art.text[-300:]) or cited_outlet(art.text[:200])
        own = outlet_of_article(art) if art else f"article:{aid}"
        per_article[aid] = cited or own
        how.append({"article_id": aid, "outlet": own, "counted_as": per_article[aid],
                    "why": "cites " + cited if cited else "own outlet"})
    # copies count once: a group of near-duplicates is one source (the earliest-published copy)
    present = [articles[a] for a in per_article if a in articles]
    for group in near_duplicate_groups(present):
        if len(group) < 2:
            continue
        first = min(group, key=lambda a: (articles[a].published or "9999", a))
        for a in group:
            if per_article[a] != per_article[first]:
                for h in how:
                    if h["article_id"] == a:
                        h["counted_as"] = per_article[first]
                        h["why"] = f"near-duplicate of {first}"
                per_article[a] = per_article[first]
    return sorted(set(per_article.values())), how


def _is_party(attribution: str, events: list[Event]) -> bool:
    from sigact.model import Entity
    att = Entity(name=attribution, text=attribution)
    key = norm_name(attribution)
    for e in events:
        for ent in (e.actor, e.recipient):
            if ent is None:
                continue
            v, _ = entity_match(att, ent)
            if v >= 0.8:
                return True
            names = {norm_name(ent.name), norm_name(ent.text)} - {""}
            # "Israeli military" is a party when Israel is; match on the adjective stem too
            if any(n[:5] and n[:5] in key for n in names if len(n) >= 4):
                return True
    return False


def evidence_class(events: list[Event], sources: list[str]) -> tuple[str, str | None]:
    """(class, the attribution that decided it).  Several independent sources beat every
    single-source class; a party's own claim is flagged before it can pass as an official
    statement, because a government announcing its own strike is still one side's claim."""
    if len(sources) >= 2:
        return "multiple independent sources", None
    atts = [e.attribution for e in events if e.attribution and not cited_outlet(e.attribution)]
    for a in atts:
        if _is_party(a, events):
            return "claim by a party", a
    for a in atts:
        if _OFFICIAL.search(a):
            return "official statement", a
    return "single source", None


def conflicts(events: list[Event]) -> list[dict[str, Any]]:
    """Details that records from *different articles* disagree on."""
    out: list[dict[str, Any]] = []
    seen: set[tuple] = set()
    evs = sorted(events, key=lambda e: (e.article_id, e.span[0]))
    for i, a in enumerate(evs):
        for b in evs[i + 1:]:
            if a.article_id == b.article_id:
                continue
            found: list[tuple[str, Any, Any]] = []
            ba = a.date.bounds() if a.date else None
            bb = b.date.bounds() if b.date else None
            if ba and bb and not (ba[0] <= bb[1] and bb[0] <= ba[1]):
                found.append(("date", a.date.value, b.date.value))       # type: ignore[union-attr]
            qa = {q.what: q.value for q in a.quantities if q.value is not None}
            qb = {q.what: q.value for q in b.quantities if q.value is not None}
            for what in sorted(set(qa) & set(qb)):
                if qa[what] != qb[what]:
                    found.append((f"count:{what}", qa[what], qb[what]))
            for role in ("actor", "recipient"):
                ea, eb = getattr(a, role), getattr(b, role)
                if ea and eb and entity_match(ea, eb)[0] < 0:
                    found.append((role, ea.name, eb.name))
            if a.location and b.location and a.location.country and b.location.country \
                    and a.location.country != b.location.country:
                found.append(("location", a.location.name, b.location.name))
            for field_, va, vb in found:
                key = (field_, str(va), str(vb))
                if key in seen:
                    continue
                seen.add(key)
                out.append({"field": field_, "values": [va, vb],
                            "event_ids": [a.event_id, b.event_id],
                            "article_ids": [a.article_id, b.article_id]})
    return out


def most_common(values: Iterable[Any]) -> Any:
    c = Counter(v for v in values if v is not None)
    return c.most_common(1)[0][0] if c else None
