"""The team's tools: /admin, team tips, broadcasts, and the same from the shell."""
