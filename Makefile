# Pewarta: `make run` to start it, `make test` to check it, `make bench` to measure it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=
# The cluster tests run their own cluster against this server's test_<name> database.
CLUSTER_PG_URL ?= postgres://postgres@127.0.0.1:5432/pewarta_cluster

.PHONY: run cluster cluster-tools test test-sqlite test-postgres test-cluster lint bench \
	bench-tools messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,cluster]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

run: $(STAMP)
	$(BIN)/pewarta migrate --no-input
	$(BIN)/pewarta demo
	$(BIN)/pewarta run --no-migrate

# Varnish 7 and its xkey vmod, from Debian (the scale profile and its tests need them).
cluster-tools:
	@test -x /usr/sbin/varnishd && dpkg -s varnish-modules >/dev/null 2>&1 || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends varnish varnish-modules; }

# The scale profile on loopback (docs/deploy.md): Varnish on :8000 in front of two web nodes.
cluster: $(STAMP) cluster-tools
	$(BIN)/pewarta cluster --demo

# The reader site's, desk's and contributors' browser tests, pointed at the cluster (Varnish).
CLUSTER_BROWSER_TESTS := pewarta/public/tests/test_home_browser.py \
	pewarta/public/tests/test_accessibility.py pewarta/desk/tests/test_desk_browser.py \
	pewarta/search/tests/test_browser.py pewarta/complaints/tests/test_browser.py \
	pewarta/contributors/tests/test_browser_contributor_loop.py

# Edge, storage, backup and fault tests against a real cluster (Varnish, SeaweedFS, PostgreSQL,
# Redis), then the browser tests above against that same cluster.
test-cluster: $(STAMP) cluster-tools
	DATABASE_URL=$(CLUSTER_PG_URL) PEWARTA_CLUSTER_TESTS=1 $(BIN)/pytest -p no:xdist \
		-p pewarta.common.pytest_cluster -m "browser or slow" \
		pewarta/common/tests/cluster $(CLUSTER_BROWSER_TESTS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

AXE := node_modules/axe-core/axe.min.js

# axe-core for the accessibility test (pewarta/public/tests/test_accessibility.py skips without it).
$(AXE): package.json
	-npm ci --no-audit --no-fund --loglevel=error

test-sqlite: $(STAMP) $(AXE)
	env -u DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: $(STAMP) $(AXE)
	DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest $(PYTEST_ARGS)

test: lint test-sqlite
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_TEST_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		$(MAKE) --no-print-directory test-postgres; \
	else \
		echo "PostgreSQL is not reachable at $(PG_TEST_URL): the suite ran on SQLite only."; \
	fi

bench-tools:
	@command -v wrk >/dev/null && { command -v nginx || test -x /usr/sbin/nginx; } >/dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends wrk nginx-light; }

bench: $(STAMP) bench-tools
	$(BIN)/python -m bench

I18N_IGNORE := --ignore=.venv --ignore=var --ignore=node_modules

# English catalogue: pewarta/locale/en/LC_MESSAGES/django.po (translate new entries) and .mo.
messages: $(STAMP)
	$(BIN)/pewarta makemessages -l en --no-obsolete $(I18N_IGNORE) --ignore=bench --ignore=docs
	$(BIN)/pewarta compilemessages -l en $(I18N_IGNORE)

clean:
	rm -rf $(VENV) var
