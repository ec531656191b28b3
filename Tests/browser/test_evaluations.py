"""Evaluation rounds in a real browser (issue 6): the demo judge makes the conflict-of-interest
pledge, scores two applications of the open document round, and the operator sees both in the
ranking with the judge's totals."""
import re
from urllib.parse import urlsplit

from helpers import UUID


def test_judge_scores_two_applications_and_operator_sees_the_ranking(site):
    site.login("judge")
    assert site.open("/rounds") == 200
    link = site.find("#my-rounds a")
    round_path = urlsplit(link.get_attribute("href")).path
    assert re.fullmatch(r"/rounds/" + UUID, round_path), round_path
    assert site.click_and_wait("#my-rounds a") == 200

    # the pledge comes first
    assert "이해충돌 서약" in site.text("#pledge-form")
    site.find("#agree").click()
    assert site.submit_and_wait("#pledge-form button[type=submit]") == 200
    total = int(re.search(r"0 / (\d+) 완료", site.text("#progress")).group(1))
    assert total >= 2
    entries = [urlsplit(a.get_attribute("href")).path for a in site.find_all("#my-entries .entry-list a")][:2]

    titles = []
    for n, path in enumerate(entries):
        assert site.open(path) == 200
        titles.append(site.text(".sheet h1"))
        inputs = site.find_all("#sheet-form input[type=number]")
        assert len(inputs) == 4
        for box in inputs:
            top = int(box.get_attribute("max"))
            box.clear()
            box.send_keys(str(top - n * 3))  # the first gets full marks, the second 12 points fewer
        site.fill("#overallComment", "수요기관 공정과의 연계가 분명합니다." if n == 0 else "실증 일정이 다소 빠듯합니다.")
        # a draft first, then the submit (it asks for confirmation)
        assert site.submit_and_wait("#sheet-form button[value=save]") == 200
        assert "임시 저장" in site.text(".sheet .meta")
        assert site.submit_and_wait("#sheet-form button[value=submit]") == 200
        # straight on to the next entry without a sheet (the round page once every sheet is in)
        after = urlsplit(site.driver.current_url).path
        if n + 1 < total:
            assert after.startswith(round_path + "/entries/") and after != path, after
            assert "다음 심사 대상" in site.text(".flash")
        else:
            assert after == round_path
    # the round page counts both sheets (with more entries left, the judge is now on the third)
    assert site.open(round_path) == 200
    assert f"2 / {total} 완료" in site.text("#progress")

    # a submitted sheet is locked
    assert site.open(entries[0]) == 200
    assert site.find("#sheet-form input[type=number]").get_attribute("readonly") is not None
    assert "100.00" in site.text("#sheet-total")

    # the judge never reaches the results
    assert site.open(round_path + "/results") == 404

    # the operator sees both in the ranking, with the judge's totals (100 and 88)
    site.driver.delete_all_cookies()
    site.login("operator")
    assert site.open(round_path + "/results") == 200
    rows = site.find_all(".results-table tbody tr")
    by_title = {r.find_elements("css selector", "td")[1].text.strip(): r for r in rows}
    header = [th.text.strip() for th in site.find_all(".results-table thead th")]
    judge_column = header.index("정심사")
    for title, expected in zip(titles, ["100.0", "88.0"]):
        assert title in by_title, (title, list(by_title))
        cells = by_title[title].find_elements("css selector", "td")
        assert cells[judge_column].text.startswith(expected), cells[judge_column].text
        assert re.fullmatch(r"\d+", cells[0].text.strip()), "ranked"
    # ranks go 1, 2, … down the table
    ranks = [int(r.find_elements("css selector", "td")[0].text) for r in rows if r.find_elements("css selector", "td")[0].text.strip().isdigit()]
    assert ranks == sorted(ranks) and ranks[0] == 1
