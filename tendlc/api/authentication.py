"""Who is calling: ``Authorization: Token <key>`` (or ``Bearer <key>``) with a key issued under *API tokens*
in the admin. What a key is and how it is checked is ``tendlc.services.api_tokens``'s decision; this reads
the header and answers DRF's way (a 401 in the one error format, ``WWW-Authenticate: Token``).

Or the admin's session, for a person trying the interactive docs: only once it is signed in as fully as the
admin demands, so a password alone does not open through the API what two-factor sign-in guards in the
admin. A token is a factor of its own (issued by an admin, kept secret by the system that holds it) and is
not asked for a code."""

from django.contrib.auth.models import AbstractBaseUser, User
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework.request import Request

from tendlc.models import ApiToken
from tendlc.services.api_tokens import TokenRefused, api_token_authenticate
from tendlc.services.two_factor import two_factor_outstanding

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


class TwoFactorSessionAuthentication(SessionAuthentication):
    def authenticate(self, request: Request) -> tuple[AbstractBaseUser, None] | None:
        signed_in = super().authenticate(request)
        if signed_in is not None:
            user = signed_in[0]
            if isinstance(user, User) and two_factor_outstanding(user=user):
                raise PermissionDenied(
                    "This session was signed in without two-factor sign-in, which your account requires. "
                    "Finish two-factor sign-in in the admin (sign in again with your code, or set it up), "
                    "or call the API with a token."
                )
        return signed_in
