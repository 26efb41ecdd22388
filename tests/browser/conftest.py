"""End-to-end tests in Debian's chromium, driven by Playwright.

Run with `make test-browser` (pytest -m browser). The live server shares the
test database, so a test can read the captcha answer the page was given.
"""

import os

import pytest
from captcha.models import CaptchaStore

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # the test itself makes are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def fill_captcha(page):
    """Type the answer of the captcha shown on the page."""
    hashkey = page.locator("input[name=captcha_0]").input_value()
    answer = CaptchaStore.objects.get(hashkey=hashkey).response
    page.fill("input[name=captcha_1]", answer)


def log_in(page, username, password):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    fill_captcha(page)
    page.click("button[type=submit]:has-text('登录')")
