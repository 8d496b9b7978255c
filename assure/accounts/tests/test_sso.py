"""Single sign-on by OpenID Connect, end to end against a real provider running on 127.0.0.1.

The relying party is Assure as configured (mozilla-django-oidc with `AssureOIDCBackend`); nothing in
it is mocked. The browser is played by the Django test client for Assure's pages and by `requests`
for the provider's `/authorize` page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from django.test import Client

from assure.accounts.models import User
from assure.accounts.oidc import OIDC_BACKEND
from assure.accounts.tests.oidc_provider import Identity, OIDCProvider
from assure.accounts.tests.support import (
    LOGIN_URL,
    require_two_factor,
    sign_in,
    signed_in_user_id,
)
from assure.core.testing import Personas


@pytest.fixture
def provider(settings: Any) -> Iterator[OIDCProvider]:
    with OIDCProvider() as provider:
        for name, value in provider.relying_party_settings().items():
            setattr(settings, name, value)
        yield provider


def authorize(client: Client, *, next_url: str = "") -> dict[str, str]:
    """Start single sign-on at Assure, visit the provider, and return the callback's parameters."""
    response = client.get("/oidc/authenticate/", {"next": next_url} if next_url else {})
    assert response.status_code == 302
    at_provider = requests.get(response["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    callback = urlsplit(at_provider.headers["Location"])
    assert (callback.scheme, callback.netloc, callback.path) == ("http", "testserver", "/oidc/callback/")
    return dict(parse_qsl(callback.query))


def sso_sign_in(client: Client, provider: OIDCProvider, user: User | str, **identity: Any) -> Any:
    email = user if isinstance(user, str) else user.email
    provider.identity = Identity(sub=f"sub-{email}", email=email, **identity)
    return client.get("/oidc/callback/", authorize(client))


def assert_signed_out(client: Client) -> None:
    assert signed_in_user_id(client) is None
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


# The provider itself


def test_the_provider_publishes_discovery_and_its_signing_key(provider: OIDCProvider) -> None:
    config = requests.get(provider.url("/.well-known/openid-configuration"), timeout=10).json()
    assert config["issuer"] == provider.issuer
    assert config["token_endpoint"] == provider.url("/token")
    assert config["id_token_signing_alg_values_supported"] == ["RS256"]
    (key,) = requests.get(config["jwks_uri"], timeout=10).json()["keys"]
    assert key["kty"] == "RSA"
    assert key["kid"] == provider.key.kid
    assert "d" not in key  # only the public half


def test_the_provider_refuses_a_wrong_client_secret_and_a_reused_code(provider: OIDCProvider) -> None:
    redirect = "http://testserver/oidc/callback/"
    params = {"client_id": provider.client_id, "redirect_uri": redirect, "response_type": "code", "scope": "openid"}
    issued = requests.get(provider.url("/authorize"), params=params, allow_redirects=False, timeout=10)
    code = dict(parse_qsl(urlsplit(issued.headers["Location"]).query))["code"]
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect, "client_id": provider.client_id}
    assert requests.post(provider.url("/token"), data={**form, "client_secret": "wrong"}, timeout=10).status_code == 401
    good = requests.post(
        provider.url("/token"), data=form, auth=(provider.client_id, provider.client_secret), timeout=10
    )
    assert good.status_code == 200
    userinfo = requests.get(
        provider.url("/userinfo"), headers={"Authorization": f"Bearer {good.json()['access_token']}"}, timeout=10
    )
    assert userinfo.json()["email"] == provider.identity.email
    again = requests.post(
        provider.url("/token"), data=form, auth=(provider.client_id, provider.client_secret), timeout=10
    )
    assert again.status_code == 400


# Signing in


@pytest.mark.django_db
def test_a_person_with_an_account_signs_in_by_sso(client: Client, personas: Personas, provider: OIDCProvider) -> None:
    user = personas.practitioner_a
    response = sso_sign_in(client, provider, "Worker.A@Test.Example", name="Someone Else")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == user.pk
    assert client.session["_auth_user_backend"] == OIDC_BACKEND
    home = client.get("/")
    assert home.status_code == 200
    assert "Welcome, Worker A." in home.content.decode()
    # The request the provider saw: the code flow, our client, a nonce and state to check on return.
    (request,) = provider.authorize_requests
    assert request["response_type"] == "code"
    assert request["client_id"] == provider.client_id
    assert request["scope"].split() == ["openid", "email", "profile"]
    assert request["nonce"] and request["state"]
    (token_request,) = provider.token_requests
    assert token_request["client_secret"] == provider.client_secret  # client_secret_post by default


@pytest.mark.django_db
def test_sso_can_authenticate_to_the_provider_with_http_basic(
    client: Client, personas: Personas, provider: OIDCProvider, settings: Any
) -> None:
    settings.OIDC_TOKEN_USE_BASIC_AUTH = True
    sso_sign_in(client, provider, personas.manager_a)
    assert signed_in_user_id(client) == personas.manager_a.pk
    (token_request,) = provider.token_requests
    assert token_request["authorization"].startswith("Basic ")
    assert "client_secret" not in token_request


@pytest.mark.django_db
def test_sso_returns_to_the_page_asked_for(client: Client, personas: Personas, provider: OIDCProvider) -> None:
    provider.identity = Identity(sub="x", email=personas.director.email)
    response = client.get("/oidc/callback/", authorize(client, next_url="/performance/"))
    assert response["Location"] == "/performance/"


@pytest.mark.django_db
def test_sso_is_not_asked_for_two_factor_even_when_the_role_requires_it(
    client: Client, personas: Personas, provider: OIDCProvider
) -> None:
    require_two_factor("practitioner")
    sso_sign_in(client, provider, personas.practitioner_a)
    assert client.get("/").status_code == 200
    profile = client.get("/accounts/profile/")
    assert profile.status_code == 200
    assert "Required for your role" not in profile.content.decode()
    # The same person signing in with a password is sent to set up two-factor.
    client.post("/accounts/logout/")
    sign_in(client, personas.practitioner_a)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/setup/"


@pytest.mark.django_db
def test_a_person_who_signed_in_by_sso_has_no_password_to_change(
    client: Client, personas: Personas, provider: OIDCProvider
) -> None:
    user = personas.iro
    user.set_unusable_password()
    user.save()
    sso_sign_in(client, provider, user)
    assert client.get("/accounts/password/").status_code == 403


# Refusals


@pytest.mark.django_db
def test_an_address_without_an_assure_account_is_refused_and_not_created(
    client: Client, personas: Personas, provider: OIDCProvider
) -> None:
    accounts = User.objects.count()
    response = sso_sign_in(client, provider, "stranger@test.example")
    assert response.status_code == 302
    assert not User.objects.filter(email__iexact="stranger@test.example").exists()
    assert User.objects.count() == accounts
    assert_signed_out(client)


@pytest.mark.django_db
def test_a_switched_off_account_is_refused(client: Client, personas: Personas, provider: OIDCProvider) -> None:
    User.objects.filter(pk=personas.practitioner_b.pk).update(is_active=False)
    sso_sign_in(client, provider, personas.practitioner_b)
    assert_signed_out(client)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email_verified", "signed_in"),
    [(True, True), (None, True), (False, False)],
    ids=["verified", "not-stated", "unverified"],
)
def test_an_address_the_provider_has_not_verified_is_refused(
    client: Client, personas: Personas, provider: OIDCProvider, email_verified: bool | None, signed_in: bool
) -> None:
    sso_sign_in(client, provider, personas.practitioner_a, email_verified=email_verified)
    assert (signed_in_user_id(client) == personas.practitioner_a.pk) is signed_in


