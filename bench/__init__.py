"""Reproducible benchmarks of the catalog API (see bench/README.md)."""
