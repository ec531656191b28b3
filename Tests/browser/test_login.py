"""Signing in with the demo accounts."""
from urllib.parse import urlsplit

from helpers import DEMO_USERS


def test_operator_signs_in_and_sees_the_operator_menu(site):
    # given the login page, in Korean by default
    assert site.open("/login") == 200
    assert site.find("html").get_attribute("lang") == "ko"
    assert site.text("main h1") == "로그인"

    # when the operator signs in
    site.login("operator")

    # then the header offers sign-out and the operator's pages
    assert site.is_signed_in()
    menu = {a.get_attribute("pathname") for a in site.find_all(".site-header nav a")}
    assert {"/organizations", "/admin/approvals", "/admin/import", "/admin/audit", "/admin/taxonomy"} <= menu, menu


def test_wrong_password_keeps_the_person_on_the_login_page(site):
    # given the login page
    site.open("/login")

    # when the password is wrong
    site.fill("#email", DEMO_USERS["operator"])
    site.fill("#password", "not-the-password")
    site.submit_and_wait("main form button[type=submit]")

    # then an error is shown, the e-mail is kept and nobody is signed in
    assert urlsplit(site.driver.current_url).path == "/login"
    assert site.text(".form-error")
    assert site.find("#email").get_attribute("value") == DEMO_USERS["operator"]
    assert not site.is_signed_in()


def test_a_startup_member_does_not_see_the_operator_menu(site):
    # when a startup member signs in
    site.login("startup")

    # then the registry is offered, the operator pages are not
    menu = {a.get_attribute("pathname") for a in site.find_all(".site-header nav a")}
    assert "/organizations" in menu
    assert not {"/admin/approvals", "/admin/import", "/admin/audit"} & menu, menu


def test_the_language_choice_is_remembered_across_pages(site):
    # given a signed-in startup member on the registry in Korean
    site.login("startup")
    site.open("/organizations")
    assert site.text("main h1") == "기관 목록"

    # when they switch to English with ?lang=en
    site.set_language("en")

    # then this page and the next are in English, and the switch link offers Korean
    assert site.find("html").get_attribute("lang") == "en"
    assert site.text("main h1") == "Registry"
    site.open("/account")
    assert site.find("html").get_attribute("lang") == "en"
    assert site.text(".lang-switch") == "한국어"

    # when they switch back with the link
    assert site.click_and_wait(".lang-switch") == 200
    assert site.find("html").get_attribute("lang") == "ko"
    assert site.text("main h1") == "내 계정"
