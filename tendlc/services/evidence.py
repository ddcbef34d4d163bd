"""A campaign's evidence folder: files people add, page snapshots the link check adds, and the zip of all of
it for an audit.

- ``evidence_add``: a person's upload, checked (``tendlc.services.evidence_files`` owns what is kept, this
  module the size limit ``EVIDENCE_MAX_BYTES``), stored under a generated name, audited.
- ``evidence_hold`` / ``evidence_held_attach``: the campaign builder's uploads, checked the same way when they
  are chosen, held until the campaign exists, then added to it.
- ``evidence_snapshot_add``: what the link check fetched, added by the portal itself.
- ``evidence_zip``: every file of a campaign and a manifest, as one zip streamed in pieces (audited).
"""

import hashlib
import secrets
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from io import StringIO
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import slugify

from tendlc.models import Campaign, CampaignEvidence, EvidenceKind
from tendlc.models.evidence import EXTENSIONS, OTHER_EXTENSION, evidence_storage
from tendlc.selectors.evidence import evidence_list
from tendlc.services.audit import User, audit_record, audited, user_may, user_recorded
from tendlc.services.csv_cells import csv_writer
from tendlc.services.errors import WorkflowError
from tendlc.services.evidence_files import (
    EvidenceFileRefused,
    EvidenceFileType,
    content_type_sniff,
    evidence_file_type,
    evidence_name_clean,
)

ADD_PERMISSION = "tendlc.add_campaignevidence"
# What a person may say a file is; page snapshots are the link check's alone.
USER_KINDS = (EvidenceKind.OPT_IN_SCREENSHOT, EvidenceKind.CONSENT_TEXT, EvidenceKind.DOCUMENT)
HELD_FOLDER = "evidence/held"
SNIFF_BYTES = 16
MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = (
    "file", "kind", "description", "added by", "added at (UTC)", "size (bytes)", "file type", "sha256",
    "page address", "fetched at (UTC)",
)  # fmt: skip
SNAPSHOT_NAME_LENGTH = 80


@dataclass(frozen=True)
class CheckedFile:
    file_type: EvidenceFileType
    content: bytes
    sha256: str


def evidence_file_check(*, name: str, upload: File[Any]) -> CheckedFile:
    """``upload`` read and checked as evidence named ``name``, or a WorkflowError at the field "file"."""
    limit = settings.EVIDENCE_MAX_BYTES
    too_big = WorkflowError(
        f"The file is larger than {filesizeformat(limit)}, the largest the portal keeps: make it smaller"
        " (a cropped screenshot, a PDF of the pages that matter).",
        field="file",
    )
    if upload.size is not None and upload.size > limit:
        raise too_big
    try:
        clean_name = evidence_name_clean(name)
        pieces: list[bytes] = []
        read = 0
        for chunk in upload.chunks():
            read += len(chunk)
            if read > limit:
                raise too_big
            pieces.append(chunk)
        content = b"".join(pieces)
        if not content:
            raise EvidenceFileRefused("The file is empty: choose the file again.")
        file_type = evidence_file_type(clean_name, content_type_sniff(content[:SNIFF_BYTES], content))
    except EvidenceFileRefused as refused:
        raise WorkflowError(str(refused), field="file") from refused
    return CheckedFile(file_type, content, hashlib.sha256(content).hexdigest())


def _kind_check(kind: str) -> EvidenceKind:
    if kind not in USER_KINDS:
        raise WorkflowError("Choose what the file shows.", field="kind")
    return EvidenceKind(kind)


def _may_add(user: User) -> None:
    if user_recorded(user) is None or not user_may(user, ADD_PERMISSION):
        raise PermissionDenied("Only Compliance staff and admins may add evidence to a campaign.")


def evidence_add(
    *, campaign: Campaign, name: str, upload: File[Any], kind: str, description: str, user: User
) -> CampaignEvidence:
    """Add ``upload`` (named ``name`` by whoever chose it) to ``campaign``'s evidence. Refusals are
    WorkflowErrors at the field concerned ("file", "kind"), recorded in the audit log like the additions."""
    summary = {"file": name, "kind": kind, "description": description}
    with audited(user=user, action="campaign.add_evidence", target=campaign, summary=summary) as scope:
        _may_add(user)
        checked = evidence_file_check(name=name, upload=upload)
        evidence_kind = _kind_check(kind)
        scope.summary.update(size=len(checked.content), sha256=checked.sha256)
        person = user_recorded(user)
        return _store(
            campaign=campaign,
            checked=checked,
            kind=evidence_kind,
            description=description.strip(),
            added_by=person,
            added_by_name=person.get_username() if person is not None else "",
        )


