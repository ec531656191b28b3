"""Screenshot review of every main page (issue 17, items 7 and 9): each capability's list, a
detail and a form, the workspace of each role and the public pages, as the right person, in
Korean and English, at 1280 and 375 px. Every page is saved as
artifacts/screenshots/<page>-<lang>-<width>.png and checked automatically:

- nothing is wider than the window (document.documentElement.scrollWidth > innerWidth fails and
  names the widest elements that stick out, outside any container that scrolls by itself);
- no visible text is drawn under 11 px (computed font size of every element holding text; SVG
  text counts at the size the scaled chart actually draws it).

It also checks the navigation: signed-in people get the grouped menu (sidebar on a desktop, the
menu button on a phone, the current section marked) and detail pages a breadcrumb trail.
"""
import pytest

import re

from helpers import SCREENSHOTS, UUID

WIDTHS = {"desktop": 1280, "mobile": 375}

# Finds what sticks out of the window: elements whose right edge passes it, unless an ancestor
# that clips or scrolls (a table wrapper) keeps them inside. The widest come first.
OVERFLOW_JS = r"""
const limit = window.innerWidth + 1;
const clipped = (el) => {
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    const ox = getComputedStyle(p).overflowX;
    // an absolutely placed element escapes a clipping box that is not positioned itself
    if (ox !== 'visible' && p.getBoundingClientRect().right <= limit &&
        (getComputedStyle(el).position !== 'absolute' || getComputedStyle(p).position !== 'static')) return true;
  }
  return false;
};
const out = [];
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.right <= limit || clipped(el)) continue;
  const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  out.push([Math.round(r.right), name, (el.textContent || '').trim().slice(0, 40)]);
}
// Text that runs out of its box (a long word or address) is not in its element's rectangle.
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  if (!n.textContent.trim() || !n.parentElement) continue;
  const range = document.createRange();
  range.selectNodeContents(n);
  const r = range.getBoundingClientRect();
  if (r.width === 0 || r.right <= limit || clipped(n.parentElement) || getComputedStyle(n.parentElement).overflowX !== 'visible') continue;
  const el = n.parentElement;
  const name = el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  out.push([Math.round(r.right), name + ' text', n.textContent.trim().slice(0, 40)]);
}
out.sort((a, b) => b[0] - a[0]);
return [document.documentElement.scrollWidth, window.innerWidth, out.slice(0, 6)];
"""

# Visible text under 11 px. HTML text: the computed font size of the element that holds the text.
# SVG text: the font size times the chart's scale (a 600-unit chart drawn 300 px wide halves it).
SMALL_TEXT_JS = """
const small = [];
const visible = (el) => {
  const r = el.getBoundingClientRect();
  if (r.width <= 1 || r.height <= 1) return false;
  const s = getComputedStyle(el);
  return s.visibility !== 'hidden' && s.display !== 'none' && s.opacity !== '0';
};
for (const el of document.body.querySelectorAll('*')) {
  const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
  if (!own || !visible(el)) continue;
  let size = parseFloat(getComputedStyle(el).fontSize);
  const svg = el.closest('svg');
  if (svg && svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width) {
    size = size * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  }
  if (size < 10.95) small.push([Math.round(size * 10) / 10, el.tagName.toLowerCase() + (el.getAttribute('class') ? '.' + el.getAttribute('class').split(' ')[0] : ''), el.textContent.trim().slice(0, 30)]);
}
return small.slice(0, 8);
"""


def first_link(site, css, contains=""):
    """The first link under `css` whose path starts with `contains` and then names a record."""
    pattern = re.compile(re.escape(contains) + UUID + "$") if contains.endswith("/") else None
    for a in site.find_all(css):
        href = a.get_attribute("pathname")
        if href and (pattern.match(href) if pattern else contains in href):
            return href
    return None


