"""Request ids on web answers and log lines, and error tracking that never sends a secret. The log context
itself is ``tendlc.log_context``: the app sets it, and the app imports nothing from the project."""
