# Sanji: `make demo` to see it, `make test` to check it. `make install` alone builds .venv.
PY ?= python3
VENV := .venv
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
STAMP := $(VENV)/.sanji-installed
VENDOR := sanji/static/vendor
PG_URL ?= postgres://postgres@127.0.0.1:5432/sanji
PYTEST := $(VENV)/bin/pytest

.PHONY: install demo test test-sqlite test-postgres lint messages clean

install: $(STAMP) $(VENDOR)/.installed translations

$(STAMP): pyproject.toml uv.lock
	@scripts/system-deps base
	@test -x $(UV) || { $(PY) -m venv $(VENV) && $(VENV)/bin/pip install -q --disable-pip-version-check "uv==$(UV_VERSION)"; }
	$(UV) sync --frozen --quiet
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(VENDOR)/.installed: node_modules/.package-lock.json
	mkdir -p $(VENDOR)/htmx
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	mkdir -p $(VENDOR)/echarts
	cp node_modules/echarts/dist/echarts.min.js node_modules/echarts/LICENSE $(VENDOR)/echarts/
	@touch $@

translations: $(STAMP)
	@$(VENV)/bin/sanji compiletranslations

demo: install
	$(VENV)/bin/sanji demo

test: install
	@scripts/system-deps test
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

# The browser tests drive the pages as people use them and run once, on PostgreSQL, the production database;
# the page tests under tests/<app>/test_views.py run on both.
# Tests whose outcome does not depend on the database run once, on SQLite: the pure moderator and key ring, the
# deploy check (subprocesses), and the route-scope sweep (hundreds of requests; row locks play no part in it).
SQLITE_ONLY := --ignore=tests/moderation --ignore=tests/core/test_crypto.py \
  --ignore=tests/security/test_deploy_check.py --ignore=tests/security/test_route_scope.py

test-sqlite:
	@echo "== test suite on SQLite (the browser tests run on PostgreSQL)"
	env -u DATABASE_URL $(PYTEST) -p no:cacheprovider --ignore=tests/e2e

test-postgres:
	@echo "== test suite on PostgreSQL ($(PG_URL))"
	@$(VENV)/bin/python -c "import psycopg,sys; psycopg.connect(sys.argv[1].replace('/sanji','/postgres'), connect_timeout=5).close()" "$(PG_URL)" \
	  || { echo "PostgreSQL is not reachable at $(PG_URL); start it or set PG_URL." >&2; exit 1; }
	DATABASE_URL=$(PG_URL) $(PYTEST) -p no:cacheprovider $(SQLITE_ONLY)

lint:
	$(VENV)/bin/ruff check sanji tests bench

messages:
	cd sanji && ../$(VENV)/bin/sanji makemessages -l zh_Hans -l zh_Hant -l en --no-obsolete --add-location file
	$(VENV)/bin/sanji hantify

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
