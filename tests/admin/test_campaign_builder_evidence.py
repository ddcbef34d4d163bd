"""Evidence chosen in the campaign builder, against the live sandbox: held across a refused content page with
everything typed kept, a refused file said at the field, a held file let go, and the files added to the
campaign the review page submits."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tendlc.models import AuditEntry, Campaign, CampaignEvidence
from tendlc.models.evidence import evidence_storage
from tests.fixtures.campaigns import CLEAN_CONTENT, content_post
from tests.fixtures.evidence import EXE, PDF, PNG

pytestmark = pytest.mark.django_db

BUILD = "/admin/tendlc/campaign/build/"


def step_url(run_id: str, step: str) -> str:
    return f"{BUILD}{run_id}/{step}/"


def to_content(browser: Client, brand) -> str:
    """Walk through brand and use case; answer the run id, at the content step."""
    run_id = browser.get(BUILD)["Location"].removeprefix(BUILD).split("/")[0]
    browser.post(step_url(run_id, "brand"), {"brand": brand.pk})
    assert browser.post(step_url(run_id, "usecase"), {"usecase": "CUSTOMER_CARE"}).status_code == 302
    return run_id


def held_names(browser: Client, run_id: str) -> list[str]:
    return [item["name"] for item in browser.get(step_url(run_id, "content")).context["evidence"].held]


def test_files_are_held_across_a_refused_page_and_added_on_submission(
    staff_client, staff_user, portal_api, registered_brand, evidence_storage_dir
):
    run_id = to_content(staff_client, registered_brand)
    flawed = {**content_post(CLEAN_CONTENT), "description": ""}

    refused = staff_client.post(
        step_url(run_id, "content"),
        {
            **flawed,
            "evidence_files": [
                SimpleUploadedFile("signup-form.png", PNG),
                SimpleUploadedFile("terms.pdf", PDF),
            ],
            "evidence_kind": "opt_in_screenshot",
            "evidence_description": "Sign-up page",
        },
    )

    assert refused.status_code == 200
    assert refused.context["form"].errors["description"] == ["This field is required."]
    assert refused.context["form"]["sample1"].value() == CLEAN_CONTENT["sample1"]
    evidence = refused.context["evidence"]
    assert [item["name"] for item in evidence.held] == ["signup-form.png", "terms.pdf"]
    assert evidence["evidence_description"].value() == "Sign-up page"
    html = refused.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "signup-form.png" in html
    assert "terms.pdf" in html
    assert not CampaignEvidence.objects.exists()

    # Corrected without choosing the files again: they are still held, and listed on the review page.
    assert staff_client.post(step_url(run_id, "content"), content_post(CLEAN_CONTENT)).status_code == 302
    review = staff_client.get(step_url(run_id, "review"))
    assert [item["name"] for item in review.context["held_evidence"]] == ["signup-form.png", "terms.pdf"]

    submitted = staff_client.post(step_url(run_id, "review"), {}, follow=True)

    campaign = Campaign.objects.get()
    kept = list(CampaignEvidence.objects.order_by("id"))
    assert [(e.campaign, e.original_name, e.added_by, e.description) for e in kept] == [
        (campaign, "signup-form.png", staff_user, "Sign-up page"),
        (campaign, "terms.pdf", staff_user, "Sign-up page"),
    ]
    assert [path.parent.name for path in evidence_storage_dir.rglob("*") if path.is_file()] == [
        str(campaign.pk)
    ] * 2
    assert "2 evidence file(s) added to the campaign." in [str(m) for m in submitted.context["messages"]]
    assert sorted(AuditEntry.objects.values_list("action", flat=True)) == [
        "campaign.add_evidence",
        "campaign.add_evidence",
        "campaign.submit",
    ]


def test_a_refused_file_is_said_at_the_field_and_the_others_are_held(
    staff_client, portal_api, registered_brand, evidence_storage_dir
):
    run_id = to_content(staff_client, registered_brand)

    response = staff_client.post(
        step_url(run_id, "content"),
        {
            **content_post(CLEAN_CONTENT),
            "evidence_files": [
                SimpleUploadedFile("form.png", EXE),
                SimpleUploadedFile("signup-form.png", PNG),
            ],
            "evidence_kind": "opt_in_screenshot",
        },
    )

    # The content was valid, but the page stays: the refused file is to be seen before going on.
    assert response.status_code == 200
    assert response.context["evidence"].errors == {
        "evidence_files": [
            "form.png: This file is not one the portal keeps as evidence: only PNG, JPEG, GIF or WebP images,"
            " PDF documents, plain text or HTML pages."
        ]
    }
    assert held_names(staff_client, run_id) == ["signup-form.png"]


def test_a_held_file_can_be_let_go_before_submission(
    staff_client, portal_api, registered_brand, evidence_storage_dir
):
    run_id = to_content(staff_client, registered_brand)
    staff_client.post(
        step_url(run_id, "content"),
        {
            **content_post(CLEAN_CONTENT),
            "evidence_files": [SimpleUploadedFile("a.png", PNG), SimpleUploadedFile("b.pdf", PDF)],
            "evidence_kind": "document",
        },
    )
    [held_a, _] = staff_client.get(step_url(run_id, "content")).context["evidence"].held

    staff_client.post(step_url(run_id, "content"), {**content_post(CLEAN_CONTENT), "evidence_drop": ["0"]})

    assert held_names(staff_client, run_id) == ["b.pdf"]
    assert not evidence_storage().exists(held_a["path"])
