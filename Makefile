# dockertest: every build, lint and test step has a target here; `make help` lists them.
# The two commands of README.md are `make run` (the main job) and `make check` (every test).

.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Other interpreters the abi3 wheel is tested on, where pyenv has them.
EXTRA_PYTHONS ?= 3.9 3.13
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $$HOME/.pyenv)

.PHONY: help
help:  ## Show this help
	@grep -E '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade 'pip>=25.1'
	$(PY) -m pip install -q --group dev
	touch $(STAMP)

.PHONY: install
install: $(STAMP)  ## Create .venv with the development tools

.PHONY: build-dev
build-dev: install  ## Build the extension in place (debug) into .venv
	rm -f python/dockertest/*.so
	$(VENV)/bin/maturin develop -q

.PHONY: build-prod
build-prod: install  ## Build the release wheel into dist/
	rm -f python/dockertest/*.so
	$(VENV)/bin/maturin build -q --release --out dist

.PHONY: build-release
build-release: install  ## Build the extension in place (release, as the wheel a user installs) into .venv
	rm -f python/dockertest/*.so
	$(VENV)/bin/maturin develop -q --release

# The release wheel, built once and shared by the tests that install it (tests/test_install.py via
# DOCKERTEST_WHEEL, and test-pythons): rebuilt only when a file that goes into it changed.
WHEEL_DIR := dist/wheel
WHEEL_STAMP := $(WHEEL_DIR)/.built
WHEEL_INPUTS := Cargo.toml Cargo.lock pyproject.toml README.md control $(shell find src python config_defaults config_custom subtests -type f -not -name '*.pyc' -not -name '*.so' 2>/dev/null)
$(WHEEL_STAMP): $(WHEEL_INPUTS) | $(STAMP)
	rm -rf $(WHEEL_DIR)
	$(VENV)/bin/maturin build -q --release --out $(WHEEL_DIR)
	touch $@

.PHONY: wheel
wheel: $(WHEEL_STAMP)  ## Build the release wheel into dist/wheel (once; reused by check)

.PHONY: browser
browser:  ## Install Debian's chromium and chromedriver (for the report's browser test) when missing
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  apt-get -o DPkg::Lock::Timeout=600 update -q && \
	  apt-get -o DPkg::Lock::Timeout=600 install -y -q chromium chromium-driver; }

.PHONY: report-screenshot
report-screenshot: browser  ## Screenshot results/latest/report.html into results/latest/report.png (RESULT=dir for another job)
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
	  --disable-component-update --disable-sync --user-data-dir=$$(mktemp -d) --window-size=1280,900 \
	  --screenshot=$(or $(RESULT),results/latest)/report.png "file://$(abspath $(or $(RESULT),results/latest))/report.html" 2>/dev/null
	@echo "Screenshot: $(or $(RESULT),results/latest)/report.png"

.PHONY: host-up
host-up: build-dev  ## Set up the test host (packages, dockerd, test image, registry, file server, podman)
	$(PY) -m dockertest.host up

.PHONY: host-down
host-down: build-dev  ## Stop what host-up started (PURGE=1 also removes what it made)
	$(PY) -m dockertest.host down $(if $(PURGE),--purge,)

.PHONY: format
format: install  ## Format the Rust and Python code
	cargo fmt
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

.PHONY: lint-rust
lint-rust:  ## cargo fmt --check, the core alone, clippy with and without the python feature
	cargo fmt --check
	cargo check -q --no-default-features
	cargo clippy -q --all-targets -- -D warnings
	cargo clippy -q --all-targets --features python -- -D warnings

.PHONY: lint-python
lint-python: install stubtest  ## ruff check, ruff format --check, and stubtest
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

.PHONY: stubtest
stubtest: build-dev  ## Check the hand-written python/dockertest/_core.pyi against the compiled module
	$(PY) -m mypy.stubtest dockertest._core --allowlist .mypy-stubtest-allowlist

.PHONY: lint
lint: lint-rust lint-python  ## All linters

.PHONY: test-rust
test-rust:  ## cargo test of the pure-Rust core (no Python involved)
	cargo test -q

.PHONY: test
test: build-dev  ## pytest (unit tests, and integration tests when a daemon answers)
	$(PY) -m pytest -q $(PYTEST_ARGS)

.PHONY: docs
docs: build-dev  ## Build the documentation site into docs/_build/html (warnings are errors)
	$(VENV)/bin/sphinx-build -W --keep-going -b html docs docs/_build/html

.PHONY: soak
soak: build-dev  ## Repeat the timing-sensitive subtests many times in a row (minutes; not part of check)
	DOCKERTEST_REQUIRE_DAEMON=1 $(PY) -m pytest -q -m soak -p no:randomly $(PYTEST_ARGS)

.PHONY: test-pythons
test-pythons: build-dev wheel  ## Install the abi3 release wheel into CPython $(EXTRA_PYTHONS) and run the daemon-free tests there
	@for v in $(EXTRA_PYTHONS); do \
	  interp=$$(ls -d $(PYENV_ROOT)/versions/$$v*/bin/python3 2>/dev/null | sort -V | tail -n 1); \
	  if [ -z "$$interp" ]; then echo "test-pythons: no CPython $$v under $(PYENV_ROOT), skipped"; continue; fi; \
	  venv=.venv-$$v; \
	  [ -x $$venv/bin/python ] || $$interp -m venv $$venv; \
	  $$venv/bin/python -m pip install -q --upgrade pip pytest pytest-timeout; \
	  $$venv/bin/python -m pip install -q --force-reinstall --no-deps $(WHEEL_DIR)/*.whl; \
	  echo "test-pythons: CPython $$($$venv/bin/python -c 'import sys; print(sys.version.split()[0])')"; \
	  (cd tests && ../$$venv/bin/python -m pytest -q -p no:cacheprovider -m 'not daemon and not slow' --rootdir=.. -c ../pyproject.toml .) ; \
	done

.PHONY: bench
bench: install  ## Build the extension optimised, then print the core's figures next to pure-Python references
	rm -f python/dockertest/*.so
	$(VENV)/bin/maturin develop -q --release
	$(PY) benches/bench_parsers.py
	$(PY) benches/bench_config.py

.PHONY: bench-config
bench-config: build-dev  ## Print how long Config() takes on the bundled config, and with 200 synthetic sections
	$(PY) benches/bench_config.py

.PHONY: bench-parallel
bench-parallel: build-dev  ## Print the time of the issue-15 and the default selection with j=4 against their longest subtest, the serial time and the CPU floor (hold the engine lock)
	$(PY) benches/bench_parallel.py -j 4 $(if $(SERIAL),--serial,)

.PHONY: soak-parallel
soak-parallel: build-dev  ## Run the default selection with j=4 five times in a row; every subtest must pass (hold the engine lock)
	$(PY) benches/bench_parallel.py -j 4 --soak 5 --selection default

# -- make check: what CI runs ------------------------------------------------------------------------
# The extension is built once, optimised (the wheel and `make run` use that build too), then three
# lanes run side by side: the docker lane (pytest on PYTEST_WORKERS workers, since its time is mostly
# waits on dockerd; a file's tests share a worker, for module fixtures and file order; then the tests
# marked engine_alone one by one), the podman lane (matrix-check; podman and dockerd are different
# engines) and the CPU lane (linters, cargo test, the other interpreters, the docs; niced, so the
# engine lanes' timeouts get the CPU first). The tests marked podman run last, alone, once the matrix
# no longer uses podman. Each step prints `step: NAME N s`.
STEP := $(CURDIR)/.ci/step
PYTEST_WORKERS ?= 4
# The sub-makes of check reuse the one build: build-dev and install are taken as done.
BUILT := -o build-dev -o install
CHECK_PYTEST = env DOCKERTEST_REQUIRE_DAEMON=1 DOCKERTEST_WHEEL=$$(ls $(CURDIR)/$(WHEEL_DIR)/*.whl) $(PY) -m pytest -q $(PYTEST_ARGS)

.PHONY: check
check:  ## THE TEST COMMAND: set up the host, then every linter and test (daemon tests must run)
	@$(STEP) build $(MAKE) -s build-release
	@$(STEP) wheel $(MAKE) -s wheel
	@$(STEP) host-up $(MAKE) -s $(BUILT) host-up
	@$(STEP) browser $(MAKE) -s browser
	@$(STEP) lanes $(MAKE) -s -k -j3 --output-sync=target check-docker check-podman check-cpu
	@$(STEP) pytest-podman $(CHECK_PYTEST) -m 'podman and not soak'

.PHONY: check-docker
check-docker:  ## Part of check: pytest on PYTEST_WORKERS workers, then the engine_alone tests (no podman ones)
	@$(STEP) pytest-parallel $(CHECK_PYTEST) -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder -m 'not soak and not engine_alone and not podman'
	@$(STEP) pytest-alone $(CHECK_PYTEST) -m 'engine_alone and not podman and not soak'

.PHONY: check-podman
check-podman:  ## Part of check: the podman matrix
	@$(STEP) matrix-check $(MAKE) -s $(BUILT) matrix-check

.PHONY: check-cpu
check-cpu:  ## Part of check: linters, cargo test, test-pythons and docs, niced
	@$(STEP) lint-rust nice $(MAKE) -s lint-rust
	@$(STEP) lint-python nice $(MAKE) -s $(BUILT) lint-python
	@$(STEP) test-rust nice $(MAKE) -s test-rust
	@$(STEP) test-pythons nice $(MAKE) -s $(BUILT) -o wheel test-pythons
	@$(STEP) docs nice $(MAKE) -s $(BUILT) docs

.PHONY: run
run:  ## THE MAIN JOB: release build, set up the host, then `dockertest run` the default selection (ARGS=names)
	$(MAKE) build-release
	$(PY) -m dockertest.host up
	$(VENV)/bin/dockertest run $(ARGS)

.PHONY: matrix
matrix: host-up  ## Run the default selection on every available engine profile: results/matrix/matrix.md and .json
	$(PY) -m dockertest.matrix --results results/matrix $(if $(PROFILES),--profiles $(PROFILES),) $(if $(ARGS),--args '$(ARGS)',)

.PHONY: matrix-check
matrix-check: build-dev  ## Run the podman profiles and fail when a cell differs from matrix-expected.txt (part of check)
	$(PY) -m dockertest.matrix --profiles podman,podman-api --results results/matrix --expected matrix-expected.txt

.PHONY: all
all: format build-dev lint test-rust test  ## format, build, lint and test

.PHONY: clean
clean:  ## Remove build output (not the host state; see host-down)
	rm -rf target dist $(VENV) .venv-* python/dockertest/*.so .pytest_cache .ruff_cache .mypy_cache docs/_build