def pages_for(site, role):
    """(page name, path or a function finding the path) for each main page of a role."""
    if role == "visitor":
        return [("home-visitor", "/"), ("calls-visitor", "/calls"),
                ("need-visitor", lambda: first_link(site, "li.need-card h2 a", "/needs/")),
                ("grievance-form", "/grievances/new"), ("login", "/login"), ("signup", "/signup")]
    if role == "operator":
        return [
            ("workspace-operator", "/"),
            ("registry", "/organizations"),
            ("profile", lambda: first_link(site, "li.org-card h2 a", "/organizations/")),
            ("organisation-form", "/organizations/new"),
            ("approvals", "/admin/approvals"),
            ("calls", "/calls"),
            ("need", lambda: first_link(site, "li.need-card h2 a", "/needs/")),
            ("need-form", "/needs/new"),
            ("dashboard-operator", "/dashboard"),
            ("programs", "/programs"),
            ("program", lambda: first_link(site, "main a", "/programs/")),
            ("collaborations", "/collaborations"),
            ("collaboration", lambda: first_link(site, "table.collaboration-list a", "/collaborations/")),
            ("kpi", "/kpi"),
            ("rounds", "/rounds"),
            ("round", lambda: first_link(site, "#managed-rounds a", "/rounds/")),
            ("round-form", "/rounds/new"),
            ("meetings", "/meetings"),
            ("meeting", lambda: first_link(site, "main a", "/meetings/")),
            ("networks", "/networks"),
            ("network", lambda: first_link(site, "main a", "/networks/")),
            ("grievances", "/grievances"),
            # the demo may hold no case yet: then there is no case page to review ("")
            ("grievance", lambda: first_link(site, "main a", "/grievances/") or ""),
            ("grievance-routes", "/grievances/routes"),
            ("grievance-dashboard", "/grievances/dashboard"),
            ("experts", "/experts"),
            ("inbox", "/inbox"),
            ("account", "/account"),
            ("import", "/admin/import"),
            ("taxonomy", "/admin/taxonomy"),
            ("audit", "/admin/audit"),
        ]
    if role == "startup":
        return [("workspace-startup", "/"), ("dashboard-startup", "/dashboard"),
                ("application", lambda: first_link(site, "main a", "/applications/")),
                ("collaborations-startup", "/collaborations"),
                ("collaboration-startup", lambda: first_link(site, "table.collaboration-list a", "/collaborations/")),
                ("my-reports", "/grievances/mine")]
    if role == "demand":
        return [("workspace-demand", "/"), ("my-needs", "/needs"),
                ("need-applications", lambda: (first_link(site, "main a", "/needs/") or "/needs") + "/applications")]
    if role == "judge":
        return [("workspace-judge", "/"), ("rounds-judge", "/rounds"),
                ("round-judge", lambda: first_link(site, "#my-rounds a", "/rounds/"))]
    if role == "investor":
        return [("workspace-investor", "/"), ("collaborations-investor", "/collaborations")]
    raise AssertionError(role)


ROLES = ["visitor", "operator", "startup", "demand", "judge", "investor"]


@pytest.mark.parametrize("size", ["desktop", "mobile"])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_main_page_fits_and_is_readable(site, lang, size):
    site.resize(size)
    problems, seen = [], []
    for role in ROLES:
        site.driver.delete_all_cookies()
        if role != "visitor":
            site.login(role, lang)
        for name, where in pages_for(site, role):
            path = where() if callable(where) else where
            if path == "":
                continue
            if not path:
                problems.append(f"{name}: found no page to open")
                continue
            status = site.open(path, lang)
            seen.append(name)
            site.screenshot(name, lang, str(WIDTHS[size]))
            if status != 200:
                problems.append(f"{name} ({path}): HTTP {status}")
                continue
            scroll, inner, widest = site.driver.execute_script(OVERFLOW_JS)
            if scroll > inner + 1:
                problems.append(f"{name}: {scroll} px wide in a {inner} px window; sticking out: "
                                + "; ".join(f"{n} to {r} px ({t!r})" for r, n, t in widest))
            small = site.driver.execute_script(SMALL_TEXT_JS)
            if small:
                problems.append(f"{name}: text under 11 px: " + "; ".join(f"{s} px {n} {t!r}" for s, n, t in small))
    assert len(seen) >= 50, seen
    assert (SCREENSHOTS / f"workspace-operator-{lang}-{WIDTHS[size]}.png").exists()
    assert not problems, "\n".join(problems)


def test_grouped_menu_is_a_sidebar_on_a_desktop_and_a_button_on_a_phone(site):
    # given the operator on a need's page, on a desktop
    site.login("operator")
    site.resize("desktop")
    site.open("/calls")
    need = first_link(site, "li.need-card h2 a", "/needs/")
    site.open(need)
    # then the sidebar shows the groups, the calls section is current, the phone button is hidden
    sidebar = site.find("nav.sidebar")
    assert sidebar.is_displayed()
    titles = [e.text for e in site.find_all("nav.sidebar .nav-group-title")]
    assert titles[:2] == ["내 업무", "수요·공모"] and "관리" in titles, titles
    current = site.find_all("nav.sidebar .nav-group.current a[aria-current=page]")
    assert [a.get_attribute("pathname") for a in current] == ["/calls"]
    assert not site.find("details.menu-toggle").is_displayed()
    # and the page says where it is: 홈 › 공모·수요과제 › <need>, the last crumb not a link
    crumbs = site.find_all("nav.breadcrumbs li")
    assert [c.text.replace("›", "").strip() for c in crumbs][:2] == ["홈", "공모·수요과제"]
    assert not crumbs[-1].find_elements("css selector", "a")
    # when the same page is seen on a phone
    site.resize("mobile")
    assert not sidebar.is_displayed()
    toggle = site.find("details.menu-toggle summary")
    assert toggle.is_displayed() and "수요·공모" in toggle.text
    links = site.find_all("details.menu-toggle nav a")
    assert not links[0].is_displayed()
    # then the button opens the menu (a <details>: no script needed)
    toggle.click()
    assert links[0].is_displayed()
    assert site.driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_startup_sees_only_its_groups(site):
    site.login("startup", "en")
    site.resize("desktop")
    site.open("/", "en")
    titles = [e.text for e in site.find_all("nav.sidebar .nav-group-title")]
    assert "Administration" not in titles and "My work" in titles, titles
    paths = {a.get_attribute("pathname") for a in site.find_all("nav.sidebar a")}
    assert "/grievances/mine" in paths and "/admin/approvals" not in paths, paths
