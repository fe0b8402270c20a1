# trimtab: `make demo` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := out/demo

.PHONY: demo test lint typecheck imports pytest fuzz bench clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "trimtab needs Python 3.11+"'
	@echo "==> creating the virtual environment $(VENV) (once; the install takes a minute or two)"
	$(PYTHON) -m venv $(VENV)
	@echo "==> upgrading pip"
	$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "==> installing trimtab and its dependencies (pip's progress below)"
	$(BIN)/python -m pip install --progress-bar on -c constraints.txt -e '.[dev]'
	@echo "==> installed; running"
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/trimtab validate examples/household.yaml
	$(BIN)/trimtab state examples/household.yaml
	$(BIN)/trimtab drift examples/household.yaml
	$(BIN)/trimtab tax examples/household.yaml
	$(BIN)/trimtab check examples/household.yaml --trades examples/trades.yaml
	$(BIN)/trimtab location examples/household.yaml
	$(BIN)/trimtab plan examples/household.yaml --out $(OUT) --trade-file generic --trade-file ibkr
	$(BIN)/trimtab plan examples/household.yaml --journal $(OUT)/journal.sqlite3 --user demo --json > $(OUT)/plan-journaled.json
	$(BIN)/trimtab journal list --journal $(OUT)/journal.sqlite3
	$(BIN)/trimtab book examples/household.yaml --out $(OUT)/book --workers 1
	@echo
	@echo "The plan's files are in $(OUT)/:"
	@ls -1 $(OUT) | sed 's|^|  $(OUT)/|'
	@echo "Open $(OUT)/report.html in a browser, $(OUT)/plan.xlsx in a spreadsheet."
	@echo "The run journal is $(OUT)/journal.sqlite3 (trimtab journal show 1 --journal $(OUT)/journal.sqlite3);"
	@echo "the book's summary is $(OUT)/book/book.html; trimtab mcp serves the same commands to an assistant."
	@echo "Review and approve the book in a browser: $(BIN)/trimtab serve --journal $(OUT)/journal.sqlite3 --book $(OUT)/book  (then open http://127.0.0.1:8000/)"

test: $(STAMP) lint typecheck imports pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy src

imports: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/pytest

# Hostile input, longer: many random mutations of the example household, a trade list, an
# account map and an export of every import format (tests/fuzz; `make test` runs a few fixed ones).
fuzz: $(STAMP)
	TRIMTAB_FUZZ_EXAMPLES=$(or $(FUZZ_EXAMPLES),2000) $(BIN)/pytest -p no:cacheprovider tests/fuzz

bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
