"""A campaign's evidence folder: what is kept and refused (type from the content, size, names), where a file is
stored, the link check's snapshots, the builder's held files and the zip with its manifest; each user action
audited."""

import csv
import hashlib
import io
import re
import zipfile
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile

from tendlc.models import AuditEntry, CampaignEvidence
from tendlc.models.evidence import evidence_storage
from tendlc.services.errors import WorkflowError
from tendlc.services.evidence import (
    evidence_add,
    evidence_held_attach,
    evidence_hold,
    evidence_snapshot_add,
    evidence_zip,
)
from tests.factories import CampaignFactory
from tests.fixtures.evidence import EXE, GIF, HTML, JPEG, PDF, PNG, TEXT, WEBP, ZIP

pytestmark = pytest.mark.django_db

KEPT_TYPES = "PNG, JPEG, GIF or WebP images, PDF documents, plain text or HTML pages"
NOT_KEPT = f"This file is not one the portal keeps as evidence: only {KEPT_TYPES}."
FOLDER_NAME = (
    "The file's name may not hold a folder (/ \\ :) or control characters: give only the file's own name,"
    " such as opt-in-form.png."
)
FETCHED = datetime(2026, 12, 1, 9, 30, 5, tzinfo=UTC)


@pytest.fixture
def campaign(db):
    return CampaignFactory(tcr_campaign_id="CXYZ123")


def add(campaign, user, name, content, kind="opt_in_screenshot", description=""):
    return evidence_add(
        campaign=campaign,
        name=name,
        upload=ContentFile(content),
        kind=kind,
        description=description,
        user=user,
    )


def refusal(campaign, user, name, content, **kwargs) -> WorkflowError:
    with pytest.raises(WorkflowError) as raised:
        add(campaign, user, name, content, **kwargs)
    return raised.value


def stored_files(root) -> list[str]:
    return (
        sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
        if root.exists()
        else []
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type", "kept_name"),
    [
        ("signup-form.png", PNG, "image/png", "signup-form.png"),
        ("signup-form.JPEG", JPEG, "image/jpeg", "signup-form.JPEG"),
        ("banner.gif", GIF, "image/gif", "banner.gif"),
        ("banner.webp", WEBP, "image/webp", "banner.webp"),
        ("Terms and consent.pdf", PDF, "application/pdf", "Terms and consent.pdf"),
        ("consent.txt", TEXT, "text/plain", "consent.txt"),
        ("signup.html", HTML, "text/html", "signup.html"),
        # HTML named .txt is kept as the text it was named.
        ("signup.txt", HTML, "text/plain", "signup.txt"),
        # A name without an extension gets its type's.
        ("screenshot", PNG, "image/png", "screenshot.png"),
    ],
)
def test_a_kept_file_is_stored_under_a_generated_name_with_its_digest(
    campaign, staff_user, evidence_storage_dir, name, content, content_type, kept_name
):
    evidence = add(campaign, staff_user, name, content, description="Sign-up page, box unticked")

    assert (
        evidence.original_name,
        evidence.content_type,
        evidence.size,
        evidence.sha256,
        evidence.added_by,
        evidence.added_by_name,
        evidence.kind,
        evidence.description,
    ) == (
        kept_name,
        content_type,
        len(content),
        hashlib.sha256(content).hexdigest(),
        staff_user,
        "staff",
        "opt_in_screenshot",
        "Sign-up page, box unticked",
    )
    assert re.fullmatch(rf"evidence/{campaign.pk}/[0-9a-f]{{32}}\.[a-z]+", evidence.file.name)
    assert (evidence_storage_dir / evidence.file.name).read_bytes() == content
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.target_id, entry.request_summary["sha256"]) == (
        "campaign.add_evidence",
        "succeeded",
        str(campaign.pk),
        evidence.sha256,
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("signup-form.png", ZIP, NOT_KEPT),
        ("signup-form.png", EXE, NOT_KEPT),
        ("setup.exe", EXE, NOT_KEPT),
        ("form.docx", ZIP, NOT_KEPT),
        ("signup-form.png", b"\x00\x01\x02binary", NOT_KEPT),
        (
            "signup-form.png",
            PDF,
            "The file is named .png but is a PDF document: rename it .pdf (or choose the file you meant).",
        ),
        (
            "consent.pdf",
            TEXT,
            "The file is named .pdf but is plain text: rename it .txt (or choose the file you meant).",
        ),
        ("empty.png", b"", "The file is empty: choose the file again."),
    ],
    ids=["zip-as-png", "exe-as-png", "exe", "office", "binary", "pdf-as-png", "text-as-pdf", "empty"],
)
def test_a_file_whose_content_is_not_kept_is_refused_at_the_file(
    campaign, staff_user, evidence_storage_dir, name, content, message
):
    error = refusal(campaign, staff_user, name, content)

    assert (error.field, error.message) == ("file", message)
    assert not CampaignEvidence.objects.exists()
    assert stored_files(evidence_storage_dir) == []
    # The refusal is on record too.
    assert list(AuditEntry.objects.values_list("action", "outcome", "error")) == [
        ("campaign.add_evidence", "failed", message)
    ]


