"""Single sign-on by OpenID Connect (for example Microsoft Entra ID).

Only people who already have an Assure account may sign in this way: the provider's verified
e-mail address is matched to the account. Nobody is created by signing in.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from assure.accounts.middleware import SSO_SESSION_KEY
from assure.accounts.models import User


def sso_enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID and settings.OIDC_OP_AUTHORIZATION_ENDPOINT)


class AssureOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        email = (claims.get("email") or claims.get("preferred_username") or "").strip().lower()
        if not email:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        if claims.get("email_verified") is False:
            return False
        return bool(claims.get("email") or claims.get("preferred_username"))

    def authenticate(self, request: Any, **kwargs: Any) -> User | None:
        if not sso_enabled():
            return None
        user = super().authenticate(request, **kwargs)
        if user is not None and request is not None:
            request.session[SSO_SESSION_KEY] = True
        return user
