# mod_helpdesk -- build, run, test.
#
#   make          build modules/mod_helpdesk.so with apxs
#   make run      install what is missing, build, start the private stack
#   make stop     stop it
#   make test     everything, on its own stack and ports; stops it after
#   make unit     C unit tests only
#   make bench    figures at 10,000 and 1,000,000 tickets (BENCH_SIZES=10000: quick)
#   make bench-data  load BENCH_TICKETS (default 1,000,000) into var/bench/<N>
#   make format   clang-format the C sources (format-check: only check)

SHELL := /bin/bash
APXS ?= apxs
STACK := conf/stack/stack.sh
SRC := $(wildcard modules/*.c)
HDR := modules/mod_helpdesk.h
SO := modules/mod_helpdesk.so
# Warnings are errors everywhere: CI builds exactly this.
WARN := -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
        -Werror
CFLAGS_EXTRA := $(shell xslt-config --cflags 2>/dev/null)
LIBS := $(shell xslt-config --libs 2>/dev/null) -lldap -llber -ljansson

.PHONY: all deps run stop test unit integration bench bench-data clean \
	format format-check

all: $(SO)

$(SO): $(SRC) $(HDR)
	cd modules && $(APXS) -c $(addprefix -Wc$(comma),$(WARN) $(CFLAGS_EXTRA)) \
	    -o mod_helpdesk.la $(notdir $(SRC)) $(LIBS) >/dev/null
	@# A new file, renamed into place: a running Apache keeps its old copy
	@# mapped instead of crashing on a rewritten one.
	cp modules/.libs/mod_helpdesk.so $(SO).new && mv -f $(SO).new $(SO)

comma := ,

deps:
	@bash $(STACK) deps

run: deps
	@$(MAKE) --no-print-directory all
	@HD_HTTP_PORT=$${HELPDESK_PORT:-8080} bash $(STACK) start
	@bash $(STACK) welcome

stop:
	@bash $(STACK) stop

unit: deps
	@$(MAKE) --no-print-directory -C t/unit run

# The whole suite on a stack of its own (var/test, free ports), stopped
# again whatever happens.
test: deps
	@$(MAKE) --no-print-directory all
	@bash t/run-all.sh

bench: deps
	@$(MAKE) --no-print-directory all
	@bash t/bench.sh

# Generated tickets for the benchmark, in a stack of their own that is left
# running (stop: HD_VAR=var/bench/<N> bash conf/stack/stack.sh stop).
bench-data: deps
	@$(MAKE) --no-print-directory all
	@bash t/bench/generate.sh

# One style for all C (.clang-format); make test fails on a difference.
FORMATTED := $(SRC) $(HDR) $(wildcard t/unit/*.c)
format:
	clang-format -i $(FORMATTED)

format-check:
	@clang-format --dry-run --Werror $(FORMATTED) && echo "C formatting: ok"

clean:
	rm -rf modules/.libs modules/*.lo modules/*.la modules/*.slo \
	    modules/*.o $(SO)
	@$(MAKE) --no-print-directory -C t/unit clean
