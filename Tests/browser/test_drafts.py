"""Nothing typed is lost (issue 17, item 2): a file is saved with the application's text, drafts
autosave while typing, and leaving a changed form asks first."""
import re

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from helpers import UUID, wait_until

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"

TYPED = {
    "solution": "열화상 카메라와 AI로 소성로 온도 편차를 실시간 보정합니다",
    "differentiation": "센서를 더하지 않고 기존 카메라를 그대로 씁니다",
    "pocPlan": "1개월 데이터 수집, 2개월 현장 실증",
    "expectedResults": "불량률 20% 감소",
    "budget": "45000000",
    "budgetDetail": "인건비 3000만원, 장비 1500만원",
}


def draft_form(site) -> str:
    """The edit page of one of the demo startup's draft applications (from its dashboard)."""
    site.open("/dashboard")
    paths = sorted({re.search(r"/applications/" + UUID, a.get_attribute("href")).group(0)
                    for a in site.find_all("a[href*='/applications/']")
                    if re.search(r"/applications/" + UUID, a.get_attribute("href") or "")})
    for path in paths:
        site.open(path + "/edit")
        if site.find_all("#proposal-form"):
            return path + "/edit"
    raise AssertionError("the demo startup has no draft it can still edit")


def click_visible_link(site, href: str) -> None:
    """Clicks the first link to `href` a person can see (the menu has one per screen size)."""
    links = [a for a in site.find_all(f"a[href='{href}']") if a.is_displayed()]
    assert links, f"no visible link to {href}"
    links[0].click()


def saved_everything(site) -> bool:
    """The autosave answered, none is on its way, and nothing typed waits to be saved."""
    return (site.text("#autosave-status").startswith("임시저장됨 ")
            and site.driver.execute_script("return document.querySelector('#proposal-form').dataset.autosaving === undefined")
            and site.driver.execute_script(LEAVE_ASKS) is False)


def type_all(site, values: dict) -> None:
    for name, value in values.items():
        site.fill(f"#proposal-form [name={name}]", value)


def values(site) -> dict:
    return {name: site.find(f"#proposal-form [name={name}]").get_attribute("value") for name in TYPED}


def test_attaching_a_file_keeps_everything_typed(site, tmp_path):
    site.login("startup")
    edit = draft_form(site)
    typed = {name: value + " (첨부)" if name != "budget" else value for name, value in TYPED.items()}
    type_all(site, typed)

    # a file that is not what its name says is refused, and the page still shows everything typed
    fake = tmp_path / "가짜 보고서.pdf"
    fake.write_bytes(b"just text, not a PDF")
    site.find("#proposal-form #file").send_keys(str(fake))
    assert site.submit_and_wait("button[name=action][value=save]") == 422
    assert "입력한 내용은 임시 저장했습니다" in site.text("#form-message")
    assert values(site) == typed

    # a real PDF is attached with the text, which is still there and saved
    proposal = tmp_path / "회사소개서.pdf"
    proposal.write_bytes(PDF)
    site.find("#proposal-form #file").send_keys(str(proposal))
    assert site.submit_and_wait("button[name=action][value=save]") == 200
    assert "회사소개서.pdf" in site.text("#attachments")
    assert values(site) == typed
    site.open(edit)
    assert values(site) == typed


def test_a_draft_autosaves_while_typing_and_is_back_after_a_reload(site):
    site.login("startup")
    edit = draft_form(site)
    text = "자동 저장 확인용 문장: 야간 라인 1곳에서 3개월 실증"
    site.fill("#proposal-form [name=pocPlan]", text)
    # leaving the field saves at once (and every 15 s while typing)
    site.find("#proposal-form [name=expectedResults]").click()
    assert wait_until(lambda: saved_everything(site), timeout=20)
    assert re.fullmatch(r"임시저장됨 \d\d:\d\d", site.text("#autosave-status")), site.text("#autosave-status")
    # saved, so reloading asks nothing and brings the text back
    site.driver.refresh()
    WebDriverWait(site.driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    assert not EC.alert_is_present()(site.driver)
    assert site.find("#proposal-form [name=pocPlan]").get_attribute("value") == text
    # and the explicit save still works after an autosave (the form edits the new version)
    site.fill("#proposal-form [name=budgetDetail]", "장비 임차 2000만원")
    assert site.submit_and_wait("button[name=action][value=save]") == 200
    assert "임시 저장했습니다" in site.text("main")
    site.open(edit)
    assert site.find("#proposal-form [name=budgetDetail]").get_attribute("value") == "장비 임차 2000만원"


# Whether leaving now would ask: the page's beforeunload handlers run on a cancelable event as the
# browser's would (headless Chromium under chromedriver does not show the dialog itself; where it
# does, the test also accepts the real one).
LEAVE_ASKS = """
var event = new Event('beforeunload', {cancelable: true});
window.dispatchEvent(event);
return event.defaultPrevented;
"""


def test_leaving_a_changed_form_asks_first_but_not_after_submitting(site):
    site.login("demand")
    site.open("/needs/new")
    assert site.driver.execute_script(LEAVE_ASKS) is False, "an untouched form asks nothing"
    site.find("#title").send_keys("떠나기 전에 묻는지 확인하는 수요과제")
    assert site.driver.execute_script(LEAVE_ASKS) is True, "a changed form asks before leaving"
    # a link away: where the browser shows the question, staying keeps what was typed
    click_visible_link(site, "/organizations")
    try:
        WebDriverWait(site.driver, 2).until(EC.alert_is_present()).dismiss()
        assert site.find("#title").get_attribute("value") == "떠나기 전에 묻는지 확인하는 수요과제"
    except TimeoutException:
        pass

    # a search form only asks (GET), so typing in it asks nothing
    site.open("/organizations")
    search = [f for f in site.find_all("main form input[type=search], main form input[name=q]") if f.is_displayed()]
    assert search, "no search field on the organisations page"
    search[0].send_keys("로봇")
    assert site.driver.execute_script(LEAVE_ASKS) is False

    # the application form asks until it is saved, and not after an autosave
    site.driver.delete_all_cookies()
    site.login("startup")
    draft_form(site)
    site.find("#proposal-form [name=differentiation]").send_keys(" 추가 문장")
    assert site.driver.execute_script(LEAVE_ASKS) is True
    site.find("#proposal-form [name=solution]").click()
    assert wait_until(lambda: saved_everything(site), timeout=20)

    # a submitted form asks nothing (its refusal comes back as a new page with the text)
    site.driver.delete_all_cookies()
    site.login("demand")
    site.open("/needs/new")
    site.find("#title").send_keys("제출하면 묻지 않는 수요과제")
    site.driver.execute_script("window.__ieumBeforeSubmit = true")
    site.driver.execute_script("document.querySelector('#title').form.dispatchEvent(new Event('submit', {cancelable: true, bubbles: true}))")
    assert site.driver.execute_script(LEAVE_ASKS) is False
