"""Korean-aware search of the registry: word spacing and particles must not hide a match."""
from urllib.parse import parse_qs, urlsplit

from helpers import result_count

PHRASE = "스마트공장을 구축하는"


def search(site, query: str) -> int:
    """Types the query into the registry's search form, submits it and returns the result count."""
    site.open("/organizations")
    site.fill("#q", query)
    site.submit_and_wait("form.filters button[type=submit]")
    assert parse_qs(urlsplit(site.driver.current_url).query).get("q") == [query]
    return result_count(site.text("#result-count"))


def result_links(site, max_pages: int = 10) -> list[tuple[str, str]]:
    """(name, href) of every result on this page and up to `max_pages - 1` following ones."""
    links = []
    for _ in range(max_pages):
        links += [(a.text.strip(), a.get_attribute("href")) for a in site.find_all("li.org-card h2 a")]
        following = site.find_all(".pagination a[rel=next]")
        if not following:
            break
        site.open(following[0].get_attribute("href"))
    else:
        return links
    site.all_pages_seen = True
    return links


def profile_with_phrase(site, links) -> str | None:
    for _, href in links:
        site.open(href)
        if any(PHRASE in p.text for p in site.find_all(".profile .description")):
            return href
    return None


def test_searching_smart_factory_finds_the_startup_that_builds_smart_factories(site):
    # given a signed-in startup member
    site.login("startup")

    # when they search the registry for 스마트공장
    count = search(site, "스마트공장")
    site.all_pages_seen = False
    links = result_links(site)

    # then the startup whose description says "스마트공장을 구축하는" is among the results
    assert count >= 1 and links, "no result for 스마트공장"
    if site.all_pages_seen:
        assert count == len(links), f"#result-count says {count}, the pages list {len(links)}"
    assert profile_with_phrase(site, links), f"none of the {len(links)} results has '{PHRASE}' in its description"


def test_spacing_and_particles_do_not_hide_the_match(site):
    # given a signed-in startup member and the startup that the exact word finds
    site.login("startup")
    search(site, "스마트공장")
    target = profile_with_phrase(site, result_links(site))
    assert target

    # when they search with a space and a particle, as people type it
    count = search(site, "스마트 공장을")

    # then the same startup is found
    assert count >= 1
    assert target in [href for _, href in result_links(site)], "스마트 공장을 does not find what 스마트공장 finds"


def test_a_search_without_matches_says_so(site):
    site.login("startup")
    assert search(site, "존재하지않는기관명zzqx") == 0
    assert site.find_all("li.org-card") == []
    assert site.text("p.empty")
