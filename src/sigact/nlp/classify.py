"""The ``classify`` stage: a learned sentence-level PLOVER classifier combined with the rules.

The classifier (``sigact/nlp/models/event_type.npz``, trained by
``scripts/train_classifier.py``) is TF-IDF (word 1-2-grams + char_wb 3-5-grams) →
multinomial logistic regression over the 16 PLOVER types.  The artefact holds plain arrays
only (vocabularies, idf, weights; no pickle) and is scored here with numpy/scipy.

How it is combined with the rule-based ``events`` stage (for each event):

1. **Type.**  The rule type is kept, except when the rule's trigger is *ambiguous* — its
   lemma is in ``ambiguous_triggers`` (``strike``, ``hit``, ``launch``, ``send``, ``fire``,
   ``hold``, ... : words whose PLOVER type depends on the rest of the sentence), or the
   rule left no valid PLOVER type.  Then the classifier's top type replaces the rule type
   if its probability is at least ``min_prob`` (0.5) and exceeds the rule type's
   probability by at least ``margin`` (0.2).  A retyped event gets
   ``extractor = "rules+classifier"``, a new ``event_id`` (the id is built from the type),
   ``mode = None`` (the rule's mode belonged to the old type) and
   ``reasons["event_type"]`` saying what was changed and why.  For an unambiguous trigger
   the classifier never changes the type; if it strongly disagrees (p ≥ ``flag_prob``,
   0.9) the disagreement is written to ``reasons["event_type"]`` for reviewers.
2. **Confidence** = ``(1 - weight) * rule confidence + weight * p_classifier(final type)``
   with ``weight`` = 0.5: agreement raises it, disagreement lowers it.

Per-event decisions are kept in ``ArticleDoc.scratch["classify"]`` (rule type, classifier
type and probability), which the evaluations use to score "rules alone" against
"rules + classifier" from one pipeline run.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

from sigact.model import EVENT_TYPES, Event
from sigact.pipeline.registry import FunctionStage, stage

MODEL_FILE = "event_type.npz"

#: trigger lemmas whose PLOVER type depends on the sentence, not on the word
AMBIGUOUS_TRIGGERS: frozenset[str] = frozenset({
    # Military verbs (fire, launch, attack, deploy, fly, send, escort, …) are NOT here:
    # on the seed articles the classifier, trained on ACLED/NGEC text, turned escorts into
    # assaults and missile strikes into labour strikes.  The list is a setting:
    # [stages.classify] ambiguous_triggers in the config replaces it.
    "strike", "hit", "hold", "take", "target", "open", "move", "call", "seize", "cut",
    "block", "ban", "break", "meet", "press", "pressure", "warn", "support", "back",
    "offer", "sign", "accept", "release", "free", "return", "suspend", "reject", "deny",
    "close", "halt", "stop", "end", "expel", "impose", "act", "push",
})


#: types an ASSAULT is not retyped to in a military context (see Combiner.apply)
PEACEFUL_TYPES = frozenset({"PROTEST", "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE",
                            "AID", "REQUEST"})
_MILITARY_CONTEXT = re.compile(
    r"\b(?:revenge|retaliat\w*|military|army|forces?|troops|air ?strikes?|missiles?|drones?|"
    r"rockets?|bomb\w*|shell\w*|artillery|militia\w*|jets?|warplanes?|killed|wounded|"
    r"casualties|targets?)\b", re.I)


def model_path() -> Path:
    return Path(str(resources.files("sigact.nlp").joinpath("models", MODEL_FILE)))


@dataclass
class EventTypeClassifier:
    word: CountVectorizer
    word_idf: np.ndarray
    char: CountVectorizer
    char_idf: np.ndarray
    coef: np.ndarray          # (n_classes, n_features) float32
    intercept: np.ndarray
    classes: list[str]
    meta: dict[str, Any]

    @classmethod
    def load(cls, path: str | Path | None = None) -> "EventTypeClassifier":
        path = Path(path) if path else model_path()
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            wp, cp = dict(meta["word_params"]), dict(meta["char_params"])
            wp["ngram_range"], cp["ngram_range"] = tuple(wp["ngram_range"]), tuple(cp["ngram_range"])
            word = CountVectorizer(vocabulary={t: i for i, t in enumerate(z["word_vocab"].tolist())}, **wp)
            char = CountVectorizer(vocabulary={t: i for i, t in enumerate(z["char_vocab"].tolist())}, **cp)
            return cls(word, z["word_idf"].astype(np.float32), char, z["char_idf"].astype(np.float32),
                       z["coef"].astype(np.float32), z["intercept"].astype(np.float32),
                       [str(c) for c in z["classes"].tolist()], meta)

    def _block(self, vec: CountVectorizer, idf: np.ndarray, texts: list[str]) -> csr_matrix:
        X = vec.transform(texts).astype(np.float32).tocsr()
        if self.meta.get("sublinear_tf", True):
            np.log(X.data, out=X.data)
            X.data += 1.0
        X.data *= idf[X.indices]
        return normalize(X, norm="l2", copy=False)

    def proba(self, texts: list[str]) -> np.ndarray:
        """(n_texts, n_classes) class probabilities, columns in ``self.classes`` order."""
        if not texts:
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        X = hstack([self._block(self.word, self.word_idf, texts),
                    self._block(self.char, self.char_idf, texts)]).tocsr()
        z = np.asarray(X @ self.coef.T) + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, texts: list[str]) -> list[tuple[str, float]]:
        P = self.proba(texts)
        idx = P.argmax(axis=1) if len(P) else []
        return [(self.classes[int(i)], float(P[r, int(i)])) for r, i in enumerate(idx)]


@lru_cache(maxsize=2)
def load_classifier(path: str | None = None) -> EventTypeClassifier:
    return EventTypeClassifier.load(path)


def predict(sentences: list[str]) -> list[tuple[str, float]]:
    """PLOVER type and its probability for each sentence (the classifier alone)."""
    return load_classifier().predict([s or "" for s in sentences])


def _trigger_lemma(doc: Any, ev: Event) -> str:
    if doc is not None and ev.trigger_span is not None:
        try:
            span = doc.char_span(ev.trigger_span[0], ev.trigger_span[1], alignment_mode="expand")
        except Exception:  # noqa: BLE001 - a stage must not raise on odd input
            span = None
        if span is not None and len(span):
            return span.root.lemma_.lower()
    return (ev.trigger or "").strip().lower().split(" ")[-1] if ev.trigger else ""


@dataclass
class Combiner:
    clf: EventTypeClassifier
    ambiguous: frozenset[str] = AMBIGUOUS_TRIGGERS
    min_prob: float = 0.5
    margin: float = 0.2
    weight: float = 0.5
    flag_prob: float = 0.9

    def __post_init__(self) -> None:
        self.col = {c: i for i, c in enumerate(self.clf.classes)}

    def apply(self, ev: Event, probs: np.ndarray, lemma: str) -> dict[str, Any]:
        """Update one event in place from its sentence's class probabilities; returns the record
        of the decision."""
        col = self.col
        top_i = int(probs.argmax())
        top, p_top = self.clf.classes[top_i], float(probs[top_i])
        rule_type = ev.event_type
        valid = rule_type in EVENT_TYPES
        p_rule = float(probs[col[rule_type]]) if rule_type in col else 0.0
        ambiguous = (not valid) or lemma in self.ambiguous
        # a mode means the rules recognised a specific kind of act ("air strike",
        # "escort", "missile"): the sentence-level classifier does not overrule that
        if valid and ev.mode:
            ambiguous = False
        # an armed act in a military context ("a revenge strike", "strikes on militia
        # targets") is not a labour strike or a rally, whatever the word suggests to a
        # classifier trained on protest-heavy ACLED notes
        if ambiguous and valid and rule_type == "ASSAULT" and top in PEACEFUL_TYPES and (
                ev.assets or _MILITARY_CONTEXT.search(ev.sentence)):
            ambiguous = False
        changed = False
        if ambiguous and top != rule_type and p_top >= self.min_prob and p_top - p_rule >= self.margin:
            ev.event_type = top
            ev.reasons["event_type"] = (
                f"classifier: {top} (p={p_top:.2f}) replaces rule type {rule_type} "
                f"(p={p_rule:.2f}); trigger {lemma!r} is ambiguous")
            if ev.mode is not None:
                ev.mode = None
                ev.reasons.setdefault("mode", f"rule mode dropped when retyped from {rule_type}")
            ev.extractor = "rules+classifier"
            ev.event_id = Event.make_id(ev.article_id, ev.event_type, ev.trigger_span, ev.span)
            changed = True
        elif not ambiguous and top != rule_type and p_top >= self.flag_prob:
            ev.reasons.setdefault("event_type", f"classifier prefers {top} (p={p_top:.2f}); "
                                                f"rule type kept (trigger {lemma!r} is unambiguous)")
        p_final = float(probs[col[ev.event_type]]) if ev.event_type in col else 0.0
        rule_conf = float(ev.confidence) if ev.confidence is not None else 0.5
        ev.confidence = round((1 - self.weight) * rule_conf + self.weight * p_final, 4)
        return {"event_id": ev.event_id, "rule_type": rule_type, "classifier_type": top,
                "classifier_p": round(p_top, 4), "type": ev.event_type, "changed": changed,
                "trigger_lemma": lemma, "sentence_index": ev.sentence_index}


@stage("classify", requires=["events"],
       assigns=["events.event_type", "events.confidence", "events.mode"])
def make_classify(settings: dict[str, Any], context: dict[str, Any]):
    path = settings.get("model_path")
    extra = settings.get("ambiguous_triggers")
    ambiguous = frozenset(extra) if extra is not None else AMBIGUOUS_TRIGGERS

    def run(docs):
        comb = Combiner(load_classifier(path), ambiguous,
                        float(settings.get("min_prob", 0.5)), float(settings.get("margin", 0.2)),
                        float(settings.get("weight", 0.5)), float(settings.get("flag_prob", 0.9)))
        # one classifier call per batch: every distinct event sentence of every article
        sents = sorted({ev.sentence for d in docs for ev in d.events})
        P = comb.clf.proba(sents)
        row = {s: i for i, s in enumerate(sents)}
        for d in docs:
            decisions: list[dict[str, Any]] = []
            d.scratch["classify"] = decisions
            for ev in d.events:
                try:
                    decisions.append(comb.apply(ev, P[row[ev.sentence]], _trigger_lemma(d.doc, ev)))
                except Exception as exc:  # noqa: BLE001 - record and move on
                    ev.reasons.setdefault("event_type", f"classifier not applied: {exc}")
        return docs

    return FunctionStage(run)
