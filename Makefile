# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?=

.PHONY: demo test lint install clean chromium

$(BIN)/reprise: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[all,dev]"
	touch $@

install: $(BIN)/reprise

demo: install
	@$(BIN)/python -m reprise.demo $(if $(DATA),--data "$(DATA)")

test: install chromium
	$(BIN)/ruff check reprise tests bench eval
	$(BIN)/python -m pytest -q

# Browser tests drive Debian's chromium: installed here when missing and possible (as root, or with sudo
# without a password); otherwise they skip and say why.
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  ( (apt-get install -y -qq chromium || (apt-get update -qq && apt-get install -y -qq chromium) || \
	     (sudo -n apt-get update -qq && sudo -n apt-get install -y -qq chromium)) >/dev/null 2>&1 && echo "installed chromium" ) || \
	  echo "chromium could not be installed: the browser tests will skip"

lint: install
	$(BIN)/ruff check reprise tests bench eval

clean:
	rm -rf $(VENV) demo-out .pytest_cache .ruff_cache
