"""A collaboration moved to PoC shows up in the dashboard's funnel at once (issue 5)."""
import re
import uuid

from selenium.webdriver.support.ui import Select

from helpers import DEMO_STARTUP, UUID


def funnel_count(site, step: str) -> int:
    """The count of one step of the direct matches in the agency dashboard's funnel (a direct match
    is its own line, outside the application funnel's rates)."""
    assert site.open("/kpi") == 200
    for row in site.find_all("#table-funnel-direct tbody tr"):
        if row.find_element("css selector", "th").text.strip() == step:
            return int(row.find_element("css selector", "td").text.replace(",", "").strip())
    raise AssertionError(f"no funnel row {step!r}")


def test_moving_a_collaboration_to_poc_changes_the_dashboard(site):
    site.login("operator")
    started_before = funnel_count(site, "협업 시작")
    poc_before = funnel_count(site, "기술검증(PoC)")

    # the operator starts a collaboration directly, in a program
    site.open("/collaborations")
    site.fill("#direct-match #title", f"직접 매칭 실증 {uuid.uuid4().hex[:6]}")
    site.fill("#direct-match #startup", DEMO_STARTUP)
    programs = [o.get_attribute("value") for o in Select(site.find("#direct-match #programID")).options if o.get_attribute("value")]
    assert programs, "no program to match in"
    site.select("#direct-match #programID", programs[0])
    assert site.submit_and_wait("#direct-match button[type=submit]") == 200
    path = site.path().split("?")[0]
    assert re.fullmatch(r"/collaborations/" + UUID, path), path
    assert funnel_count(site, "협업 시작") == started_before + 1

    # and moves it to technology verification (an operator's change applies at once)
    site.open(path)
    site.select("#stage-next", "technologyVerification")
    site.fill("#stage-note", "PoC 착수 회의 완료")
    assert site.submit_and_wait(".stage-request button[type=submit]") == 200
    assert "기술검증(PoC)" in site.text("#timeline")

    # the dashboard's funnel counts it
    assert funnel_count(site, "기술검증(PoC)") == poc_before + 1
