# The two commands the README promises: `make run` and `make test`. Both build the virtual environment first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run serve-class test test-fast lint check train bench bench-ui memory load evaluate fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/triage check
	$(BIN)/streamlit run app.py --server.port 8501

# Opt-in: serve the whole local network (a class on one laptop). `make run` stays on this machine only.
serve-class: $(STAMP)
	$(BIN)/triage check
	@echo "Serving the local network: students open http://$$(hostname -I 2>/dev/null | cut -d' ' -f1):8501"
	$(BIN)/streamlit run app.py --server.port 8501 --server.address 0.0.0.0

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest

# The inner loop: no browser, short property runs, no app-wide vocabulary sweep (under a minute).
test-fast: lint
	HYPOTHESIS_PROFILE=fast $(BIN)/python -m pytest -m "not browser and not sweep and not training and not slow" -q

check: $(STAMP)
	$(BIN)/triage check

train: $(STAMP)
	$(BIN)/triage train

bench: $(STAMP)
	$(BIN)/python -m tests.support.bench

bench-ui: $(STAMP)
	$(BIN)/python -m tests.support.ui_bench

# One process answering 100,000 queries (each with a new word): memory after warm-up and at checkpoints.
memory: $(STAMP)
	$(BIN)/python -m tests.support.memory

# A class of 30 on this machine for 3 minutes, in real browser contexts (see tests/support/load.py).
load: $(STAMP)
	$(BIN)/python -m tests.support.load --sessions 30 --minutes 3

evaluate: $(STAMP)
	$(BIN)/triage evaluate tests/vignettes/dev.yaml
	$(BIN)/triage evaluate tests/redteam/dev.yaml
	$(BIN)/triage guide

fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=full $(BIN)/python -m pytest tests/test_properties.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache
