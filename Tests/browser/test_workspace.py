"""The workspace at / (issue 17, item 1) in a real browser: each demo role lands on what waits for
it after signing in, every count opens its list, and neither the workspace nor the public home page
scrolls sideways on a phone."""
from urllib.parse import urlsplit

import pytest


def test_a_visitor_gets_the_public_home_page_with_open_calls_and_the_way_in(site):
    assert site.open("/") == 200
    for section in ("#open-calls", "#report-difficulty", "#home-signup"):
        assert site.find_all(section), section
    assert site.click_and_wait("#home-signup") == 200
    assert urlsplit(site.driver.current_url).path == "/signup"


@pytest.mark.parametrize("who, sections", [
    ("operator", ["#approvals", "#needs-to-review", "#grievances-unassigned", "#rounds-missing-sheets"]),
    ("startup", ["#recommended-needs", "#drafts", "#invitations"]),
    ("demand", ["#new-applications"]),
    ("judge", ["#sheets-left"]),
])
def test_each_role_lands_on_its_work_and_every_list_link_opens(site, who, sections):
    site.login(who)
    assert urlsplit(site.driver.current_url).path == "/"
    for section in sections:
        assert site.find_all(section), f"{who}: {section} missing"
        count = site.find(f"{section} [data-count]").get_attribute("data-count")
        assert count is not None and count.isdigit()
    # every link in the workspace opens for this role (no 403 or 404 behind a count)
    links = sorted({a.get_attribute("href") for a in site.find_all(".workspace a")})
    for link in links[:25]:
        assert site.open(link) == 200, f"{who}: {link}"


@pytest.mark.parametrize("who", [None, "operator", "startup"])
def test_no_sideways_scroll_on_a_phone(site, who):
    site.resize("mobile")
    if who:
        site.login(who)
    assert site.open("/") == 200
    assert not site.has_horizontal_scroll()
