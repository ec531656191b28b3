"""Lists people work through (issue 17, items 7 and 8): the grievance routing table is one form
saved at once, and the public needs list keeps its filter and order in the URL."""
from urllib.parse import parse_qs, urlsplit

from helpers import wait_until


def test_routing_table_saves_every_changed_row_at_once_and_keeps_what_was_typed(site):
    site.login("operator")
    assert site.open("/grievances/routes?scope=district") == 200
    # one form for the table, one save button
    assert len(site.find_all("form#routes-form")) == 1
    rows = site.find_all(".routes-table tbody tr")
    assert len(rows) >= 20
    agencies = [r.find_element("css selector", "input[name^='agency-']") for r in rows[:2]]
    names = [r.find_elements("css selector", "td")[1].text for r in rows[:2]]
    for n, box in enumerate(agencies):
        box.clear()
        box.send_keys(f"{names[n]} 기업지원과")
    assert site.submit_and_wait("button[form=routes-form]") == 200
    assert "2행 변경" in site.text(".flash")
    # back on the same filtered table, with the new values
    assert parse_qs(urlsplit(site.driver.current_url).query) == {"scope": ["district"]}
    rows = site.find_all(".routes-table tbody tr")
    assert [r.find_element("css selector", "input[name^='agency-']").get_attribute("value") for r in rows[:2]] == \
        [f"{name} 기업지원과" for name in names]

    # one refused row: nothing saved, everything typed still there, the message at its field
    first_agency = rows[0].find_element("css selector", "input[name^='agency-']")
    first_agency.clear()
    first_agency.send_keys("바뀌면 안 되는 기관")
    staff = rows[1].find_element("css selector", "input[name^='staff-']")
    staff.clear()
    staff.send_keys("startup@ieum.demo")
    assert site.submit_and_wait("button[form=routes-form]") == 422
    rows = site.find_all(".routes-table tbody tr")
    assert rows[0].find_element("css selector", "input[name^='agency-']").get_attribute("value") == "바뀌면 안 되는 기관"
    assert "활성 운영자 계정이 아닙니다" in rows[1].text
    assert site.open("/grievances/routes?scope=district") == 200
    assert site.find_all(".routes-table tbody tr")[0].find_element(
        "css selector", "input[name^='agency-']").get_attribute("value") == f"{names[0]} 기업지원과"


def test_public_needs_keep_open_only_and_the_order_through_search(site):
    assert site.open("/calls") == 200
    site.find("#open").click()
    assert site.submit_and_wait(".filters button[type=submit]") == 200
    assert parse_qs(urlsplit(site.driver.current_url).query).get("open") == ["1"]
    assert "접수 중인 수요과제" in site.text("#result-count")
    # the order link keeps "open only"; the search form then keeps the order
    link = next(a for a in site.find_all(".sort-links a") if "마감 임박" in a.text)
    assert site.click_and_wait(link) == 200
    query = parse_qs(urlsplit(site.driver.current_url).query)
    assert query.get("open") == ["1"] and query.get("sort") == ["deadline"] and query.get("dir") == ["asc"]
    site.fill("#q", "스마트")
    assert site.submit_and_wait(".filters button[type=submit]") == 200
    query = parse_qs(urlsplit(site.driver.current_url).query)
    assert query.get("sort") == ["deadline"] and query.get("open") == ["1"] and query.get("q") == ["스마트"]
    assert site.find("#open").is_selected()
    wait_until(lambda: "마감 임박 ▲" in site.text(".sort-links"))
