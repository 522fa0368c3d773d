"""PLACEHOLDER (owned by the extraction work): a first verb-lexicon event extractor."""
from __future__ import annotations

from sigact.model import Entity, Event
from sigact.pipeline.registry import FunctionStage, stage

_LEXICON = {"fire": ("ASSAULT", "missile"), "strike": ("ASSAULT", "air strike"),
            "attack": ("ASSAULT", None), "fly": ("MOBILIZE", "show-of-force flight"),
            "deploy": ("MOBILIZE", "deployment"), "send": ("MOBILIZE", "deployment"),
            "threaten": ("THREATEN", None), "escort": ("COOPERATE", "escort")}


@stage("events", requires=["doc", "sentences", "mentions", "timexes"], assigns=["events"])
def make_events(settings, context):
    def run(docs):
        for d in docs:
            d.events = []
            for s, span in zip(d.sentences, d.doc.sents):
                for tok in span:
                    if tok.pos_ == "VERB" and tok.lemma_ in _LEXICON:
                        etype, mode = _LEXICON[tok.lemma_]
                        actor = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                        ent = None
                        if actor is not None:
                            sub = d.doc[actor.left_edge.i: actor.i + 1]
                            ent = Entity(name=sub.text, text=sub.text, start=sub.start_char, end=sub.end_char)
                        tspan = (tok.idx, tok.idx + len(tok.text))
                        d.events.append(Event(
                            event_id=Event.make_id(d.article_id, etype, tspan, (s.start, s.end)),
                            article_id=d.article_id, sentence=s.text, span=(s.start, s.end),
                            event_type=etype, trigger=tok.text, trigger_span=tspan, mode=mode,
                            actor=ent, sentence_index=s.index))
        return docs
    return FunctionStage(run)
