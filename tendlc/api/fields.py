"""Serializer fields every resource's serializers share."""

from rest_framework import serializers


def label(field: str) -> serializers.CharField:
    """The display label of a choice field, e.g. "Assignment pending" for PENDING_ASSIGNMENT."""
    return serializers.CharField(source=f"get_{field}_display", read_only=True)
