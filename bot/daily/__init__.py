"""The daily tip: who is due, which tip, exactly once per local day; time and zone."""
