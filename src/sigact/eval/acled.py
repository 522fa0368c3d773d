"""`sigact eval acled`: event location, type and actor on ACLED Middle East 2018 notes.

Data: ``shared/data/acled_d3m_middle_east_2018`` (D3M ``LL0_acled_reduced``; TEST split
1 Mar – 30 Apr 2018 is the reporting split, TRAIN 1 Jan – 28 Feb 2018 is for tuning).
Each unique ``notes`` text is fed through the whole pipeline as one article published on
its event date (``sigact.api.process_texts``).  Several ACLED rows can share one note
(one event per location): a note is scored against all of its rows, and a prediction
counts as right when it matches any of them.

Reported:

* **location**: for the note's first event that has a location, the share within 25 km
  of an ACLED point with ``geo_precision`` 1 (exact location) — over the notes where the
  pipeline gave a location (precision) and over all such notes (end to end) —, the share
  with the right country (all notes), and coverage (share of notes whose events got a
  location).  A second line scores the *geocoder alone*: the first place mention of the
  note that resolves, without event detection.
* **event type**: the note's first event's PLOVER type vs ACLED ``event_type`` through
  ``knowledge/data/crosswalks/acled_plover.yaml`` (rows whose ACLED type has no PLOVER
  counterpart are left out); n/a when that crosswalk is absent.
* **actor1**: the first event's actor vs ACLED ``actor1`` through
  ``knowledge/data/crosswalks/acled_actors.yaml``: *strict* = the predicted kb_id is one
  of the mapped ids (or below one), *lenient* = same country and sector.

Anchors: Mordecai3 (Halterman 2023) toponym resolution: exact 79–90 %, right country
97–98 % (different data; a reference point, not a like-for-like comparison).
"""
from __future__ import annotations

import csv
import re
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from sigact.eval import EvalResult
from sigact.knowledge.places import haversine_km  # noqa: F401  (re-exported)

DATA = "data/acled_d3m_middle_east_2018"
SPLITS = {"train": "train.csv", "test": "test_with_gold.csv"}


