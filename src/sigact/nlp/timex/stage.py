"""The ``timex`` stage: temporal expressions of every article, resolved against its
publication date (``ArticleDoc.anchor``)."""
from __future__ import annotations

import logging
from typing import Any

from sigact.nlp.timex.tagger import tag
from sigact.pipeline.doc import ArticleDoc
from sigact.pipeline.registry import FunctionStage, stage

log = logging.getLogger(__name__)


@stage("timex", requires=["text", "anchor"], assigns=["timexes"])
def make_timex(settings: dict[str, Any], context: dict[str, Any]):
    def run(docs: list[ArticleDoc]) -> list[ArticleDoc]:
        for d in docs:
            # the Doc only adds tense cues; a Doc over other text would misplace them
            doc = d.doc if d.doc is not None and getattr(d.doc, "text", None) == d.text else None
            try:
                d.timexes = tag(d.text or "", d.anchor, doc=doc)
            except Exception as exc:     # a stage never stops the run on odd text
                log.warning("timex: %s: %s", d.article_id, exc)
                d.timexes = []
        return docs
    return FunctionStage(run)
