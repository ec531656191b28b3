"""Registering an organisation: a wrong business number is explained next to its field, nothing
typed is lost, and the corrected form lands on the new profile."""
import random
import re
from urllib.parse import urlsplit

from helpers import UUID, valid_business_number, with_wrong_check_digit


def fill_startup_form(site, name: str, business_number: str) -> dict:
    site.select("#kind", "startup")
    site.fill("#name", name)
    site.fill("#businessNumber", business_number)
    stages = [o.get_attribute("value") for o in site.find_all("#stage option") if o.get_attribute("value")]
    site.select("#stage", stages[1] if len(stages) > 1 else stages[0])
    summary = "제조 현장의 불량을 AI로 잡아내는 스타트업"
    description = "브라우저 시험으로 등록한 기관입니다. 중소 제조기업이 스마트공장을 도입하도록 돕습니다."
    site.fill("#summary", summary)
    site.fill("#description", description)
    boxes = site.find_all("input[name='fields[]']")
    assert boxes, "no tech-field checkboxes (fields[]) on the form"
    if not boxes[0].is_selected():
        boxes[0].click()
    return {"summary": summary, "description": description, "field": boxes[0].get_attribute("value")}


def test_bad_business_number_is_explained_next_to_the_field_and_the_fix_lands_on_the_profile(site):
    rng = random.Random()
    good_number = valid_business_number(rng)
    bad_number = with_wrong_check_digit(good_number)
    name = f"브라우저시험 스타트업 {rng.randint(1000, 9999)}"

    # given the operator on the new-organisation form
    site.login("operator")
    assert site.open("/organizations/new") == 200
    typed = fill_startup_form(site, name, bad_number)

    # when the form is sent with a business number whose check digit is wrong
    status = site.submit_and_wait("form.org-form button[type=submit].primary")

    # then the form comes back with 422, the error sits next to the field, and nothing typed is lost
    assert status == 422
    error = site.find("p#businessNumber-error")
    assert error.is_displayed() and error.text.strip()
    field = site.find("#businessNumber")
    container = error.find_element("xpath", "..")
    assert field.find_element("xpath", "..") == container, "the error is not in the field's own block"
    assert "has-error" in container.get_attribute("class")
    assert field.get_attribute("aria-invalid") == "true"
    assert "businessNumber-error" in (field.get_attribute("aria-describedby") or "")
    assert site.find("#name").get_attribute("value") == name
    assert site.find("#businessNumber").get_attribute("value") == bad_number
    assert site.find("#summary").get_attribute("value") == typed["summary"]
    assert site.find("#description").get_attribute("value") == typed["description"]
    assert site.find(f"input[name='fields[]'][value='{typed['field']}']").is_selected()
    # ieum.js moves keyboard focus to the error summary
    assert site.driver.execute_script("return document.activeElement && document.activeElement.id") == "error-summary"
    assert site.find("#error-summary a[href='#businessNumber']")

    # when the number is corrected and the form sent again
    site.fill("#businessNumber", good_number)
    status = site.submit_and_wait("form.org-form button[type=submit].primary")

    # then the browser lands on the new profile
    assert status == 200
    assert re.fullmatch(f"/organizations/{UUID}", urlsplit(site.driver.current_url).path), site.driver.current_url
    assert site.text("main h1") == name
    assert good_number in site.find("main").text
