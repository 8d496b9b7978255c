"""Shared test fixtures: named personas, a page-checking client, and no outgoing network."""

from __future__ import annotations

import datetime as dt
import socket
from typing import Any

import pytest
from django.test import Client

from assure.core.testing import PageCheckingClient, Personas, build_personas


@pytest.fixture(autouse=True)
def _no_outgoing_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never reach beyond this machine: only loopback connections are allowed."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in {"127.0.0.1", "localhost", "::1"} and not host.startswith("/"):
            raise RuntimeError(f"Tests must not make outgoing network calls (tried {address!r}).")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is slow by design; tests that check hashing itself put it back."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _dfe_validators_off(settings: Any) -> None:
    """Imports in tests skip the DfE validators (seconds each); their own tests turn them on."""
    settings.DFE_VALIDATORS_PYTHON = "off"


@pytest.fixture
def client() -> Client:
    """Django's test client, checking every HTML page it fetches (see PageCheckingClient)."""
    return PageCheckingClient()


@pytest.fixture
def personas(db: None) -> Personas:
    return build_personas()


@pytest.fixture
def today() -> dt.date:
    from assure.organisation.selectors import today

    return today()
