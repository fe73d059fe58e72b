# Set-up and everyday commands. Each target installs OpenBLAS and zlib first when missing.
SWIFT ?= swift
RELEASE_BIN = .build/release
ifeq ($(shell uname -s),Darwin)
DEPS_OK := true
else
DEPS_OK := $(shell pkg-config --exists openblas 2>/dev/null && test -f /usr/include/zlib.h && echo true)
endif

.PHONY: deps build run test bench bench-long fuzz kill-trials readme-presets check-reports check-imports clean

deps:
ifneq ($(DEPS_OK),true)
	@if command -v apt-get >/dev/null 2>&1; then \
		echo "Installing OpenBLAS and zlib (apt-get)…"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas-dev zlib1g-dev pkg-config >/dev/null; \
	else \
		echo "error: OpenBLAS (pkg-config 'openblas') and zlib headers are required; install them with your package manager (e.g. libopenblas-dev zlib1g-dev pkg-config)." >&2; exit 1; \
	fi
endif

# The two products only: a plain `swift build -c release` also compiles swift-protobuf's protoc (10+ minutes).
build: deps
	$(SWIFT) build -c release --product gnn2gnn
	$(SWIFT) build -c release --product gnn2gnn-bench

# The main job: train on the embedded NAS-Bench-Graph benchmark (Cora) and write runs/default/.
run: deps
	$(SWIFT) build -c release --product gnn2gnn
	$(RELEASE_BIN)/gnn2gnn self-check
	$(RELEASE_BIN)/gnn2gnn train --out runs/default
	@echo "report: runs/default/report.html"

test: deps
	$(SWIFT) test

# Release-build measurements, one JSON object per line (docs/PERFORMANCE.md); `perf` measurements run
# one child process each, so that each reports its own peak memory.
bench: deps
	$(SWIFT) run -c release gnn2gnn-bench

# The 20-epoch runs on NAS-Bench-201 CIFAR-10 and NAS-Bench-101 (about 10 minutes).
bench-long: deps
	$(SWIFT) run -c release gnn2gnn-bench long

# The README's preset table, printed by `gnn2gnn presets` from the presets themselves.
readme-presets: deps
	$(SWIFT) build -c release --product gnn2gnn
	$(RELEASE_BIN)/gnn2gnn presets > .presets.md
	python3 scripts/splice_readme.py README.md presets .presets.md && rm -f .presets.md

# Every report under runs/ (or REPORTS="a.html b.html") in headless Chromium at 1400 and 800 px: fails when
# a page is wider than its window; screenshots go to runs/report-checks/.
REPORTS ?= $(wildcard runs/*/report.html)
check-reports:
	@command -v chromium >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	python3 scripts/check_reports.py runs/report-checks $(REPORTS)

# Every target and test built without GNN2GNN's umbrella re-exports, in its own build folder: fails when a
# module uses another it does not import (and Package.swift does not list).
check-imports: deps
	$(SWIFT) build --build-tests --build-path .build-imports -Xswiftc -DGNN2GNN_NO_REEXPORTS

# Every file reader on 100,000 seeded mutations each, in a release build (a short run is part of `make test`).
fuzz: deps
	$(SWIFT) build -c release --product gnn2gnn-fuzz
	$(RELEASE_BIN)/gnn2gnn-fuzz --inputs 100000

# 25 runs killed with SIGKILL at random moments and resumed, each compared byte for byte with an uninterrupted run.
kill-trials: deps
	$(SWIFT) build -c release --product gnn2gnn
	scripts/kill_resume_trials.sh 25

clean:
	rm -rf .build
