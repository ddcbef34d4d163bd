# The two commands a new engineer needs are `make run` and `make test`; both install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SANDBOX_PORT ?= 8010
INSTALLED := $(VENV)/.installed

.PHONY: install local-env run test test-fast lint format lock bench bench-scale clean

install: $(INSTALLED)

# Re-installs only when the declared or locked dependencies change, so `make run` and `make test` stay fast.
$(INSTALLED): pyproject.toml requirements/constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0] + ". Run: make PYTHON=python3.11 ...")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -e '.[dev]'
	@touch $@

# The settings read var/local.env (environment first), so the README's `manage.py` commands typed after
# `make run` load the same development settings. Written once: its key keeps sessions across restarts.
local-env: export PORTAL_VAR_DIR ?= $(CURDIR)/var
local-env:
	@mkdir -p "$$PORTAL_VAR_DIR"
	@test -f "$$PORTAL_VAR_DIR/local.env" || { umask 077 && printf 'DJANGO_DEBUG=1\nDJANGO_SECRET_KEY=%s\n' \
		"$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > "$$PORTAL_VAR_DIR/local.env" \
		&& echo "Wrote $$PORTAL_VAR_DIR/local.env (development settings for manage.py commands)"; }

HONCHO := PATH="$(CURDIR)/$(BIN):$$PATH" exec $(BIN)/honcho --procfile Procfile --app-root . start --port $(PORT)

# Without TELNYX_API_BASE_URL the portal talks to the local 10DLC sandbox, which `make run` starts too.
run: export DJANGO_DEBUG ?= 1
run: export PORTAL_VAR_DIR ?= $(CURDIR)/var
run: export SANDBOX_PORT := $(SANDBOX_PORT)
# New brands and campaigns default their webhook URL to this portal, so the sandbox's status events arrive.
run: export PORTAL_PUBLIC_URL ?= http://127.0.0.1:$(PORT)
# Notifications' e-mails are printed by the worker rather than sent, until EMAIL_BACKEND says otherwise.
run: export EMAIL_BACKEND ?= django.core.mail.backends.console.EmailBackend
run: install local-env
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py ensure_demo_superuser
	@echo "Portal: http://127.0.0.1:$(PORT)/admin/  (Ctrl-C stops everything)"
ifeq ($(strip $(TELNYX_API_BASE_URL)),)
	@echo "10DLC API: the local sandbox at http://127.0.0.1:$(SANDBOX_PORT)/v2 (set TELNYX_API_BASE_URL for another)"
	TELNYX_API_BASE_URL=http://127.0.0.1:$(SANDBOX_PORT)/v2 \
	TELNYX_API_KEY="$${TELNYX_API_KEY:-sandbox}" \
	TELNYX_PUBLIC_KEY="$$($(BIN)/python manage.py runsandbox --database "$$PORTAL_VAR_DIR/sandbox.sqlite3" --print-public-key)" \
	$(HONCHO) web worker beat sandbox
else
	@echo "10DLC API: $(TELNYX_API_BASE_URL)"
	$(HONCHO) web worker beat
endif

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

# The inner loop: everything but the tests marked slow (browsers, `make run`, schemathesis); CI runs `make test`.
test-fast: install
	$(BIN)/pytest -m "not slow" $(PYTEST_ARGS)

# Performance numbers, printed (targets live here, never in timed tests).
bench: install
	$(BIN)/python benchmarks/sandbox_lists.py
	$(BIN)/python benchmarks/sandbox_clock.py
	$(BIN)/python benchmarks/sync.py
	$(BIN)/python benchmarks/notifications.py
	$(BIN)/python benchmarks/prune.py --events 100000
	$(BIN)/python benchmarks/webhook_drain.py

# Issue 19's table at a million numbers on PostgreSQL (DATABASE_URL names the server; the benchmark makes and drops
# its own databases there), then the webhook intake and drain benchmarks.
# BENCH_SCALE_ARGS passes options, e.g. BENCH_SCALE_ARGS="--numbers 100000".
bench-scale: install
	$(BIN)/python benchmarks/scale.py $(BENCH_SCALE_ARGS)
	$(BIN)/python benchmarks/webhook_intake.py
	$(BIN)/python benchmarks/webhook_drain.py

# mypy's Django plugin imports the settings, which refuse to load without a secret key unless DEBUG is on:
# a placeholder keeps the production settings (as the tests do) on a machine with nothing configured.
lint: export DJANGO_SECRET_KEY ?= lint-only-secret-key-not-for-production
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

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
