"""A startup member may edit their own organisation and no other."""
from helpers import DEMO_STARTUP


def test_startup_member_gets_403_on_another_organisations_edit_page(site):
    # given a startup member and the registry
    site.login("startup")
    site.open("/organizations")
    others = [a.get_attribute("pathname") for a in site.find_all("li.org-card h2 a") if a.text.strip() != DEMO_STARTUP]
    assert others, "the registry lists no other organisation"

    # when they open another organisation's edit page
    status = site.open(others[0] + "/edit")

    # then the error page says 403 and no form is shown
    assert status == 403
    assert site.text("main h1") == "403"
    assert not site.find_all("form.org-form")


def test_startup_member_can_open_their_own_edit_page(site):
    # given the startup member's own organisation
    site.login("startup")
    site.open("/organizations?q=" + DEMO_STARTUP)
    own = [a.get_attribute("pathname") for a in site.find_all("li.org-card h2 a") if a.text.strip() == DEMO_STARTUP]
    assert own, f"{DEMO_STARTUP} is not found in the registry"

    # when they open its edit page
    status = site.open(own[0] + "/edit")

    # then the form is there with their organisation's name
    assert status == 200
    assert site.find("form.org-form #name").get_attribute("value") == DEMO_STARTUP