def _store(
    *, campaign: Campaign, checked: CheckedFile, kind: EvidenceKind, description: str, **fields: Any
) -> CampaignEvidence:
    evidence = CampaignEvidence(
        campaign=campaign,
        original_name=checked.file_type.name,
        kind=kind,
        description=description,
        size=len(checked.content),
        content_type=checked.file_type.content_type,
        sha256=checked.sha256,
        **fields,
    )
    # The file is written first, under its generated name; a row that fails to save leaves a stray file,
    # never a row without its file.
    evidence.file.save(checked.file_type.name, ContentFile(checked.content), save=False)
    with transaction.atomic():
        evidence.save()
    return evidence


# --- the campaign builder's uploads ------------------------------------------------------------------------


def evidence_hold(*, name: str, upload: File[Any], kind: str, description: str, user: User) -> dict[str, Any]:
    """Check and keep an upload of the campaign builder until its campaign exists: the answer (JSON values) is
    what ``evidence_held_attach`` needs, for the builder's state in the session."""
    _may_add(user)
    checked = evidence_file_check(name=name, upload=upload)
    evidence_kind = _kind_check(kind)
    extension = EXTENSIONS.get(checked.file_type.content_type, OTHER_EXTENSION)
    path = evidence_storage().save(
        f"{HELD_FOLDER}/{secrets.token_hex(16)}{extension}", ContentFile(checked.content)
    )
    return {
        "path": path,
        "name": checked.file_type.name,
        "kind": evidence_kind.value,
        "description": description.strip(),
        "size": len(checked.content),
    }


def evidence_held_drop(*, held: dict[str, Any]) -> None:
    """Forget a held upload (removed in the builder before submission)."""
    if str(held["path"]).startswith(f"{HELD_FOLDER}/"):
        evidence_storage().delete(held["path"])


def evidence_held_attach(
    *, campaign: Campaign, held: list[dict[str, Any]], user: User
) -> list[CampaignEvidence]:
    """Add the builder's held uploads to the campaign it created, each checked again and audited."""
    added = []
    storage = evidence_storage()
    for item in held:
        path = str(item["path"])
        if not path.startswith(f"{HELD_FOLDER}/") or not storage.exists(path):
            continue
        with storage.open(path) as stored:
            added.append(
                evidence_add(
                    campaign=campaign,
                    name=item["name"],
                    upload=stored,
                    kind=item["kind"],
                    description=item["description"],
                    user=user,
                )
            )
        storage.delete(path)
    return added


# --- the link check's snapshots ----------------------------------------------------------------------------


def evidence_snapshot_add(
    *, campaign: Campaign, url: str, content: bytes, content_type: str, fetched_at: datetime
) -> CampaignEvidence:
    """Keep what the link check fetched from ``url`` at ``fetched_at`` (``content``, served as
    ``content_type``, e.g. "text/html; charset=utf-8") as a page snapshot of ``campaign``, added by the portal.

    The stored type is read from the content (the server's is kept in the description); a page unchanged since
    its last snapshot of this campaign (same bytes) is not stored again: that snapshot is answered. Content
    over ``EVIDENCE_MAX_BYTES`` is refused with a WorkflowError: the link check fetches less than that.
    """
    if len(content) > settings.EVIDENCE_MAX_BYTES:
        raise WorkflowError(f"The page is larger than {filesizeformat(settings.EVIDENCE_MAX_BYTES)}.")
    digest = hashlib.sha256(content).hexdigest()
    latest = evidence_list(campaign=campaign).filter(kind=EvidenceKind.PAGE_SNAPSHOT, source_url=url).first()
    if latest is not None and latest.sha256 == digest:
        return latest
    sniffed = content_type_sniff(content[:SNIFF_BYTES], content) or "application/octet-stream"
    parts = urlsplit(url)
    # Dots and slashes as hyphens: "acme.example/privacy" reads "acme-example-privacy", not "acmeexampleprivacy".
    address = f"{parts.hostname or 'page'} {parts.path}".replace(".", " ").replace("/", " ")
    stem = slugify(address)[:SNAPSHOT_NAME_LENGTH].strip("-") or "page"
    when = timezone.localtime(fetched_at, UTC)
    name = f"{stem}-{when:%Y-%m-%d-%H%M%S}{EXTENSIONS.get(sniffed, OTHER_EXTENSION)}"
    checked = CheckedFile(EvidenceFileType(sniffed, name), content, digest)
    served = content_type.strip()[:100] or "no type"
    return _store(
        campaign=campaign,
        checked=checked,
        kind=EvidenceKind.PAGE_SNAPSHOT,
        description=f"The page at {url} as the link check fetched it (the server called it {served}).",
        source_url=url,
        fetched_at=fetched_at,
    )


