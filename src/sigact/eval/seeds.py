"""`sigact eval seeds`: typed event F1, actor/recipient accuracy and date accuracy on the
five seed articles of ../shared/seeds against the project's own annotation
(``sigact/eval/gold/seeds.yaml``).

This is a development set (the rules were written looking at these articles): its
figures show regressions, not generalisation.  Scoring:

* a predicted event *matches* a gold event when the types are equal and the predicted
  sentence contains one of the gold event's key phrases;
* precision = predictions matching any gold event (required or optional) / predictions;
  recall = required gold events matched / required gold events — several predictions of
  one gold event (the lede and a later mention) are one hit, not false positives;
* actor (recipient) accuracy: over matched required gold events that name one, the share
  whose best prediction has the same country (or the gold name fragment);
* date accuracy: over matched required gold events with a date, the share whose
  predicted date lies within the gold date's bounds.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sigact.eval import EvalResult
from sigact.model import date_bounds


def load_gold() -> dict[str, Any]:
    return yaml.safe_load(resources.files("sigact.eval").joinpath("gold/seeds.yaml").read_text(
        encoding="utf-8"))


def _matches(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    if pred["event_type"] != gold["type"]:
        return False
    sent = pred["sentence"].lower().replace("’", "'")
    return any(k.lower().replace("’", "'") in sent for k in gold["keys"])


def _role_ok(pred_ent: dict[str, Any] | None, gold_ent: dict[str, Any]) -> bool:
    if not pred_ent:
        return False
    if gold_ent.get("name"):
        hay = f"{pred_ent.get('name') or ''} {pred_ent.get('text') or ''}".lower()
        if gold_ent["name"].lower() in hay:
            return True
    return bool(gold_ent.get("country")) and pred_ent.get("country") == gold_ent["country"]


def _date_ok(pred_date: dict[str, Any] | None, gold_value: str) -> bool:
    if not pred_date:
        return False
    p, g = date_bounds(pred_date.get("value")), date_bounds(gold_value)
    return bool(p and g and g[0] <= p[0] and p[1] <= g[1])


def score(predictions: dict[str, list[dict[str, Any]]], gold: dict[str, Any]) -> dict[str, Any]:
    n_pred = n_pred_ok = n_req = n_req_hit = 0
    roles = {"actor": [0, 0], "recipient": [0, 0], "date": [0, 0]}
    misses: list[str] = []
    false_pos: list[str] = []
    for aid, art in gold["articles"].items():
        preds = predictions.get(aid, [])
        n_pred += len(preds)
        for p in preds:
            if any(_matches(p, g) for g in art["events"]):
                n_pred_ok += 1
            else:
                false_pos.append(f"{aid} {p['event_type']} «{p['trigger']}»")
        for g in art["events"]:
            if g.get("optional"):
                continue
            n_req += 1
            hits = [p for p in preds if _matches(p, g)]
            if not hits:
                misses.append(f"{aid} {g['type']} «{g['keys'][0]}»")
                continue
            n_req_hit += 1
            for role in ("actor", "recipient"):
                if g.get(role):
                    roles[role][1] += 1
                    roles[role][0] += any(_role_ok(p.get(role), g[role]) for p in hits)
            if g.get("date"):
                roles["date"][1] += 1
                roles["date"][0] += any(_date_ok(p.get("date"), g["date"]) for p in hits)
    prec = n_pred_ok / n_pred if n_pred else 0.0
    rec = n_req_hit / n_req if n_req else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    acc = {k: (v[0] / v[1] if v[1] else None) for k, v in roles.items()}
    return {"precision": prec, "recall": rec, "f1": f1, "n_pred": n_pred, "n_gold": n_req,
            "actor_acc": acc["actor"], "recipient_acc": acc["recipient"], "date_acc": acc["date"],
            "n_actor": roles["actor"][1], "n_date": roles["date"][1],
            "misses": misses, "false_positives": false_pos}


def predict(seeds: Path) -> dict[str, list[dict[str, Any]]]:
    """Run the pipeline on the seed files as a user would (file ingest, no override)."""
    from sigact.ingest import read_articles
    from sigact.model import Article
    from sigact.pipeline.runner import Pipeline, make_doc

    arts = [a for a in read_articles([str(seeds)]) if isinstance(a, Article)]
    docs = Pipeline()([make_doc(a) for a in arts])
    return {d.article_id[:3]: [e.to_record() for e in d.events] for d in docs}


def run(shared: Path, *, limit: int | None = None) -> EvalResult:
    gold = load_gold()
    s = score(predict(shared / "seeds"), gold)
    pct = lambda x: "n/a" if x is None else f"{100 * x:.1f}"  # noqa: E731
    rows = [["seeds (5 articles, dev)", s["n_gold"], s["n_pred"], pct(s["precision"]),
             pct(s["recall"]), pct(s["f1"]), pct(s["actor_acc"]), pct(s["recipient_acc"]),
             pct(s["date_acc"])]]
    notes = ["Development set: the project's own annotation of ../shared/seeds "
             "(src/sigact/eval/gold/seeds.yaml); rules were developed looking at these articles.",
             "Targets on held-out real articles: event F1 ≥ 75, actor accuracy ≥ 85 "
             "(a one-regex-per-type baseline scores F1 43)."]
    if s["misses"]:
        notes.append("missed: " + "; ".join(s["misses"][:12]))
    if s["false_positives"]:
        notes.append(f"unmatched predictions ({len(s['false_positives'])}): "
                     + "; ".join(s["false_positives"][:12]))
    return EvalResult("seeds", "Seed articles: typed events, actors, dates (dev)",
                      ["set", "gold events", "predicted", "P", "R", "F1", "actor acc",
                       "recipient acc", "date acc"], rows, notes, extra=s)


if __name__ == "__main__":
    from sigact.eval import shared_dir
    base = shared_dir()
    if base is None:
        raise SystemExit("../shared not found")
    print(run(base).markdown())
