"""The cramp diary: logging, history, stats, the CSV export and the red-flag note."""
