"""A small but real OpenID Connect provider for tests, served over HTTP on 127.0.0.1.

It implements the authorisation code flow as a relying party sees it: discovery, `/authorize`
(which signs in `provider.identity` at once, with no login page), `/token` (client authentication
by form or HTTP Basic, single-use codes bound to their redirect URI), `/jwks`, and `/userinfo`.
ID tokens are RS256-signed with a key generated when the provider starts.

Tests can make it misbehave the ways a hostile or broken provider might: `id_token_overrides`
replaces claims in the ID token (a wrong nonce, audience or expiry), `userinfo_overrides` replaces
claims returned by `/userinfo`, and `sign_with_foreign_key` signs ID tokens with a key that is not
published in the JWKS.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

ALGORITHM = "RS256"


@dataclass
class Identity:
    """The person the provider signs in. `email_verified=None` leaves the claim out."""

    sub: str
    email: str
    email_verified: bool | None = True
    name: str = ""

    def claims(self) -> dict[str, Any]:
        claims: dict[str, Any] = {"sub": self.sub, "email": self.email}
        if self.email_verified is not None:
            claims["email_verified"] = self.email_verified
        if self.name:
            claims["name"] = self.name
        return claims


@dataclass
class _Grant:
    client_id: str
    redirect_uri: str
    nonce: str | None
    identity: Identity
    used: bool = False


@dataclass
class OIDCProvider:
    """Start with `start()` (or use as a context manager); `stop()` shuts the server down."""

    client_id: str = "assure-test-client"
    client_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    identity: Identity = field(default_factory=lambda: Identity(sub="0001", email="someone@test.example"))
    id_token_overrides: dict[str, Any] = field(default_factory=dict)
    userinfo_overrides: dict[str, Any] = field(default_factory=dict)
    sign_with_foreign_key: bool = False
    token_lifetime: int = 300

    def __post_init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"alg": ALGORITHM, "use": "sig"}, auto_kid=True)
        self._lock = threading.Lock()
        self._grants: dict[str, _Grant] = {}
        self._access_tokens: dict[str, dict[str, Any]] = {}
        self.authorize_requests: list[dict[str, str]] = []
        self.token_requests: list[dict[str, str]] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # Running the server

    def start(self) -> OIDCProvider:
        handler = type("Handler", (_Handler,), {"provider": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="test-oidc-provider", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> OIDCProvider:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def issuer(self) -> str:
        if self._server is None:
            raise RuntimeError("The provider is not running.")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.issuer + path

    def relying_party_settings(self) -> dict[str, str]:
        """The mozilla-django-oidc settings that point a relying party at this provider."""
        return {
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": self.url("/authorize"),
            "OIDC_OP_TOKEN_ENDPOINT": self.url("/token"),
            "OIDC_OP_USER_ENDPOINT": self.url("/userinfo"),
            "OIDC_OP_JWKS_ENDPOINT": self.url("/jwks"),
            "OIDC_RP_SIGN_ALGO": ALGORITHM,
        }

    # The protocol

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.url("/authorize"),
            "token_endpoint": self.url("/token"),
            "userinfo_endpoint": self.url("/userinfo"),
            "jwks_uri": self.url("/jwks"),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": [ALGORITHM],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "claims_supported": ["sub", "email", "email_verified", "name", "nonce"],
        }

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.key.as_dict(private=False)]}

    def authorize(self, params: dict[str, str]) -> tuple[HTTPStatus, str]:
        """Sign in `identity` at once. Returns (status, redirect location or error text)."""
        self.authorize_requests.append(params)
        redirect_uri = params.get("redirect_uri", "")
        if params.get("client_id") != self.client_id or not redirect_uri.startswith(("http://", "https://")):
            return HTTPStatus.BAD_REQUEST, "Unknown client or missing redirect_uri."
        if params.get("response_type") != "code" or "openid" not in params.get("scope", "").split():
            return HTTPStatus.BAD_REQUEST, "Only the authorisation code flow with scope openid is supported."
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._grants[code] = _Grant(self.client_id, redirect_uri, params.get("nonce"), self.identity)
        query = {"code": code}
        if "state" in params:
            query["state"] = params["state"]
        separator = "&" if urlsplit(redirect_uri).query else "?"
        return HTTPStatus.FOUND, redirect_uri + separator + urlencode(query)

    def token(self, form: dict[str, str], authorization: str) -> tuple[HTTPStatus, dict[str, Any]]:
        self.token_requests.append({**form, "authorization": authorization})
        client_id, client_secret = _client_credentials(form, authorization)
        if client_id != self.client_id or not secrets.compare_digest(client_secret, self.client_secret):
            return HTTPStatus.UNAUTHORIZED, {"error": "invalid_client"}
        if form.get("grant_type") != "authorization_code":
            return HTTPStatus.BAD_REQUEST, {"error": "unsupported_grant_type"}
        with self._lock:
            grant = self._grants.get(form.get("code", ""))
            if grant is None or grant.used or grant.redirect_uri != form.get("redirect_uri"):
                return HTTPStatus.BAD_REQUEST, {"error": "invalid_grant"}
            grant.used = True
            access_token = secrets.token_urlsafe(24)
            self._access_tokens[access_token] = grant.identity.claims()
        return HTTPStatus.OK, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": self.token_lifetime,
            "id_token": self._id_token(grant),
        }

    def userinfo(self, authorization: str) -> tuple[HTTPStatus, dict[str, Any]]:
        scheme, _, token = authorization.partition(" ")
        with self._lock:
            claims = self._access_tokens.get(token) if scheme.lower() == "bearer" else None
        if claims is None:
            return HTTPStatus.UNAUTHORIZED, {"error": "invalid_token"}
        return HTTPStatus.OK, {**claims, **self.userinfo_overrides}

    def _id_token(self, grant: _Grant) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": grant.client_id,
            "iat": now,
            "exp": now + self.token_lifetime,
            **grant.identity.claims(),
        }
        if grant.nonce is not None:
            claims["nonce"] = grant.nonce
        claims.update(self.id_token_overrides)
        key = self.key
        if self.sign_with_foreign_key:
            key = RSAKey.generate_key(2048, parameters={"alg": ALGORITHM, "kid": self.key.kid})
        return jwt.encode({"alg": ALGORITHM, "kid": self.key.kid, "typ": "JWT"}, claims, key)


def _client_credentials(form: dict[str, str], authorization: str) -> tuple[str, str]:
    """client_secret_basic if an Authorization header is sent, otherwise client_secret_post."""
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() == "basic":
        try:
            client_id, _, client_secret = base64.b64decode(encoded).decode().partition(":")
        except ValueError:
            return "", ""
        return client_id, client_secret
    return form.get("client_id", ""), form.get("client_secret", "")


class _Handler(BaseHTTPRequestHandler):
    provider: OIDCProvider
    server_version = "AssureTestOIDC/1.0"

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/.well-known/openid-configuration":
            self._json(HTTPStatus.OK, self.provider.discovery())
        elif url.path == "/jwks":
            self._json(HTTPStatus.OK, self.provider.jwks())
        elif url.path == "/authorize":
            params = {name: values[0] for name, values in parse_qs(url.query).items()}
            status, location = self.provider.authorize(params)
            if status == HTTPStatus.FOUND:
                self._send(status, b"", "text/plain", {"Location": location})
            else:
                self._send(status, location.encode(), "text/plain")
        elif url.path == "/userinfo":
            self._json(*self.provider.userinfo(self.headers.get("Authorization", "")))
        else:
            self._send(HTTPStatus.NOT_FOUND, b"Not found", "text/plain")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        authorization = self.headers.get("Authorization", "")
        path = urlsplit(self.path).path
        if path == "/token":
            form = {name: values[0] for name, values in parse_qs(body).items()}
            self._json(*self.provider.token(form, authorization))
        elif path == "/userinfo":
            self._json(*self.provider.userinfo(authorization))
        else:
            self._send(HTTPStatus.NOT_FOUND, b"Not found", "text/plain")

    def _json(self, status: HTTPStatus, payload: dict[str, Any]) -> None:
        headers = {"Cache-Control": "no-store"}
        if status == HTTPStatus.UNAUTHORIZED:
            headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        self._send(status, json.dumps(payload).encode(), "application/json", headers)

    def _send(self, status: HTTPStatus, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""
