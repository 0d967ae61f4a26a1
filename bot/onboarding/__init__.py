"""The first /start: time zone and tip time in at most three taps, each step skippable."""