def test_a_file_over_the_size_limit_is_refused(campaign, staff_user, evidence_storage_dir, settings):
    settings.EVIDENCE_MAX_BYTES = len(PNG) - 1

    error = refusal(campaign, staff_user, "signup-form.png", PNG)

    assert (error.field, error.message) == (
        "file",
        f"The file is larger than {len(PNG) - 1}\xa0bytes, the largest the portal keeps: make it smaller"
        " (a cropped screenshot, a PDF of the pages that matter).",
    )
    assert stored_files(evidence_storage_dir) == []


def test_a_file_at_the_size_limit_is_kept(campaign, staff_user, evidence_storage_dir, settings):
    settings.EVIDENCE_MAX_BYTES = len(PNG)

    assert add(campaign, staff_user, "signup-form.png", PNG).size == len(PNG)


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "/etc/passwd.png",
        "..\\..\\boot.ini",
        "C:evil.png",
        "form\x00.png",
        "form\n.png",
        "a/b.png",
    ],
    ids=["traversal", "absolute", "backslashes", "drive", "nul", "newline", "folder"],
)
def test_a_name_with_a_folder_or_control_characters_is_refused(
    campaign, staff_user, evidence_storage_dir, name
):
    error = refusal(campaign, staff_user, name, PNG)

    assert (error.field, error.message) == ("file", FOLDER_NAME)
    assert stored_files(evidence_storage_dir) == []


@pytest.mark.parametrize("name", ["", "   ", "..", "."])
def test_a_file_without_a_name_is_refused(campaign, staff_user, evidence_storage_dir, name):
    error = refusal(campaign, staff_user, name, PNG)

    assert (error.field, error.message) == (
        "file",
        "The file has no name: give it one, such as opt-in-form.png.",
    )


def test_a_person_may_not_add_a_page_snapshot(campaign, staff_user, evidence_storage_dir):
    error = refusal(campaign, staff_user, "page.html", HTML, kind="page_snapshot")

    assert (error.field, error.message) == ("kind", "Choose what the file shows.")


def test_only_a_role_that_may_add_evidence_adds_it(campaign, evidence_storage_dir):
    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_campaign"))

    for user in (viewer, None):
        with pytest.raises(PermissionDenied):
            add(campaign, user, "signup-form.png", PNG)
    assert not CampaignEvidence.objects.exists()


def test_a_stored_row_is_never_changed(campaign, staff_user, evidence_storage_dir):
    evidence = add(campaign, staff_user, "signup-form.png", PNG)
    evidence.description = "changed"

    with pytest.raises(ValueError, match="kept as it was added"):
        evidence.save()


# --- the link check's snapshots ------------------------------------------------------------------------------


def test_a_snapshot_is_kept_by_the_portal_with_its_address_and_time(campaign, evidence_storage_dir):
    evidence = evidence_snapshot_add(
        campaign=campaign,
        url="https://acme.example/privacy?lang=en",
        content=HTML,
        content_type="text/html; charset=utf-8",
        fetched_at=FETCHED,
    )

    assert (
        evidence.kind,
        evidence.source_url,
        evidence.fetched_at,
        evidence.added_by,
        evidence.added_by_words,
        evidence.content_type,
        evidence.original_name,
        evidence.description,
    ) == (
        "page_snapshot",
        "https://acme.example/privacy?lang=en",
        FETCHED,
        None,
        "the portal",
        "text/html",
        "acme-example-privacy-2026-12-01-093005.html",
        "The page at https://acme.example/privacy?lang=en as the link check fetched it (the server called it"
        " text/html; charset=utf-8).",
    )
    assert (evidence_storage_dir / evidence.file.name).read_bytes() == HTML
    # The portal's own work, not a person's action.
    assert not AuditEntry.objects.exists()


def test_an_unchanged_page_is_not_stored_again_and_a_changed_one_is(campaign, evidence_storage_dir):
    def snapshot(content, when):
        return evidence_snapshot_add(
            campaign=campaign, url="https://acme.example/terms", content=content, content_type="text/html",
            fetched_at=when,
        )  # fmt: skip

    first = snapshot(HTML, FETCHED)
    again = snapshot(HTML, datetime(2026, 12, 8, tzinfo=UTC))
    changed = snapshot(HTML.replace(b"Text me", b"Text me offers"), datetime(2026, 12, 15, tzinfo=UTC))

    assert again == first
    assert changed != first
    assert CampaignEvidence.objects.count() == 2


