"""Batch screening (zhice screen): readers, writers, executors, store."""
