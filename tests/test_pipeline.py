"""Pipeline: registry, chain check, config, isolation of failing articles, Dask executor."""
from __future__ import annotations

import pytest

from sigact.config import load_config
from sigact.model import Article, sha256_text
from sigact.pipeline.registry import FunctionStage, check_chain, get_stage, stage
from sigact.pipeline.runner import Pipeline, process_batch


def test_builtin_chain_is_consistent():
    cfg = load_config()
    assert check_chain(cfg["pipeline"]["stages"]) == []


def test_chain_check_names_missing_requirements():
    problems = check_chain(["events", "nlp"])
    assert problems and "events" in problems[0] and "doc" in problems[0]


def test_unknown_stage_is_a_clear_error():
    with pytest.raises(KeyError, match="unknown stage"):
        get_stage("no-such-stage")


def test_config_overrides(tmp_path):
    f = tmp_path / "c.toml"
    f.write_text('[nlp]\nmodel = "en_core_web_lg"\n[pipeline]\nbatch_size = 3\n')
    cfg = load_config(f, **{"ingest.max_bytes": 5})
    assert cfg["nlp"]["model"] == "en_core_web_lg"
    assert cfg["pipeline"]["batch_size"] == 3
    assert cfg["pipeline"]["stages"]          # untouched keys keep their defaults
    assert cfg["ingest"]["max_bytes"] == 5


def test_missing_model_fails_clearly():
    from sigact.nlp.spacy_stage import ModelNotInstalled, load_model
    with pytest.raises(ModelNotInstalled, match="never downloads"):
        load_model("xx_no_such_model")


@stage("test_explode", requires=["text"], assigns=["scratch"])
def _explode(settings, context):
    def run(docs):
        for d in docs:
            if "BOOM" in d.text:
                raise RuntimeError("cannot handle this article")
            d.scratch["seen"] = True
        return docs
    return FunctionStage(run)


def _art(aid, text):
    return Article(article_id=aid, text=text, text_sha256=sha256_text(text))


def test_one_failing_article_does_not_sink_its_batch():
    cfg = load_config()
    cfg["pipeline"]["stages"] = ["test_explode"]
    pipe = Pipeline(cfg)
    docs, failed = process_batch(pipe, [_art("a", "fine"), _art("b", "BOOM"), _art("c", "ok")])
    assert [d.article_id for d in docs] == ["a", "c"]
    assert failed[0][0].article_id == "b" and "cannot handle" in failed[0][1]


def test_dask_executor_gives_the_same_events(tmp_path, seeds_dir):
    import sigact
    paths = [str(sorted(seeds_dir.iterdir())[4])]
    with sigact.open(tmp_path / "local.duckdb") as db:
        db.run(paths)
        local = sorted(e["event_id"] for e in db.events())
    with sigact.open(tmp_path / "dask.duckdb") as db:
        db.run(paths, executor="dask", workers=1)
        distributed = sorted(e["event_id"] for e in db.events())
    assert local and local == distributed
