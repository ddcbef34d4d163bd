"""Django's history ("Recent actions", each record's History) shows the workflows, written once by their audit."""

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry

from tendlc.models import Brand
from tendlc.services.brands import brand_feedback_refresh
from tests.fixtures.brands import brand_form

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/tendlc/brand/add/"


def history() -> list[tuple[str, str, str, int, str]]:
    return list(
        LogEntry.objects.order_by("pk").values_list(
            "user__username", "object_id", "object_repr", "action_flag", "change_message"
        )
    )


def test_a_workflow_action_is_in_the_records_history_and_recent_actions(staff_client, portal_brand):
    staff_client.post(f"/admin/tendlc/brand/{portal_brand.pk}/actions/revet/")

    assert history() == [("staff", str(portal_brand.pk), "Acme Mobile", CHANGE, "Workflow: revet.")]
    index = staff_client.get("/admin/").content.decode()
    assert f'<a href="/admin/tendlc/brand/{portal_brand.pk}/change/">Acme Mobile</a>' in index
    page = staff_client.get(f"/admin/tendlc/brand/{portal_brand.pk}/history/")
    assert [entry.get_change_message() for entry in page.context["action_list"]] == ["Workflow: revet."]


def test_a_record_created_on_its_form_is_in_the_history_once(staff_client, portal_api):
    staff_client.post(ADD_URL, brand_form(display_name="Acme Mobile"))

    brand = Brand.objects.get()
    assert history() == [("staff", str(brand.pk), "Acme Mobile", ADDITION, "Workflow: create.")]


def test_a_refused_action_is_in_the_audit_log_only(staff_client, portal_brand):
    staff_client.post(f"/admin/tendlc/brand/{portal_brand.pk}/actions/revet/")
    LogEntry.objects.all().delete()

    staff_client.post(f"/admin/tendlc/brand/{portal_brand.pk}/actions/revet/")

    assert history() == []


def test_the_portal_acting_by_itself_writes_no_history(portal_brand, tendlc_client):
    brand_feedback_refresh(user=None, brand=portal_brand, client=tendlc_client)

    assert history() == []
