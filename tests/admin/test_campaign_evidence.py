"""The campaign page's Evidence tab over the test browser: the files listed with dates and who added them, an
upload (refused ones shown at the field, what was typed kept), downloads only through views that check the
campaign may be seen, and the zip of all audited."""

import io
import zipfile

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tendlc.models import AuditEntry, CampaignEvidence
from tendlc.services.evidence import evidence_add
from tests.factories import CampaignFactory
from tests.fixtures.evidence import EXE, PDF, PNG

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence_campaign(db):
    return CampaignFactory(tcr_campaign_id="CEVID01")


def page(campaign) -> str:
    return f"/admin/tendlc/campaign/{campaign.pk}/change/"


def add_url(campaign) -> str:
    return f"/admin/tendlc/campaign/{campaign.pk}/evidence/add/"


def zip_url(campaign) -> str:
    return f"/admin/tendlc/campaign/{campaign.pk}/evidence/zip/"


def download_url(campaign, evidence) -> str:
    return f"/admin/tendlc/campaign/{campaign.pk}/evidence/{evidence.pk}/download/"


def kept(campaign, user, name="signup-form.png", content=PNG, **kwargs):
    return evidence_add(
        campaign=campaign,
        name=name,
        upload=ContentFile(content),
        kind=kwargs.get("kind", "opt_in_screenshot"),
        description=kwargs.get("description", ""),
        user=user,
    )


