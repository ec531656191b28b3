"""The grievance desk end to end: a visitor reports a difficulty without an account and keeps the
follow link, the operator classifies it (the due date appears), leaves an internal and a visible
comment and resolves it, and the visitor's link shows the outcome — never the internal comment."""
import re
import uuid

from helpers import UUID


def test_intake_triage_resolve_and_follow(site):
    title = f"지식산업센터 입주 업종 제한 {uuid.uuid4().hex[:6]}"

    # a visitor sends the form
    assert site.open("/grievances/new") == 200
    site.fill("#title", title)
    site.fill("#description", "제조시설 입주 제한으로 생산 설비를 증설할 수 없습니다.")
    site.select("#category", "regulation")
    site.fill("#relatedLaw", "산업집적활성화 및 공장설립에 관한 법률")
    site.select("#region", "geumcheon")
    site.select("#facility", "kic-gasan-sk-v1")
    assert site.submit_and_wait("form.grievance-form button[type=submit]") == 201
    receipt = site.text("#receipt-number")
    assert re.fullmatch(r"\d{4}-\d{6}", receipt)
    track_path = site.find("#track-link").get_attribute("pathname")
    assert re.fullmatch(r"/grievances/track/[A-Za-z0-9_-]{43}", track_path)
    assert site.open(track_path) == 200
    assert "접수" in site.text("#grievance-status")
    # a guessed link shows nothing
    assert site.open(track_path[:-1] + ("A" if track_path[-1] != "A" else "B")) == 404

    # the operator finds it, classifies it and resolves it
    site.driver.delete_all_cookies()
    site.login("operator")
    site.open("/grievances")
    links = [a for a in site.find_all("table a") if a.text.strip() == title]
    assert links, "the new case is not in the queue"
    case_path = links[0].get_attribute("pathname")
    assert re.fullmatch(r"/grievances/" + UUID, case_path)
    site.open(case_path)
    site.select("#kind", "simple")
    assert site.submit_and_wait("form[action$='/classify'] button[type=submit]") == 200
    assert re.search(r"\d{4}-\d{2}-\d{2}", site.text("#due-day"))
    site.fill("#body", "내부 메모: 산업부 협의 필요")
    assert site.submit_and_wait("form[action$='/comments'] button[type=submit]") == 200
    site.fill("#body", "관계 기관과 협의 중입니다.")
    site.find("form[action$='/comments'] input[name=visible]").click()
    assert site.submit_and_wait("form[action$='/comments'] button[type=submit]") == 200
    site.select("#step", "resolve")
    site.fill("#note", "입주 업종 기준 개정으로 증설이 가능해졌습니다.")
    assert site.submit_and_wait("form[action$='/status'] button[type=submit]") == 200
    assert "해결" in site.text(".page-actions")
    assert site.open("/grievances/dashboard") == 200

    # the visitor's link shows the outcome and the visible comment only
    site.driver.delete_all_cookies()
    assert site.open(track_path) == 200
    assert "해결" in site.text("#grievance-status")
    assert "입주 업종 기준 개정" in site.text("#resolution")
    assert "관계 기관과 협의 중입니다." in site.text("main")
    assert "내부 메모" not in site.driver.page_source
