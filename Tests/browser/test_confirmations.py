"""Confirmations in a real browser (issue 17, item 4): an irreversible or notifying action asks
first and names its consequence; "취소" in the dialog leaves the record as it was, "확인" applies the
action. The review select after 후보 선정 chooses nothing, and its dialog names the decision picked."""
import re
import sqlite3
import time
import uuid as uuidlib

from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from helpers import DEMO_STARTUP, DEMO_USERS

BUYER = "한결전자"  # test_meetings.py schedules its own meeting with them; leave theirs alone


def rows(server, sql: str, *args) -> list[tuple]:
    """Reads the server's SQLite file (records are found here; everything else goes through pages)."""
    with sqlite3.connect(f"file:{server.database}?mode=ro", uri=True) as db:
        return db.execute(sql, args).fetchall()


def as_uuid(value) -> str:
    return str(uuidlib.UUID(bytes=value)) if isinstance(value, bytes) else str(uuidlib.UUID(str(value)))


def application_status(server, application_id: str) -> str:
    for raw, status in rows(server, "SELECT id, status FROM applications"):
        if as_uuid(raw) == application_id.lower():
            return status
    raise AssertionError(f"no application {application_id}")


def press_and_answer(site, button, answer: str) -> str:
    """Clicks a submit button, answers its confirm() and returns the question asked."""
    site.driver.execute_script("window.__ieumBeforeSubmit = true")
    button.click()
    alert = WebDriverWait(site.driver, 5).until(EC.alert_is_present())
    question = alert.text
    getattr(alert, answer)()
    if answer == "accept":
        site.wait_for_new_page()
    else:
        time.sleep(0.5)  # a form sent anyway would be on its way by now
        assert site.driver.execute_script("return window.__ieumBeforeSubmit === true"), "the page was left"
    return question


def test_withdrawing_an_application_asks_and_only_ok_withdraws(site, server):
    # given a sent application of the demo startup that may still be withdrawn
    candidates = [as_uuid(r[0]) for r in rows(server,
        "SELECT a.id FROM applications a JOIN organizations o ON o.id = a.startup_id "
        "WHERE o.name = ? AND a.status IN ('submitted', 'screening')", DEMO_STARTUP)]
    assert candidates, "the demo startup has no sent application"
    site.login("startup")
    path = None
    for candidate in candidates:
        site.open(f"/applications/{candidate}")
        if site.find_all("#withdraw button[type=submit]"):
            path = f"/applications/{candidate}"
            break
    assert path, "no application of the demo startup can be withdrawn (all past their deadline?)"
    application_id = path.rsplit("/", 1)[1]
    before = application_status(server, application_id)

    # when the dialog is dismissed, nothing changes
    question = press_and_answer(site, site.find("#withdraw button[type=submit]"), "dismiss")
    assert "철회" in question and "다시 지원할 수 없" in question, question
    assert application_status(server, application_id) == before
    assert site.find_all("#withdraw button[type=submit]")

    # when it is accepted, the application is withdrawn
    press_and_answer(site, site.find("#withdraw button[type=submit]"), "accept")
    assert application_status(server, application_id) == "withdrawn"
    assert "철회" in site.text("#application-status")


def test_cancelling_a_meeting_asks_and_only_ok_cancels(site):
    # given the organiser's grid of the demo event, with a meeting the other tests do not use
    site.login("operator")
    assert site.open("/meetings") == 200
    event = site.find(".org-list a").get_attribute("pathname")
    assert site.open(event + "/grid") == 200
    moves = [li for li in site.find_all("#moves li.move") if DEMO_STARTUP not in li.text and BUYER not in li.text]
    assert moves, "no meeting to cancel in the demo event"
    label = moves[0].text.split("\n")[0].strip()
    count = len(site.find_all("#moves li.move"))
    cancel = moves[0].find_element("css selector", "form[action$='/cancel'] button")

    # when the dialog is dismissed, the meeting stays
    question = press_and_answer(site, cancel, "dismiss")
    assert "취소할까요" in question and "되돌릴 수 없습니다" in question, question
    assert len(site.find_all("#moves li.move")) == count

    # when it is accepted, the meeting leaves the schedule
    site.open(event + "/grid")
    still = next(li for li in site.find_all("#moves li.move") if li.text.split("\n")[0].strip() == label)
    press_and_answer(site, still.find_element("css selector", "form[action$='/cancel'] button"), "accept")
    site.open(event + "/grid")
    assert len(site.find_all("#moves li.move")) == count - 1
    assert label not in [li.text.split("\n")[0].strip() for li in site.find_all("#moves li.move")]


def test_review_select_after_shortlisting_chooses_nothing_and_names_the_decision(site, server):
    # given a sent application to a need of the demo demand organisation
    candidates = [as_uuid(r[0]) for r in rows(server,
        "SELECT a.id FROM applications a JOIN needs n ON n.id = a.need_id "
        "JOIN memberships m ON m.organization_id = n.organization_id JOIN users u ON u.id = m.user_id "
        "JOIN organizations o ON o.id = a.startup_id "
        "WHERE u.email = ? AND a.status IN ('submitted', 'screening') AND o.name <> ?", DEMO_USERS["demand"], DEMO_STARTUP)]
    assert candidates, "no sent application to the demo demand organisation"
    application_id = candidates[0]
    path = f"/applications/{application_id}"
    site.login("demand")
    assert site.open(path) == 200

    # the select starts on "선택하세요" and is required: a decision is never the default
    status = site.find("#status")
    assert Select(status).first_selected_option.get_attribute("value") == ""
    assert status.get_attribute("required") is not None

    # when 후보 선정 is chosen, the dialog names it; dismissing keeps the status
    Select(status).select_by_value("shortlisted")
    button = site.find(".review-form button[type=submit]")
    question = press_and_answer(site, button, "dismiss")
    assert "후보 선정" in question, question
    assert application_status(server, application_id) != "shortlisted"

    # accepting applies it
    press_and_answer(site, site.find(".review-form button[type=submit]"), "accept")
    assert application_status(server, application_id) == "shortlisted"
    assert "후보 선정" in site.text("#application-status")

    # then: after 후보 선정 the select again chooses nothing (최종 선정 is not preselected)
    status = site.find("#status")
    chosen = Select(status).first_selected_option
    assert chosen.get_attribute("value") == "", chosen.text
    assert chosen.text.strip() == "선택하세요"
    assert "현재: 후보 선정" in site.text(".review-form")
    values = [o.get_attribute("value") for o in Select(status).options]
    assert values == ["", "selected", "rejected"], values

    # and 미선정's dialog says 미선정; dismissing leaves the application shortlisted
    Select(status).select_by_value("rejected")
    question = press_and_answer(site, site.find(".review-form button[type=submit]"), "dismiss")
    assert "미선정" in question and "최종 선정" not in question, question
    assert application_status(server, application_id) == "shortlisted"

    # in English the same select asks in English
    site.set_language("en")
    Select(site.find("#status")).select_by_value("selected")
    question = press_and_answer(site, site.find(".review-form button[type=submit]"), "dismiss")
    assert "Selected" in question and not re.search(r"[가-힣]{2,}까요", question), question
    assert application_status(server, application_id) == "shortlisted"
