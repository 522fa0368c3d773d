"""Shared fixtures.  Tests that need ../shared use the `shared_dir` fixture: they skip with
a clear reason when it is absent (a user's clone) and fail instead under CI=true."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _shared() -> Path | None:
    env = os.environ.get("SIGACT_SHARED")
    for cand in ([Path(env)] if env else []) + [ROOT.parent / "shared"]:
        if cand.is_dir():
            return cand
    return None


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = _shared()
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("../shared is missing but CI=true: shared-data tests must not skip in CI")
        pytest.skip("../shared (benchmark data and seed articles) is not present in this clone")
    return path


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    """A small synthetic store (sigact.analysis.sample) for the analysis, timeline and web
    tests; copy it (the `db_file` fixtures) before writing to it."""
    from sigact.analysis.sample import build_sample_store
    path = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    build_sample_store(path).close()
    return path
