# deeds: build, test, validate, bench.  `make demo` and `make check` install
# the Debian packages they lack (tools/deps.sh), so a fresh Debian 12 machine
# needs nothing else.
CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter
# Header folders of libpq and cairo, asked of pkg-config when first used
# (after tools/deps.sh has installed them).
PKG_CFLAGS = $(shell pkg-config --cflags libpq cairo 2>/dev/null)
CPPFLAGS += -D_GNU_SOURCE -Iinclude -Isrc $(PKG_CFLAGS)
LDLIBS  := -lutf8proc -lsqlite3 -lpq -lmicrohttpd -lcairo -lpthread -lm
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

B       ?= build
export B
LIB_SRC := $(sort $(wildcard src/*.c))
LIB_OBJ := $(LIB_SRC:src/%.c=$(B)/obj/%.o) $(B)/obj/builtin_dict.o
SAN_OBJ := $(LIB_SRC:src/%.c=$(B)/san/%.o) $(B)/san/builtin_dict.o
HAND_DICT := $(sort $(wildcard data/dict/*))
DICT_FILES := $(HAND_DICT) $(B)/iso-countries.actors
ISO_JSON := /usr/share/iso-codes/json/iso_3166-1.json
CLI_SRC := $(sort $(wildcard cli/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))

.PHONY: all deps web demo check validate bench fuzz strict tsan clean install
# `make` builds the command and the page `deeds serve` shows (uPlot from npm).
all: $(B)/deeds web

deps:
	@tools/deps.sh

$(B)/.deps-ok: tools/deps.sh
	@tools/deps.sh
	@mkdir -p $(B) && touch $@

$(B)/obj/%.o: src/%.c include/deeds.h $(wildcard src/*.h) $(B)/.deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -c $< -o $@

$(B)/san/%.o: src/%.c include/deeds.h $(wildcard src/*.h) $(B)/.deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) -O1 -g $(SAN) -c $< -o $@

# The built-in dictionaries are compiled into the library, so deeds needs no
# external file to run.
$(B)/embed: tools/embed.c
	@mkdir -p $(B)
	$(CC) $(WARN) -O2 $< -o $@
# Every ISO 3166-1 country's names and CAMEO code come from Debian's
# iso-codes table; names written by hand in data/dict/*.actors win.
$(B)/gen_countries: tools/gen_countries.c $(B)/obj/json.o $(B)/obj/sentence.o
	$(CC) $(CPPFLAGS) $(WARN) -O2 $^ -lutf8proc -o $@
$(ISO_JSON): $(B)/.deps-ok
$(B)/iso-countries.actors: $(B)/gen_countries $(ISO_JSON) $(filter %.actors,$(HAND_DICT))
	$(B)/gen_countries $(ISO_JSON) $(filter %.actors,$(HAND_DICT)) > $@.tmp && mv $@.tmp $@
$(B)/builtin_dict.c: $(B)/embed $(DICT_FILES)
	$(B)/embed $(DICT_FILES) > $@
$(B)/obj/builtin_dict.o: $(B)/builtin_dict.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -c $< -o $@
$(B)/san/builtin_dict.o: $(B)/builtin_dict.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) -O1 -g $(SAN) -c $< -o $@

$(B)/libdeeds.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^
$(B)/libdeeds-san.a: $(SAN_OBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/deeds: $(CLI_SRC) cli/cli.h $(B)/libdeeds.a
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(CLI_SRC) $(B)/libdeeds.a $(LDLIBS) -o $@
$(B)/deeds-san: $(CLI_SRC) cli/cli.h $(B)/libdeeds-san.a
	$(CC) $(CPPFLAGS) $(WARN) -O1 -g $(SAN) $(CLI_SRC) $(B)/libdeeds-san.a $(LDLIBS) -o $@

# ThreadSanitizer build of the command, for the -j pipeline (make tsan).
$(B)/deeds-tsan: $(CLI_SRC) cli/cli.h $(LIB_SRC) $(B)/builtin_dict.c include/deeds.h
	$(CC) $(CPPFLAGS) $(WARN) -O1 -g -fsanitize=thread $(CLI_SRC) $(LIB_SRC) $(B)/builtin_dict.c $(LDLIBS) -o $@
tsan: $(B)/deeds-tsan
	@tests/tsan.sh $(B)/deeds-tsan

# Unit tests (cmocka) run under AddressSanitizer and UBSan.
$(B)/tests/%: tests/unit/%.c $(B)/libdeeds-san.a tests/unit/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) -O1 -g $(SAN) $< $(B)/libdeeds-san.a $(LDLIBS) -lcmocka -o $@

# The page `deeds serve` shows: uPlot from npm (pinned) into web/vendor.
web:
	@tools/web.sh

demo: $(B)/deeds
	@tools/demo.sh

check: $(UNIT_BIN) $(B)/deeds-san $(B)/deeds
	@tests/run.sh $(UNIT_BIN)

validate: $(B)/deeds
	@tests/validate.sh

bench: $(B)/deeds
	@bench/bench.sh

# libFuzzer targets (clang): `make fuzz` builds them and runs each for
# FUZZ_SECONDS (default 10) from its seed corpus in fuzz/corpus/NAME; new
# inputs go to build/fuzz/NAME.corpus, not into the source tree.
# FUZZ_ONLY=fuzz_json runs one target.
FUZZ_SECONDS ?= 10
FUZZ_ONLY ?= $(FUZZ_SRC:fuzz/%.c=%)
fuzz: $(FUZZ_ONLY:%=$(B)/fuzz/%)
	@for f in $^; do n=$$(basename $$f); mkdir -p $$f.corpus fuzz/corpus/$$n; \
	  if $$f -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -seed=1 $$f.corpus fuzz/corpus/$$n >$$f.log 2>&1; \
	  then echo "fuzz: $$n ran $(FUZZ_SECONDS) s clean ($$(grep -o 'Done [0-9]* runs' $$f.log))"; \
	  else tail -40 $$f.log; echo "fuzz: $$n FAILED (log: $$f.log)"; exit 1; fi; done
$(B)/fuzz/%: fuzz/%.c $(LIB_SRC) $(B)/builtin_dict.c include/deeds.h
	@mkdir -p $(dir $@) fuzz/corpus/$*
	clang $(CPPFLAGS) -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined $< $(LIB_SRC) $(B)/builtin_dict.c $(LDLIBS) -o $@

# Warning-free under both compilers: builds everything with -Werror.
strict:
	$(MAKE) -s B=$(B)/strict-gcc CC=gcc CFLAGS="-O2 -Werror" $(B)/strict-gcc/deeds
	$(MAKE) -s B=$(B)/strict-clang CC=clang CFLAGS="-O2 -Werror" $(B)/strict-clang/deeds
	@echo "strict: gcc and clang build deeds without warnings"

PREFIX ?= /usr/local
install: $(B)/deeds $(B)/libdeeds.a web
	install -D -m 755 $(B)/deeds $(DESTDIR)$(PREFIX)/bin/deeds
	install -D -m 644 $(B)/libdeeds.a $(DESTDIR)$(PREFIX)/lib/libdeeds.a
	install -D -m 644 include/deeds.h $(DESTDIR)$(PREFIX)/include/deeds.h
	mkdir -p $(DESTDIR)$(PREFIX)/share/deeds && cp -R web $(DESTDIR)$(PREFIX)/share/deeds/

clean:
	rm -rf $(B)
