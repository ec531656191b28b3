"""The needs flow end to end in a real browser: a demand organisation posts a need, the operator
publishes it, a startup accepts the pledge and applies with an attachment, the organisation
shortlists, the startup sees the new status and the inbox message — and another startup cannot
open the proposal."""
import os
import re
import subprocess
import uuid

from conftest import BINARY
from helpers import DEMO_PASSWORD, DEMO_STARTUP, ROOT, UUID

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def click_step(site, step: str) -> int | None:
    return site.click_and_wait(f"form.step-form:has(input[name=step][value={step}]) button[type=submit]")


def second_startup_member(site, server) -> str:
    """Adds a member to another demo startup through the `ieum user` command; returns the login."""
    site.login("operator")
    site.open("/organizations?kind=startup")
    others = [a.get_attribute("pathname") for a in site.find_all("li.org-card h2 a") if a.text.strip() != DEMO_STARTUP]
    assert others, "no other startup in the demo registry"
    org_id = re.search(UUID, others[0]).group(0)
    email = f"other-{uuid.uuid4().hex[:8]}@ieum.test"
    env = dict(os.environ, DATABASE_URL=str(server.database))
    env.pop("IEUM_TEST_DATABASE_URL", None)
    subprocess.run([str(BINARY), "user", "--email", email, "--name", "다른 창업자", "--role", "member",
                    "--password", DEMO_PASSWORD, "--organization", org_id, "--membership", "member"],
                   cwd=ROOT, env=env, check=True, stdin=subprocess.DEVNULL, capture_output=True)
    site.driver.delete_all_cookies()
    return email


def test_need_to_shortlist_and_confidentiality(site, server, tmp_path):
    title = f"물류센터 피킹 로봇 실증 {uuid.uuid4().hex[:6]}"
    secret = "비공개: 야간 피킹 오류율 2.1% 데이터 제공"

    # a demand organisation posts a need and submits it for review
    site.login("demand")
    site.open("/needs/new")
    site.fill("#title", title)
    site.fill("#teaser", "물류센터 피킹 자동화를 함께 실증할 로봇 스타트업을 찾습니다.")
    site.fill("#detail", secret)
    site.find("input[name='fields[]'][value='robot']").click()
    assert site.submit_and_wait("form.need-form button[type=submit]") == 200
    need_path = site.path().split("?")[0]
    assert re.fullmatch(r"/needs/" + UUID, need_path)
    assert click_step(site, "submit") == 200
    assert "검토 요청" in site.text("main .profile .meta")

    # the operator publishes it in the open call
    site.driver.delete_all_cookies()
    site.login("operator")
    site.open(need_path)
    assert site.find_all("#callID option"), "no open call to publish in"
    assert click_step(site, "publish") == 200
    assert "공개" in site.text("main .profile .meta")

    # a startup sees the teaser, accepts the pledge, sees the detail, and applies with a file
    site.driver.delete_all_cookies()
    site.login("startup")
    site.open(need_path)
    assert secret not in site.driver.page_source
    site.find("#agree").click()
    assert site.submit_and_wait(".pledge-form button[type=submit]") == 200
    assert secret in site.text("#need-detail")
    assert site.submit_and_wait("#apply button[type=submit]") == 200
    assert "/edit" in site.path()
    proposal = tmp_path / "제안서.pdf"
    proposal.write_bytes(PDF)
    site.find("#file").send_keys(str(proposal))
    # the file goes with the form's text (issue 17, item 2): 임시 저장 saves both
    assert site.submit_and_wait("button[name=action][value=save]") == 200
    assert "제안서.pdf" in site.text("#attachments")
    site.fill("#solution", "비전 AI로 피킹 오류를 실시간 감지하는 협동로봇")
    site.fill("#differentiation", "기존 설비 개조 없이 2주 안에 설치")
    site.fill("#pocPlan", "3개월간 야간 1개 라인에서 실증")
    site.fill("#expectedResults", "피킹 오류율 50% 감소")
    site.fill("#budget", "4000만원")
    assert site.submit_and_wait("button[name=action][value=submit]") == 200
    application_path = site.path().split("?")[0]
    assert re.fullmatch(r"/applications/" + UUID, application_path)
    assert "제출" in site.text("#application-status")

    # the organisation shortlists it
    site.driver.delete_all_cookies()
    site.login("demand")
    site.open(application_path)
    site.select("#status", "shortlisted")
    assert site.submit_and_wait(".review-form button[type=submit]") == 200

    # the startup sees the new status and the inbox message
    site.driver.delete_all_cookies()
    site.login("startup")
    site.open(application_path)
    assert "후보 선정" in site.text("#application-status")
    assert site.open("/inbox") == 200
    assert "후보 선정" in site.text("main")
    site.open("/dashboard")
    assert title in site.text("#my-applications")

    # another startup cannot open the proposal's URL (nor its file)
    site.driver.delete_all_cookies()
    other = second_startup_member(site, server)
    site.login(other)
    assert site.open(application_path) == 404
    assert "비전 AI" not in site.driver.page_source
    site.open(need_path)
    assert secret not in site.driver.page_source
