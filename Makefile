# Tandem: two commands on a fresh Debian machine.
#   make demo   installs what is missing, builds, runs the pipeline on the seed articles
#   make test   installs what is missing, builds, runs every test
SHELL := /bin/bash
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SHARED ?= ../shared
TANDEM := .build/debug/tandem

.PHONY: all deps test-deps build demo test bench clean fuzz fuzz-build pg-start pg-stop

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
	@# translate-toolkit (ttk-dump loads our XLIFF and TMX exports) in .venv-ttk.
	@if [ -x $(SHARED)/tools/install-interchange-deps ] && [ ! -x .venv-ttk/bin/python ]; then \
	  $(SHARED)/tools/install-interchange-deps --ttk .venv-ttk; fi

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
	@for article in $(SEEDS); do out=$$($(TANDEM) article add --lang fr "$$article") || exit 1; grep furniture <<<"$$out" || true; done
	@echo "== Analysis of the seed articles against the memory, before alignment"; $(TANDEM) analyze $(notdir $(basename $(SEEDS)))
	@for article in $(SEEDS); do \
	  echo "== Alignment of $$article with seeds/en/$$(basename $$article)"; \
	  $(TANDEM) align --format table --into-memory --translator "Tandem team" \
	    "$$article" "seeds/en/$$(basename $$article)" || exit 1; \
	done
	@echo "== The memory"; $(TANDEM) stats
	@echo "== A fuzzy lookup"; $(TANDEM) lookup --min 0.5 "Le placement sur liste noire pourrait compliquer la vie de ces groupes."
	@echo "== Export"; $(TANDEM) export --format tmx -o exports/memory.fr-en.tmx
	@echo "== Claims and sources: the reviewed annotations of the seed articles"
	@for annotations in seeds/annotations/*.json; do $(TANDEM) annotations import "$$annotations" || exit 1; done
	@echo "== Citation coverage"; $(TANDEM) coverage
	@echo "== Claims carried into the English translation in the memory"; $(TANDEM) coverage --target en
	@$(TANDEM) coverage --format html -o exports/coverage.html
	@$(TANDEM) annotations export -o exports/annotations.jsonld
	@echo "== The seed articles as XLIFF 2.1 and 1.2 (translations, candidates, claims, furniture)"
	@for article in $(SEEDS); do \
	  name=$$(basename $$article .txt); \
	  $(TANDEM) export $$name --format xliff2 --metadata seeds/$$name.json -o exports/$$name.fr-en.xlf || exit 1; \
	  $(TANDEM) export $$name --format xliff12 --metadata seeds/$$name.json -o exports/$$name.fr-en.xliff12.xlf || exit 1; \
	done
	@echo "== Validation of the exports"
	@if [ -x $(SHARED)/tools/validate-interchange ]; then $(SHARED)/tools/validate-interchange exports/memory.fr-en.tmx exports/*.xlf; \
	 else echo "(../shared/tools/validate-interchange not found: exports/ not validated)"; fi
	@for article in $(SEEDS); do \
	  echo "== Quality check of the aligned translation of $$(basename $$article .txt) (exit status 2: errors found)"; \
	  $(TANDEM) check "$$(basename $$article .txt)"; status=$$?; [ $$status -le 2 ] || exit $$status; \
	done
	@echo "== A translation session, scripted: a reviewer approves the aligned translation of segment 3"
	@printf '\n:quit\n' | $(TANDEM) translate 000_9519520b1cfbc68e --from 3 --translator "Tandem team"

## A throw-away PostgreSQL cluster for the tests (installs Debian's postgresql when
## missing; run by the postgres system user when we are root), loopback port PG_PORT.
PG_DIR ?= /tmp/tandem-pg-test-$(shell id -u)
PG_PORT ?= 55432
pg-start:
	@.ci/test-postgres.sh start $(PG_DIR) $(PG_PORT)
	@echo "PostgreSQL test cluster: $$(cat $(PG_DIR)/url)"
pg-stop:
	@.ci/test-postgres.sh stop $(PG_DIR)

test: test-deps
	$(SWIFT) build --build-tests
	@$(MAKE) --no-print-directory pg-start
	@TANDEM_TEST_POSTGRES=$$(cat $(PG_DIR)/url) TANDEM_TEST_POSTGRES_CERT=$(PG_DIR)/server.crt $(SWIFT) test; status=$$?; \
	 $(MAKE) --no-print-directory pg-stop; exit $$status

bench: deps
	$(SWIFT) run -c release tandem-bench

## libFuzzer on the TMX and XLIFF readers (Tests/Fuzz/FuzzEntry.swift): XMLSupport, the
## TranslationMemory model (the files that do not use GRDB) and Interchange built with -sanitize=fuzzer,address, run for
## FUZZ_SECONDS from a seed corpus of $(SHARED)/interchange/samples. Findings (crash,
## timeout, out-of-memory inputs) are written to .build-fuzz/artifacts/.
FUZZ_SECONDS ?= 60
FUZZ_DIR := .build-fuzz
FUZZ_FLAGS := -sanitize=fuzzer,address -parse-as-library -O -g -wmo
FUZZ_XML := -I Sources/CLibXML2 $(shell pkg-config --cflags-only-I libxml-2.0 2>/dev/null | sed 's/-I/-Xcc -I/g')
FUZZ_SOURCES := $(wildcard Sources/XMLSupport/*.swift Sources/TranslationMemory/*/*.swift Sources/Interchange/*/*.swift Tests/Fuzz/*.swift $(wildcard Sources/Interchange/Schemas/*/*.xsd))
fuzz-build: deps $(FUZZ_DIR)/tandem-fuzz
	@mkdir -p $(FUZZ_DIR)/corpus $(FUZZ_DIR)/artifacts
	@if [ -d $(SHARED)/interchange/samples ]; then \
	  find $(SHARED)/interchange/samples -type f \( -name '*.xlf' -o -name '*.xliff' -o -name '*.tmx' \) -size -64k \
	    -exec cp {} $(FUZZ_DIR)/corpus/ \; ; fi
	@echo "seed corpus: $$(ls $(FUZZ_DIR)/corpus | wc -l) files"

