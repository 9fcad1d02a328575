"""The web page in a real browser: Debian's chromium driven by selenium through chromium-driver.

The test answers the page's interview from an example profile (a field the profile lacks is
answered "不知道"), gets the report shown inline, checks it against the API's checkup of the
same answers, downloads the answers as YAML, and takes two screenshots (the form and the
report); with ``ZHICE_SCREENSHOTS=1`` they are saved as docs/serve-page.png and
docs/serve-report.png (linked from README), else in a temporary folder, so a test run leaves the
checkout clean. It is skipped when chromium is not installed here, and fails instead under
``CI=true``, where `.ci/run` installs it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

pytest.importorskip("fastapi", reason="the serve extra (pip install -e '.[serve]') is not installed")

from test_renderers import CHROMIUM  # noqa: E402  (the same chromium discovery: ZHICE_CHROMIUM, then PATH)
from test_serve import DAY, EXAMPLES, REPO, running_server  # noqa: E402

CHROMEDRIVER = os.environ.get("ZHICE_CHROMEDRIVER") or shutil.which("chromedriver")
MISSING = [name for name, found in (("chromium", CHROMIUM), ("chromedriver (chromium-driver)", CHROMEDRIVER))
           if not found]
try:
    from selenium import webdriver
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:  # pragma: no cover - the test extra installs selenium
    MISSING.append("selenium (pip install -e '.[test]')")

if MISSING:
    reason = "no " + ", no ".join(MISSING) + " (apt-get install chromium chromium-driver)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"the browser test must run in CI: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)

EXAMPLE = EXAMPLES / "micro_software_startup.yaml"


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    """Where the screenshots go: docs/ with ZHICE_SCREENSHOTS=1, else a temporary folder."""
    return REPO / "docs" if os.environ.get("ZHICE_SCREENSHOTS") == "1" else tmp_path_factory.mktemp("shots")


def _answer_text(value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "无"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    downloads = tmp_path_factory.mktemp("downloads")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1500", "--lang=zh-CN", f"--user-data-dir={tmp_path_factory.mktemp('chrome')}"):
        opts.add_argument(arg)
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False})
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(executable_path=CHROMEDRIVER)
    drv = webdriver.Chrome(options=opts, service=service)
    drv.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    drv.downloads = downloads
    yield drv
    drv.quit()


def _current_path(drv, wait, previous: str | None) -> str:
    """Wait for the next question (a new path or number) and return its field path."""
    def ready(d):
        form = d.find_element(By.ID, "question-form")
        label = d.find_element(By.ID, "q-label").text
        busy = d.find_element(By.ID, "next").get_attribute("disabled")
        done = d.find_element(By.TAG_NAME, "body").get_attribute("data-report") == "ready"
        if done:
            return "<report>"
        if busy or not label[:1].isdigit():
            return False
        return f"{label.split('.')[0]}|{form.get_attribute('data-path')}" if label.split(".")[0] != previous else False

    return wait.until(ready)


def _fill(drv, path: str, text: str) -> None:
    radios = drv.find_elements(By.CSS_SELECTOR, "#q-field input[type=radio]")
    if radios:
        next(r for r in radios if r.get_attribute("value") == text).click()
    elif drv.find_elements(By.CSS_SELECTOR, "#q-field select"):
        Select(drv.find_element(By.CSS_SELECTOR, "#q-field select")).select_by_value(text)
    else:
        box = drv.find_element(By.ID, "q-input")
        box.clear()
        box.send_keys(text)
    drv.find_element(By.ID, "next").click()


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with running_server("--as-of", DAY) as base:
        yield base


@pytest.fixture(scope="module")
def facts() -> dict[str, object]:
    profile = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    return {f"{s}.{k}": v for s, fields in profile.items() if isinstance(fields, dict) for k, v in fields.items()}


def _interview(drv, facts: dict[str, object], shot: Path | None = None, wrong_first: bool = False) -> dict[str, str]:
    """Answer every question the page asks from ``facts`` ("不知道" for what they lack) until the report shows.

    ``shot``: a screenshot of the form after four answers; ``wrong_first``: the first number
    question is first answered with words, which the page must refuse and ask again.
    """
    wait = WebDriverWait(drv, 30)
    given: dict[str, str] = {}
    previous = None
    for _ in range(200):
        state = _current_path(drv, wait, previous)
        if state == "<report>":
            return given
        previous, path = state.split("|")
        value = facts.get(path)
        if wrong_first and isinstance(value, int) and not isinstance(value, bool):
            wrong_first = False
            _fill(drv, path, "很多")
            wait.until(lambda d: d.find_element(By.ID, "q-error").text and not d.find_element(By.ID, "next").get_attribute("disabled"))
            assert "很多" in drv.find_element(By.ID, "q-error").text
            assert drv.find_element(By.ID, "question-form").get_attribute("data-path") == path
        if path in facts:
            given[path] = _answer_text(value)
            _fill(drv, path, given[path])
        else:
            given[path] = ""
            drv.find_element(By.ID, "skip").click()
        if shot is not None and len(given) == 4:     # the form mid-way: a few answers in, the next question showing
            _current_path(drv, wait, previous)
            drv.find_element(By.ID, "answers-box").click()
            drv.save_screenshot(str(shot))
            drv.find_element(By.ID, "answers-box").click()
    pytest.fail("the interview did not end")


def test_fill_the_form_get_the_report(driver, shots: Path, url: str, facts: dict[str, object]) -> None:
    shots.mkdir(exist_ok=True)
    driver.get(url + "/")
    assert driver.title.startswith("知策")
    wait = WebDriverWait(driver, 30)
    given = _interview(driver, facts, shot=shots / "serve-page.png")
    assert given and next(iter(given)) == "enterprise.name"
    assert sum(1 for v in given.values() if v) >= 5, given

    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-report") == "ready")
    assert "报告已生成" in driver.find_element(By.ID, "result-status").text
    driver.save_screenshot(str(shots / "serve-report.png"))

    # the report shown is the API's checkup of the same answers
    with httpx.Client(base_url=url, timeout=60) as api:
        step = api.post("/api/interview", json={"answers": given}).json()
        assert step["done"]
        expected = api.post("/api/checkup", json=step["profile"]).json()
    frame = driver.find_element(By.ID, "report")
    driver.switch_to.frame(frame)
    shown = {el.get_attribute("data-program"): el.get_attribute("data-status")
             for el in driver.find_elements(By.CSS_SELECTOR, "section[data-program]")}
    assert "杭州云栖智算科技有限公司" in driver.find_element(By.TAG_NAME, "h1").text + driver.page_source
    assert not driver.find_elements(By.TAG_NAME, "script")
    driver.switch_to.default_content()
    assert shown == {p["id"]: p["status"] for p in expected["programs"]}, shown

    # download the answers as a profile YAML: it loads back to the same profile
    driver.find_element(By.ID, "download").click()
    target = driver.downloads / "profile.yaml"
    deadline = time.monotonic() + 20
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert target.exists(), list(driver.downloads.iterdir())
    saved = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert json.loads(json.dumps(saved, default=str)) == {"schema_version": 1, **step["profile"]}

    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors
    for shot in ("serve-page.png", "serve-report.png"):
        data = (shots / shot).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000, shot


def test_only_chosen_programs_and_a_refused_answer(driver, url: str, facts: dict[str, object]) -> None:
    driver.get(url + "/")
    wait = WebDriverWait(driver, 30)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#program-list input"))
    driver.find_element(By.CSS_SELECTOR, "#programs-box summary").click()
    driver.find_element(By.CSS_SELECTOR, "#program-list input[value=jinzhongzi]").click()
    given = _interview(driver, facts, wrong_first=True)
    with httpx.Client(base_url=url, timeout=60) as api:
        everything = api.post("/api/interview", json={"answers": given}).json()
        only = api.post("/api/interview", params={"program": "jinzhongzi"}, json={"answers": given}).json()
    assert only["done"] and len(given) < 20, given
    assert not everything["done"]            # the full interview would have asked more
    driver.switch_to.frame(driver.find_element(By.ID, "report"))
    shown = [el.get_attribute("data-program") for el in driver.find_elements(By.CSS_SELECTOR, "section[data-program]")]
    driver.switch_to.default_content()
    assert shown == ["jinzhongzi"]
