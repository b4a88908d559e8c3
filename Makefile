# MoatMetrics. Every target is also a plain command (see README "Without make").
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)
DB      ?= data/moat.duckdb
PORT    ?= 8501

.PHONY: run test bench lint audit install demo clean notebook serve

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --upgrade pip
	$(BIN)/pip install torch==2.13.0
	$(BIN)/pip install -c constraints.txt -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/moat --db $(DB) demo --if-empty
	$(BIN)/streamlit run app.py --server.address localhost --server.port $(PORT)

# JupyterLab on notebooks/ (jupytext pairs each .py with an .ipynb); moat.open() reaches the live database
# through the app when it runs, as the account of MOAT_TOKEN (or `moat login`), else as the local operator.
notebook: $(STAMP)
	MOAT_DB_PATH=$(abspath $(DB)) $(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.ip=localhost

# Share the database with commands and notebooks without the app (e.g. a server that only runs scheduled loads).
serve: $(STAMP)
	$(BIN)/moat --db $(DB) serve

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check moat tests bench pages app.py notebooks
	$(BIN)/lint-imports

audit: $(STAMP)
	$(BIN)/pip-audit --strict -r constraints.txt --disable-pip --no-deps || (echo "pip-audit failed or could not check every package (it needs the package index's vulnerability data); see docs/deployment.md"; exit 1)

clean:
	rm -rf $(VENV) .pytest_cache
