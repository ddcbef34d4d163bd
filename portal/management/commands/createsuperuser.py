"""Django's createsuperuser, holding a password given in ``DJANGO_SUPERUSER_PASSWORD`` to the password
validators too: Django checks only one typed at the prompt, so a script could create an administrator with
"admin" as the password."""

import os
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands import createsuperuser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


class Command(createsuperuser.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if not options["interactive"] and password is not None:
            user_model = get_user_model()
            username = options.get(user_model.USERNAME_FIELD) or os.environ.get(
                "DJANGO_SUPERUSER_" + user_model.USERNAME_FIELD.upper(), ""
            )
            try:
                validate_password(password, user_model(**{user_model.USERNAME_FIELD: username}))
            except ValidationError as error:
                raise CommandError(
                    "DJANGO_SUPERUSER_PASSWORD is refused: " + " ".join(error.messages)
                ) from error
        super().handle(*args, **options)
