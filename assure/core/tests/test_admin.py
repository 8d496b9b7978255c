"""The Django admin is for superusers; its pages open and jobs are read-only there."""

from __future__ import annotations

from typing import Any

import pytest

from assure.accounts.models import User


@pytest.fixture
def superuser(db: None) -> User:
    return User.objects.create_superuser("root@test.example", "a long superuser password")


@pytest.mark.parametrize(
    "path",
    [
        "/django-admin/organisation/staff/",
        "/django-admin/organisation/team/",
        "/django-admin/core/job/",
        "/django-admin/accounts/accesslog/",
        "/django-admin/organisation/organisationimport/",
    ],
)
def test_admin_lists_open_for_a_superuser(client: Any, personas: Any, superuser: User, path: str) -> None:
    client.force_login(superuser)
    response = client.get(path)
    assert response.status_code == 200


def test_people_without_admin_rights_are_sent_to_the_admin_sign_in(client: Any, personas: Any) -> None:
    client.force_login(personas.admin)  # an Assure administrator is not a Django superuser
    response = client.get("/django-admin/organisation/staff/")
    assert response.status_code == 302 and "/django-admin/login/" in response["Location"]


def test_jobs_cannot_be_added_in_the_admin(client: Any, superuser: User) -> None:
    client.force_login(superuser)
    assert client.get("/django-admin/core/job/add/").status_code == 403
