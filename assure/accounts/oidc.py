"""Single sign-on by OpenID Connect (for example Microsoft Entra ID).

Only people who already have an Assure account may sign in this way: the provider's verified
e-mail address is matched to the account. Nobody is created by signing in.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from assure.accounts.models import User

logger = logging.getLogger(__name__)


def sso_enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID and settings.OIDC_OP_AUTHORIZATION_ENDPOINT)


def signed_in_by_sso(request: HttpRequest) -> bool:
    """Whether this session's sign-in was by single sign-on (Django records the backend used)."""
    return bool(request.session.get(BACKEND_SESSION_KEY) == OIDC_BACKEND)


def exempt_from_lockout(request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
    """For settings.AXES_WHITELIST_CALLABLE: the provider throttles single sign-on, not Assure.

    A refused callback carries no username, so django-axes would count every refusal (someone with
    no Assure account, say) against the address alone and lock out everyone in the same office.
    """
    return request.path == reverse("oidc_authentication_callback")


class AssureOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        email = (claims.get("email") or claims.get("preferred_username") or "").strip().lower()
        if not email:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        # Some providers send the flag as a string. Entra ID leaves it out: its addresses are the tenant's own.
        if str(claims.get("email_verified", True)).lower() == "false":
            return False
        return bool(claims.get("email") or claims.get("preferred_username"))

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """Check the signature, expiry and nonce (as the library does), and that the token is ours."""
        try:
            payload: dict[str, Any] = super().verify_token(token, **kwargs)
        except jwt.InvalidTokenError as error:  # an expired token, say: the library lets these escape
            raise SuspiciousOperation(f"The ID token is not valid: {error}") from error
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was issued to another client.")
        return payload

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> dict[str, Any]:
        claims: dict[str, Any] = super().get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The userinfo response describes someone other than the ID token.")
        return claims

    def authenticate(self, request: Any, **kwargs: Any) -> User | None:
        # Only the callback view passes a nonce. Without this check a password sign-in posted to a
        # URL carrying ?code=…&state=… would be handed to the provider, skipping the state check.
        if request is None or "nonce" not in kwargs or not sso_enabled():
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException) as error:
            logger.warning("Single sign-on refused: %s", error)
            return None


OIDC_BACKEND = f"{AssureOIDCBackend.__module__}.{AssureOIDCBackend.__qualname__}"