def test_a_snapshot_of_an_unknown_type_is_kept_as_bytes(campaign, evidence_storage_dir):
    evidence = evidence_snapshot_add(
        campaign=campaign, url="https://acme.example/", content=ZIP, content_type="application/zip",
        fetched_at=FETCHED,
    )  # fmt: skip

    assert (evidence.content_type, evidence.original_name) == (
        "application/octet-stream",
        "acme-example-2026-12-01-093005.bin",
    )


# --- the builder's held files --------------------------------------------------------------------------------


def test_a_held_file_joins_the_campaign_once_it_exists(campaign, staff_user, evidence_storage_dir):
    held = evidence_hold(
        name="signup-form.png",
        upload=ContentFile(PNG),
        kind="opt_in_screenshot",
        description="Form",
        user=staff_user,
    )
    assert stored_files(evidence_storage_dir) == [held["path"]]
    assert held["path"].startswith("evidence/held/")

    [evidence] = evidence_held_attach(campaign=campaign, held=[held], user=staff_user)

    assert (evidence.original_name, evidence.description, evidence.added_by, evidence.sha256) == (
        "signup-form.png",
        "Form",
        staff_user,
        hashlib.sha256(PNG).hexdigest(),
    )
    assert stored_files(evidence_storage_dir) == [evidence.file.name]
    assert list(AuditEntry.objects.values_list("action", "outcome")) == [
        ("campaign.add_evidence", "succeeded")
    ]


def test_a_held_path_outside_the_held_folder_is_never_read(campaign, staff_user, evidence_storage_dir):
    kept = add(campaign, staff_user, "signup-form.png", PNG)
    forged = {"path": kept.file.name, "name": "x.png", "kind": "opt_in_screenshot", "description": ""}

    assert evidence_held_attach(campaign=campaign, held=[forged], user=staff_user) == []
    assert evidence_storage().exists(kept.file.name)


# --- one zip of everything -----------------------------------------------------------------------------------


def test_the_zip_holds_every_file_and_a_manifest(campaign, staff_user, evidence_storage_dir):
    screenshot = add(campaign, staff_user, "signup-form.png", PNG, description='=HYPERLINK("x")')
    consent = add(campaign, staff_user, "consent.txt", TEXT, kind="consent_text", description="Checkbox text")
    snapshot = evidence_snapshot_add(
        campaign=campaign, url="https://acme.example/privacy", content=HTML, content_type="text/html",
        fetched_at=FETCHED,
    )  # fmt: skip
    other = CampaignFactory()
    add(other, staff_user, "other.pdf", PDF)
    AuditEntry.objects.all().delete()

    bundle = evidence_zip(campaign=campaign, user=staff_user)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(bundle.chunks)))

    assert (bundle.filename, bundle.count) == ("evidence-cxyz123.zip", 3)
    assert archive.testzip() is None
    names = archive.namelist()
    assert names == [
        "opt-in-form-screenshot/001-signup-form.png",
        "consent-text/002-consent.txt",
        "page-snapshot-from-the-link-check/003-acme-example-privacy-2026-12-01-093005.html",
        "manifest.csv",
    ]
    assert [archive.read(name) for name in names[:3]] == [PNG, TEXT, HTML]
    rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
    assert [
        (row["file"], row["kind"], row["added by"], row["sha256"], row["page address"]) for row in rows
    ] == [
        (names[0], "Opt-in form screenshot", "staff", screenshot.sha256, ""),
        (names[1], "Consent text", "staff", consent.sha256, ""),
        (
            names[2],
            "Page snapshot from the link check",
            "the portal",
            snapshot.sha256,
            "https://acme.example/privacy",
        ),
    ]
    # A description a spreadsheet would run is written as text.
    assert rows[0]["description"] == '\'=HYPERLINK("x")'
    assert rows[2]["fetched at (UTC)"] == "2026-12-01 09:30:05"
    assert rows[0]["added at (UTC)"] == screenshot.added_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.username, entry.request_summary) == (
        "campaign.download_evidence",
        "succeeded",
        "staff",
        {"files": 3},
    )


def test_the_zip_of_an_empty_folder_holds_only_the_manifest(campaign, staff_user, evidence_storage_dir):
    archive = zipfile.ZipFile(io.BytesIO(b"".join(evidence_zip(campaign=campaign, user=staff_user).chunks)))

    assert archive.namelist() == ["manifest.csv"]
