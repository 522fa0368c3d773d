# Two entry points: `make demo` and `make test` (both set everything up first).
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= sigact.duckdb

.PHONY: demo test install eval bench clean serve

$(BIN)/python:
	@command -v $(PY) >/dev/null 2>&1 || { echo "need $(PY) (Python 3.11+); set PY=python3.x"; exit 2; }
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f $(DB)
	$(BIN)/sigact run samples/corpus --db $(DB)
	$(BIN)/sigact timeline --db $(DB)

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

eval: $(STAMP)
	$(BIN)/python -m sigact.eval.report --write docs/evaluation.md

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_pipeline.py

serve: $(STAMP)
	$(BIN)/sigact serve --db $(DB)

clean:
	rm -rf $(VENV) *.duckdb .pytest_cache build src/*.egg-info
