"""The main pages in Korean and English, on a desktop and a phone: screenshots for review, plus
checks that the stylesheet and script load, the language is right, nothing breaks the CSP and
a phone never needs to scroll sideways."""
import random

import pytest

from helpers import DEMO_STARTUP, valid_business_number, with_wrong_check_digit, write_cp949_csv
from test_import import startup_rows, upload

HEADINGS = {
    "login": ("로그인", "Sign in"),
    "registry": ("기관 목록", "Registry"),
    "approvals": ("승인 대기", "Approval queue"),
    "audit": ("감사 로그", "Audit log"),
    "taxonomy": ("분류 관리", "Taxonomy"),
    "calls": ("공모·수요과제", "Calls and needs"),
    "dashboard": ("내 업무", "Dashboard"),
    "new-organisation-errors": ("기관 등록", "Register an organisation"),
}


def visit_pages(site, lang, tmp_path):
    """Yields (name, status) after bringing each main page up in the browser."""
    yield "login", site.open("/login", lang)

    site.login("operator", lang)
    yield "registry", site.open("/organizations", lang)

    site.open("/organizations?q=" + DEMO_STARTUP)
    links = [a.get_attribute("pathname") for a in site.find_all("li.org-card h2 a") if a.text.strip() == DEMO_STARTUP]
    assert links, f"{DEMO_STARTUP} is not in the registry"
    yield "profile", site.open(links[0])

    site.open("/organizations/new")
    site.select("#kind", "startup")
    site.fill("#name", "화면 점검용 기관")
    site.fill("#businessNumber", with_wrong_check_digit(valid_business_number(random.Random(7))))
    yield "new-organisation-errors", site.submit_and_wait("form.org-form button[type=submit].primary")

    rows = startup_rows(random.Random(11), "화면")
    rows[1][1] = with_wrong_check_digit(rows[1][1])
    yield "import-report", upload(site, write_cp949_csv(tmp_path / f"report-{lang}.csv", rows))

    yield "approvals", site.open("/admin/approvals")
    yield "audit", site.open("/admin/audit")
    yield "taxonomy", site.open("/admin/taxonomy")
    yield "calls", site.open("/calls")
    needs = [a.get_attribute("pathname") for a in site.find_all("li.need-card h2 a")]
    assert needs, "the demo has no published need"
    yield "need", site.open(needs[0])
    yield "dashboard", site.open("/dashboard")
    yield "programs", site.open("/programs")


@pytest.mark.parametrize("size", ["desktop", "mobile"])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_main_pages(site, lang, size, tmp_path):
    site.resize(size)
    problems = []
    seen = []
    for name, status in visit_pages(site, lang, tmp_path):
        seen.append(name)
        site.screenshot(name, lang, size)
        expected = {"new-organisation-errors": (422,), "import-report": (200, 422)}.get(name, (200,))
        if status not in expected:
            problems.append(f"{name}: HTTP {status}, expected {' or '.join(map(str, expected))}")
        if site.find("html").get_attribute("lang") != lang:
            problems.append(f"{name}: <html lang> is {site.find('html').get_attribute('lang')!r}")
        heading = site.find_all("main h1")
        if not heading or not heading[0].text.strip():
            problems.append(f"{name}: no main h1")
        elif name in HEADINGS and heading[0].text.strip() != HEADINGS[name][lang == "en"]:
            problems.append(f"{name}: h1 is {heading[0].text.strip()!r}, expected {HEADINGS[name][lang == 'en']!r}")
        if site.driver.execute_script("return getComputedStyle(document.body).backgroundColor") != "rgb(245, 246, 248)":
            problems.append(f"{name}: ieum.css is not applied")
        if size == "mobile" and site.has_horizontal_scroll():
            width = site.driver.execute_script("return document.documentElement.scrollWidth")
            problems.append(f"{name}: the page scrolls sideways at 375 px (scrollWidth {width})")
        problems += [f"{name}: console: {m}" for m in site.browser_errors()]
    assert seen == ["login", "registry", "profile", "new-organisation-errors", "import-report",
                    "approvals", "audit", "taxonomy", "calls", "need", "dashboard", "programs"]
    assert not problems, "\n".join(problems)


def test_registry_fits_a_phone_without_sideways_scrolling(site):
    # given the registry on a 375 px wide phone
    site.login("startup")
    site.resize("mobile")
    site.open("/organizations")
    assert site.find_all("li.org-card")

    # then the page is no wider than the screen
    assert site.driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    # and the filters stack into one column
    lefts = {round(e.location["x"]) for e in site.find_all("form.filters .field")}
    assert len(lefts) == 1, f"filter fields are not in one column at 375 px: x = {sorted(lefts)}"


def test_registry_filters_form_a_grid_on_a_desktop(site):
    site.login("startup")
    site.resize("desktop")
    site.open("/organizations")
    selects = [site.find(s) for s in ("#kind", "#field", "#stage", "#region", "#cluster")]
    assert len({round(e.location["y"]) for e in selects}) == 1, "the five filters are not on one row at 1280 px"
    assert site.find("main").size["width"] <= 1120