def load_notes(shared: Path, split: str = "test", limit: int | None = None) -> list[dict[str, Any]]:
    """Unique notes of a split, each with its gold rows; `limit` takes an evenly spaced
    sample (so a small run still covers every month and country)."""
    path = Path(shared) / DATA / SPLITS[split]
    by_note: dict[str, dict[str, Any]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            note = (row.get("notes") or "").strip()
            if not note:
                continue
            item = by_note.get(note)
            if item is None:
                item = by_note[note] = {"id": f"acled-{row['data_id']}", "text": note,
                                        "published": _iso(row["event_date"]), "rows": []}
            item["rows"].append(row)
    notes = list(by_note.values())
    if limit is not None and limit < len(notes):
        step = len(notes) / limit
        notes = [notes[int(i * step)] for i in range(limit)]
    return notes


def _iso(d: str) -> str | None:
    for fmt in ("%d-%b-%y", "%d %B %Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(d.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None


# ------------------------------------------------------------------ crosswalks
def _crosswalk(scheme: str) -> list[dict[str, Any]]:
    try:
        from sigact.knowledge.loader import load_kind
        return [e for e in load_kind("crosswalks") if e.get("scheme") == scheme]
    except Exception:
        return []


def plover_of_acled() -> dict[str, str | None]:
    return {str(e["event_type"]): e.get("plover") for e in _crosswalk("acled2018")
            if "event_type" in e}


class ActorMap:
    def __init__(self) -> None:
        self.exact: dict[str, dict[str, Any]] = {}
        self.patterns: dict[str, dict[str, Any]] = {}
        for e in _crosswalk("acled_actor"):
            (self.patterns if e.get("pattern") else self.exact)[str(e["acled"])] = e

    def lookup(self, acled: str) -> dict[str, Any] | None:
        acled = (acled or "").strip()
        if acled in self.exact:
            return self.exact[acled]
        m = re.match(r"^(.*?)\s*\(([^)]*)\)\s*$", acled)
        if m and m.group(1) in self.patterns:
            e = dict(self.patterns[m.group(1)])
            e["country_name"] = m.group(2)
            return e
        return None

    @staticmethod
    def agrees(entry: dict[str, Any], kb_id: str | None) -> bool:
        if not kb_id:
            return False
        for k in entry.get("kb_ids") or []:
            if kb_id == k or kb_id.startswith(k + "."):
                return True
        return False


# ------------------------------------------------------------------ pipeline
def _process(items: list[dict[str, Any]], batch: int = 64):
    try:
        from sigact.api import process_texts
    except ImportError:  # pragma: no cover - before the API existed
        process_texts = None
    out = []
    for i in range(0, len(items), batch):
        chunk = [{"id": it["id"], "text": it["text"], "published": it["published"]}
                 for it in items[i:i + batch]]
        if process_texts is not None:
            out += process_texts(chunk)
        else:  # pragma: no cover
            out += _process_fallback(chunk)
    return out


def _process_fallback(chunk):  # pragma: no cover - only before sigact.api existed
    from sigact.config import load_config
    from sigact.model import Article, sha256_text
    from sigact.pipeline.doc import ArticleDoc
    from sigact.pipeline.registry import get_stage
    names = load_config()["pipeline"]["stages"]
    docs = [ArticleDoc(article=Article(c["id"], c["text"], sha256_text(c["text"]),
                                       published=c["published"]), text=c["text"])
            for c in chunk]
    for n in names:
        docs = get_stage(n).factory({}, {})(docs)
    return docs


def _first_place(d) -> Any:
    """Geocoder alone: the first place mention of the note that resolves."""
    from sigact.knowledge.places import default_gazetteer, find_place_mentions
    from sigact.nlp.places import _actor_countries, _merge_mentions, resolve_mentions
    gaz = default_gazetteer()
    if d.doc is None:
        return None
    ms = _merge_mentions(d, gaz)
    places, _, _ = resolve_mentions(ms, gaz, _actor_countries(d))
    # most specific first among the note's places, then order
    rank = {"point": 0, "city": 1, "admin1": 2, "region": 3, "country": 4}
    cands = [(rank.get(p.precision, 5), i, p) for i, p in enumerate(places) if p is not None]
    if not cands:
        return None
    return min(cands, key=lambda t: (t[0] > 1, t[1]))[2]


def score(notes: list[dict[str, Any]], docs: list[Any]) -> dict[str, Any]:
    plover = plover_of_acled()
    actors = ActorMap()
    s: dict[str, Any] = {k: 0 for k in (
        "notes", "with_events", "located", "geo1", "geo1_located", "geo1_25km",
        "country_ok", "gaz_located", "gaz_geo1_located", "gaz_geo1_25km", "gaz_country_ok",
        "type_n", "type_ok", "actor_n", "actor_strict", "actor_lenient", "actor_predicted")}
    errors: list[dict[str, Any]] = []
    for note, d in zip(notes, docs):
        rows = note["rows"]
        s["notes"] += 1
        events = list(getattr(d, "events", []) or [])
        if events:
            s["with_events"] += 1
        gold_pts = [(float(r["latitude"]), float(r["longitude"])) for r in rows
                    if r.get("geo_precision") == "1" and r.get("latitude")]
        gold_iso = {r.get("iso3") for r in rows}
        if gold_pts:
            s["geo1"] += 1
        loc = next((e.location for e in events if e.location is not None), None)
        if loc is not None:
            s["located"] += 1
            if loc.country in gold_iso:
                s["country_ok"] += 1
            if gold_pts and loc.lat is not None:
                s["geo1_located"] += 1
                dist = min(haversine_km(loc.lat, loc.lon, a, b) for a, b in gold_pts)
                if dist <= 25:
                    s["geo1_25km"] += 1
                elif len(errors) < 200:
                    errors.append({"id": note["id"], "text": note["text"][:200],
                                   "pred": f"{loc.name} ({loc.country}) from {loc.text!r}",
                                   "gold": rows[0]["location"], "km": round(dist)})
        gp = _first_place(d)
        if gp is not None:
            s["gaz_located"] += 1
            if gp.country in gold_iso:
                s["gaz_country_ok"] += 1
            if gold_pts and gp.lat is not None:
                s["gaz_geo1_located"] += 1
                if min(haversine_km(gp.lat, gp.lon, a, b) for a, b in gold_pts) <= 25:
                    s["gaz_geo1_25km"] += 1
        # event type
        if plover:
            gold_types = {plover.get(r["event_type"]) for r in rows} - {None}
            if gold_types:
                s["type_n"] += 1
                if events and events[0].event_type in gold_types:
                    s["type_ok"] += 1
        # actor1
        entries = [actors.lookup(r["actor1"]) for r in rows]
        entries = [e for e in entries if e is not None]
        if entries:
            s["actor_n"] += 1
            actor = next((e.actor for e in events if e.actor is not None), None)
            if actor is not None:
                s["actor_predicted"] += 1
                if any(actors.agrees(e, actor.kb_id) for e in entries):
                    s["actor_strict"] += 1
                    s["actor_lenient"] += 1
                elif any(actor.country and (e.get("country") == actor.country or
                                            e.get("country") is None and actor.country in gold_iso)
                         and (actor.sector or "") == (e.get("sector") or "") for e in entries):
                    s["actor_lenient"] += 1
    s["errors"] = errors
    return s


def _r(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def run(shared: Path, *, limit: int | None = None, split: str = "test") -> EvalResult:
    t0 = time.perf_counter()
    notes = load_notes(Path(shared), split, limit)
    docs = _process(notes)
    t1 = time.perf_counter()
    s = score(notes, docs)
    secs = time.perf_counter() - t0
    has_cw = bool(plover_of_acled())
    rows = [
        ["location within 25 km (of located, geo_precision 1)",
         _r(s["geo1_25km"], s["geo1_located"]), s["geo1_located"], "Mordecai3 exact 0.79–0.90"],
        ["location within 25 km (of all geo_precision 1 notes)",
         _r(s["geo1_25km"], s["geo1"]), s["geo1"], ""],
        ["location country right (of located)", _r(s["country_ok"], s["located"]), s["located"],
         "Mordecai3 country 0.97–0.98"],
        ["location coverage (notes whose events got a place)", _r(s["located"], s["notes"]),
         s["notes"], ""],
        ["geocoder alone: within 25 km (of located, geo_precision 1)",
         _r(s["gaz_geo1_25km"], s["gaz_geo1_located"]), s["gaz_geo1_located"], ""],
        ["geocoder alone: country right (of located)", _r(s["gaz_country_ok"], s["gaz_located"]),
         s["gaz_located"], ""],
        ["geocoder alone: coverage", _r(s["gaz_located"], s["notes"]), s["notes"], ""],
        ["notes with at least one event", _r(s["with_events"], s["notes"]), s["notes"], ""],
        ["event type accuracy (ACLED→PLOVER crosswalk)",
         _r(s["type_ok"], s["type_n"]) if has_cw else "n/a", s["type_n"] if has_cw else "", ""],
        ["actor1 agreement, strict (kb_id)", _r(s["actor_strict"], s["actor_n"]), s["actor_n"], ""],
        ["actor1 agreement, lenient (country+sector)", _r(s["actor_lenient"], s["actor_n"]),
         s["actor_n"], ""],
        ["actor1 predicted at all", _r(s["actor_predicted"], s["actor_n"]), s["actor_n"], ""],
    ]
    notes_txt = [
        f"split: {split} ({len(notes)} unique notes{'' if limit is None else f', evenly spaced sample, limit={limit}'}); "
        f"each note is one article published on its ACLED event date",
        "a note with several ACLED rows is right when the prediction matches any of them",
        f"time: {secs:.1f} s in all, {(t1 - t0) / max(len(notes), 1) * 1000:.0f} ms per note through the pipeline",
        "anchors: Mordecai3 (Halterman 2023) exact 79–90 %, right country 97–98 % (other data)",
        "tuning (priors, fallbacks) was done on the train split only",
    ]
    return EvalResult(name="acled", title="ACLED Middle East 2018: location, type, actor",
                      columns=["metric", "value", "n", "anchor"], rows=rows, notes=notes_txt,
                      extra={"scores": {k: v for k, v in s.items() if k != "errors"},
                             "errors": s["errors"], "seconds": round(secs, 1)})


if __name__ == "__main__":  # pragma: no cover
    import argparse
    import json
    from sigact.eval import shared_dir
    ap = argparse.ArgumentParser()
    ap.add_argument("shared", nargs="?", default=None)
    ap.add_argument("--split", default="test")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--errors", action="store_true")
    a = ap.parse_args()
    res = run(Path(a.shared) if a.shared else shared_dir(), limit=a.limit, split=a.split)
    print(res.markdown())
    if a.errors:
        for e in res.extra["errors"][:60]:
            print(json.dumps(e, ensure_ascii=False))
