"""Benchmarks: a synthetic million-row bulletin database and timings of the app on it."""
