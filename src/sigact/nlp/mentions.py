"""PLACEHOLDER (owned by the knowledge/entity-layer work): spaCy NER → Mention records."""
from __future__ import annotations

from sigact.model import Mention
from sigact.pipeline.registry import FunctionStage, stage

_LABELS = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "ORG": "ACTOR", "NORP": "ACTOR",
           "PERSON": "PERSON"}


@stage("mentions", requires=["doc", "sentences"], assigns=["mentions"])
def make_mentions(settings, context):
    def run(docs):
        for d in docs:
            sent_of = {}
            for s in d.sentences:
                sent_of[s.start] = s.index
            d.mentions = []
            for ent in d.doc.ents:
                if ent.label_ in _LABELS:
                    sidx = next((s.index for s in d.sentences if s.start <= ent.start_char < s.end), 0)
                    d.mentions.append(Mention(d.article_id, ent.start_char, ent.end_char, ent.text,
                                              _LABELS[ent.label_], sidx))
        return docs
    return FunctionStage(run)