# --- one zip of everything ---------------------------------------------------------------------------------


class _Pipe:
    """Where the zip is written: what was written since the last ``take`` is handed on, so the zip is sent
    in pieces and never held whole."""

    def __init__(self) -> None:
        self._pieces: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._pieces.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._pieces)
        self._pieces.clear()
        return data


@dataclass(frozen=True)
class EvidenceZip:
    filename: str
    count: int
    chunks: Iterator[bytes]


def evidence_zip_entry_name(evidence: CampaignEvidence, number: int) -> str:
    """Where a file sits in the zip: a folder per kind, numbered, under the name it was added with (which
    holds no folder: ``evidence_name_clean``)."""
    folder = slugify(evidence.get_kind_display()) or "files"
    name = "".join(
        char if char.isprintable() and char not in '/\\:*?"<>|' else "_" for char in evidence.original_name
    )
    return f"{folder}/{number:03d}-{name.lstrip('.') or 'file'}"


def evidence_zip(*, campaign: Campaign, user: User) -> EvidenceZip:
    """Every file of ``campaign``'s evidence and ``manifest.csv`` (who added each, when, its SHA-256, the
    page a snapshot came from), as a zip written while it is sent. The download is audited when it starts."""
    rows = list(evidence_list(campaign=campaign).order_by("added_at", "id"))
    audit_record(
        user=user,
        action="campaign.download_evidence",
        target=campaign,
        summary={"files": len(rows)},
    )
    label = slugify(campaign.tcr_campaign_id or campaign.campaign_id) or f"campaign-{campaign.pk}"
    return EvidenceZip(f"evidence-{label}.zip", len(rows), _zip_chunks(rows))


def _zip_chunks(rows: list[CampaignEvidence]) -> Iterator[bytes]:
    pipe = _Pipe()
    manifest = StringIO()
    writer = csv_writer(manifest)
    writer.writerow(MANIFEST_COLUMNS)
    with zipfile.ZipFile(pipe, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, evidence in enumerate(rows, start=1):
            entry = evidence_zip_entry_name(evidence, number)
            info = zipfile.ZipInfo(entry, date_time=_zip_time(evidence.added_at))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.file_size = evidence.size
            with archive.open(info, mode="w") as target, evidence.file.open("rb") as source:
                for chunk in source.chunks():
                    target.write(chunk)
                    yield pipe.take()
            writer.writerow(
                (
                    entry, evidence.get_kind_display(), evidence.description, evidence.added_by_words,
                    _utc(evidence.added_at), evidence.size, evidence.content_type, evidence.sha256,
                    evidence.source_url, _utc(evidence.fetched_at) if evidence.fetched_at else "",
                )
            )  # fmt: skip
        archive.writestr(
            zipfile.ZipInfo(MANIFEST, date_time=_zip_time(timezone.now())),
            manifest.getvalue().encode("utf-8"),
            compress_type=zipfile.ZIP_DEFLATED,
        )
    yield pipe.take()


def _utc(moment: datetime) -> str:
    return timezone.localtime(moment, UTC).strftime("%Y-%m-%d %H:%M:%S")


def _zip_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    # Zip entries carry local times without a zone; the manifest says UTC, so the entries are too.
    utc = timezone.localtime(moment, UTC)
    return (max(utc.year, 1980), utc.month, utc.day, utc.hour, utc.minute, utc.second)
