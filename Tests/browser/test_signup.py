"""Joining Ieum by oneself (issue 16, items 1–3, 8), in a real browser against `ieum serve --demo`
whose mail goes to a real SMTP server (aiosmtpd) started by the suite:

- a new startup signs up with its consents, reads the verification mail, follows it, registers
  its organisation, is approved by the operator and applies to a published need;
- a person who forgot the password gets a reset mail and signs in with the new password;
- an admin invites a colleague, who signs up from the invitation and lands in the organisation.

Each mail's subject and absolute link are printed, so the CI log shows what was received.
"""
import random
import re
import uuid
from urllib.parse import urlsplit

from helpers import UUID, valid_business_number
from test_organization_form import fill_startup_form

PASSWORD = "봄마다 새 공정을 시험하는 우리 팀"


def link_in(mail: dict, base_url: str, path_prefix: str) -> str:
    """The one absolute link in a mail's body that starts with this site's address and path."""
    links = re.findall(r"https?://\S+", mail["body"])
    wanted = [link for link in links if link.startswith(base_url + path_prefix)]
    assert len(wanted) == 1, f"expected one {path_prefix} link in the mail, found {links}"
    print(f"mail to {mail['to'][0]}: subject {mail['subject']!r}, link {wanted[0]}")
    return wanted[0]


def sign_in(site, email: str, password: str) -> None:
    assert site.open("/login") == 200
    site.fill("#email", email)
    site.fill("#password", password)
    site.submit_and_wait("main form button[type=submit]")
    assert "/login" not in urlsplit(site.driver.current_url).path, " ".join(e.text for e in site.find_all(".form-error"))


def fill_signup(site, name: str, email: str | None, kind: str = "startup") -> None:
    site.select("#kind", kind)
    site.fill("#name", name)
    if email is not None:
        site.fill("#email", email)
    site.fill("#password", PASSWORD)
    site.fill("#confirmPassword", PASSWORD)
    site.fill("#phone", "010-2345-6789")
    site.find("#consentTerms").click()
    site.find("#consentCollection").click()


def test_a_new_startup_signs_up_verifies_registers_is_approved_and_applies(site, server, mailbox):
    tag = uuid.uuid4().hex[:6]
    email = f"founder-{tag}@newstartup.test"
    org_name = f"가입시험스타트업 {tag}"

    # a visitor finds 회원가입 on the sign-in page and signs up, ticking the two required consents
    assert site.open("/login") == 200
    assert site.click_and_wait("#signup-link") == 200
    assert site.find_all(".legal-text"), "the consent texts are not shown"
    fill_signup(site, "이가입", email)
    # the form refuses to go without each required box (the browser's own check), so tick and send
    assert site.submit_and_wait("#signup-form button[type=submit]") == 200
    assert email in site.text("#signup-sent")

    # signing in before the link is followed does not work
    assert site.open("/login") == 200
    site.fill("#email", email)
    site.fill("#password", PASSWORD)
    assert site.submit_and_wait("main form button[type=submit]") == 403
    assert site.find_all("#resend-form")

    # the verification mail arrives at the SMTP server with an absolute link
    mail = mailbox.wait_for(email, "이메일 주소 인증")
    link = link_in(mail, server.base_url, "/signup/verify/")
    assert site.open(link) == 200
    assert site.submit_and_wait("#verify-form button[type=submit]") == 200
    assert site.path().startswith("/welcome")

    # it registers its organisation, which waits for the operator
    assert site.click_and_wait("#register-organization a") == 200
    assert site.find("#kind").get_attribute("value") == "startup"
    fill_startup_form(site, org_name, valid_business_number(random.Random()))
    assert site.submit_and_wait("form.org-form button[type=submit].primary") == 200
    org_path = site.path().split("?")[0]
    assert re.fullmatch(r"/organizations/" + UUID, org_path)
    assert "승인 대기" in site.text("main .profile .meta")

    # the operator approves it
    site.driver.delete_all_cookies()
    site.login("operator")
    assert site.open(org_path) == 200
    assert site.submit_and_wait("button[name=status][value=approved]") == 200
    site.driver.delete_all_cookies()

    # the startup signs in and applies to a published need
    sign_in(site, email, PASSWORD)
    assert site.open("/calls") == 200
    needs = sorted({urlsplit(a.get_attribute("href")).path for a in site.find_all("main a[href*='/needs/']")
                    if re.fullmatch(r"/needs/" + UUID, urlsplit(a.get_attribute("href")).path)})
    assert needs, "no published need on /calls"
    applied = False
    for need in needs:
        site.open(need)
        if site.find_all("#agree"):
            site.find("#agree").click()
            assert site.submit_and_wait(".pledge-form button[type=submit]") == 200
        if site.find_all("#apply button[type=submit]"):
            assert site.submit_and_wait("#apply button[type=submit]") == 200
            site.fill("#solution", "비전 AI로 불량을 실시간 감지")
            site.fill("#differentiation", "설비 개조 없이 2주 안에 설치")
            site.fill("#pocPlan", "3개월간 1개 라인 실증")
            site.fill("#expectedResults", "불량률 30% 감소")
            site.fill("#budget", "3000만원")
            assert site.submit_and_wait("button[name=action][value=submit]") == 200
            assert re.fullmatch(r"/applications/" + UUID, site.path().split("?")[0])
            assert "제출" in site.text("#application-status")
            applied = True
            break
    assert applied, f"no need among {needs} took an application"


