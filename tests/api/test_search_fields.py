"""The REST API's ``?search=`` searches what the admin's search box searches, list by list."""

import pytest
from django.contrib import admin

from tendlc.api.urls import router

SEARCHABLE = [
    (prefix, viewset) for prefix, viewset, _ in router.registry if getattr(viewset, "search_fields", None)
]


def test_every_searchable_list_of_the_api_is_searchable_in_the_admin():
    assert {prefix for prefix, _ in SEARCHABLE} == {
        "brands",
        "campaigns",
        "number-assignments",
        "assignment-tasks",
        "otp-verifications",
        "webhook-events",
        "audit-log",
        "status-changes",
        "number-uploads",
        "notifications",
    }


@pytest.mark.parametrize(("prefix", "viewset"), SEARCHABLE, ids=[prefix for prefix, _ in SEARCHABLE])
def test_the_api_searches_the_fields_the_admin_searches(prefix, viewset):
    model_admin = admin.site._registry[viewset.queryset.model]

    assert tuple(viewset.search_fields) == tuple(model_admin.search_fields)
