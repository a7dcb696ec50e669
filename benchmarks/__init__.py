"""Benchmarks for lodpub: a synthetic corpus generator and the measurements that use it."""
