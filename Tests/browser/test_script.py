"""ieum.js in a real browser (the CSP allows only same-origin scripts, so it must be a file)."""
import time

import pytest
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def add_form(site, html: str) -> None:
    """Adds a test form to the page (WebDriver scripts are not subject to the page's CSP)."""
    site.driver.execute_script("document.querySelector('main').insertAdjacentHTML('beforeend', arguments[0])", html)


def test_stylesheet_and_script_are_served_from_the_site(site):
    site.open("/login")
    assert site.find("link[rel=stylesheet]").get_attribute("href").endswith("/ieum.css")
    assert site.find("script[src]").get_attribute("src").endswith("/ieum.js")
    assert site.open("/ieum.js") == 200
    assert "error-summary" in site.find("body").text
    assert site.open("/ieum.css") == 200


@pytest.mark.parametrize("answer", ["dismiss", "accept"])
def test_data_confirm_asks_before_submitting(site, answer):
    # given a form that asks for confirmation
    site.open("/login")
    add_form(site, '<form id="t" method="get" action="/login" data-confirm="정말 삭제할까요?">'
                   '<input type="hidden" name="confirmed" value="yes"><button id="t-go">go</button></form>')

    # when it is submitted
    site.find("#t-go").click()
    alert = WebDriverWait(site.driver, 5).until(EC.alert_is_present())

    # then the question is the form's own, and only "OK" submits
    assert alert.text == "정말 삭제할까요?"
    getattr(alert, answer)()
    if answer == "accept":
        WebDriverWait(site.driver, 10).until(lambda d: "confirmed=yes" in d.current_url)
    else:
        time.sleep(0.5)  # give a wrongly sent form the time to navigate
        assert "confirmed=yes" not in site.driver.current_url
        assert site.find_all("#t")


def test_too_large_file_is_reported_at_once(site, tmp_path):
    # given a file input that takes at most 100 bytes
    site.open("/login")
    add_form(site, '<form id="u" method="get" action="/login"><input type="file" id="u-file" name="f" data-max-bytes="100">'
                   '<button id="u-go">go</button></form>')
    big = tmp_path / "큰파일.csv"
    big.write_bytes(b"x" * 5000)
    small = tmp_path / "small.csv"
    small.write_bytes(b"x" * 10)

    # when a larger file is chosen
    site.find("#u-file").send_keys(str(big))

    # then a message says so, and the form is not sent
    message = WebDriverWait(site.driver, 5).until(lambda d: d.find_elements("id", "u-file-size-message"))[0]
    assert "5 KB" in message.text and "너무 큽니다" in message.text
    site.find("#u-go").click()
    time.sleep(0.5)
    assert site.find_all("#u"), "the form was sent with a file that is too large"

    # when a small file is chosen instead, the message goes away
    site.find("#u-file").send_keys(str(small))
    assert WebDriverWait(site.driver, 5).until(lambda d: not d.find_elements("id", "u-file-size-message"))


def test_import_page_refuses_a_file_over_its_limit_before_uploading(site, tmp_path):
    # given the operator on the import page, whose file input states its limit
    site.login("operator")
    site.open("/admin/import")
    limit = int(site.find("#import-file").get_attribute("data-max-bytes"))
    huge = tmp_path / "너무큰명단.csv"
    with open(huge, "wb") as handle:
        handle.truncate(limit + 1)  # sparse: costs no disk

    # when a file one byte over the limit is chosen and sent
    site.find("#import-file").send_keys(str(huge))
    message = WebDriverWait(site.driver, 5).until(lambda d: d.find_elements("id", "import-file-size-message"))[0]
    site.find("#import-preview").click()
    time.sleep(0.5)

    # then the message says so and the browser stays on the upload form
    assert "MB" in message.text
    assert site.find_all("form#import-form") and site.path() == "/admin/import"
