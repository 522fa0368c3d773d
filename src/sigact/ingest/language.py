"""Language identification (py3langid: a small, offline, fast model shipped in its wheel)."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _identifier():
    import py3langid.langid as langid
    return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)


def detect_language(text: str, *, min_chars: int = 40) -> tuple[str, float]:
    """ISO 639-1 code and probability.  Texts too short to tell are taken as English
    (the pipeline's language) with probability 0."""
    sample = text[:4000]
    if len(sample.strip()) < min_chars:
        return "en", 0.0
    lang, prob = _identifier().classify(sample)
    return lang, float(prob)
