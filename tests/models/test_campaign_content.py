"""The campaign's content fields are declared once (``tendlc.models.campaign_content``); every list derived
from it, and compliance's wire-named copy, is held equal to it here, so a field added in one place only
fails."""

import inspect
import re

import pytest
from django import forms
from django.db import models
from django.utils.text import capfirst

from tendlc.admin.campaigns.campaign import CampaignAdmin
from tendlc.admin.partner_campaigns.partner_campaign import PartnerCampaignAdmin
from tendlc.api.campaigns import CampaignSerializer
from tendlc.client.campaign_builder import CampaignBuilderResource
from tendlc.client.fields import SNAKE_BY_WIRE, WIRE_BY_SNAKE
from tendlc.compliance import wire
from tendlc.forms.campaigns import CampaignChangeForm, ContentStepForm
from tendlc.mapping import records
from tendlc.models import Campaign, PartnerCampaign
from tendlc.models.campaign_content import (
    CAMPAIGN_ONLY_FIELDS,
    CAMPAIGN_UPDATABLE_FIELDS,
    CONTENT_FIELDS,
    CONTENT_GROUPS,
    FLAG_FIELDS,
    LINK_FIELDS,
    PROSE_FIELDS,
    SAMPLE_FIELDS,
    SHARED_CONTENT_FIELDS,
    CampaignContent,
    content_groups,
)

# CampaignContent's columns that are not content: the use case (chosen on its own builder page) and what the
# API reports back.
NOT_CONTENT = {"usecase", "campaign_status", "failure_reasons", "assigned_phone_numbers_count"}


