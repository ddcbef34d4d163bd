"""EVIDENCE_STORAGE_URL read into the evidence storage: this machine's disk when empty, django-storages' S3
backend for an s3:// address (built here without reaching any store), and a clear refusal of anything else."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.core.files.storage.handler import StorageHandler
from storages.backends.s3 import S3Storage

from portal.evidence_storage import evidence_storage_config


def built(url: str):
    return StorageHandler({"evidence": evidence_storage_config(url=url)})["evidence"]


def test_empty_keeps_the_files_under_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "evidence-root"

    storage = built("")

    assert isinstance(storage, FileSystemStorage)
    assert storage.path("evidence/1/a.png") == str(tmp_path / "evidence-root" / "evidence" / "1" / "a.png")


def test_an_s3_address_names_the_bucket_prefix_region_and_endpoint():
    storage = built(
        "s3://acme-evidence/production/portal?region=eu-west-1&endpoint_url=https://minio.example:9000"
    )

    assert isinstance(storage, S3Storage)
    assert (
        storage.bucket_name,
        storage.location,
        storage.region_name,
        storage.endpoint_url,
        storage.file_overwrite,
        storage.default_acl,
    ) == ("acme-evidence", "production/portal", "eu-west-1", "https://minio.example:9000", False, None)


def test_a_bucket_alone_stores_at_its_root():
    storage = built("s3://acme-evidence")

    assert (storage.bucket_name, storage.location, storage.region_name) == ("acme-evidence", "", None)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "https://acme-evidence.s3.amazonaws.com",
            "EVIDENCE_STORAGE_URL must be empty (files on this machine) or s3://bucket/prefix, not"
            " 'https://acme-evidence.s3.amazonaws.com'.",
        ),
        (
            "s3:///prefix",
            "EVIDENCE_STORAGE_URL must be empty (files on this machine) or s3://bucket/prefix, not 's3:///prefix'.",
        ),
        (
            "s3://bucket?acl=public-read",
            "EVIDENCE_STORAGE_URL: unknown option(s) acl; known: region, endpoint_url.",
        ),
    ],
)
def test_anything_else_is_refused_at_start(url, message):
    with pytest.raises(ImproperlyConfigured) as refused:
        evidence_storage_config(url=url)

    assert str(refused.value) == message
