"""A collaboration moved to PoC shows up in the dashboard's funnel at once (issue 5)."""
import re
import uuid

from selenium.webdriver.support.ui import Select

from helpers import DEMO_STARTUP, UUID

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def checklist_line(site, text: str) -> str:
    """The line of the collaboration's checklist "다음 단계로 가려면" naming `text`, as shown."""
    for item in site.find_all("#gate-checklist li"):
        if text in item.text:
            return item.text
    raise AssertionError(f"no checklist line {text!r} in {site.text('#gate-checklist')!r}")


def funnel_count(site, step: str) -> int:
    """The count of one step of the direct matches in the agency dashboard's funnel (a direct match
    is its own line, outside the application funnel's rates)."""
    assert site.open("/kpi") == 200
    for row in site.find_all("#table-funnel-direct tbody tr"):
        if row.find_element("css selector", "th").text.strip() == step:
            return int(row.find_element("css selector", "td").text.replace(",", "").strip())
    raise AssertionError(f"no funnel row {step!r}")


def test_moving_a_collaboration_to_poc_changes_the_dashboard(site, tmp_path):
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

    # and moves it to technology verification once the PoC plan is in (the gate asks for it;
    # an operator's change then applies at once)
    site.open(path)
    plan = tmp_path / "PoC 계획서.pdf"
    plan.write_bytes(PDF)
    site.find("#evidence-file").send_keys(str(plan))
    assert site.submit_and_wait("#files .upload-form button[type=submit]") == 200
    assert "✓" in checklist_line(site, "협약서 또는 PoC 계획서")
    site.select("#stage-next", "technologyVerification")
    site.fill("#stage-note", "PoC 착수 회의 완료")
    assert site.submit_and_wait(".stage-request button[type=submit]") == 200
    assert "기술검증(PoC)" in site.text("#timeline")

    # the dashboard's funnel counts it
    assert funnel_count(site, "기술검증(PoC)") == poc_before + 1


def test_a_gate_refuses_without_evidence_and_an_override_with_a_reason_shows_on_the_timeline(site):
    """Issue 17, item 5: the operator sees the checklist, a move without the evidence is refused
    with a message naming it, and an override with a written reason goes on the timeline."""
    site.login("operator")
    # a demo collaboration at PoC whose result report is not in yet
    site.open("/collaborations?stage=technologyVerification")
    paths = sorted({re.search(r"/collaborations/" + UUID, a.get_attribute("href")).group(0)
                    for a in site.find_all("main a[href*='/collaborations/']")
                    if re.search(r"/collaborations/" + UUID, a.get_attribute("href") or "")})
    assert paths, "no demo collaboration at PoC"
    for path in paths:
        site.open(path)
        if site.find_all("#gate-checklist li.missing") and site.find_all("#stage-next option[value=marketVerification]"):
            break
    else:
        raise AssertionError("every demo collaboration at PoC already has its evidence")
    assert "다음 단계로 가려면" in site.text("#gate-checklist")
    assert checklist_line(site, "PoC(기술검증) 결과 보고서").startswith("✗")

    # the move without the report is refused, naming it
    site.select("#stage-next", "marketVerification")
    site.fill("#stage-note", "PoC 결과 발표 완료")
    assert site.submit_and_wait(".stage-request button[type=submit]") == 422
    message = site.text("#timeline .form-error")
    assert "PoC(기술검증) 결과 보고서" in message, message
    assert "시장검증" not in site.text("#timeline .step:last-child strong").split("→")[-1]

    # with a written reason the operator moves on; the reason shows on the timeline
    reason = "결과 보고서는 12월 15일 제출 예정, 시장검증 예산 집행 기한 때문에 예외 승인"
    site.select("#stage-next", "marketVerification")
    site.fill("#stage-override", reason)
    assert site.submit_and_wait(".stage-request button[type=submit]") == 200
    assert f"예외 승인: {reason}" in site.text("#timeline")
    assert "시장검증" in site.text(".collaboration .meta")
