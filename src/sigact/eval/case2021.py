"""`sigact eval case2021`: CASE 2021 Task 2 test snippets (case2021_task2, 1,019 snippets
with gold ACLED sub-event types), scored at the PLOVER level.

Gold labels are mapped through ``crosswalks/acled_plover.yaml`` (CASE codes are aliases of
ACLED sub-event types).  Snippets whose label has a PLOVER type (AIR_STRIKE → ASSAULT,
PEACE_PROTEST → PROTEST, ARREST → COERCE, AGREEMENT → AGREE, HQ_ESTABLISHED → MOBILIZE, ...)
are scored for type: accuracy and weighted / macro F1 of the main event's type (no event
counts as wrong) — for rules alone, rules + classifier and the classifier alone.  Snippets
whose label maps to no PLOVER event (NATURAL_DISASTER, MAN_MADE_DISASTER, ORG_CRIME,
DIPLO, ATTRIB, CHANGE_TO_GROUP_ACT, OTHER) give the **false-positive rate**: the share
where sigact extracts an event anyway (many of these do contain PLOVER events, e.g.
diplomatic meetings, so this is an upper bound on true false positives).

The published CASE 2021 figures (weighted F1 83.9 / 79.7 / 77.1) are for the 25-30 fine
ACLED labels, not for our 5 coarse PLOVER types: they are not comparable.
"""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

from sigact.eval import EvalResult
from sigact.eval.plover import NONE, classifier_alone, process, predictions

NAME = "case2021"
COLUMNS = ["system", "n", "accuracy", "coverage", "weighted-F1", "macro-F1",
           "false-positive rate (non-PLOVER)"]


def load_records(shared: Path, limit: int | None = None) -> list[dict[str, Any]]:
    from sigact.knowledge.crosswalks import case2021_to_plover
    path = shared / "data" / "case2021_task2" / "test_set_final_release_with_labels.tsv"
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            label = (r.get("SubType") or "").strip()
            text = (r.get("EventSnippet") or "").strip()
            if not label or not text:
                continue
            m = case2021_to_plover(label)
            if m is None:
                continue
            out.append({"id": f"case{r['id']}", "text": text, "label": label, "gold": m.plover})
    if limit:
        step = max(1, len(out) // limit)
        out = out[::step][:limit]
    return out


def run(shared: Path, *, limit: int | None = None) -> EvalResult:
    from sklearn.metrics import f1_score
    recs = load_records(shared, limit)
    docs = process([{"id": r["id"], "text": r["text"]} for r in recs])
    preds = predictions(docs)
    clf = classifier_alone([r["text"] for r in recs])
    pos = [i for i, r in enumerate(recs) if r["gold"]]
    neg = [i for i, r in enumerate(recs) if not r["gold"]]
    gold = [recs[i]["gold"] for i in pos]
    labels = sorted(set(gold))

    def row(name, main, fp):
        y = [main[i] for i in pos]
        n = len(pos)
        return [name, n, round(sum(a == b for a, b in zip(y, gold)) / n, 3) if n else None,
                round(sum(p != NONE for p in y) / n, 3) if n else None,
                round(float(f1_score(gold, y, labels=labels, average="weighted", zero_division=0)), 3) if n else None,
                round(float(f1_score(gold, y, labels=labels, average="macro", zero_division=0)), 3) if n else None,
                fp]

    fp = round(sum(preds[i].full != NONE for i in neg) / len(neg), 3) if neg else None
    rows = [row("rules alone", [p.rules for p in preds], fp),
            row("rules + classifier (full pipeline)", [p.full for p in preds], fp),
            row("classifier alone", clf, None)]
    notes = [f"{len(pos)} CASE 2021 Task 2 test snippets with a PLOVER-mappable gold label "
             f"({dict(Counter(gold))}) and {len(neg)} with labels that map to no PLOVER event.",
             "Gold mapped by crosswalks/acled_plover.yaml; weighted/macro F1 over the gold PLOVER "
             "classes present; a snippet without events counts as wrong.",
             "Published CASE 2021 weighted F1 (83.9/79.7/77.1) is over 25-30 fine ACLED labels: "
             "not comparable with these coarse PLOVER figures."]
    return EvalResult(NAME, "CASE 2021 Task 2 snippets (ACLED sub-types → PLOVER)", COLUMNS,
                      rows, notes, extra={"n_pos": len(pos), "n_neg": len(neg)})


if __name__ == "__main__":  # pragma: no cover
    import argparse
    from sigact.eval import shared_dir
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int)
    a = ap.parse_args()
    print(run(shared_dir(), limit=a.limit).markdown())
