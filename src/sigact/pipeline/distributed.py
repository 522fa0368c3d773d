"""Scale-out: run batches of articles through the stages on Dask workers.

The store stays the single writer (DuckDB allows one): workers only compute, the
calling process writes each batch as it comes back.  With ``workers > 1`` a local
process pool is used; set ``SIGACT_DASK_SCHEDULER=tcp://host:8786`` to use an existing
``dask.distributed`` cluster instead.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import Any, Iterator

from sigact.model import Article


@lru_cache(maxsize=2)
def _pipeline_for(config_json: str):
    from sigact.pipeline.runner import Pipeline
    return Pipeline(json.loads(config_json))


def _process(config_json: str, articles: list[Article]):
    from sigact.pipeline.runner import process_batch
    docs, failed = process_batch(_pipeline_for(config_json), articles)
    for d in docs:            # spaCy docs stay on the worker: the store needs records only
        d.doc = None
        d.scratch = {}
    return docs, failed


def process_batches_dask(config: dict[str, Any], batches: list[list[Article]], *,
                         workers: int = 2) -> Iterator[tuple[list, list]]:
    import dask
    from dask import delayed

    cfg = json.dumps(config, sort_keys=True, default=str)
    tasks = [delayed(_process)(cfg, b) for b in batches]
    address = os.environ.get("SIGACT_DASK_SCHEDULER")
    if address:
        from dask.distributed import Client  # optional dependency: dask[distributed]
        with Client(address) as client:
            for fut in client.compute(tasks):
                yield fut.result()
        return
    # One process pool for the whole run, so each worker loads spaCy and the knowledge
    # base once (its cached Pipeline), and chunks of `workers` batches so that results
    # stream back to the single writer instead of piling up in memory.
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    n = max(1, workers)
    with ProcessPoolExecutor(n, mp_context=mp.get_context("spawn")) as pool:
        for i in range(0, len(tasks), n):
            yield from dask.compute(*tasks[i:i + n], scheduler="processes", pool=pool)
