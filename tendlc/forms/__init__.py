"""The validation the admin and the REST API share: one module per resource. Neither ``tendlc.admin`` nor
``tendlc.api`` is imported here; both import these forms."""
