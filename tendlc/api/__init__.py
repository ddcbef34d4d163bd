"""The portal's REST API (``/api/v1/``) for other systems: what the admin offers, through the same services.

One module per resource (``brands``, ``campaigns``, ``numbers``, ``sync_runs``, ``webhook_events``,
``audit_log``) holds its serializers, its viewset and the viewset's workflow actions; what they share is at
this level: the one error format (``errors``), permissions, the workflow actions' base (``actions``),
pagination, filters, the schema, the input checks (``inputs``) and the compliance serializers.

Reading lists (paginated, filtered by the admin's list filters, searched over its search fields) and
retrieves; every page costs the same few queries however many rows it holds. Reading needs the model's view
permission, as in the admin. A workflow action is a mixin composed first among its viewset's bases, so its
``action_permissions`` (the permissions the admin checks for that action) decide for it; it validates the
request with the shared form of ``tendlc.forms`` (same messages at the same field names), calls the one
service the admin calls with the API client of the request (``tendlc.conf.api_session``), and answers what it
made as its read endpoint shows it. The service audits and decides; its refusals become the one error format.
"""
