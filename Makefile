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
PYTEST_ARGS ?= -q -p no:cacheprovider
PORT       ?= 8501
BENCH_ARGS ?=

# never wait for input (pip, streamlit): the commands must work with no standard input
export PIP_NO_INPUT := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.DEFAULT_GOAL := help
.PHONY: help venv run test lint bench clean

help:
	@echo "make run    set up .venv if needed, then open the app on the baseline scenario"
	@echo "make test   set up .venv if needed, then run the whole test suite"
	@echo "make lint   check the code style (ruff; also part of make test)"
	@echo "make bench  run the benchmarks (benchmarks/run.py)"
	@echo "make clean  remove .venv and caches"

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q -r requirements-dev.txt
	@touch $@

# headless (no browser window) when CI is set; streamlit also goes headless by itself on a
# Linux machine with no display
run: $(STAMP)
	$(VPY) -m streamlit run app.py --server.port $(PORT) $(if $(CI),--server.headless true)

test: $(STAMP)
	$(VPY) -m pytest tests $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check --line-length 110 --select E,F,W,B simulation tests benchmarks app.py

bench: $(STAMP)
	$(VPY) benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache tests/.pytest_cache .hypothesis tests/.hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
