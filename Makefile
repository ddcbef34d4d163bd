# The two commands a new engineer needs are `make run` and `make test`; both install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
INSTALLED := $(VENV)/.installed

.PHONY: install run test lint format lock clean

install: $(INSTALLED)

# Re-installs only when the declared or locked dependencies change, so `make run` and `make test` stay fast.
$(INSTALLED): pyproject.toml requirements/constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0] + ". Run: make PYTHON=python3.11 ...")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -e '.[dev]'
	@touch $@

run: export DJANGO_DEBUG ?= 1
run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py ensure_demo_superuser
	@echo "Portal: http://127.0.0.1:$(PORT)/admin/  (Ctrl-C stops web, worker and beat)"
	PATH="$(CURDIR)/$(BIN):$$PATH" exec $(BIN)/honcho --procfile Procfile --app-root . start --port $(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-resolve the pinned versions after changing dependencies in pyproject.toml: base.txt is what the
# Docker image installs, constraints.txt (dev extras included) what `make install` installs.
PIP_COMPILE := $(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links
lock: install
	$(PIP_COMPILE) --all-extras --output-file requirements/constraints.txt pyproject.toml
	$(PIP_COMPILE) --constraint requirements/constraints.txt --output-file requirements/base.txt pyproject.toml

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
