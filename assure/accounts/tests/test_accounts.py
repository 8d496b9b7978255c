"""Password sign-in, password rules, login throttling, session expiry and cookies, through HTTP."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from assure.accounts.middleware import SESSION_ENDED_MESSAGE, SESSION_STARTED_KEY
from assure.accounts.models import User
from assure.accounts.tests.support import (
    LOGIN_URL,
    sign_in,
    signed_in_user_id,
)
from assure.core.testing import PASSWORD, Personas, check_page
from config import settings as project_settings

# Signing in and out


@pytest.mark.django_db
def test_a_person_signs_in_with_a_password_and_out_again(client: Client, personas: Personas) -> None:
    page = client.get(LOGIN_URL)
    assert page.status_code == 200
    assert "/oidc/authenticate/" not in page.content.decode()  # single sign-on is not configured
    response = sign_in(client, personas.manager_a)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == personas.manager_a.pk
    assert "Welcome, Manager A." in client.get("/").content.decode()
    assert client.get(LOGIN_URL)["Location"] == "/"  # already signed in
    assert client.get("/accounts/logout/").status_code == 405  # signing out is a POST
    response = client.post("/accounts/logout/")
    assert response["Location"] == LOGIN_URL
    assert signed_in_user_id(client) is None
    assert client.get("/")["Location"] == f"{LOGIN_URL}?next=/"


@pytest.mark.django_db
def test_the_email_address_is_not_case_sensitive(client: Client, personas: Personas) -> None:
    sign_in(client, "  Worker.A@TEST.example ")
    assert signed_in_user_id(client) == personas.practitioner_a.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "password"),
    [("worker.a@test.example", "not the password"), ("nobody@test.example", PASSWORD), ("", "")],
    ids=["wrong-password", "unknown-address", "blank"],
)
def test_a_failed_sign_in_shows_an_error_summary(client: Client, personas: Personas, email: str, password: str) -> None:
    response = sign_in(client, email, password)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "<title>Error: Sign in" in html
    assert signed_in_user_id(client) is None


@pytest.mark.django_db
def test_a_switched_off_account_cannot_sign_in(client: Client, personas: Personas) -> None:
    User.objects.filter(pk=personas.iro.pk).update(is_active=False)
    assert sign_in(client, personas.iro).status_code == 200
    assert signed_in_user_id(client) is None


@pytest.mark.django_db
def test_sign_in_only_returns_to_pages_on_this_site(client: Client, personas: Personas) -> None:
    response = client.post(
        LOGIN_URL, {"username": personas.director.email, "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    client.post("/accounts/logout/")
    response = client.post(
        LOGIN_URL, {"username": personas.director.email, "password": PASSWORD, "next": "/governance/"}
    )
    assert response["Location"] == "/governance/"


@pytest.mark.django_db
def test_passwords_are_stored_with_argon2(client: Client, personas: Personas, settings: Any) -> None:
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = personas.practitioner_a
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")  # as if set before Argon2 was preferred
    user.save()
    assert sign_in(client, user)["Location"] == "/"
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")  # upgraded on sign-in
    client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "lamp orchard river", "new_password2": "lamp orchard river"},
    )
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("lamp orchard river")


# Password rules (after NCSC guidance: length and a deny list, no composition rules)


def change_password(client: Client, new: str, *, old: str = PASSWORD) -> Any:
    return client.post("/accounts/password/", {"old_password": old, "new_password1": new, "new_password2": new})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("eleven char", "at least 12 characters"),
        ("qwerty123456", "too common"),
        ("123456789123", "too common"),
        ("worker.a@test.example", "too similar to the email"),
    ],
)
def test_weak_passwords_are_refused(client: Client, personas: Personas, new_password: str, message: str) -> None:
    sign_in(client, personas.practitioner_a)
    response = change_password(client, new_password)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert User.objects.get(pk=personas.practitioner_a.pk).check_password(PASSWORD)


@pytest.mark.django_db
@pytest.mark.parametrize("new_password", ["lamp orchard river", "marmaladesky", "ABCDEFGHJKLM", "five little ducks"])
def test_long_uncommon_passwords_need_no_particular_characters(
    client: Client, personas: Personas, new_password: str
) -> None:
    sign_in(client, personas.practitioner_a)
    response = change_password(client, new_password)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    assert signed_in_user_id(client) == personas.practitioner_a.pk  # still signed in after the change
    client.post("/accounts/logout/")
    assert sign_in(client, personas.practitioner_a).status_code == 200  # the old password no longer works
    assert sign_in(client, personas.practitioner_a, new_password)["Location"] == "/"


@pytest.mark.django_db
def test_changing_the_password_needs_the_current_one(client: Client, personas: Personas) -> None:
    sign_in(client, personas.practitioner_a)
    response = change_password(client, "lamp orchard river", old="a wrong guess")
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert User.objects.get(pk=personas.practitioner_a.pk).check_password(PASSWORD)


# Login throttling (django-axes)


def fail_to_sign_in(client: Client, user: User, times: int, address: str = "192.0.2.1") -> Any:
    response = None
    for _ in range(times):
        response = sign_in(client, user, "a wrong guess", REMOTE_ADDR=address)
    return response


@pytest.mark.django_db
def test_five_failures_lock_the_account_from_that_address(client: Client, personas: Personas, settings: Any) -> None:
    # The single sign-on exemption in settings must not weaken password throttling.
    assert settings.AXES_WHITELIST_CALLABLE
    user = personas.practitioner_a
    assert fail_to_sign_in(client, user, 4).status_code == 200
    locked = fail_to_sign_in(client, user, 1)
    assert locked.status_code == 429
    assert "too many unsuccessful attempts" in locked.content.decode()
    # Now even the right password is refused from that address...
    response = sign_in(client, user, REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 429
    assert signed_in_user_id(client) is None
    # ...but the account is not locked from elsewhere, nor the address for other accounts.
    assert sign_in(Client(), user, REMOTE_ADDR="198.51.100.9")["Location"] == "/"
    assert sign_in(Client(), personas.manager_a, REMOTE_ADDR="192.0.2.1")["Location"] == "/"


@pytest.mark.django_db
def test_changing_the_case_of_the_address_does_not_buy_more_attempts(client: Client, personas: Personas) -> None:
    for email in ("worker.a@test.example", "Worker.A@test.example", "WORKER.A@TEST.EXAMPLE", "worker.A@test.example"):
        assert sign_in(client, email, "a wrong guess", REMOTE_ADDR="192.0.2.1").status_code == 200
    assert sign_in(client, "Worker.a@Test.Example", "a wrong guess", REMOTE_ADDR="192.0.2.1").status_code == 429
    assert sign_in(client, personas.practitioner_a, REMOTE_ADDR="192.0.2.1").status_code == 429


@pytest.mark.django_db
def test_a_successful_sign_in_resets_the_count(client: Client, personas: Personas) -> None:
    user = personas.practitioner_a
    fail_to_sign_in(client, user, 4)
    assert sign_in(client, user, REMOTE_ADDR="192.0.2.1")["Location"] == "/"
    client.post("/accounts/logout/")
    fail_to_sign_in(client, user, 4)
    assert sign_in(client, user, REMOTE_ADDR="192.0.2.1")["Location"] == "/"


@pytest.mark.django_db
def test_the_lockout_page_is_a_proper_page(client: Client, personas: Personas, settings: Any) -> None:
    response = fail_to_sign_in(client, personas.practitioner_a, 5)
    assert response.status_code == 429
    check_page(response.content.decode(), path=LOGIN_URL)  # one h1, and the title starts with it


# Sessions


def stored_session(client: Client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


@pytest.mark.django_db
def test_a_session_ends_when_idle_and_is_renewed_by_use(client: Client, personas: Personas, settings: Any) -> None:
    sign_in(client, personas.practitioner_a)
    response = client.get("/")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]  # ends when the browser closes, too
    idle_limit = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs(stored_session(client).expire_date - (timezone.now() + idle_limit)) < dt.timedelta(seconds=30)
    # Each request renews it...
    Session.objects.filter(pk=stored_session(client).pk).update(expire_date=timezone.now() + dt.timedelta(seconds=5))
    assert client.get("/performance/").status_code == 200
    assert stored_session(client).expire_date > timezone.now() + idle_limit - dt.timedelta(seconds=30)
    # ...and once it has been idle for longer than the limit, it has gone.
    Session.objects.filter(pk=stored_session(client).pk).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/performance/")["Location"] == f"{LOGIN_URL}?next=/performance/"


def start_session_at(client: Client, started: float) -> None:
    session = client.session
    session[SESSION_STARTED_KEY] = started
    session.save()


@pytest.mark.django_db
def test_a_session_ends_a_fixed_time_after_sign_in_however_busy(
    client: Client, personas: Personas, settings: Any
) -> None:
    sign_in(client, personas.practitioner_a)
    assert client.get("/").status_code == 200
    assert time.time() - client.session[SESSION_STARTED_KEY] < 60
    start_session_at(client, time.time() - settings.SESSION_ABSOLUTE_SECONDS + 60)
    assert client.get("/performance/").status_code == 200  # a minute left
    start_session_at(client, time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1)
    response = client.get("/performance/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/performance/"
    assert signed_in_user_id(client) is None
    page = client.get(response["Location"])
    assert SESSION_ENDED_MESSAGE in page.content.decode()
    # Signing in again starts a new session with a new clock.
    sign_in(client, personas.practitioner_a)
    assert client.get("/").status_code == 200
    assert time.time() - client.session[SESSION_STARTED_KEY] < 60


# Cookies: the session cookie is the only one (the CSRF token is kept in the session)


@pytest.mark.django_db
def test_signing_in_and_using_the_service_sets_only_the_session_cookie(
    client: Client, personas: Personas, settings: Any
) -> None:
    login_page = client.get(LOGIN_URL)
    assert 'name="csrfmiddlewaretoken"' in login_page.content.decode()
    responses = [login_page, sign_in(client, personas.admin), client.get("/"), client.get("/accounts/profile/")]
    responses.append(client.get("/accounts/access-log/"))
    for response in responses:
        assert set(response.cookies) <= {settings.SESSION_COOKIE_NAME}
    cookie = responses[1].cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_confirmation_messages_set_no_cookie(client: Client, personas: Personas, settings: Any) -> None:
    sign_in(client, personas.practitioner_a)
    changed = change_password(client, "lamp orchard river")
    profile = client.get(changed["Location"])
    assert "Your password has been changed." in profile.content.decode()
    for response in (changed, profile):
        assert set(response.cookies) <= {settings.SESSION_COOKIE_NAME}
