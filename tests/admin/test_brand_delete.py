"""Deleting brands: admins only, behind a confirmation page, at Telnyx first; the row is kept and marked, and
a draft, which never reached Telnyx, is deleted outright."""

import pytest

from tendlc.client import NotFoundError
from tendlc.models import AuditEntry, Brand
from tests.factories import BrandFactory

pytestmark = pytest.mark.django_db


def delete_url(brand: Brand) -> str:
    return f"/admin/tendlc/brand/{brand.pk}/delete/"


def audit_rows() -> list[tuple[str, str, str]]:
    return list(AuditEntry.objects.order_by("pk").values_list("username", "action", "outcome"))


@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_may_not_delete(staff_client, portal_brand, dlc, method):
    response = getattr(staff_client, method)(delete_url(portal_brand), {"post": "yes"})

    assert response.status_code == 403
    assert dlc.brand.retrieve(portal_brand.brand_id).brand_id == portal_brand.brand_id
    assert Brand.objects.get().remote_deleted_at is None
    assert not AuditEntry.objects.exists()


def test_anonymous_users_are_sent_to_log_in(client, portal_brand):
    response = client.post(delete_url(portal_brand), {"post": "yes"})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert Brand.objects.get().remote_deleted_at is None


def test_the_delete_link_is_offered_to_admins_only(staff_client, compliance_admin, portal_brand):
    page = f"/admin/tendlc/brand/{portal_brand.pk}/change/"
    staff_page = staff_client.get(page).content.decode()
    staff_client.force_login(compliance_admin)
    admin_page = staff_client.get(page).content.decode()

    assert delete_url(portal_brand) not in staff_page
    assert delete_url(portal_brand) in admin_page


def test_admins_are_asked_to_confirm(compliance_admin_client, portal_brand, dlc):
    response = compliance_admin_client.get(delete_url(portal_brand))

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        f'Are you sure you want to delete the brand "Acme Mobile" ({portal_brand.brand_id}) at Telnyx?'
        in html
    )
    assert "Its record stays here, marked deleted" in html
    assert dlc.brand.retrieve(portal_brand.brand_id).brand_id == portal_brand.brand_id


def test_a_confirmed_delete_removes_the_brand_at_telnyx_and_keeps_the_row(
    compliance_admin_client, portal_brand, dlc
):
    response = compliance_admin_client.post(delete_url(portal_brand), {"post": "yes"})

    brand = Brand.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/tendlc/brand/{brand.pk}/change/"
    assert brand.remote_deleted_at is not None
    with pytest.raises(NotFoundError):
        dlc.brand.retrieve(portal_brand.brand_id)
    assert audit_rows() == [("compliance-admin", "brand.delete", "succeeded")]


def test_a_deleted_brand_opens_read_only_and_cannot_be_deleted_again(compliance_admin_client, portal_brand):
    compliance_admin_client.post(delete_url(portal_brand), {"post": "yes"})
    page = f"/admin/tendlc/brand/{portal_brand.pk}/change/"

    view = compliance_admin_client.get(page)
    change = compliance_admin_client.post(page, {"display_name": "Back"})
    again = compliance_admin_client.post(delete_url(portal_brand), {"post": "yes"})
    listed = compliance_admin_client.get("/admin/tendlc/brand/?submission=deleted")

    assert view.status_code == 200
    assert view.context["title"] == "View brand"
    assert "Deleted at Telnyx on" in view.content.decode()
    assert view.context["object_actions"] == []
    assert (change.status_code, again.status_code) == (403, 403)
    assert [brand.pk for brand in listed.context["cl"].result_list] == [portal_brand.pk]


def test_a_refused_delete_shows_why_and_keeps_the_brand(
    compliance_admin_client, portal_brand, make_campaign, dlc
):
    make_campaign(portal_brand.brand_id, provisioned=False)

    response = compliance_admin_client.post(delete_url(portal_brand), {"post": "yes"})

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "The 10DLC API refused it (HTTP 400): The brand has 1 active campaign(s); deactivate them before"
        " deleting the brand." in html
    )
    assert Brand.objects.get().remote_deleted_at is None
    assert dlc.brand.retrieve(portal_brand.brand_id).brand_id == portal_brand.brand_id
    assert audit_rows() == [("compliance-admin", "brand.delete", "failed")]


def test_a_brand_already_gone_at_telnyx_is_marked_deleted(compliance_admin_client, portal_brand, dlc):
    dlc.brand.delete(portal_brand.brand_id)

    response = compliance_admin_client.post(delete_url(portal_brand), {"post": "yes"})

    assert response.status_code == 302
    assert Brand.objects.get().remote_deleted_at is not None
    assert AuditEntry.objects.get().request_summary == {
        "brand_id": portal_brand.brand_id,
        "already_gone": True,
    }


def test_a_draft_is_deleted_here_only(compliance_admin_client, portal_api):
    draft = BrandFactory(brand_id=None, tcr_brand_id="", display_name="Never Sent", last_error="HTTP 422")

    confirm = compliance_admin_client.get(delete_url(draft))
    response = compliance_admin_client.post(delete_url(draft), {"post": "yes"})

    assert 'Are you sure you want to delete the draft "Never Sent"?' in confirm.content.decode()
    assert response.status_code == 302
    assert response["Location"] == "/admin/tendlc/brand/"
    assert not Brand.objects.exists()
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.request_summary) == (
        "brand.delete_draft",
        "succeeded",
        {"draft": draft.pk},
    )


def test_the_list_offers_no_bulk_delete(compliance_admin_client):
    response = compliance_admin_client.get("/admin/tendlc/brand/")

    assert list(response.context["action_form"].fields["action"].choices) == [
        ("", "---------"),
        ("export_csv", "Export selected rows as CSV"),
    ]
