"""Browser fixtures for the end-to-end tests: one headless Chromium, a fresh context per role.

The browser is Debian's ``/usr/bin/chromium``; Playwright never downloads one here.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

# The Playwright sync API runs an asyncio loop in the test thread; Django would then refuse the
# test's own (synchronous) database access.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
DEMO_PASSWORD = "sanji-demo"
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing; the e2e tests use Debian's chromium (never a downloaded one).")
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    path = Path(settings.BASE_DIR) / "var" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def shot(screenshot_dir):
    """Save a full-page PNG of ``page`` as var/screenshots/<name>.png and return its path."""

    def take(page, name: str) -> Path:
        path = screenshot_dir / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def open_as(browser, live_server):
    """Open a fresh browser context for a demo account, log in through the login page, return the page.

    ``open_as(None)`` gives an anonymous page. Pages open in Simplified Chinese (the district's language);
    the tests do not depend on visible text.
    """
    contexts = []

    def open_page(username: str | None, *, viewport=DESKTOP, locale="zh-CN"):
        context = browser.new_context(viewport=viewport, locale=locale, base_url=live_server.url,
                                      is_mobile=viewport is PHONE, has_touch=viewport is PHONE,
                                      device_scale_factor=2 if viewport is PHONE else 1)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        if username is None:
            return page
        response = page.goto("/accounts/login/")
        assert response.status == 200
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("main form[action='/accounts/login/'] button[type=submit]")
        page.wait_for_url(lambda url: urlsplit(url).path == "/")  # the home page after the redirect
        page.wait_for_load_state("networkidle")
        assert page.locator("header .account .who").count() == 1, f"{username} is not logged in"
        return page

    yield open_page
    for context in contexts:
        context.close()
