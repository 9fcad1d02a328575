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


def test_fill_the_form_get_the_report(driver, shots: Path) -> None:
    profile = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    facts = {f"{s}.{k}": v for s, fields in profile.items() if isinstance(fields, dict) for k, v in fields.items()}
    shots.mkdir(exist_ok=True)
    with running_server("--as-of", DAY) as url:
        driver.get(url + "/")
        assert driver.title.startswith("知策")
        wait = WebDriverWait(driver, 30)
        given: dict[str, str] = {}
        previous = None
        for _ in range(200):
            state = _current_path(driver, wait, previous)
            if state == "<report>":
                break
            previous, path = state.split("|")
            if path in facts:
                given[path] = _answer_text(facts[path])
                _fill(driver, path, given[path])
            else:
                given[path] = ""
                driver.find_element(By.ID, "skip").click()
            if len(given) == 4:     # the form mid-way: a few answers in, the next question showing
                _current_path(driver, wait, previous)
                driver.find_element(By.ID, "answers-box").click()
                driver.save_screenshot(str(shots / "serve-page.png"))
                driver.find_element(By.ID, "answers-box").click()
        else:
            pytest.fail("the interview did not end")
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