def browser_with(*codenames: str) -> Client:
    user = User.objects.create_user("-".join(codenames) or "nobody", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    browser = Client()
    browser.force_login(user)
    return browser


def test_the_tab_lists_the_files_with_dates_and_who_added_them(
    staff_client, staff_user, evidence_campaign, evidence_storage_dir
):
    kept(evidence_campaign, staff_user, description="Sign-up page, box unticked")
    kept(evidence_campaign, staff_user, name="terms.pdf", content=PDF, kind="document")

    response = staff_client.get(page(evidence_campaign))

    html = response.content.decode()
    tabs = [tab.title for tab in response.context["record_tabs"]]
    assert tabs.index("Evidence") == tabs.index("Compliance checks") + 1
    panel = html[html.index('id="panel-evidence"') :]
    assert panel.index("terms.pdf") < panel.index("signup-form.png")  # newest first
    assert "Sign-up page, box unticked" in panel
    assert "Opt-in form screenshot" in panel
    assert "Other document" in panel
    assert f'href="{zip_url(evidence_campaign)}"' in panel
    assert 'form="evidence-upload"' in panel
    # The upload form sits outside the change form (forms cannot nest) and posts to the add page.
    assert html.index('id="evidence-upload"') < html.index('id="campaign_form"')
    assert f'action="{add_url(evidence_campaign)}"' in html


def test_an_empty_folder_says_so_and_offers_no_zip(staff_client, evidence_campaign):
    html = staff_client.get(page(evidence_campaign)).content.decode()

    assert "No evidence yet." in html
    assert zip_url(evidence_campaign) not in html


def test_an_upload_is_kept_and_lands_back_on_the_tab(
    staff_client, staff_user, evidence_campaign, evidence_storage_dir
):
    response = staff_client.post(
        add_url(evidence_campaign),
        {
            "file": SimpleUploadedFile("signup-form.png", PNG, content_type="image/png"),
            "kind": "opt_in_screenshot",
            "description": "Sign-up page",
        },
    )

    assert (response.status_code, response["Location"]) == (302, f"{page(evidence_campaign)}#panel-evidence")
    evidence = CampaignEvidence.objects.get()
    assert (evidence.campaign, evidence.original_name, evidence.added_by, evidence.description) == (
        evidence_campaign,
        "signup-form.png",
        staff_user,
        "Sign-up page",
    )
    assert AuditEntry.objects.get().action == "campaign.add_evidence"


def test_an_uploaded_path_keeps_only_the_file_name_and_never_reaches_the_storage(
    staff_client, evidence_campaign, evidence_storage_dir
):
    staff_client.post(
        add_url(evidence_campaign),
        {"file": SimpleUploadedFile("../../etc/passwd.png", PNG), "kind": "opt_in_screenshot"},
    )

    evidence = CampaignEvidence.objects.get()
    assert evidence.original_name == "passwd.png"
    assert evidence.file.name.startswith(f"evidence/{evidence_campaign.pk}/")
    assert [p.name for p in evidence_storage_dir.rglob("*") if p.is_file()] == [
        evidence.file.name.rsplit("/")[-1]
    ]


def test_a_refused_upload_is_said_at_the_file_with_what_was_typed_kept(
    staff_client, evidence_campaign, evidence_storage_dir
):
    response = staff_client.post(
        add_url(evidence_campaign),
        {
            "file": SimpleUploadedFile("signup-form.png", EXE),
            "kind": "consent_text",
            "description": "Typed words",
        },
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "file": [
            "This file is not one the portal keeps as evidence: only PNG, JPEG, GIF or WebP images, PDF"
            " documents, plain text or HTML pages."
        ]
    }
    assert (form["kind"].value(), form["description"].value()) == ("consent_text", "Typed words")
    assert "Choose the file again" in response.content.decode()
    assert not CampaignEvidence.objects.exists()


def test_a_download_is_the_file_as_an_attachment(
    staff_client, staff_user, evidence_campaign, evidence_storage_dir
):
    evidence = kept(evidence_campaign, staff_user, name="Sign up form.png")

    response = staff_client.get(download_url(evidence_campaign, evidence))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="Sign up form.png"'


def test_a_file_of_another_campaign_is_not_found_under_this_one(
    staff_client, staff_user, evidence_campaign, evidence_storage_dir
):
    other = kept(CampaignFactory(), staff_user)

    assert staff_client.get(download_url(evidence_campaign, other)).status_code == 404


def test_download_all_is_a_zip_and_is_audited(
    staff_client, staff_user, evidence_campaign, evidence_storage_dir
):
    kept(evidence_campaign, staff_user)
    AuditEntry.objects.all().delete()

    response = staff_client.get(zip_url(evidence_campaign))

    assert response["Content-Disposition"] == 'attachment; filename="evidence-cevid01.zip"'
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == ["opt-in-form-screenshot/001-signup-form.png", "manifest.csv"]
    assert list(AuditEntry.objects.values_list("action", "username", "target_id")) == [
        ("campaign.download_evidence", "staff", str(evidence_campaign.pk))
    ]


def test_who_cannot_see_the_campaign_gets_no_file(staff_user, evidence_campaign, evidence_storage_dir):
    evidence = kept(evidence_campaign, staff_user)
    outsider = browser_with("view_brand")

    for url in (
        download_url(evidence_campaign, evidence),
        zip_url(evidence_campaign),
        add_url(evidence_campaign),
    ):
        assert outsider.get(url).status_code == 403, url
    assert Client().get(zip_url(evidence_campaign))["Location"].startswith("/admin/login/")
    assert not AuditEntry.objects.filter(action="campaign.download_evidence").exists()


def test_who_may_see_the_campaign_but_not_add_evidence_downloads_but_sees_no_upload(
    staff_user, evidence_campaign, evidence_storage_dir
):
    evidence = kept(evidence_campaign, staff_user)
    viewer = browser_with("view_campaign")

    html = viewer.get(page(evidence_campaign)).content.decode()

    assert "signup-form.png" in html
    assert 'id="evidence-upload"' not in html
    assert 'form="evidence-upload"' not in html
    assert viewer.get(download_url(evidence_campaign, evidence)).status_code == 200
    assert viewer.get(zip_url(evidence_campaign)).status_code == 200
    refused = viewer.post(add_url(evidence_campaign), {"file": SimpleUploadedFile("a.png", PNG)})
    assert refused.status_code == 403
    assert CampaignEvidence.objects.count() == 1


def test_the_admin_offers_no_way_to_change_or_delete_evidence():
    assert not admin.site.is_registered(CampaignEvidence)


def test_a_deactivated_campaigns_evidence_is_read_only(staff_client, staff_user, evidence_storage_dir):
    campaign = CampaignFactory(status="EXPIRED")
    evidence = kept(campaign, staff_user)

    html = staff_client.get(page(campaign)).content.decode()

    assert "signup-form.png" in html
    assert 'form="evidence-upload"' not in html
    assert staff_client.get(download_url(campaign, evidence)).status_code == 200
    refused = staff_client.post(add_url(campaign), {"file": SimpleUploadedFile("a.png", PNG)})
    assert refused.status_code == 403
    assert CampaignEvidence.objects.count() == 1
