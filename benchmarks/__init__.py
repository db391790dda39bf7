"""Benchmarks for Journey Miner (run with `make bench`; see benchmarks/README.md)."""
