"""Bulk import of a startup list saved by Korean Excel (CP949): preview, row-by-row report, commit."""
import random

from helpers import valid_business_number, with_wrong_check_digit, write_cp949_csv, result_count

BAD_ROW = 3  # the third data row: row 4 as Excel shows it, under the header row


def startup_rows(rng: random.Random, tag: str) -> list[list[str]]:
    fields = ["인공지능", "스마트제조", "로봇", "빅데이터"]
    regions = ["강남구", "구로구", "성동구", "금천구"]
    stages = ["시드", "프리A", "시리즈A", "시리즈B"]
    return [[f"가져오기시험{tag} 제{i + 1}호", valid_business_number(rng), stages[i], fields[i], regions[i],
             str(2018 + i), str(5 + i * 7), f"{i * 3 + 1.5:.1f}", f"{i + 0.8:.1f}",
             f"CP949 가져오기 시험 기업 {i + 1}", "스마트공장, 시험"] for i in range(4)]


def upload(site, path) -> int | None:
    site.open("/admin/import")
    site.wait_for("form#import-form")
    site.select("select#import-kind", "startups")
    site.find("input#import-file[type=file]").send_keys(str(path))
    return site.submit_and_wait("#import-preview")


def report_rows(site) -> list[list[str]]:
    return [[td.text.strip() for td in tr.find_elements("css selector", "td")]
            for tr in site.find_all("table.report#import-report tbody tr")]


def confirm_enabled(site) -> bool:
    buttons = site.find_all("#import-confirm")
    return bool(buttons) and buttons[0].is_enabled() and buttons[0].is_displayed()


def test_cp949_file_with_one_bad_row_is_reported_then_the_fixed_file_is_imported(site, tmp_path):
    rng = random.Random()
    tag = str(rng.randint(10000, 99999))
    rows = startup_rows(rng, tag)
    good_number = rows[BAD_ROW - 1][1]
    rows[BAD_ROW - 1][1] = with_wrong_check_digit(good_number)
    bad_file = write_cp949_csv(tmp_path / "startups-bad.csv", rows)
    assert "기업명".encode("cp949") in bad_file.read_bytes()  # really CP949, not UTF-8

    # given the operator
    site.login("operator")

    # when the file with one bad business number is uploaded
    assert upload(site, bad_file) in (200, 422)

    # then the report names that row and the 사업자등록번호 column, and nothing can be committed
    report = report_rows(site)
    assert len(report) == 1, f"expected one problem, the report lists {report}"
    row, column, reason = report[0][:3]
    assert row == str(BAD_ROW + 1), f"the report names row {row!r}, Excel shows the bad row as {BAD_ROW + 1}"
    assert column == "사업자등록번호"
    assert reason
    headers = [th.text.strip() for th in site.find_all("table#import-report thead th")]
    assert headers[:3] == ["행", "열", "사유"], headers
    assert site.text("#import-summary")
    assert not confirm_enabled(site), "#import-confirm is offered although a row has an error"

    # when the fixed file is uploaded
    rows[BAD_ROW - 1][1] = good_number
    fixed_file = write_cp949_csv(tmp_path / "startups-fixed.csv", rows)
    assert upload(site, fixed_file) == 200

    # then there is nothing to report and the import can be confirmed
    assert report_rows(site) == []
    assert site.text("#import-summary")
    assert confirm_enabled(site)
    site.submit_and_wait("#import-confirm")

    # then the result says how many were imported, and they are in the registry
    result = site.wait_for("#import-result")
    assert "4" in result.text, result.text
    site.open("/organizations?q=" + f"가져오기시험{tag}")
    assert result_count(site.text("#result-count")) == 4
    names = sorted(a.text.strip() for a in site.find_all("li.org-card h2 a"))
    assert names == sorted(r[0] for r in rows)
