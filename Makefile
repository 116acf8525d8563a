# 中小电商 ESG 策略模拟器 — the two newcomer commands are `make run` and `make test`.
#
# Both create .venv from requirements*.txt on first use and reinstall when either file
# changes (the stamp file .venv/.installed is older than them). Needs python3 (3.11+) with
# the venv module, and access to the package registry the first time only.

SHELL      := /bin/bash
PYTHON     ?= python3
VENV       := .venv
VPY        := $(VENV)/bin/python
STAMP      := $(VENV)/.installed
PYTEST_ARGS ?= -q -p no:cacheprovider -n 2 --dist loadfile
PORT       ?= 8501
BENCH_ARGS ?=

# never wait for input (pip, streamlit): the commands must work with no standard input
export PIP_NO_INPUT := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.DEFAULT_GOAL := help
.PHONY: help venv sysdeps run test lint bench clean

help:
	@echo "make run      set up .venv if needed, then open the app on the baseline scenario"
	@echo "make test     set up .venv if needed, then run the whole test suite"
	@echo "make sysdeps  install chromium, fonts, Pango and poppler (apt-get; part of make test)"
	@echo "make lint     check the code style (ruff; also part of make test)"
	@echo "make bench    run the benchmarks (benchmarks/run.py)"
	@echo "make clean    remove .venv and caches"

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt requirements-dask.txt
	@test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q -r requirements-dev.txt
	@touch $@

# headless (no browser window) when CI is set; streamlit also goes headless by itself on a
# Linux machine with no display
run: $(STAMP)
	$(VPY) -m streamlit run app.py --server.port $(PORT) $(if $(CI),--server.headless true)

test: $(STAMP) sysdeps
	$(VPY) -m pytest tests $(PYTEST_ARGS)

# The browser test (tests/e2e) drives Debian's chromium through Playwright (never
# `playwright install`: no browser is downloaded) and needs a Chinese font and an emoji font
# (the page icons), or the screenshots show boxes. The PDF report (WeasyPrint) lays out text
# with Pango and HarfBuzz (libpango-1.0-0, libpangoft2-1.0-0; libharfbuzz-subset0 embeds
# the fonts' subsets) and embeds the same Chinese font; its tests read the PDF back with
# poppler-utils (pdftotext, pdffonts, pdfimages, pdftoppm). Nothing to do when all are there;
# otherwise apt-get installs them (as root, or through sudo when it needs no password).
# fontconfig brings fc-list, and ldconfig (in /sbin) finds the libraries: the check itself.
# When neither works this only says so: the browser and PDF tests then skip with the reason,
# except on CI (CI set), where a missing browser, Chinese font or poppler fails them.
SYSDEPS    := chromium fonts-noto-cjk fonts-noto-color-emoji fonts-dejavu-core fontconfig poppler-utils \
              libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
CHROMIUM   := /usr/bin/chromium
SYSLIBS    := libpangoft2-1.0.so.0 libharfbuzz-subset.so.0

sysdeps:
	@libs="$$(PATH="$$PATH:/sbin:/usr/sbin" ldconfig -p 2>/dev/null)"; \
	if [ -x $(CHROMIUM) ] && fc-list :lang=zh 2>/dev/null | grep -q . \
	    && fc-list :charset=1f3e0 2>/dev/null | grep -q . \
	    && command -v pdftoppm >/dev/null \
	    && (for lib in $(SYSLIBS); do grep -qF "$$lib " <<<"$$libs" || exit 1; done); \
	then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=; \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; \
	else echo "make sysdeps: not root and no password-less sudo: install $(SYSDEPS) by hand" \
	          "(the browser and PDF tests skip until then)"; exit 0; fi; \
	echo "make sysdeps: installing $(SYSDEPS) with apt-get"; \
	$$sudo apt-get update -q && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	    $(SYSDEPS) </dev/null \
	|| echo "make sysdeps: apt-get failed: install $(SYSDEPS) by hand" \
	        "(the browser and PDF tests skip until then)"

lint: $(STAMP)
	$(VENV)/bin/ruff check --line-length 110 --select E,F,W,B simulation ui pages tests benchmarks app.py

bench: $(STAMP)
	$(VPY) benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache tests/.pytest_cache .hypothesis tests/.hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
