# Two commands on a fresh machine:
#   make demo   installs mediation in .venv and runs the demo on the embedded SQLite default
#   make test   installs the development tools and runs the whole test suite (what CI runs)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: demo test check lint typecheck bench install clean

demo: $(STAMP) system-deps bytecode
	$(BIN)/mediation demo

test: $(DEVSTAMP) system-deps bytecode
	scripts/ensure-postgres
	$(BIN)/ruff check mediation tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest --cov --cov-report=term

install: $(STAMP)

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "mediation needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP) $@

# the package's bytecode, as pip writes it for an installed wheel: without it (an editable
# install in an environment that sets PYTHONDONTWRITEBYTECODE) every command compiles the
# package from source again, about 100 ms of each command's start
.PHONY: bytecode
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q mediation > /dev/null

.PHONY: system-deps
system-deps:
	@if [ -x scripts/system-deps ]; then scripts/system-deps; fi

bench: $(DEVSTAMP)
	scripts/ensure-postgres
	$(BIN)/python bench/transitions.py
	$(BIN)/python bench/cli_startup.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage mediation-demo
