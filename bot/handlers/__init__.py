"""Telegram handlers, one module per feature. They parse, call plain functions, reply."""
