# The two commands the README promises: `make run` and `make test`. Both build the virtual environment first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check bench bench-ui evaluate fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/triage check
	$(BIN)/streamlit run app.py --server.port 8501

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/triage check

bench: $(STAMP)
	$(BIN)/python -m triage.bench

bench-ui: $(STAMP)
	$(BIN)/python -m triage.ui_bench

evaluate: $(STAMP)
	$(BIN)/triage evaluate tests/vignettes/dev.yaml

fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=full $(BIN)/python -m pytest tests/test_properties.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache
