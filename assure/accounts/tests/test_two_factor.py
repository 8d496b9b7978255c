"""Two-factor sign-in with an authenticator app, for roles that require it, through HTTP."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from assure.accounts.models import User
from assure.accounts.tests.support import require_two_factor, sign_in, totp_code
from assure.core.testing import Personas

SETUP_URL = "/accounts/two-factor/setup/"
VERIFY_URL = "/accounts/two-factor/verify/"


def set_up_two_factor(client: Client, user: User) -> TOTPDevice:
    """Sign in with a password, scan the QR code (read the key) and confirm with the app's code."""
    sign_in(client, user)
    assert client.get(SETUP_URL).status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP_URL, {"token": totp_code(device)})
    assert response.status_code == 302
    assert response["Location"] == "/"
    return TOTPDevice.objects.get(pk=device.pk)


@pytest.mark.django_db
def test_a_role_requiring_two_factor_is_sent_to_set_it_up(client: Client, personas: Personas) -> None:
    require_two_factor("team_manager")
    sign_in(client, personas.manager_a)
    for path in ("/", "/performance/", "/accounts/profile/", "/accounts/access-log/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == SETUP_URL
    page = client.get(SETUP_URL)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=personas.manager_a, confirmed=False)
    assert "data:image/svg+xml;base64," in page.content.decode()  # the QR code
    key = page.context["secret"].replace(" ", "")
    assert device.config_url.count(key) == 1  # the key shown is the device's
    assert client.get(SETUP_URL).context["secret"] == page.context["secret"]  # reloading keeps the same key
    assert client.get("/accessibility/").status_code == 200  # static pages stay open
    assert client.post("/accounts/logout/")["Location"] == "/accounts/login/"


@pytest.mark.django_db
def test_a_valid_code_confirms_the_app_and_lets_the_person_through(client: Client, personas: Personas) -> None:
    require_two_factor("team_manager")
    device = set_up_two_factor(client, personas.manager_a)
    assert device.confirmed
    assert client.get("/").status_code == 200
    profile = client.get("/accounts/profile/").content.decode()
    assert "Set up" in profile
    assert 'href="/accounts/two-factor/setup/"' not in profile


@pytest.mark.django_db
def test_a_wrong_code_does_not_confirm_the_app(client: Client, personas: Personas) -> None:
    require_two_factor("team_manager")
    sign_in(client, personas.manager_a)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=personas.manager_a)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    for token in (wrong, "12345a"):
        response = client.post(SETUP_URL, {"token": token})
        assert response.status_code == 200
        assert "govuk-error-summary" in response.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/")["Location"] == SETUP_URL


@pytest.mark.django_db
def test_the_next_sign_in_asks_for_a_code(client: Client, personas: Personas) -> None:
    require_two_factor("team_manager")
    device = set_up_two_factor(client, personas.manager_a)
    client.post("/accounts/logout/")
    sign_in(client, personas.manager_a)
    response = client.get("/performance/")
    assert response["Location"] == f"{VERIFY_URL}?next=%2Fperformance%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'name="next" value="/performance/"' in page.content.decode()
    # The code just used to confirm the app cannot be used again; the app's next one can.
    response = client.post(VERIFY_URL, {"token": totp_code(device, steps_ahead=1), "next": "/performance/"})
    assert response["Location"] == "/performance/"
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_code_at_sign_in_is_refused_with_an_error_summary(client: Client, personas: Personas) -> None:
    require_two_factor("team_manager")
    device = set_up_two_factor(client, personas.manager_a)
    client.post("/accounts/logout/")
    sign_in(client, personas.manager_a)
    wrong = f"{(int(totp_code(device, steps_ahead=1)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY_URL, {"token": wrong})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "That code is not right" in html
    assert client.get("/")["Location"].startswith(VERIFY_URL)


@pytest.mark.django_db
def test_after_the_code_only_pages_on_this_site_are_followed(client: Client, personas: Personas) -> None:
    require_two_factor("team_manager")
    device = set_up_two_factor(client, personas.manager_a)
    client.post("/accounts/logout/")
    sign_in(client, personas.manager_a)
    response = client.post(f"{VERIFY_URL}?next=https://evil.example/", {"token": totp_code(device, steps_ahead=1)})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_the_password_alone_cannot_add_another_app(client: Client, personas: Personas) -> None:
    """Someone who knows the password but not the code must not get past by setting up their own app."""
    require_two_factor("team_manager")
    set_up_two_factor(client, personas.manager_a)
    client.post("/accounts/logout/")
    sign_in(client, personas.manager_a)
    assert client.get(SETUP_URL)["Location"] == VERIFY_URL
    assert client.post(SETUP_URL, {"token": "123456"})["Location"] == VERIFY_URL
    assert TOTPDevice.objects.filter(user=personas.manager_a).count() == 1
    assert client.get("/")["Location"].startswith(VERIFY_URL)


@pytest.mark.django_db
def test_someone_with_a_confirmed_app_is_sent_to_their_account_from_setup(client: Client, personas: Personas) -> None:
    require_two_factor("team_manager")
    set_up_two_factor(client, personas.manager_a)
    assert client.get(SETUP_URL)["Location"] == "/accounts/profile/"


@pytest.mark.django_db
def test_roles_without_the_requirement_are_not_asked(client: Client, personas: Personas) -> None:
    require_two_factor("team_manager")
    sign_in(client, personas.practitioner_a)
    assert client.get("/").status_code == 200
    assert "Not set up" in client.get("/accounts/profile/").content.decode()
