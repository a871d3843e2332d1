# The README's two set-up commands: `make demo` and `make test`. Both work on a fresh clone
# with only Python 3.11, pip, make and Debian's package tools.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Root installs Debian packages directly; anyone else through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test lint typecheck unit browser-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

## demo: install digestgen and build the demo site from digests/ into site/
demo: $(VENV)/.installed
	$(BIN)/digestgen check
	$(BIN)/digestgen build
	@echo "The demo site is in site/. Look at it with $(BIN)/digestgen serve (or: python3 -m http.server -d site), then open http://127.0.0.1:8000/"

## test: install everything the tests need, then lint, type-check and run the whole suite
test: $(VENV)/.installed-test browser-deps lint typecheck unit

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

unit: $(VENV)/.installed-test
	DIGESTGEN_REQUIRE_BROWSER=1 $(BIN)/pytest -q

# Browser tests drive Debian's Chromium (never a downloaded browser); Noto CJK renders the Chinese in screenshots.
browser-deps:
	@{ command -v chromium && fc-list | grep -qi "noto sans cjk"; } >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk; }

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache
