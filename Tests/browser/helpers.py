"""What the browser tests share: the demo contract, a `Site` that drives one browser, and test data."""
import base64
import csv
import json
import random
import re
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"

DEMO_PASSWORD = "ieum-demo-2026"
DEMO_USERS = {
    "operator": "operator@ieum.demo",
    "startup": "startup@ieum.demo",
    "demand": "demand@ieum.demo",
    "investor": "investor@ieum.demo",
    "judge": "judge@ieum.demo",
}
DEMO_STARTUP = "에이아이팩토리"

SIZES = {"desktop": (1280, 800), "mobile": (375, 812)}

# As Korean Excel saves the startup list ("CSV (쉼표로 분리)": CP949, CRLF).
IMPORT_HEADER = ["기업명", "사업자등록번호", "투자단계", "기술분야", "지역", "설립연도", "임직원수",
                 "누적투자(억원)", "매출(억원)", "한줄소개", "키워드"]

UUID = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"


# ---------------------------------------------------------------- business numbers

def business_check_digit(first_nine: str) -> int:
    """사업자등록번호 check digit: weights 1,3,7,1,3,7,1,3,5, plus floor(9th digit × 5 / 10)."""
    digits = [int(c) for c in first_nine]
    total = sum(d * w for d, w in zip(digits, (1, 3, 7, 1, 3, 7, 1, 3, 5)))
    total += digits[8] * 5 // 10
    return (10 - total % 10) % 10


