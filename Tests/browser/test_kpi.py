"""The KPI dashboard on a phone (issue 17, items 3 and 8): nothing sticks out of a 375 px viewport,
every chart's text is drawn at 11 px or more, and the funnel's rates and notes read as on a desktop."""
import pytest

# Elements whose box reaches past the viewport, leaving out what sits inside a box that scrolls
# sideways on its own (a wide table in its .table-wrap) as long as that box itself fits.
OVERFLOW_SCRIPT = """
var width = document.documentElement.clientWidth, found = [];
function scrolledInside(element) {
  for (var up = element.parentElement; up && up !== document.body; up = up.parentElement) {
    var overflow = getComputedStyle(up).overflowX;
    if (overflow === 'auto' || overflow === 'scroll' || overflow === 'hidden') return true;
  }
  return false;
}
document.querySelectorAll('body *').forEach(function (element) {
  var box = element.getBoundingClientRect();
  if (box.width === 0 || box.height === 0 || scrolledInside(element)) return;
  if (box.right > width + 1 || box.left < -1 || box.width > width + 1)
    found.push(element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') + ' ' + Math.round(box.width) + 'px');
});
return found;
"""

# The rendered size of every text of every chart: the SVG scales with its box, so the font size on
# screen is the CSS size times the drawn width over the viewBox width.
CHART_TEXT_SCRIPT = """
var sizes = [];
document.querySelectorAll('svg.kpi-chart').forEach(function (svg) {
  var scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  svg.querySelectorAll('text').forEach(function (text) {
    var px = parseFloat(getComputedStyle(text).fontSize) * scale;
    sizes.push([svg.id || svg.getAttribute('aria-labelledby'), text.textContent, Math.round(px * 10) / 10]);
  });
});
return sizes;
"""


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_kpi_page_fits_a_phone_and_its_charts_stay_readable(site, lang):
    site.login("operator")
    site.resize("mobile")
    assert site.open("/kpi?period=2026", lang) == 200
    site.screenshot("kpi", lang, "mobile")

    assert not site.has_horizontal_scroll()
    assert site.driver.execute_script(OVERFLOW_SCRIPT) == []
    sizes = site.driver.execute_script(CHART_TEXT_SCRIPT)
    assert sizes, "no chart text found"
    small = [s for s in sizes if s[2] < 11]
    assert small == [], small[:10]


def test_kpi_funnel_shows_rates_as_parts_of_their_whole(site):
    site.login("operator")
    assert site.open("/kpi?period=2026", "ko") == 200
    rates = site.find_all("#table-funnel td[data-kpi-rate]")
    assert rates
    for cell in rates:
        part, whole = int(cell.get_attribute("data-part")), int(cell.get_attribute("data-whole"))
        assert part <= whole
        assert cell.text == ("—" if whole == 0 else f"{part:,}/{whole:,}건, {cell.get_attribute('data-kpi-rate')}")
    direct = site.find("#table-funnel-direct tbody tr")
    assert direct.get_attribute("data-kpi-card") == "direct-started"
    assert int(direct.get_attribute("data-value")) > 0
    # the notes open on the page, not in the README
    site.find("#kpi-funnel details.kpi-how summary").click()
    note = site.find('#kpi-funnel dd[data-kpi-note="direct-started"]')
    assert note.is_displayed()
    assert f"{int(direct.get_attribute('data-value')):,}건" in note.text
    assert "README" not in site.driver.page_source
