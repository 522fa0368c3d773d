"""`sigact eval petrarch`: PETRARCH-2 GSR validation sentences (petrarch_validation, 78 real
AFP/Gigaword sentences with hand-coded CAMEO (source, target, event) triples).

CAMEO event codes are mapped to PLOVER with ``crosswalks/cameo_plover.yaml`` (longest code
prefix); the gold of a sentence is the *set* of PLOVER types of its triples (codes that map
to no PLOVER event, CAMEO 01x statements, are dropped).  Scored:

* sentences with a gold type: **main-type agreement** (the main event's type is one of the
  gold types; a sentence without events counts as a miss), coverage, any-event agreement —
  for rules alone, rules + classifier (full pipeline) and the classifier alone;
* sentences coded ``noevents``: **false-positive rate** (share where sigact extracts an
  event; the classifier alone always answers, so it has no such row);
* **source / target country agreement** of the main event's actor / recipient with the first
  three letters of the gold CAMEO actor codes (the README's relaxed actor score).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sigact.eval import EvalResult
from sigact.eval.plover import NONE, classifier_alone, process, predictions

NAME = "petrarch"
COLUMNS = ["system", "n", "main-type agreement", "coverage", "acc. on covered", "any-event",
           "false-positive rate (noevents)"]


def load_records(shared: Path, limit: int | None = None) -> list[dict[str, Any]]:
    from sigact.knowledge.crosswalks import cameo_to_plover
    path = shared / "data" / "petrarch_validation" / "petr2_gsr_validation.jsonl"
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            r = json.loads(line)
            triples = [e for e in r.get("expected_events", []) if "eventcode" in e]
            noevents = any("noevents" in e for e in r.get("expected_events", []))
            gold = set()
            for t in triples:
                m = cameo_to_plover(str(t["eventcode"]))
                if m is not None and m.plover is not None:
                    gold.add(m.plover)
            if not gold and not noevents:
                continue
            out.append({"id": r["id"], "text": r["text"], "date": r.get("date"), "gold": gold,
                        "noevents": noevents and not gold, "triples": triples})
    return out[:limit] if limit else out


def _iso(d: str | None) -> str | None:
    return f"{d[:4]}-{d[4:6]}-{d[6:8]}" if d and len(d) == 8 and d.isdigit() else None


def run(shared: Path, *, limit: int | None = None) -> EvalResult:
    recs = load_records(shared, limit)
    docs = process([{"id": r["id"], "text": r["text"], "published": _iso(r["date"])} for r in recs])
    preds = predictions(docs)
    clf = classifier_alone([r["text"] for r in recs])
    pos = [i for i, r in enumerate(recs) if r["gold"]]
    neg = [i for i, r in enumerate(recs) if r["noevents"]]

    def row(name, main, types, fp_flags):
        n = len(pos)
        hit = sum(main[i] in recs[i]["gold"] for i in pos)
        cov = [i for i in pos if main[i] != NONE]
        anyev = sum(bool(types[i] & recs[i]["gold"]) for i in pos)
        fp = (round(sum(fp_flags[i] for i in neg) / len(neg), 3) if neg and fp_flags else None)
        return [name, n, round(hit / n, 3) if n else None, round(len(cov) / n, 3) if n else None,
                round(sum(main[i] in recs[i]["gold"] for i in cov) / len(cov), 3) if cov else None,
                round(anyev / n, 3) if n else None, fp]

    has_event = [p.full != NONE for p in preds]
    rows = [row("rules alone", [p.rules for p in preds], [p.rules_types for p in preds], has_event),
            row("rules + classifier (full pipeline)", [p.full for p in preds],
                [p.full_types for p in preds], has_event),
            row("classifier alone", clf, [{c} for c in clf], None)]

    def country_rate(role: str) -> tuple[int, float | None]:
        n = ok = 0
        for i in pos:
            codes = {(t.get(f"{role}code") or "")[:3].upper() for t in recs[i]["triples"]}
            codes.discard("")
            if not codes:
                continue
            n += 1
            ev = preds[i].main_event
            ent = (ev.actor if role == "source" else ev.recipient) if ev else None
            ok += bool(ent is not None and ent.country and ent.country.upper() in codes)
        return n, (round(ok / n, 3) if n else None)

    for role in ("source", "target"):
        n, rate = country_rate(role)
        rows.append([f"{role} country agreement (full pipeline)", n, rate, None, None, None, None])
    notes = [f"{len(pos)} PETRARCH-2 GSR validation sentences with a PLOVER-mappable gold code "
             f"and {len(neg)} coded `noevents` (petrarch_validation, MIT).",
             "Gold CAMEO codes mapped to PLOVER by crosswalks/cameo_plover.yaml; a sentence can "
             "have several gold types, and a prediction agrees when it is one of them.",
             "No published accuracy exists (the suite is a pass/fail regression test for "
             "PETRARCH's dictionaries)."]
    return EvalResult(NAME, "PETRARCH-2 validation sentences (CAMEO → PLOVER)", COLUMNS, rows,
                      notes, extra={"n_pos": len(pos), "n_noevents": len(neg)})


if __name__ == "__main__":  # pragma: no cover
    import argparse
    from sigact.eval import shared_dir
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int)
    a = ap.parse_args()
    print(run(shared_dir(), limit=a.limit).markdown())
