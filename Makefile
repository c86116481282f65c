# Pforte: build, run and test entry points.
#
# `make run` and `make test` prepare a fresh Debian machine themselves (system packages,
# Python venv), then build. Run as root they install what is missing; otherwise they print
# the apt-get line to run and stop.

SHELL := /bin/bash
SWIFT ?= swift
PYTHON ?= python3
VENV = .venv
PFORTE_TEST_BIN = $(CURDIR)/.build/debug/pforte
# The Swift suite's output, kept so that `make test` can repeat its failures at the end, where
# a CI log's tail shows them (the interop suite's output comes after it).
SWIFT_TEST_LOG = .build/swift-test.log

# Debian packages: the C libraries the Swift targets link (xmlsec, Argon2, libsodium, SQLite, zlib), for
# building and running; and what only the tests use: the xmlsec1 CLI (pysaml2's, in the SAML
# interop tests), a PostgreSQL server, the openssl CLI, python3-venv, and Chromium with its
# driver for the page tests in a real browser.
BUILD_PACKAGES = pkg-config libxml2-dev libxmlsec1-dev libxmlsec1-openssl libargon2-dev libsodium-dev libsqlite3-dev zlib1g-dev
TEST_PACKAGES = xmlsec1 postgresql python3-venv openssl chromium chromium-driver

.PHONY: deps test-deps build build-tests test-prerequisites run test test-swift test-interop swift-suite swift-suite-then-fuzz interop-suite venv clean bench-crypto bench fuzz fuzz-build fuzz-seeds

deps:
	@scripts/apt-ensure $(BUILD_PACKAGES)

test-deps: deps
	@scripts/apt-ensure $(TEST_PACKAGES)

build: deps
	$(SWIFT) build

# A dev instance in the repo dir: data/ and keys/ are created relative to it.
# Extra arguments: make run ARGS="--port 9090"
run: build
	$(PFORTE_TEST_BIN) serve $(ARGS)

# Everything CI runs. One build serves both suites: the test bundle and the pforte binary, the
# project's own targets instrumented for coverage (PFORTE_COVERAGE=1, see Package.swift; a plain
# `swift build` after it rebuilds without). The index store
# stays on: on Linux, --build-tests reads it for test discovery (with --disable-index-store a
# clean build fails). The test packages and the Python venv are installed while the build
# runs (apt and pip wait on the network and the disk, the build on the CPU). Both suites share
# one throwaway PostgreSQL cluster and run side by side: the interop suite keeps about a core
# and a quarter busy (it waits on servers, browsers and peers), so `swift test` runs niced in
# what is left; each suite's output is printed when it ends. -k reports both when one fails.
test: deps
	$(MAKE) -j2 build-tests test-prerequisites
	rm -f $(SWIFT_TEST_LOG)
	scripts/test-postgres run -- $(MAKE) -j2 -k --output-sync=target swift-suite-then-fuzz interop-suite || { \
		echo "== make test failed; the Swift suite's failures, if any:"; \
		grep -s -E '^✘ ' $(SWIFT_TEST_LOG) | head -n 60; exit 1; }

test-prerequisites: test-deps venv

build-tests: deps
	PFORTE_COVERAGE=1 $(SWIFT) build --build-tests

# Each suite alone, built first. Under scripts/test-postgres (as `make test` runs them) they
# see PFORTE_TEST_POSTGRES_URL and also run on PostgreSQL.
test-swift: build-tests
	$(MAKE) swift-suite

test-interop: build-tests venv
	$(MAKE) interop-suite

# The suites without their build step. swift-suite prints the line coverage of each module of
# Sources/ (a report, not a gate: make goes on if the summary itself fails).
swift-suite:
	set -o pipefail; PFORTE_COVERAGE=1 nice -n 10 $(SWIFT) test --skip-build --enable-code-coverage 2>&1 | tee $(SWIFT_TEST_LOG)
	-scripts/coverage-summary

# With TEST_FUZZ_SECONDS set (CI: .ci/run), `make test` also runs every fuzz target that long,
# after the Swift suite and beside the rest of the interop suite. It builds them in .build, on
# the dependencies the test build compiled (only the fuzzed modules are recompiled, minutes less
# than a build of its own); not the default, because the next test build then recompiles them.
swift-suite-then-fuzz: swift-suite
	$(if $(TEST_FUZZ_SECONDS),nice -n 10 $(MAKE) fuzz FUZZ_SCRATCH=.build FUZZ_SECONDS=$(TEST_FUZZ_SECONDS))

# Two pytest-xdist workers (the CI machine's two cores); a module's tests stay on one worker,
# so a module-scoped server starts once. The instrumented binary writes its profiles to a
# temp dir instead of each server's working directory.
interop-suite:
	profiles=$$(mktemp -d) && trap 'rm -rf "$$profiles"' EXIT && \
	LLVM_PROFILE_FILE="$$profiles/pforte-%m.profraw" PFORTE_TEST_BIN=$(PFORTE_TEST_BIN) \
		$(VENV)/bin/python -m pytest -q -n 2 --dist loadscope --durations=30 Tests/interop

venv: $(VENV)/.stamp

# Recreated whenever the pinned requirements change. test-deps brings python3-venv.
$(VENV)/.stamp: Tests/interop/requirements.txt Tests/interop/requirements-axe.txt | test-deps
	$(PYTHON) -m venv --clear $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r Tests/interop/requirements.txt
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r Tests/interop/requirements-axe.txt
	touch $@

# The cryptographic ceilings (Argon2id, ES256/RS256, SAML signatures) of this machine, on one
# core, in a release build. Its own build folder keeps it from invalidating the debug build.
bench-crypto: deps
	$(SWIFT) build -c release --scratch-path .build-release --product pforte
	.build-release/release/pforte benchmark

# Throughput, latency, CPU and memory of Pforte and peer products (LemonLDAP::NG,
# SimpleSAMLphp, idpyoidc) under the workloads of issue 9; writes docs/performance.md.
# Not part of `make test`: about 20 minutes on 2 cores, BENCH_QUICK=1 for a smoke run.
bench: deps
	scripts/bench/run

# libFuzzer targets for the parsers that face the network (docs/fuzzing.md): each runs for
# FUZZ_SECONDS on a copy of its committed corpus; a crash fails and names the input. Built in
# its own scratch path (PFORTE_FUZZ=1, see Package.swift) so the debug build stays valid;
# libFuzzer comes with the Swift toolchain.
FUZZ_SECONDS ?= 60
FUZZ_SCRATCH ?= .build-fuzz
FUZZ_TARGETS ?= saml-query deflate saml-post saml-response client-assertion id-token-hint form-body eid-soap
FUZZ_BIN = $(FUZZ_SCRATCH)/debug/pforte-fuzz

fuzz: fuzz-build
	FUZZ_FINDINGS=$(FUZZ_SCRATCH)/fuzz-findings scripts/fuzz $(FUZZ_BIN) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-build: deps
	PFORTE_FUZZ=1 $(SWIFT) build --scratch-path $(FUZZ_SCRATCH) --product pforte-fuzz

# Rewrites the seeds in Tests/fuzz/corpus from the project's own code (after a format change).
fuzz-seeds: fuzz-build
	PFORTE_FUZZ_SEEDS=Tests/fuzz/corpus $(FUZZ_BIN)

clean:
	$(SWIFT) package clean
	rm -rf $(VENV) Tests/interop/.pytest_cache .bench
