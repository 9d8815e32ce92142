# Tandem: two commands on a fresh Debian machine.
#   make demo   installs what is missing, builds, runs the pipeline on the seed articles
#   make test   installs what is missing, builds, runs every test
SHELL := /bin/bash
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SHARED ?= ../shared
TANDEM := .build/debug/tandem

.PHONY: all deps test-deps build demo test bench clean pg-start pg-stop

all: build

## Installs the system packages Tandem builds against and the tools its tests use.
deps:
	@missing=""; \
	pkg-config --exists libxml-2.0 2>/dev/null || missing="$$missing libxml2-dev"; \
	command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	[ -e /usr/include/sqlite3.h ] || missing="$$missing libsqlite3-dev"; \
	command -v xmllint >/dev/null || missing="$$missing libxml2-utils"; \
	command -v python3 >/dev/null || missing="$$missing python3"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

## What the tests use besides the build: OmegaT (a real CAT tool loads our TMX) and
## Chromium (renders the HTML coverage report). Java comes with omegat.
test-deps: deps
	@missing=""; \
	command -v omegat >/dev/null || missing="$$missing omegat"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing for the tests:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build

## The main job on the seed articles: segment them, align each with its English
## translation into the memory (Memory/), export the memory as TMX (exports/).
SEEDS := $(wildcard seeds/*.txt)
demo: build
	@mkdir -p Memory exports
	@for article in $(SEEDS); do \
	  echo "== Segments of $$article"; \
	  $(TANDEM) segment --lang fr --format table "$$article" || exit 1; \
	done
	@echo "== Glossary"; $(TANDEM) glossary import seeds/glossary/fr-en.tsv && $(TANDEM) glossary import seeds/glossary/fr-en.tbx
	@for article in $(SEEDS); do $(TANDEM) article add --lang fr "$$article" >/dev/null || exit 1; done
	@echo "== Analysis of the seed articles against the memory, before alignment"; $(TANDEM) analyze $(notdir $(basename $(SEEDS)))
	@for article in $(SEEDS); do \
	  echo "== Alignment of $$article with seeds/en/$$(basename $$article)"; \
	  $(TANDEM) align --format table --into-memory --translator "Tandem team" \
	    "$$article" "seeds/en/$$(basename $$article)" || exit 1; \
	done
	@echo "== The memory"; $(TANDEM) stats
	@echo "== A fuzzy lookup"; $(TANDEM) lookup --min 0.5 "Le placement sur liste noire pourrait compliquer la vie de ces groupes."
	@echo "== Export"; $(TANDEM) export --format tmx -o exports/memory.fr-en.tmx
	@if [ -x $(SHARED)/tools/validate-interchange ]; then $(SHARED)/tools/validate-interchange exports/memory.fr-en.tmx; \
	 else echo "(../shared/tools/validate-interchange not found: exports/memory.fr-en.tmx not validated)"; fi
	@echo "== Claims and sources: the seed articles and their reviewed annotations"
	@for article in $(SEEDS); do $(TANDEM) article add --lang fr "$$article" || exit 1; done
	@for annotations in seeds/annotations/*.json; do $(TANDEM) annotations import "$$annotations" || exit 1; done
	@echo "== Citation coverage"; $(TANDEM) coverage
	@echo "== Claims carried into the English translation in the memory"; $(TANDEM) coverage --target en
	@$(TANDEM) coverage --format html -o exports/coverage.html
	@$(TANDEM) annotations export -o exports/annotations.jsonld
	@for article in $(SEEDS); do \
	  echo "== Quality check of the aligned translation of $$(basename $$article .txt) (exit status 2: errors found)"; \
	  $(TANDEM) check "$$(basename $$article .txt)"; status=$$?; [ $$status -le 2 ] || exit $$status; \
	done

## A throw-away PostgreSQL cluster for the tests (installs Debian's postgresql when
## missing; run by the postgres system user when we are root), loopback port PG_PORT.
PG_DIR ?= /tmp/tandem-pg-test-$(shell id -u)
PG_PORT ?= 55432
pg-start:
	@scripts/test-postgres.sh start $(PG_DIR) $(PG_PORT)
	@echo "PostgreSQL test cluster: $$(cat $(PG_DIR)/url)"
pg-stop:
	@scripts/test-postgres.sh stop $(PG_DIR)

test: test-deps
	$(SWIFT) build --build-tests
	@$(MAKE) --no-print-directory pg-start
	@TANDEM_TEST_POSTGRES=$$(cat $(PG_DIR)/url) $(SWIFT) test; status=$$?; \
	 $(MAKE) --no-print-directory pg-stop; exit $$status

bench: deps
	$(SWIFT) run -c release tandem-bench

clean:
	rm -rf .build
