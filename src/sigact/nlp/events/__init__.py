"""The ``events`` stage: rule-based event detection, typing, roles, status, attribution.

Every event-bearing clause becomes an :class:`~sigact.model.Event` (several per sentence
when a sentence carries several: "flew … escorted by Israeli F-15s" gives MOBILIZE and
COOPERATE), from verb triggers and from event nouns ("a wave of 85 air strikes",
"the assassination of Iran's top nuclear scientist").  The words (trigger lexicon, status
cues, reporting verbs, word lists) come from ``knowledge/data/ontology/*.yaml``.

Decisions (documented here because they decide what counts as an event):

* **Not events**: capabilities and background facts (a trigger under "capable", "ability",
  "can", "known for"), generic/habitual statements (a frequency adverb such as
  "periodically", "on occasion", or a present-tense "launch many attacks"), predicate
  nominals ("this is the first military operation …"), gerund subjects ("deploying more
  forces has failed"), negated acts ("did not target", "no evidence of an attack"),
  "any attack", bare definite back-references ("the attack", "the mission" without own
  participants — the event was reported where it was introduced), acts inside a threat
  ("threatened to kill …": the THREATEN event is emitted, not a threatened ASSAULT) and
  acts inside an active purpose frame ("to deter Iran from carrying out attacks").
  Junk lines (photo credits, "CLICK HERE", all-caps banners) are skipped.
* **Status**: the innermost cue on the way from the trigger up its clause wins: modal
  auxiliaries (will → planned, could/might/may → expected, "may have" → hypothetical,
  would/should → hypothetical), governing verbs (expected to → expected, prepare/plan/order
  to/postpone → planned, continue to → ongoing, vow/threaten to → threatened, deny →
  denied, passive "was dissuaded from" → hypothetical), adjectives on an event noun
  (possible/potential → hypothetical, imminent → expected), progressive → ongoing, an
  "if" clause → hypothetical.  A THREATEN event (a threat that was made) is `occurred`.
* **Actor**: active subject (following control: "ordered X to", "vowed to"; coordination:
  first conjunct, the others in ``reasons["actor"]``), passive "by" agent, possessor
  ("Israel's strike"), nationality modifier ("US counter strikes", "Iranian-backed
  militias"), light-verb subject ("Iran fired …", "are expected to join the assault"),
  responsibility frames ("carried out by", "claimed by", "blamed on" → alleged), the
  operator of an asset ("Israeli Air Force F-15 fighter jets" → "Israeli Air Force"; a
  bare "the bombers" → the operator named before).  Pronouns and "the group" → the
  antecedent (``sigact.knowledge.actors.antecedent`` if present, else nearest compatible
  earlier participant).  "It is suspected that …"/"believed to have been" → actor kept,
  ``reasons["actor"] = "suspected"``, confidence × 0.85.
* **Attribution**: speaker of the direct quote the trigger is in; else the subject of the
  reporting verb governing the clause ("told the New York Times" → the outlet); else
  "according to X"; else a "-NYT" tail of the paragraph.  Anonymous sources stay as
  written, without article ("officials", "senior military official").
* **Confidence** = (0.35 + 0.4 × trigger certainty) + 0.12 explicit actor (0.05 inferred)
  + 0.05 recipient, × status factor (occurred 1, ongoing .97, planned .9, expected/threatened
  .85, denied .8, hypothetical .7), × 0.85 if the actor is only suspected; clipped to
  [0.05, 0.99].
"""
from __future__ import annotations

from typing import Any

from sigact.pipeline.registry import FunctionStage, stage


@stage("events", requires=["doc", "sentences", "mentions", "timexes"], assigns=["events"])
def make_events(settings: dict[str, Any], context: dict[str, Any]):
    from sigact.knowledge.ontology import load_ontology
    from sigact.nlp.events.extract import Extractor

    extra = tuple(settings.get("extra_dirs", ()) or context.get("knowledge_dirs", ()) or ())

    def run(docs):
        extractor = Extractor(load_ontology(extra))
        for d in docs:
            try:
                d.events = extractor.run(d)
            except Exception as exc:  # noqa: BLE001 - a stage must not raise on odd text
                d.events = []
                d.scratch.setdefault("errors", []).append(f"events: {type(exc).__name__}: {exc}")
        return docs

    return FunctionStage(run)


def extract_events(d) -> list:
    """Events of one ArticleDoc (convenience for tests and notebooks)."""
    from sigact.knowledge.ontology import load_ontology
    from sigact.nlp.events.extract import Extractor
    return Extractor(load_ontology()).run(d)
