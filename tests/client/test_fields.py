"""The wire-name table, checked against the official SDK's models and parameters (the oracle), and the
translation of error pointers and parameters to field names."""

import importlib
import inspect
import pkgutil
import typing

import pydantic
import pytest
import telnyx.types.messaging_10dlc as sdk_types
import typing_extensions

from tendlc.client.fields import (
    FILTER_PARAMETER_BY_KEY,
    SNAKE_BY_WIRE,
    WIRE_BY_SNAKE,
    arguments_to_wire,
    attribute_name,
    field_for_parameter,
    field_for_pointer,
    to_wire,
    wire_name,
)

# Where our names differ from the SDK's on purpose.
DELIBERATE = {
    "assignedCampaingsCount": "assigned_campaigns_count",  # the SDK keeps the wire's misspelling
    "10999": "_10999",  # the SDK's field is ``mno_metadata_item_10999``; its own docs read ``response._10999``
}


def sdk_modules():
    for info in pkgutil.walk_packages(sdk_types.__path__, sdk_types.__name__ + "."):
        yield importlib.import_module(info.name)


def sdk_response_fields() -> set[tuple[str, str]]:
    """(wire name, SDK snake name) of every field of every 10DLC response model."""
    pairs = set()
    for module in sdk_modules():
        for _, model in inspect.getmembers(module, inspect.isclass):
            if issubclass(model, pydantic.BaseModel) and model.__module__ == module.__name__:
                for name, info in model.model_fields.items():
                    pairs.add((info.alias or name, name))
    return pairs


def alias_of(hint) -> str | None:
    while True:
        for metadata in getattr(hint, "__metadata__", ()):
            if getattr(metadata, "alias", None):
                return metadata.alias
        if typing.get_origin(hint) in (typing.Required, typing.NotRequired, typing.Annotated):
            hint = typing.get_args(hint)[0]
            continue
        return None


def sdk_parameters() -> dict[str, set[tuple[str, str]]]:
    """(keyword, wire name) of every request parameter the SDK declares, by parameter class."""
    classes: dict[str, set[tuple[str, str]]] = {}
    for module in sdk_modules():
        if not module.__name__.endswith("_params"):
            continue
        for _, params in inspect.getmembers(module, inspect.isclass):
            if params.__module__ != module.__name__ or not typing_extensions.is_typeddict(params):
                continue
            hints = typing.get_type_hints(params, include_extras=True)
            classes[f"{module.__name__}.{params.__name__}"] = {
                (name, alias_of(hint) or name) for name, hint in hints.items()
            }
    return classes


def test_every_request_parameter_of_the_sdk_goes_out_under_its_wire_name():
    classes = sdk_parameters()
    filters = classes.pop("telnyx.types.messaging_10dlc.phone_number_campaign_list_params.Filter")
    parameters = set().union(*classes.values()) - {("filter", "filter")}

    assert len(parameters) > 70
    assert {(name, wire) for name, wire in parameters if wire_name(name) != wire} == set()
    # N1's ``filter`` keys go out in brackets: ``filter[telnyx_campaign_id]``.
    assert {key for key, _ in filters} == set(FILTER_PARAMETER_BY_KEY)
    assert all(FILTER_PARAMETER_BY_KEY[key] == f"filter[{wire}]" for key, wire in filters)


@pytest.mark.parametrize(
    ("wire", "snake"),
    [
        ("webhookURL", "webhook_url"),
        ("webhookFailoverURL", "webhook_failover_url"),
        ("isTMobileRegistered", "is_t_mobile_registered"),
        ("isTMobileNumberPoolingEnabled", "is_t_mobile_number_pooling_enabled"),
        ("nonTmobileNumberMappingStatus", "non_tmobile_number_mapping_status"),
        ("appeal_reason", "appeal_reason"),
        ("appealed_at", "appealed_at"),
        ("record_type", "record_type"),
        ("msg_class", "msg_class"),
        ("assignedCampaingsCount", "assigned_campaigns_count"),
        ("assignedCampaignsCount", "assigned_campaigns_count"),
        ("upFrontCost", "up_front_cost"),
    ],
)
def test_irregular_wire_names(wire, snake):
    assert SNAKE_BY_WIRE[wire] == snake


def test_requests_spell_the_count_correctly():
    assert wire_name("assigned_campaigns_count") == "assignedCampaignsCount"


def test_the_table_has_one_wire_name_per_snake_name_on_the_way_out():
    assert all(SNAKE_BY_WIRE[wire] == snake for snake, wire in WIRE_BY_SNAKE.items())


def test_to_wire_omits_unset_arguments_and_keeps_false():
    assert to_wire({"webhook_url": "https://h.example", "is_reseller": False, "ein": None}) == {
        "webhookURL": "https://h.example",
        "isReseller": False,
    }


def test_arguments_to_wire_sends_a_methods_keywords_but_not_self_or_its_path():
    def update(self, campaign_id, *, sample1=None, mno_ids=None, tag=None, auto_renewal=None):
        return arguments_to_wire(locals(), in_path=("campaign_id",))

    assert update(object(), "C1", sample1="Hi", mno_ids=(10017, 10035), auto_renewal=False) == {
        "sample1": "Hi",
        "mnoIds": [10017, 10035],
        "autoRenewal": False,
    }


def test_a_name_missing_from_the_table_is_an_error_not_a_guess():
    with pytest.raises(KeyError):
        wire_name("some_new_field")


@pytest.mark.parametrize(
    ("wire", "attribute"),
    [("brandId", "brand_id"), ("10017", "_10017"), ("msg_class", "msg_class"), ("someNewField", None)],
)
def test_attribute_names(wire, attribute):
    assert attribute_name(wire) == attribute


@pytest.mark.parametrize(
    ("pointer", "field"),
    [
        ("/displayName", "display_name"),
        ("/webhookURL", "webhook_url"),
        ("/appeal_reason", "appeal_reason"),
        ("/mnoIds/0", "mno_ids"),
        ("/", None),
        ("/unknownField", None),
    ],
)
def test_pointers_to_fields(pointer, field):
    assert field_for_pointer(pointer) == field


@pytest.mark.parametrize(
    ("parameter", "field"),
    [
        ("recordsPerPage", "records_per_page"),
        ("tcrBrandId", "tcr_brand_id"),
        ("filter[telnyx_campaign_id]", "filter.telnyx_campaign_id"),
        ("filter[tcr_brand_id]", "filter.tcr_brand_id"),
        ("bogus", None),
    ],
)
def test_parameters_to_fields(parameter, field):
    assert field_for_parameter(parameter) == field