def valid_business_number(rng: random.Random) -> str:
    first_nine = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
    digits = first_nine + str(business_check_digit(first_nine))
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def with_wrong_check_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def write_cp949_csv(path: Path, rows) -> Path:
    with open(path, "w", encoding="cp949", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(IMPORT_HEADER)
        writer.writerows(rows)
    return path


# ---------------------------------------------------------------- one browser on the site

# Whether submitting with this button asks first, as ieum.js decides: the button's data-confirm,
# the chosen option's (a decision select names the decision picked), or the form's.
ASKS_SCRIPT = """
var button = arguments[0], form = button.form;
if (button.dataset.confirm || (form && form.dataset.confirm)) return true;
if (!form) return false;
for (var i = 0; i < form.elements.length; i++) {
  var select = form.elements[i];
  if (select.tagName === 'SELECT' && select.selectedIndex >= 0 && select.options[select.selectedIndex].dataset.confirm) return true;
}
return false;
"""


class Site:
    def __init__(self, base_url: str, driver):
        self.base_url = base_url
        self.driver = driver

    # navigation

    def url(self, path: str, lang: str | None = None) -> str:
        if path.startswith("http"):
            path = urlunsplit(("", "", *urlsplit(path)[2:]))
        if lang is None:
            return self.base_url + path
        parts = urlsplit(path)
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
        query.append(("lang", lang))
        return self.base_url + urlunsplit(("", "", parts.path, urlencode(query), parts.fragment))

    def open(self, path: str, lang: str | None = None) -> int | None:
        """Loads a page and returns its HTTP status (after redirects)."""
        self._drain_performance_log()
        self.driver.get(self.url(path, lang))
        return self.last_document_status()

    def set_language(self, lang: str) -> int | None:
        """Reloads the current page with `?lang=`; the server remembers the choice in a cookie."""
        return self.open(self.path(), lang)

    def path(self) -> str:
        parts = urlsplit(self.driver.current_url)
        return urlunsplit(("", "", parts.path, parts.query, ""))

    def _drain_performance_log(self) -> None:
        self.driver.get_log("performance")

    def last_document_status(self) -> int | None:
        """The status of the last top-level document the browser received, from the DevTools log."""
        status = None
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.responseReceived" and message["params"].get("type") == "Document":
                status = message["params"]["response"]["status"]
        return status

    def browser_errors(self) -> list[str]:
        """Console errors other than failed resource loads (those show as HTTP statuses instead)."""
        return [e["message"] for e in self.driver.get_log("browser")
                if e["level"] == "SEVERE" and "Failed to load resource" not in e["message"]]

    # elements

    def find(self, css: str):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def text(self, css: str) -> str:
        return self.find(css).text.strip()

    def wait_for(self, css: str, timeout: float = 15):
        return WebDriverWait(self.driver, timeout).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))

    def fill(self, css: str, value: str) -> None:
        field = self.find(css)
        field.clear()
        field.send_keys(value)

    def select(self, css: str, value: str) -> None:
        from selenium.webdriver.support.ui import Select
        Select(self.find(css)).select_by_value(value)

    def submit_and_wait(self, button_css: str, timeout: float = 30) -> int | None:
        """Clicks a submit button, accepts a confirm() if one is asked, waits for the next page."""
        return self.click_and_wait(button_css, timeout)

    def click_and_wait(self, css, timeout: float = 30) -> int | None:
        """Clicks a link or button (a CSS selector or an element) that loads a new page, accepting
        the confirm() it asks first if any; returns the new page's HTTP status."""
        self._drain_performance_log()
        self.driver.execute_script("window.__ieumBeforeSubmit = true")
        target = self.find(css) if isinstance(css, str) else css
        asks = self.driver.execute_script(ASKS_SCRIPT, target)
        target.click()
        if asks:
            WebDriverWait(self.driver, 5).until(EC.alert_is_present()).accept()
        self.wait_for_new_page(timeout)
        return self.last_document_status()

    def asks(self, element) -> bool:
        """Whether submitting with this button asks first (see ASKS_SCRIPT)."""
        return bool(self.driver.execute_script(ASKS_SCRIPT, element))

    def wait_for_new_page(self, timeout: float = 30) -> None:
        """Waits until the window holds a new, fully loaded document (the marker set before is gone).
        While Chrome swaps documents, DevTools may answer with odd errors; they mean "not yet"."""
        def loaded(driver):
            try:
                return driver.execute_script(
                    "return !window.__ieumBeforeSubmit && document.readyState === 'complete'")
            except WebDriverException:
                return False
        WebDriverWait(self.driver, timeout).until(loaded)

    # accounts

    def login(self, who: str, lang: str | None = None) -> None:
        email = DEMO_USERS.get(who, who)
        status = self.open("/login", lang)
        assert status == 200, f"GET /login returned {status}"
        self.fill("#email", email)
        self.fill("#password", DEMO_PASSWORD)
        status = self.submit_and_wait("main form button[type=submit]")
        assert "/login" not in urlsplit(self.driver.current_url).path, (
            f"still on the login page after signing in as {email} (status {status}): "
            + " ".join(e.text for e in self.find_all(".form-error")))

    def is_signed_in(self) -> bool:
        return bool(self.find_all("form[action='/logout'] button"))

    # window sizes and screenshots

    def resize(self, size: str) -> None:
        width, height = SIZES[size]
        self.driver.set_window_size(width, height)
        WebDriverWait(self.driver, 5).until(lambda d: d.execute_script("return window.innerWidth") == width)

    def has_horizontal_scroll(self) -> bool:
        return self.driver.execute_script(
            "return document.documentElement.scrollWidth > window.innerWidth + 1")

    def screenshot(self, name: str, lang: str, size: str) -> Path:
        """Saves the whole page (not just the viewport) as artifacts/screenshots/<name>-<lang>-<size>.png."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}-{lang}-{size}.png"
        width, height = self.driver.execute_script(
            "return [Math.max(document.documentElement.scrollWidth, window.innerWidth),"
            " Math.min(document.documentElement.scrollHeight, 12000)]")
        try:
            shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
            path.write_bytes(base64.b64decode(shot["data"]))
        except Exception:  # an older driver without CDP: the viewport will do
            self.driver.save_screenshot(str(path))
        return path


def result_count(text: str) -> int:
    """The number in '검색 결과 1,234개' or '1,234 results'."""
    match = re.search(r"\d[\d,]*", text)
    assert match, f"no number in the result count {text!r}"
    return int(match.group().replace(",", ""))


def wait_until(predicate, timeout: float = 10, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)
