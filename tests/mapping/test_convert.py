"""Field lookup by name: only concrete columns can hold a wire value."""

import pytest
from django.db import models

from tendlc.mapping.convert import column
from tendlc.models import Brand, Campaign


def test_a_column_is_the_model_field():
    field = column(Campaign, "brand")

    assert isinstance(field, models.ForeignKey)
    assert field.attname == "brand_id"


def test_a_reverse_relation_is_not_a_column():
    with pytest.raises(TypeError, match=r"^Brand\.feedback is not a column$"):
        column(Brand, "feedback")
