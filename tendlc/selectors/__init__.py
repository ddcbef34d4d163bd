"""Reads shared by the admin and the REST API, one module per entity. Services may import selectors; a
selector never imports a service."""
