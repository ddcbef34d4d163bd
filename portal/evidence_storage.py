"""Where campaign evidence is stored, from one setting: this module owns reading ``EVIDENCE_STORAGE_URL``.

    EVIDENCE_STORAGE_URL                                          storage
    (empty)                                                       files under MEDIA_ROOT (DJANGO_MEDIA_ROOT) on this machine
    s3://bucket                                                   the bucket's root, through django-storages
    s3://bucket/evidence-prefix?region=eu-west-1                  under a prefix, in a region
    s3://bucket?endpoint_url=https://minio.example.com:9000       an S3-compatible store (MinIO, R2, ...)

Files are private: nothing is published under a URL (the file system storage has none, the object store's
objects keep the bucket's private default and are read through the portal's download views, which check
permissions). A name is never overwritten: each file gets a generated name of its own.
"""

from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ImproperlyConfigured

S3_OPTIONS = ("region", "endpoint_url")


def evidence_storage_config(*, url: str) -> dict[str, Any]:
    """The ``STORAGES["evidence"]`` entry for ``url`` (empty: the local file system under ``MEDIA_ROOT``, which
    DJANGO_MEDIA_ROOT sets; read from the setting rather than fixed here, so tests can move it)."""
    if not url:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.hostname:
        raise ImproperlyConfigured(
            f"EVIDENCE_STORAGE_URL must be empty (files on this machine) or s3://bucket/prefix, not {url!r}."
        )
    query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
    unknown = sorted(set(query) - set(S3_OPTIONS))
    if unknown:
        raise ImproperlyConfigured(
            f"EVIDENCE_STORAGE_URL: unknown option(s) {', '.join(unknown)}; known: {', '.join(S3_OPTIONS)}."
        )
    options: dict[str, Any] = {
        "bucket_name": parts.hostname,
        "location": parts.path.strip("/"),
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": True,
    }
    if "region" in query:
        options["region_name"] = query["region"]
    if "endpoint_url" in query:
        options["endpoint_url"] = query["endpoint_url"]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
