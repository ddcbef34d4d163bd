"""Every field's label and help text, shown on the admin's pages and forms, is in plain words (issue 18): no
camelCase wire name of the API (``tcrBrandId``), no enum wire code (``REGISTRATION_PENDING``), no
``payload.type`` path."""

import re

import pytest
from django.apps import apps

from tests.plain_words import offenders


def model_fields() -> list[tuple[str, str, str]]:
    return [
        (f"{model.__name__}.{field.name}", str(field.verbose_name), str(field.help_text))
        for model in apps.get_app_config("tendlc").get_models()
        for field in model._meta.get_fields()
        if hasattr(field, "help_text")
    ]


@pytest.mark.parametrize(("name", "label", "help_text"), model_fields(), ids=[f[0] for f in model_fields()])
def test_labels_and_help_texts_are_plain_words(name, label, help_text):
    text = f"{label}. {help_text}"

    assert offenders(text) == []
    assert not re.search(r"\b(?:payload|data)\.\w+|\w+\[\]", text), text
