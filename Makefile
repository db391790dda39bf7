# Journey Miner: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SAMPLE := corpora/samples/feedback_dump.csv

.PHONY: install demo test lint bench bench-cluster bench-map eval clean

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

# build_journey_map on a synthetic 100k-unit SQLite project (benchmarks/README.md).
bench-map: install
	$(BIN)/python -m benchmarks.bench_map $(ARGS)

# Pain-point clustering vs. BERTopic on the same texts and vectors (benchmarks/README.md).
# BERTopic lives only in its own venv; torch goes in first, pinned (the CPU build on disk).
BENCH_VENV := .venv-bench
BENCH_BIN  := $(BENCH_VENV)/bin

$(BENCH_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_BIN)/pip install --quiet --upgrade pip
	$(BENCH_BIN)/pip install --quiet torch==2.13.0
	$(BENCH_BIN)/pip install --quiet -e . 'bertopic>=0.16,<0.18' 'umap-learn>=0.5.5,<0.6' \
		'hdbscan>=0.8.33,<0.9' 'sentence-transformers>=3,<6'
	touch $@

bench-cluster: $(BENCH_VENV)/.installed
	$(BENCH_BIN)/python -m benchmarks.bench_cluster $(ARGS)

lint: install
	$(BIN)/ruff check miner api tests benchmarks

clean:
	rm -rf $(VENV) $(BENCH_VENV) out .pytest_cache