@pytest.mark.django_db
def test_email_verified_sent_as_the_string_false_is_refused(
    client: Client, personas: Personas, provider: OIDCProvider
) -> None:
    provider.userinfo_overrides = {"email_verified": "false"}
    sso_sign_in(client, provider, personas.practitioner_a)
    assert_signed_out(client)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {"nonce": "not-the-nonce-we-sent"},
        {"aud": "another-client"},
        {"exp": 1_000_000_000, "iat": 999_999_000},
    ],
    ids=["wrong-nonce", "wrong-audience", "expired"],
)
def test_an_id_token_that_is_not_for_this_sign_in_is_refused(
    client: Client, personas: Personas, provider: OIDCProvider, overrides: dict[str, Any]
) -> None:
    provider.id_token_overrides = overrides
    response = sso_sign_in(client, provider, personas.practitioner_a)
    assert response.status_code in {302, 400}
    assert len(provider.token_requests) == 1  # the provider was asked; its token was refused
    assert_signed_out(client)


@pytest.mark.django_db
def test_an_id_token_not_signed_by_the_provider_is_refused(
    client: Client, personas: Personas, provider: OIDCProvider
) -> None:
    provider.sign_with_foreign_key = True
    sso_sign_in(client, provider, personas.practitioner_a)
    assert_signed_out(client)


@pytest.mark.django_db
def test_userinfo_about_someone_else_is_refused(client: Client, personas: Personas, provider: OIDCProvider) -> None:
    provider.userinfo_overrides = {"sub": "someone-else", "email": personas.admin.email}
    sso_sign_in(client, provider, personas.practitioner_a)
    assert_signed_out(client)


