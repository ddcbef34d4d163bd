"""Business rules and remote writes: plain functions that take the API client as an argument."""
