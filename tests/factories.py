"""factory_boy factories for the portal's models."""

import uuid

import factory
from django.utils import timezone

from tendlc import models


def _uuid(prefix: str) -> str:
    return prefix + str(uuid.uuid4())[4:]


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Brand

    brand_id = factory.LazyFunction(lambda: _uuid("4b20"))
    tcr_brand_id = factory.Sequence(lambda n: f"BT{n:05d}")
    entity_type = "PRIVATE_PROFIT"
    display_name = factory.Sequence(lambda n: f"Acme {n}")
    company_name = factory.LazyAttribute(lambda brand: f"{brand.display_name} Inc.")
    ein = "123456789"
    email = "compliance@acme.example"
    country = "US"
    state = "IL"
    vertical = "TECHNOLOGY"
    identity_status = "VERIFIED"
    status = "OK"
    created_at = factory.LazyFunction(timezone.now)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Campaign

    campaign_id = factory.LazyFunction(lambda: _uuid("4b30"))
    brand = factory.SubFactory(BrandFactory)
    tcr_campaign_id = factory.Sequence(lambda n: f"CT{n:05d}")
    usecase = "CUSTOMER_CARE"
    description = "Acme answers customer questions by text."
    sample1 = "Acme: your ticket was updated. Reply STOP to opt out."
    status = "ACTIVE"
    campaign_status = "MNO_PROVISIONED"
    create_date = factory.LazyFunction(timezone.now)


class PartnerCampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PartnerCampaign

    tcr_campaign_id = factory.Sequence(lambda n: f"CP{n:05d}")
    tcr_brand_id = factory.Sequence(lambda n: f"BP{n:05d}")
    brand_display_name = factory.Sequence(lambda n: f"Partner {n}")
    usecase = "ACCOUNT_NOTIFICATION"
    campaign_status = "MNO_PROVISIONED"


class PhoneNumberAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PhoneNumberAssignment

    phone_number = factory.Sequence(lambda n: f"+1202555{n:04d}")
    campaign = factory.SubFactory(CampaignFactory)
    telnyx_campaign_id = factory.LazyAttribute(lambda a: a.campaign.campaign_id)
    tcr_campaign_id = factory.LazyAttribute(lambda a: a.campaign.tcr_campaign_id)
    brand_id = factory.LazyAttribute(lambda a: a.campaign.brand_id)
    assignment_status = "ASSIGNED"


class SmsOtpVerificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SmsOtpVerification

    brand = factory.SubFactory(BrandFactory, entity_type="SOLE_PROPRIETOR", identity_status="UNVERIFIED")
    reference_id = factory.Sequence(lambda n: f"OTP{n:06X}")
    mobile_phone = "+12025550101"
    delivery_status = "PENDING"
    request_date = factory.LazyFunction(timezone.now)


class ExternalVettingFactory(factory.django.DjangoModelFactory):
    """A vetting ordered from a provider, still under way (no vetted date) unless told."""

    class Meta:
        model = models.ExternalVetting

    brand = factory.SubFactory(BrandFactory)
    evp_id = "AEGIS"
    vetting_class = "STANDARD"
    vetting_id = factory.LazyFunction(lambda: str(uuid.uuid4()))
    create_date = factory.LazyFunction(timezone.now)
    vetted_date = None


class AssignmentTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AssignmentTask

    task_id = factory.LazyFunction(lambda: str(uuid.uuid4()))
    messaging_profile_id = factory.LazyFunction(lambda: str(uuid.uuid4()))
    campaign = factory.SubFactory(CampaignFactory)
    status = "pending"
