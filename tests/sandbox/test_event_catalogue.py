"""The sandbox's event catalogue is the table of the estate reference (../shared/reference/10dlc-estate-life.md,
"Event types"), which gathers Telnyx's event page (EVT): the same kinds, at least the fields it names."""

import re
from pathlib import Path

import pytest

from tendlc.sandbox import event_catalogue

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "10dlc-estate-life.md"
ENTITIES = {"brand": event_catalogue.BRAND, "campaign": event_catalogue.CAMPAIGN}
ENTITIES["phone_number"] = event_catalogue.PHONE_NUMBER
ROW = re.compile(r"^\| (brand|campaign|phone_number) \|(.+?)\|(.*?)\|(.+?)\|$", re.MULTILINE)
# Where the reference's table says more than EVT, the page it gathers: EVT's TCR_EVENT example and table
# carry no status, so no TCR_EVENT payload must have one.
FIELDS_NOT_ON_EVT = {(event_catalogue.CAMPAIGN, "TCR_EVENT"): {"status"}}


def _outside_parentheses(text: str) -> str:
    return re.sub(r"\([^)]*\)", "", text)


def _top_level_parts(text: str) -> list[str]:
    """``text`` split at commas outside brackets and parentheses."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += char in "([{"
        depth -= char in ")]}"
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def reference_rows() -> list[tuple[str, str, list[str], dict[str, list[str]]]]:
    """(event_type, payload type, eventTypes, {field: documented statuses}) of each row of the table."""
    if not REFERENCE.exists():
        pytest.skip(f"the reference is not at {REFERENCE}")
    rows, also_listed = [], []
    for entity, kinds, fields, _cause in ROW.findall(REFERENCE.read_text()):
        # "`A`, `B`": two payload types; "`T` / `E1`, `_E2`": payload type T whose eventTypes are E1, E2.
        payload_types, _, events = _outside_parentheses(kinds).partition(" / ")
        event_types = re.findall(r"`([A-Z_]+)`", events)
        prefix = next((name.rsplit("_", 1)[0] for name in event_types if name.endswith("_APPROVED")), "")
        event_types = [prefix + name if name.startswith("_") else name for name in event_types]
        documented: dict[str, list[str]] = {}
        for part in _top_level_parts(fields):
            tokens = re.findall(r"`([A-Za-z_]+)", part)
            if tokens:
                documented[tokens[0]] = tokens[1:] if tokens[0] == "status" else []
        for payload_type in re.findall(r"`([A-Z_]+)`", payload_types):
            rows.append((ENTITIES[entity], payload_type, event_types, documented))
            # "(also listed as a `TCR_EVENT` `eventType`)"
            listed = re.search(r"also listed as a `([A-Z_]+)` `eventType`", kinds)
            if listed:
                also_listed.append((listed.group(1), payload_type))
    for payload_type, event_type in also_listed:
        for row in rows:
            if row[1] == payload_type:
                row[2].append(event_type)
    return rows


def test_the_catalogue_has_every_kind_of_the_reference_and_no_other():
    documented = {
        (event_type, payload_type, tuple(sorted(event_types)))
        for event_type, payload_type, event_types, _ in reference_rows()
    }
    catalogue = {
        (kind.event_type, kind.type, tuple(sorted(kind.event_type_values))) for kind in event_catalogue.KINDS
    }

    assert catalogue == documented


def test_each_kind_requires_the_fields_and_statuses_the_reference_names():
    kinds = {(kind.event_type, kind.type): kind for kind in event_catalogue.KINDS}
    for event_type, payload_type, _, documented in reference_rows():
        kind = kinds[(event_type, payload_type)]
        expected = set(documented) - FIELDS_NOT_ON_EVT.get((event_type, payload_type), set())
        assert expected <= set(kind.fields), (payload_type, expected - set(kind.fields))
        assert set(documented.get("status", [])) <= set(kind.statuses), (payload_type, kind.statuses)
