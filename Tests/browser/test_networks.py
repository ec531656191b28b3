"""Network events in a real browser (issue 8): the demo startup registers for the year-end
networking evening, which is full, and is waitlisted; the demo investor cancels its seat and the
startup is promoted at once (its page and its inbox say so)."""

def open_evening(site) -> str:
    assert site.open("/networks") == 200
    council = next(a for a in site.find_all(".org-list h2 a") if "서울테크밋업" in a.text)
    site.driver.get(council.get_attribute("href"))
    site.wait_for("#events")
    link = next(a for a in site.find_all("#events .event-list a") if a.text == "연말 네트워킹 데이")
    href = link.get_attribute("href")
    site.driver.get(href)
    site.wait_for("#seats")
    return href


def test_full_event_waitlist_and_promotion(site):
    site.login("startup")
    href = open_evening(site)
    assert "정원 1 · 확정 1 · 대기 0" in site.text("#seats")
    assert site.submit_and_wait("form[action$='/register'] button") == 200
    assert "대기" in site.text("#my-registration")
    assert "확정 1 · 대기 1" in site.text("#seats")

    # the investor holding the only seat cancels
    site.driver.delete_all_cookies()
    site.login("investor")
    site.driver.get(href)
    site.wait_for("#seats")
    assert "참가 확정" in site.text("#my-registration")
    assert site.submit_and_wait("form[action$='/cancel'] button") == 200

    # the startup now has the seat, and is told
    site.driver.delete_all_cookies()
    site.login("startup")
    site.driver.get(href)
    site.wait_for("#seats")
    assert "참가 확정" in site.text("#my-registration")
    assert "확정 1 · 대기 0" in site.text("#seats")
    assert site.open("/inbox") == 200
    assert "참가 확정: 연말 네트워킹 데이" in site.text("main")
