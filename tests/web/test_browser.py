"""The web app in real headless Chromium (Debian's chromium and chromedriver, via selenium).

uvicorn serves the app in a thread on a free port; the browser opens the book, searches it
(htmx swaps the table), drills into a household, records and approves its plan, and the
journal has the approval with its user and note. The three pages (book, household, review
after approval) are screenshotted and each PNG must have many colours (not a blank page).
The hostile household's page shows its name as text and no alert opens.

Without Chromium the tests skip, except under ``CI=true`` where they fail (as
tests/report/test_html.py). ``TRIMTAB_WEB_SCREENSHOTS=DIR`` also keeps the screenshots there
(docs/web-book.png is the book page's).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
import uvicorn
from selenium.common.exceptions import (
    NoAlertPresentException,
    NoSuchElementException,
    StaleElementReferenceException,
)
from selenium.webdriver import Chrome as WebDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from helpers.web_book import XSS_NAME, Served
from trimtab.journal import list_runs
from trimtab.web.app import create_app

pytestmark = pytest.mark.slow
MIN_COLOURS = 50  # a blank or error page has a handful; the book page has hundreds


def _need(name: str, candidates: tuple[str, ...]) -> str:
    found = next((p for p in map(shutil.which, candidates) if p), None)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} not installed under CI: apt-get install chromium chromium-driver")
        pytest.skip(f"{name} not installed: apt-get install chromium chromium-driver")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def base_url(served: Served) -> Iterator[str]:
    """The app of ``served`` listening on 127.0.0.1 (uvicorn in a thread)."""
    port = _free_port()
    config = uvicorn.Config(
        create_app(served.config), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    """Headless Chromium driven by chromedriver."""
    chromium = _need("Chromium", ("chromium", "chromium-browser"))
    driver_path = _need("chromedriver", ("chromedriver",))
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _png_module() -> ModuleType:
    """tests/report/test_html.py's PNG reader (one reader for the suite's screenshots)."""
    path = Path(__file__).resolve().parents[1] / "report" / "test_html.py"
    spec = importlib.util.spec_from_file_location("report_test_html", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _colours(png: bytes) -> int:
    pixels = _png_module()._png_pixels(png)
    flat = pixels[:, :, :3].reshape(-1, 3)
    return len(np.unique(flat, axis=0))


def _shot(driver: WebDriver, name: str, tmp_path: Path) -> int:
    png = driver.get_screenshot_as_png()
    (tmp_path / f"{name}.png").write_bytes(png)
    keep = os.environ.get("TRIMTAB_WEB_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / f"{name}.png").write_bytes(png)
    return _colours(png)


def _wait(driver: WebDriver, predicate: Callable[[], object], seconds: float = 20) -> None:
    """Wait for ``predicate`` while pages load (elements of the page left go stale)."""
    ignored = (StaleElementReferenceException, NoSuchElementException)
    WebDriverWait(driver, seconds, ignored_exceptions=ignored).until(lambda _: predicate())


def test_open_book_drill_in_approve_and_the_journal_records_it(
    served: Served, base_url: str, browser: WebDriver, tmp_path: Path
) -> None:
    driver = browser
    driver.get(base_url + "/")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Book"
    assert _shot(driver, "web-book", tmp_path) > MIN_COLOURS

    search = driver.find_element(By.ID, "q")
    search.send_keys("rivera")

    def body() -> str:
        return str(driver.find_element(By.ID, "book-table").text)

    _wait(driver, lambda: "1 of 2 shown" in body())  # htmx swapped the table in place
    assert "Rivera household" in body()

    driver.find_element(By.LINK_TEXT, "Rivera household").click()
    _wait(
        driver, lambda: driver.find_element(By.TAG_NAME, "h1").text.startswith("Rivera household")
    )
    assert driver.find_element(By.CSS_SELECTOR, "svg.chart-wide").is_displayed()
    assert _shot(driver, "web-household", tmp_path) > MIN_COLOURS

    driver.find_element(By.ID, "record").click()
    _wait(driver, lambda: driver.find_elements(By.ID, "approve"))
    driver.find_element(By.ID, "approve-note").send_keys("reviewed in the browser")
    driver.find_element(By.ID, "approve").click()
    _wait(driver, lambda: driver.find_element(By.ID, "review-status").text == "approved")
    assert "run 1: approved" in driver.find_element(By.CSS_SELECTOR, ".notice").text
    assert _shot(driver, "web-review", tmp_path) > MIN_COLOURS

    (run,) = list_runs(served.journal)
    assert run.status.value == "approved"
    assert (run.events[0].user, run.events[0].note) == ("ana", "reviewed in the browser")
    assert _csp_violations(driver) == []


def _csp_violations(driver: WebDriver) -> list[str]:
    """What the browser's console says the Content-Security-Policy blocked."""
    messages = [str(e.get("message", "")) for e in driver.get_log("browser")]
    return [m for m in messages if "Content Security Policy" in m]


def test_replan_from_the_page_shows_its_progress(
    served: Served, base_url: str, browser: WebDriver
) -> None:
    driver = browser
    driver.get(base_url + "/household/rivera")
    Select(driver.find_element(By.NAME, "mode")).select_by_value("target")
    driver.find_element(By.ID, "replan").click()  # htmx posts it and polls the progress

    def progress() -> str:
        return str(driver.find_element(By.ID, "progress").text)

    _wait(driver, lambda: "Re-planned in" in progress() or "failed" in progress(), 120)
    assert "recorded as run 1" in progress()
    (run,) = list_runs(served.journal)
    assert run.body["options"]["mode"] == "target" and run.user == "ana"
    assert _csp_violations(driver) == []


def test_hostile_name_shows_as_text_and_runs_nothing(
    served: Served, base_url: str, browser: WebDriver
) -> None:
    driver = browser
    for path in ("/", "/household/xss"):
        driver.get(base_url + path)
        with pytest.raises(NoAlertPresentException):
            driver.switch_to.alert.text  # noqa: B018
    assert XSS_NAME in driver.find_element(By.TAG_NAME, "h1").text
    scripts = driver.find_elements(By.TAG_NAME, "script")
    assert [s.get_attribute("src") for s in scripts] == [base_url + "/static/htmx.min.js"]
