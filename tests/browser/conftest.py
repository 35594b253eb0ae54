import pytest
from playwright.sync_api import Page

from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def log_in(live_server):
    """Log in through the login page, as a person would."""

    def log_in(page: Page, username: str = "coach") -> None:
        UserFactory(username=username)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("User name").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/")

    return log_in