def snake(wire_names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(SNAKE_BY_WIRE[name] for name in wire_names)


def wired(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(WIRE_BY_SNAKE[name] for name in names)


def fieldset_names(fieldsets) -> list[str]:
    return [name for _, options in fieldsets for name in options["fields"]]


# --- the declaration ------------------------------------------------------------------------------------------


def test_each_content_field_is_declared_once_and_is_a_campaign_column():
    assert len(CONTENT_FIELDS) == len(set(CONTENT_FIELDS))
    assert all(isinstance(Campaign._meta.get_field(name), models.Field) for name in CONTENT_FIELDS)


def test_every_content_column_is_declared():
    columns = {field.name for field in CampaignContent._meta.get_fields()}

    assert columns - set(CONTENT_FIELDS) == NOT_CONTENT
    assert set(CONTENT_FIELDS) - columns == set(CAMPAIGN_ONLY_FIELDS)


def test_partner_campaigns_carry_every_content_field_but_the_campaign_only_ones():
    columns = {field.name for field in PartnerCampaign._meta.get_fields()}

    assert set(SHARED_CONTENT_FIELDS) <= columns
    assert not set(CAMPAIGN_ONLY_FIELDS) & columns


def test_the_flags_are_the_boolean_content_columns_and_the_subsets_are_content():
    booleans = tuple(
        name for name in CONTENT_FIELDS if isinstance(Campaign._meta.get_field(name), models.BooleanField)
    )

    assert booleans == FLAG_FIELDS
    assert {*LINK_FIELDS, *PROSE_FIELDS, *SAMPLE_FIELDS} <= set(CONTENT_FIELDS)
    assert set(CAMPAIGN_UPDATABLE_FIELDS) - set(CONTENT_FIELDS) == {"reseller_id"}


def test_content_groups_leave_out_what_they_are_told_and_drop_empty_groups():
    groups = content_groups(leaving_out=(*SAMPLE_FIELDS, "description"))

    assert [group.title for group in groups] == [
        "Description",
        "Keywords and replies",
        "Links",
        "Flags",
        "Webhooks",
    ]
    assert groups[0].fields == ("sub_usecases", "message_flow")


def campaign_page_columns() -> list[str]:
    """The campaign's columns its change page shows: the content and everything around it."""
    names = fieldset_names(CampaignAdmin.fieldsets)
    fields = {field.name for field in Campaign._meta.get_fields()}
    return [
        name for name in names if name in fields and isinstance(Campaign._meta.get_field(name), models.Field)
    ]


@pytest.mark.parametrize("name", campaign_page_columns())
def test_labels_and_help_texts_of_the_campaign_page_are_plain_words(name):
    field = Campaign._meta.get_field(name)

    assert field.help_text
    # A wire name (messageFlow, tcrBrandId) means nothing to compliance staff.
    assert not re.search(r"\b[a-z]+[A-Z]\w*", f"{field.verbose_name} {field.help_text}")


# --- what is derived from it ----------------------------------------------------------------------------------


def test_the_builder_form_has_the_declared_fields_in_order_and_in_groups():
    assert tuple(ContentStepForm.base_fields) == CONTENT_FIELDS
    assert ContentStepForm.fieldsets == tuple((group.title, group.fields) for group in CONTENT_GROUPS)


def test_the_builder_form_takes_labels_and_help_texts_from_the_model():
    for name, field in ContentStepForm.base_fields.items():
        column = Campaign._meta.get_field(name)
        assert (field.label, field.help_text) == (capfirst(column.verbose_name), column.help_text)


def test_the_builder_form_types_links_as_urls_and_flags_as_checkboxes():
    fields = ContentStepForm.base_fields

    assert {name for name, field in fields.items() if isinstance(field, forms.URLField)} == set(LINK_FIELDS)
    assert {name for name, field in fields.items() if isinstance(field, forms.BooleanField)} == set(
        FLAG_FIELDS
    )
    assert {name for name, field in fields.items() if field.required} == {
        "description",
        "sample1",
        "optout_message",
    }


def test_the_change_form_has_the_updatable_fields():
    assert tuple(CampaignChangeForm.base_fields) == CAMPAIGN_UPDATABLE_FIELDS


def test_the_client_submits_every_content_field_by_its_name():
    arguments = inspect.signature(CampaignBuilderResource.submit).parameters

    assert set(CONTENT_FIELDS) <= set(arguments)


def test_the_campaign_admin_shows_the_updatable_fields_first_and_the_rest_in_the_declared_groups():
    groups = {title: tuple(options["fields"]) for title, options in CampaignAdmin.fieldsets}
    content = [name for name in fieldset_names(CampaignAdmin.fieldsets) if name in CONTENT_FIELDS]

    assert sorted(content) == sorted(CONTENT_FIELDS)
    assert groups["Editable after submission"] == CAMPAIGN_UPDATABLE_FIELDS
    for group in content_groups(leaving_out=CAMPAIGN_UPDATABLE_FIELDS):
        assert groups[group.title] == group.fields


def test_the_partner_campaign_admin_shows_the_declared_groups_it_has():
    groups = {title: tuple(options["fields"]) for title, options in PartnerCampaignAdmin.fieldsets}
    content = [name for name in fieldset_names(PartnerCampaignAdmin.fieldsets) if name in CONTENT_FIELDS]

    assert content == list(SHARED_CONTENT_FIELDS)
    for group in content_groups(leaving_out=CAMPAIGN_ONLY_FIELDS):
        assert groups[group.title] == group.fields


def test_the_serializer_shows_the_content_in_the_declared_order():
    content = [name for name in CampaignSerializer.Meta.fields if name in CONTENT_FIELDS]

    assert content == list(CONTENT_FIELDS)


def test_the_mapping_tuples_are_the_declaration_in_wire_names():
    assert snake(records.CAMPAIGN_CONTENT_FIELDS) == ("usecase", *SHARED_CONTENT_FIELDS)
    assert set(CONTENT_FIELDS) <= set(snake(records.CAMPAIGN_SUBMIT_FIELDS))
    assert snake(records.CAMPAIGN_UPDATE_FIELDS) == CAMPAIGN_UPDATABLE_FIELDS
    assert set(SHARED_CONTENT_FIELDS) <= set(snake(records.PARTNER_CAMPAIGN_FIELDS))
    assert not set(CAMPAIGN_ONLY_FIELDS) & set(snake(records.PARTNER_CAMPAIGN_FIELDS))


def test_compliance_wire_names_are_the_declaration_in_wire_names():
    # compliance/ imports no Django, so it keeps its own copy in wire names.
    assert wired(PROSE_FIELDS) == wire.CONTENT_FIELDS
    assert wired(SAMPLE_FIELDS) == wire.SAMPLE_FIELDS
    assert set(wire.KEYWORD_FIELDS) == set(wired(tuple(n for n in CONTENT_FIELDS if n.endswith("_keywords"))))
