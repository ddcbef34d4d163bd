"""Factories for the records the read endpoints show that tests/factories.py has none for yet."""

import hashlib

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from tendlc import models


class SyncRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SyncRun

    state = "succeeded"
    trigger = "schedule"
    phase = "finished"
    finished_at = factory.LazyFunction(timezone.now)
    counts = factory.LazyFunction(
        lambda: {"brands": {"created": 1, "updated": 0, "unchanged": 2, "deleted": 0}}
    )
    pages_done = 3
    pages_known = 4
    lock_token = "secret-lock-token"


class WebhookEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.WebhookEvent

    event_id = factory.Sequence(lambda n: f"evt-{n:04d}")
    body = factory.LazyAttribute(lambda event: f'{{"data": {{"id": "{event.event_id}"}}}}')
    body_hash = factory.LazyAttribute(lambda event: hashlib.sha256(event.body.encode()).hexdigest())
    event_type = "10dlc.campaign.update"
    payload_type = "MNO_REVIEW"
    campaign_id = "4b30aaaa-0000-0000-0000-000000000001"
    payload = factory.LazyFunction(lambda: {"type": "MNO_REVIEW", "status": "APPROVED"})
    state = "processed"


class AuditEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AuditEntry

    username = "staff"
    action = "brand.create"
    target_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(models.Brand))
    target_id = "1"
    target_repr = "Acme 1"
    request_summary = factory.LazyFunction(lambda: {"display_name": "Acme 1"})
    outcome = "succeeded"


class NumberUploadFactory(factory.django.DjangoModelFactory):
    """An upload previewed and not sent, with one row to send."""

    class Meta:
        model = models.NumberUpload

    filename = "numbers.csv"
    rows_total = 1
    status = models.UploadStatus.PREVIEW
    row = factory.RelatedFactory(
        "tests.api.read_factories.NumberUploadRowFactory", factory_related_name="upload"
    )


class NumberUploadRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.NumberUploadRow

    upload = factory.SubFactory(NumberUploadFactory, row=None)
    line = 2
    phone_number = "+13125550101"
    campaign_text = "C1A2B3C"
    number = "+13125550101"
