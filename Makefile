# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?=

.PHONY: demo test lint install clean

$(BIN)/reprise: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[all,dev]"
	touch $@

install: $(BIN)/reprise

demo: install
	@$(BIN)/python -m reprise.demo $(if $(DATA),--data "$(DATA)")

test: install
	$(BIN)/ruff check reprise tests bench eval
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check reprise tests bench eval

clean:
	rm -rf $(VENV) demo-out .pytest_cache .ruff_cache