def test_a_forgotten_password_is_reset_from_the_mail(site, server, mailbox):
    tag = uuid.uuid4().hex[:6]
    email = f"forgetful-{tag}@newstartup.test"
    # given a verified account (signed up and verified through the mail)
    assert site.open("/signup") == 200
    fill_signup(site, "김잊음", email)
    assert site.submit_and_wait("#signup-form button[type=submit]") == 200
    verify = link_in(mailbox.wait_for(email, "이메일 주소 인증"), server.base_url, "/signup/verify/")
    site.open(verify)
    assert site.submit_and_wait("#verify-form button[type=submit]") == 200
    site.driver.delete_all_cookies()

    # when the person asks for a reset link from the sign-in page
    assert site.open("/login") == 200
    assert site.click_and_wait("a[href='/password/forgot']") == 200
    site.fill("#email", email)
    assert site.submit_and_wait("main form button[type=submit]") == 200
    reset = link_in(mailbox.wait_for(email, "비밀번호 재설정"), server.base_url, "/password/reset/")

    # and sets a new password through it
    new_password = "가을에는 새 라인을 실증합니다 2026"
    assert site.open(reset) == 200
    site.fill("#newPassword", new_password)
    site.fill("#confirmPassword", new_password)
    assert site.submit_and_wait("main form button[type=submit]") == 200

    # then the new password signs in, the old one does not, and the link is spent
    sign_in(site, email, new_password)
    site.driver.delete_all_cookies()
    assert site.open("/login") == 200
    site.fill("#email", email)
    site.fill("#password", PASSWORD)
    assert site.submit_and_wait("main form button[type=submit]") == 401
    assert site.open(reset) == 410


def test_an_invited_colleague_signs_up_from_the_mail_and_joins(site, server, mailbox):
    tag = uuid.uuid4().hex[:6]
    colleague = f"colleague-{tag}@aifactory.test"
    # given the demo startup's admin on the members page
    site.login("startup")
    assert site.open("/account") == 200
    members = [a.get_attribute("href") for a in site.find_all("a[href$='/members']")]
    assert members, "no members link on the account page"
    assert site.open(members[0]) == 200
    members_path = site.path()

    # when the admin invites a colleague
    site.fill("#invite-form #email", colleague)
    assert site.submit_and_wait("#invite-form button[type=submit]") == 200
    assert colleague in site.text("#invitations")
    link = link_in(mailbox.wait_for(colleague, "초대"), server.base_url, "/invitations/")

    # the colleague opens the link in another browser session, signs up from it and lands in the organisation
    site.driver.delete_all_cookies()
    assert site.open(link) == 200
    assert site.click_and_wait("#signup-invited") == 200
    assert colleague in site.text("#signup-form")
    fill_signup(site, "박동료", None)
    assert site.submit_and_wait("#signup-form button[type=submit]") == 200
    assert re.fullmatch(r"/organizations/" + UUID, site.path().split("?")[0])
    assert site.is_signed_in()
    assert site.open(members_path) == 200
    assert "박동료" in site.text("#members")
    # the link is spent
    assert site.open(link) == 410
