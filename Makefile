# Journey Miner: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SAMPLE := corpora/samples/feedback_dump.csv

.PHONY: install demo test lint bench eval clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first and pinned: the CPU build, never the multi-GB CUDA one
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev,hf,postgres]'
	touch $@

demo: install
	$(BIN)/miner mine $(SAMPLE) -o out/demo
	@echo "Outputs written to out/demo/"

test: install
	$(BIN)/pytest

# Scores on the public development datasets in ../shared/datasets (never trained on),
# recorded in models/journey-heads/MODEL_CARD.md.
eval: install
	for m in corpora/mappings/*.yaml; do $(BIN)/miner eval $$m --record --no-confusion || exit 1; done

bench: install
	$(BIN)/python -m benchmarks.bench_mine

lint: install
	$(BIN)/ruff check miner api tests benchmarks

clean:
	rm -rf $(VENV) out .pytest_cache
