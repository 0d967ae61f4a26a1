"""Why legs cramp and how to prevent it: the content, /causes, /tips and /about."""
