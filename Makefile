# mod_helpdesk -- build, run, test.
#
#   make          build modules/mod_helpdesk.so with apxs
#   make run      install what is missing, build, start the private stack
#   make stop     stop it
#   make test     everything, on its own stacks and ports; stops them after:
#                 the module, then the sanitizer build (as make test-asan)
#   make test-asan  the module and unit tests built with ASan + UBSan, the
#                 integration suites against it (var/asan)
#   make asan     only build that module (build/asan/mod_helpdesk.so)
#   make unit     C unit tests only
#   make bench    figures at 10,000 and 1,000,000 tickets (BENCH_SIZES=10000: quick)
#   make bench-data  load BENCH_TICKETS (default 1,000,000) into var/bench/<N>
#   make format   clang-format the C sources (format-check: only check)

SHELL := /bin/bash
APXS ?= apxs
STACK := conf/stack/stack.sh
SRC := $(wildcard modules/*.c)
HDR := $(wildcard modules/*.h)
SO := modules/mod_helpdesk.so
# The MTA's side of incoming mail: a program of its own, not in the module.
MAILGATE := build/helpdesk-mailgate
# Warnings are errors everywhere: CI builds exactly this.
WARN := -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
        -Werror
CFLAGS_EXTRA := $(shell xslt-config --cflags 2>/dev/null) $(shell pkg-config --cflags gmime-3.0 2>/dev/null)
LIBS := $(shell xslt-config --libs 2>/dev/null) -lldap -llber -ljansson -lcrypto $(shell pkg-config --libs gmime-3.0 libcurl libcmark 2>/dev/null)

.PHONY: all asan deps run stop test test-asan unit integration bench bench-data clean \
	format format-check

all: $(SO) $(MAILGATE)

$(SO): $(SRC) $(HDR)
	cd modules && $(APXS) -c $(addprefix -Wc$(comma),$(WARN) $(CFLAGS_EXTRA)) \
	    -o mod_helpdesk.la $(notdir $(SRC)) $(LIBS) >/dev/null
	@# A new file, renamed into place: a running Apache keeps its old copy
	@# mapped instead of crashing on a rewritten one.
	cp modules/.libs/mod_helpdesk.so $(SO).new && mv -f $(SO).new $(SO)

comma := ,

$(MAILGATE): modules/mailgate/helpdesk-mailgate.c
	@mkdir -p build
	$(CC) -O2 -g $(WARN) -o $@ $< $(shell pkg-config --cflags --libs libcurl)

# The same module built with AddressSanitizer and UndefinedBehaviorSanitizer
# for make test-asan, in a directory of its own so the normal build is left
# alone: apxs puts objects beside their sources, so the build directory
# holds links to them.  The stack loads it when started with HD_SANITIZE=1
# and preloads the sanitizer runtime into apache2 (conf/stack/stack.sh).
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
ASAN_DIR := build/asan
ASAN_SO := $(ASAN_DIR)/mod_helpdesk.so

asan: $(ASAN_SO)

$(ASAN_SO): $(SRC) $(HDR)
	@mkdir -p $(ASAN_DIR)
	cd $(ASAN_DIR) && ln -sf $(addprefix ../../,$(SRC) $(HDR)) . && \
	    $(APXS) -c $(addprefix -Wc$(comma),$(WARN) $(CFLAGS_EXTRA) $(SANITIZE) -O1 -U_FORTIFY_SOURCE) \
	    -o mod_helpdesk.la $(notdir $(SRC)) $(LIBS) -lasan -lubsan >/dev/null
	cp $(ASAN_DIR)/.libs/mod_helpdesk.so $(ASAN_SO).new && mv -f $(ASAN_SO).new $(ASAN_SO)

deps:
	@bash $(STACK) deps

run: deps
	@$(MAKE) --no-print-directory all
	@# 8080 for a new stack; HELPDESK_PORT=N moves a stopped one to N.
	@# Background jobs every minute, as in production (a stack made by
	@# stack.sh alone, as for make test, looks every second).
	@HD_HTTP_PORT=$${HELPDESK_PORT:-} HD_DEFAULT_HTTP_PORT=8080 \
	    HD_JOB_INTERVAL=60 HD_JOB_LEASE=300 bash $(STACK) start
	@bash $(STACK) welcome

stop:
	@bash $(STACK) stop

unit: deps
	@$(MAKE) --no-print-directory -C t/unit run

# The whole suite on a stack of its own (var/test, free ports), stopped
# again whatever happens; then the integration suites again against the
# sanitizer build (var/asan).  About eleven minutes on two cores.
test: deps
	@$(MAKE) --no-print-directory all asan
	@bash t/run-all.sh plain asan

# Only the sanitizer half of make test.
test-asan: deps
	@$(MAKE) --no-print-directory asan
	@bash t/run-all.sh asan

bench: deps
	@$(MAKE) --no-print-directory all
	@bash t/bench.sh

# Generated tickets for the benchmark, in a stack of their own that is left
# running (stop: HD_VAR=var/bench/<N> bash conf/stack/stack.sh stop).
bench-data: deps
	@$(MAKE) --no-print-directory all
	@bash t/bench/generate.sh

# One style for all C (.clang-format); make test fails on a difference.
FORMATTED := $(SRC) $(HDR) $(wildcard t/unit/*.c t/unit/*.h) \
	modules/mailgate/helpdesk-mailgate.c
format:
	clang-format -i $(FORMATTED)

format-check:
	@clang-format --dry-run --Werror $(FORMATTED) && echo "C formatting: ok"

clean:
	rm -rf modules/.libs modules/*.lo modules/*.la modules/*.slo \
	    modules/*.o $(SO) build
	@$(MAKE) --no-print-directory -C t/unit clean
