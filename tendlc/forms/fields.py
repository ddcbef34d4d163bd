"""Form fields the resources' forms share."""

from typing import Any

from django import forms
from django.core.validators import URLValidator


class HttpsURLField(forms.URLField):
    """An http or https URL (the API takes no other, and webhooks are delivered over HTTP); one typed without
    a scheme is read as https."""

    default_validators = [URLValidator(schemes=["http", "https"])]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(assume_scheme="https", **kwargs)