$(FUZZ_DIR)/tandem-fuzz: $(FUZZ_SOURCES)
	@mkdir -p $(FUZZ_DIR)
	swiftc $(FUZZ_FLAGS) $(FUZZ_XML) -module-name XMLSupport -emit-module -emit-module-path $(FUZZ_DIR)/XMLSupport.swiftmodule \
	  -c Sources/XMLSupport/*.swift -o $(FUZZ_DIR)/XMLSupport.o
	swiftc $(FUZZ_FLAGS) -module-name TranslationMemory -emit-module -emit-module-path $(FUZZ_DIR)/TranslationMemory.swiftmodule \
	  -c $$(grep -L '^import GRDB' Sources/TranslationMemory/*/*.swift) -o $(FUZZ_DIR)/TranslationMemory.o
	swiftc $(FUZZ_FLAGS) $(FUZZ_XML) -I $(FUZZ_DIR) -module-name Interchange -emit-module -emit-module-path $(FUZZ_DIR)/Interchange.swiftmodule \
	  -c $$(find Sources/Interchange -name '*.swift') Tests/Fuzz/InterchangeResources.swift -o $(FUZZ_DIR)/Interchange.o
	swiftc $(FUZZ_FLAGS) $(FUZZ_XML) -I $(FUZZ_DIR) -module-name TandemFuzz Tests/Fuzz/FuzzEntry.swift \
	  $(FUZZ_DIR)/XMLSupport.o $(FUZZ_DIR)/TranslationMemory.o $(FUZZ_DIR)/Interchange.o -lxml2 -o $@ 2>&1 | grep -v "Cannot export local symbol" || true
	@test -x $@

fuzz: fuzz-build
	$(FUZZ_DIR)/tandem-fuzz -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 \
	  -max_len=65536 -dict=Tests/Fuzz/xml.dict -print_final_stats=1 \
	  -artifact_prefix=$(FUZZ_DIR)/artifacts/ $(FUZZ_DIR)/corpus

clean:
	rm -rf .build $(FUZZ_DIR)
