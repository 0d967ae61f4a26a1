"""Benchmarks that drive the real bot through the fake Bot API server over real HTTP.

The fake server runs in a process of its own (see `bench.harness`), so offering
updates and timing replies never compete with the bot for its event loop.
"""
