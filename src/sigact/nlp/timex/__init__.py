"""sigact's temporal layer: a rule-based tagger and normaliser of temporal expressions
in news English (TIMEX3 values as TempEval-3 writes them, plus EVENT_RECORD dates).

    >>> from datetime import date
    >>> [t.value for t in tag("Jets struck on Thursday.", date(2020, 12, 10))]
    ['2020-12-10']
"""
from sigact.nlp.timex.tagger import tag

__all__ = ["tag"]
