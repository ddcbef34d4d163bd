"""Where a log line or an error report came from, and what must never leave the portal in one."""