@pytest.mark.django_db
def test_a_tampered_state_is_refused(client: Client, personas: Personas, provider: OIDCProvider) -> None:
    provider.identity = Identity(sub="a", email=personas.practitioner_a.email)
    params = authorize(client)
    assert params["state"] == provider.authorize_requests[0]["state"]  # the provider returns what it was sent
    response = client.get("/oidc/callback/", {**params, "state": "tampered"})
    assert response.status_code == 400
    assert provider.token_requests == []
    assert_signed_out(client)


@pytest.mark.django_db
def test_a_callback_without_a_sign_in_started_in_this_browser_is_refused(
    personas: Personas, provider: OIDCProvider
) -> None:
    victim, attacker = Client(), Client()
    provider.identity = Identity(sub="a", email=personas.practitioner_a.email)
    params = authorize(attacker)
    response = victim.get("/oidc/callback/", params)
    assert response.status_code == 302
    assert provider.token_requests == []
    assert_signed_out(victim)


@pytest.mark.django_db
def test_a_callback_cannot_be_replayed(client: Client, personas: Personas, provider: OIDCProvider) -> None:
    provider.identity = Identity(sub="a", email=personas.practitioner_a.email)
    params = authorize(client)
    client.get("/oidc/callback/", params)
    assert signed_in_user_id(client) == personas.practitioner_a.pk
    client.post("/accounts/logout/")
    response = client.get("/oidc/callback/", params)
    assert response.status_code in {302, 400}
    assert_signed_out(client)


@pytest.mark.django_db
def test_a_wrong_client_secret_is_refused_without_a_server_error(
    client: Client, personas: Personas, provider: OIDCProvider, settings: Any
) -> None:
    settings.OIDC_RP_CLIENT_SECRET = "not-the-secret"
    response = sso_sign_in(client, provider, personas.practitioner_a)
    assert response.status_code == 302
    assert_signed_out(client)


@pytest.mark.django_db
def test_a_password_sign_in_never_hands_a_code_to_the_provider(
    client: Client, personas: Personas, provider: OIDCProvider
) -> None:
    provider.identity = Identity(sub="a", email=personas.practitioner_a.email)
    params = authorize(client)
    response = client.post(
        f"{LOGIN_URL}?code={params['code']}&state={params['state']}",
        {"username": personas.practitioner_a.email, "password": "not the password"},
    )
    assert response.status_code == 200
    assert provider.token_requests == []
    assert signed_in_user_id(client) is None


@pytest.mark.django_db
def test_failed_sso_sign_ins_do_not_lock_others_out(
    client: Client, personas: Personas, provider: OIDCProvider, settings: Any
) -> None:
    """Refused callbacks carry no username: counting them would lock out a whole office's address."""
    for n in range(6):
        sso_sign_in(client, provider, f"not-a-user-{n}@test.example")
    response = sso_sign_in(client, provider, personas.practitioner_a)
    assert response.status_code == 302
    assert signed_in_user_id(client) == personas.practitioner_a.pk


# The sign-in page


@pytest.mark.django_db
def test_the_sign_in_page_offers_sso_only_when_it_is_configured(client: Client, settings: Any) -> None:
    settings.OIDC_RP_CLIENT_ID = ""
    page = client.get(LOGIN_URL).content.decode()
    assert "/oidc/authenticate/" not in page
    with OIDCProvider() as provider:
        for name, value in provider.relying_party_settings().items():
            setattr(settings, name, value)
        settings.OIDC_LOGIN_LABEL = "Sign in with your Testshire account"
        page = client.get(LOGIN_URL, {"next": "/risks/"}).content.decode()
    assert 'href="/oidc/authenticate/?next=/risks/"' in page
    assert "Sign in with your Testshire account" in page


@pytest.mark.django_db
def test_sso_is_refused_when_it_is_not_configured(client: Client, personas: Personas, settings: Any) -> None:
    with OIDCProvider() as provider:
        for name, value in provider.relying_party_settings().items():
            setattr(settings, name, value)
        provider.identity = Identity(sub="a", email=personas.practitioner_a.email)
        params = authorize(client)
        settings.OIDC_RP_CLIENT_ID = ""
        client.get("/oidc/callback/", params)
        assert provider.token_requests == []
    assert_signed_out(client)


def test_a_refused_sign_in_explains_what_to_do(client: Client, db: None) -> None:
    page = client.get("/accounts/login/?sso=refused").content.decode()
    assert "could not be used to sign in to Assure" in page
    assert "could not be used" not in client.get("/accounts/login/").content.decode()
