"""Who is calling: ``Authorization: Token <key>`` (or ``Bearer <key>``) with a key issued under *API tokens*
in the admin. What a key is and how it is checked is ``tendlc.services.api_tokens``'s decision; this reads
the header and answers DRF's way (a 401 in the one error format, ``WWW-Authenticate: Token``)."""

from django.contrib.auth.models import AbstractBaseUser
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from tendlc.models import ApiToken
from tendlc.services.api_tokens import TokenRefused, api_token_authenticate

KEYWORDS = {b"token", b"bearer"}


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[AbstractBaseUser, ApiToken] | None:
        words = get_authorization_header(request).split()
        if not words or words[0].lower() not in KEYWORDS:
            return None  # another scheme, or none: the session may still authenticate
        if len(words) != 2:
            raise AuthenticationFailed(
                "Invalid token header: send 'Authorization: Token <key>', one key, no spaces."
            )
        try:
            key = words[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed("Invalid token.") from None
        try:
            token = api_token_authenticate(key=key)
        except TokenRefused as refused:
            raise AuthenticationFailed(refused.message) from None
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
