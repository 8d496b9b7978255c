"""Administrators give staff sign-in accounts and look after them."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from assure.accounts.models import User
from assure.core.testing import Personas, make_person
from assure.organisation.roles import RoleCode


def test_an_administrator_gives_a_person_an_account_and_they_set_a_password(client: Any, personas: Personas) -> None:
    newcomer = make_person("new.starter@test.example", [RoleCode.PRACTITIONER], personas.team_a)
    staff = newcomer.staff
    newcomer.delete()  # a member of staff with no account yet
    url = reverse("accounts:manage", args=[staff.pk])
    client.force_login(personas.admin)
    assert "cannot sign in to Assure yet" in client.get(url).content.decode()
    response = client.post(url, {"action": "create"}, follow=True)
    assert "A link to set a password has been sent to new.starter@test.example" in response.content.decode()
    account = User.objects.get(staff=staff)
    assert not account.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.starter@test.example"]
    link = re.search(r"http://testserver(/accounts/set-password/\S+/)", mail.outbox[0].body)
    assert link is not None

    client.logout()
    form_page = client.get(link.group(1), follow=True)
    assert "Set your password" in form_page.content.decode()
    form_url = form_page.redirect_chain[-1][0]
    weak = client.post(form_url, {"new_password1": "password1234", "new_password2": "password1234"})
    assert "too common" in weak.content.decode()
    done = client.post(
        form_url,
        {"new_password1": "kettle orbit meadow", "new_password2": "kettle orbit meadow"},
    )
    assert done.status_code == 302
    account.refresh_from_db()
    assert account.check_password("kettle orbit meadow")
    again = client.get(link.group(1), follow=True).content.decode()
    assert "This link has expired or been used" in again


def test_switching_an_account_off_stops_sign_in(client: Any, personas: Personas) -> None:
    client.force_login(personas.admin)
    url = reverse("accounts:manage", args=[personas.practitioner_a.staff_id])
    client.post(url, {"action": "switch_off"})
    personas.practitioner_a.refresh_from_db()
    assert not personas.practitioner_a.is_active
    other = type(client)()
    response = other.post(
        reverse("accounts:login"),
        {"username": personas.practitioner_a.email, "password": "correct horse battery staple"},
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 200 and "_auth_user_id" not in other.session
    client.post(url, {"action": "switch_on"})
    personas.practitioner_a.refresh_from_db()
    assert personas.practitioner_a.is_active
    history = client.get(url).content.decode()
    assert "Yes → No" in history and "No → Yes" in history


def test_removing_two_factor_deletes_the_devices(client: Any, personas: Personas) -> None:
    TOTPDevice.objects.create(user=personas.manager_a, name="Phone", confirmed=True)
    client.force_login(personas.admin)
    page = client.get(reverse("accounts:manage", args=[personas.manager_a.staff_id])).content.decode()
    assert "Remove two-factor sign-in" in page
    client.post(reverse("accounts:manage", args=[personas.manager_a.staff_id]), {"action": "reset_two_factor"})
    assert not TOTPDevice.objects.filter(user=personas.manager_a).exists()


def test_only_administrators_manage_accounts(client: Any, personas: Personas) -> None:
    url = reverse("accounts:manage", args=[personas.practitioner_a.staff_id])
    client.force_login(personas.manager_a)
    assert client.post(url, {"action": "switch_off"}).status_code == 403
    personas.practitioner_a.refresh_from_db()
    assert personas.practitioner_a.is_active
