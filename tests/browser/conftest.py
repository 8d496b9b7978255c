"""Browser fixtures: Debian's chromium driven by Playwright, signing in through the real form,
and axe-core run against the page in front of it.

The browser is never downloaded: it is the system chromium (`make browser` installs it).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from assure.core.testing import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside one.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-results" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}

SignIn = Callable[[Any], None]
CheckPage = Callable[[str], None]


def chromium_path() -> str:
    """The system chromium: $CHROMIUM_PATH, or `chromium` on the PATH. Missing is a failure, not a skip."""
    configured = os.environ.get("CHROMIUM_PATH", "")
    found = configured if configured and os.access(configured, os.X_OK) else shutil.which("chromium")
    if not found:
        pytest.fail(
            "No chromium for the browser tests. Run `make browser` to install Debian's chromium, "
            "or set CHROMIUM_PATH to a chromium executable.",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _plain_http(settings: Any) -> None:
    """The live server speaks plain HTTP, whatever the local environment says about TLS."""
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def url(live_server: Any) -> Callable[[str], str]:
    return lambda path: f"{live_server.url}{path}"


@pytest.fixture
def sign_in(page: Page, url: Callable[[str], str]) -> SignIn:
    """Sign in through the login form, as a real person would, and land on the home page."""

    def _sign_in(user: Any) -> None:
        page.goto(url("/accounts/login/"))
        page.fill("#id_username", user.email)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.wait_for_url(url("/"))

    return _sign_in


@pytest.fixture
def axe(page: Page) -> Callable[[], list[dict[str, Any]]]:
    """Run axe-core's WCAG 2.2 A and AA rules on the page in front of the browser; return the violations."""

    def _run() -> list[dict[str, Any]]:
        if not AXE_SCRIPT.exists():
            pytest.fail(f"axe-core is missing ({AXE_SCRIPT}). Run `make setup` to install the npm packages.")
        page.add_script_tag(path=str(AXE_SCRIPT))
        results = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            WCAG_TAGS,
        )
        return results["violations"]

    return _run


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    at {', '.join(str(t) for t in node['target'])}" for node in violation["nodes"])
    return "\n".join(lines)


@pytest.fixture
def check_accessible(page: Page, axe: Callable[[], list[dict[str, Any]]]) -> CheckPage:
    """Screenshot the page in front of the browser, then assert axe-core finds no WCAG 2.2 AA failures."""

    def _check(name: str) -> None:
        page.wait_for_load_state("load")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        violations = axe()
        assert violations == [], f"axe-core found WCAG 2.2 AA failures on {name} ({page.url}):\n{describe(violations)}"

    return _check
