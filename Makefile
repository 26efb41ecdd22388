# HBTE: `make run` serves the demo platform, `make test` runs the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP_VERSION := 26.3
# The xstatic-bootstrap sdist needs a setuptools older than 81 to build.
export PIP_BUILD_CONSTRAINT := $(CURDIR)/constraints-build.txt
export PIP_CONSTRAINT :=
export PIP_DISABLE_PIP_VERSION_CHECK := 1
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_ARGS ?=

.PHONY: install run serve test test-browser test-all lint format lock clean

install: $(STAMP)

$(STAMP): requirements.lock constraints-build.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q "pip==$(PIP_VERSION)"
	PIP_CONSTRAINT=$(CURDIR)/constraints-build.txt $(BIN)/pip install -q -r requirements.lock
	touch $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py load_demo
	@echo "平台地址: http://$(HOST):$(PORT)/  (Ctrl+C 停止)"
	$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest -n 2 -m "not browser" $(TEST_ARGS)

test-browser: install
	$(BIN)/python -m pytest -m browser tests/browser $(TEST_ARGS)

test-all: test test-browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-resolve the pinned versions from pyproject.toml in a scratch virtualenv.
lock:
	rm -rf /tmp/hbte-lock && $(PYTHON) -m venv /tmp/hbte-lock
	/tmp/hbte-lock/bin/python -m pip install -q "pip==$(PIP_VERSION)"
	PIP_CONSTRAINT=$(CURDIR)/constraints-build.txt /tmp/hbte-lock/bin/pip install -q ".[dev]"
	/tmp/hbte-lock/bin/pip freeze --exclude hbte > requirements.lock

clean:
	rm -rf $(VENV) staticfiles var/test-media var/test-private
