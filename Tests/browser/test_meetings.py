"""Consultation meetings in a real browser (issue 7): the demo startup asks 한결전자 for a meeting,
한결전자 accepts, the operator schedules, the startup's agenda shows the slot the organiser's grid
shows; the calendar file, read by the `icalendar` parser, carries that time in Asia/Seoul, and after
the operator moves the meeting the new file keeps the UID with a higher SEQUENCE."""
import re
import urllib.request
from urllib.parse import urlsplit

from icalendar import Calendar
from selenium.webdriver.support.ui import Select

from helpers import DEMO_STARTUP, UUID

BUYER = "한결전자"


def switch(site, who):
    site.driver.delete_all_cookies()
    site.login(who)


def event_path(site) -> str:
    assert site.open("/meetings") == 200
    href = urlsplit(site.find(".org-list a").get_attribute("href")).path
    assert re.fullmatch(r"/meetings/" + UUID, href), href
    return href


def calendar(site, path):
    """Downloads a calendar file with the browser's session and parses it."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in site.driver.get_cookies())
    request = urllib.request.Request(site.url(path), headers={"Cookie": cookies})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/calendar")
        return Calendar.from_ical(response.read())


def our_event(cal):
    found = [e for e in cal.walk("VEVENT") if DEMO_STARTUP in str(e.get("SUMMARY")) and BUYER in str(e.get("SUMMARY"))]
    assert len(found) == 1, [str(e.get("SUMMARY")) for e in cal.walk("VEVENT")]
    return found[0]


def grid_slot(site):
    """(slot label, table name) of our meeting in the organiser's grid."""
    header = [th.text.strip() for th in site.find_all("#grid thead th")]
    for row in site.find_all("#grid tbody tr"):
        label = row.find_element("css selector", "th").text.strip()
        for index, cell in enumerate(row.find_elements("css selector", "td")):
            if DEMO_STARTUP in cell.text and BUYER in cell.text:
                return label, header[index + 1]
    raise AssertionError("our meeting is not in the grid")


def test_request_accept_schedule_agenda_and_calendar_updates(site):
    site.login("startup")
    path = event_path(site)
    assert site.open(path) == 200
    # the request, with a message
    item = next(li for li in site.find_all("#directory li.participant") if li.find_element("css selector", "strong").text == BUYER)
    item.find_element("css selector", "input[name=message]").send_keys("공정 AI 실증 협의")
    form_button = item.find_element("css selector", "button[type=submit]")
    site.driver.execute_script("window.__ieumBeforeSubmit = true")
    form_button.click()
    site.wait_for_new_page()
    assert "응답 대기" in site.text("#requests")

    # 한결전자 accepts
    switch(site, "demand")
    assert site.open(path) == 200
    incoming = next(li for li in site.find_all("#requests li") if DEMO_STARTUP in li.text)
    site.click_and_wait(incoming.find_element("css selector", "form[action$='/accept'] button"))
    assert "수락" in site.text("#requests")

    # the operator schedules, keeping what is placed
    switch(site, "operator")
    assert site.open(path) == 200
    assert site.submit_and_wait("#schedule form:first-of-type button") == 200
    assert urlsplit(site.driver.current_url).path == path + "/grid"
    slot_label, table = grid_slot(site)

    # the startup's agenda shows the same slot and table
    switch(site, "startup")
    assert site.open(path + "/agenda") == 200
    row = next(tr for tr in site.find_all("#agenda tbody tr") if BUYER in tr.text)
    cells = [td.text.strip() for td in row.find_elements("css selector", "td")]
    assert cells[0] == slot_label and cells[2] == table, (cells, slot_label, table)
    first = our_event(calendar(site, path + "/calendar.ics"))
    uid, sequence = str(first.get("UID")), int(first.get("SEQUENCE"))
    start = first.decoded("DTSTART")
    assert str(start.tzinfo) in ("Asia/Seoul", "KST") or start.utcoffset().total_seconds() == 9 * 3600
    assert start.strftime("%Y-%m-%d %H:%M") == slot_label.split("–")[0]

    # the operator moves it to a slot where both are free
    switch(site, "operator")
    assert site.open(path + "/grid") == 200
    header = [th.text.strip() for th in site.find_all("#grid thead th")]
    target = None
    for index, row in enumerate(site.find_all("#grid tbody tr")):
        texts = [td.text for td in row.find_elements("css selector", "td")]
        if any(DEMO_STARTUP in t or BUYER in t for t in texts):
            continue
        free = [header[i + 1] for i, td in enumerate(row.find_elements("css selector", "td")) if "free" in td.get_attribute("class")]
        if free:
            target = (index, row.find_element("css selector", "th").text.strip(), free[0])
            break
    assert target, "no free slot for both"
    move = next(li for li in site.find_all("#moves li.move") if DEMO_STARTUP in li.text and BUYER in li.text)
    Select(move.find_element("css selector", "select[name=slot]")).select_by_value(str(target[0] + 1))
    Select(move.find_element("css selector", "select[name=tableID]")).select_by_visible_text(target[2])
    site.click_and_wait(move.find_element("css selector", "form.inline-fields button"))
    assert grid_slot(site) == (target[1], target[2])

    # the new file replaces the entry: same UID, higher SEQUENCE, the new time
    switch(site, "startup")
    second = our_event(calendar(site, path + "/calendar.ics"))
    assert str(second.get("UID")) == uid
    assert int(second.get("SEQUENCE")) > sequence
    assert second.decoded("DTSTART").strftime("%Y-%m-%d %H:%M") == target[1].split("–")[0]
    assert site.open(path + "/agenda") == 200
    assert target[1] in site.text("#agenda")
