"""The report page in a real browser: each highlight sits on its mention's characters, a click
shows the linked document, and fazhi serve's network page links a report to its page.

Uses Debian's chromium through playwright (see ``tests/browser.py``); one browser for the module.
"""

from __future__ import annotations

import pytest

from fazhi.graph.store import Store
from fazhi.report import find_report, report_view, write_page
from tests.browser import open_browser
from tests.serving import running

SEED = "002_07bf2e6ab66619ba.txt"
#: The offset of each mention's first piece in the text of #text, and the words of all its pieces.
PIECES = """() => {
    const root = document.getElementById("text");
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const found = {};
    let offset = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const owner = node.parentElement.closest("[data-m]");
        if (owner && root.contains(owner)) {
            const m = owner.dataset.m;
            if (!(m in found)) found[m] = [offset, ""];
            found[m][1] += node.data;
        }
        offset += node.data.length;
    }
    return found;
}"""


@pytest.fixture(scope="module")
def store(sample_build) -> Store:
    return Store.from_dataset(sample_build.dataset)


@pytest.fixture(scope="module")
def view(store, sample_build):
    source = next(r.source for r in sample_build.records if r.source.endswith(SEED))
    return report_view(store, *find_report(store, source))


@pytest.fixture(scope="module")
def browser():
    with open_browser() as chromium:
        yield chromium


@pytest.fixture()
def tab(browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(30_000)
    page.errors = []
    page.requests = []
    page.on("pageerror", lambda err: page.errors.append(str(err)))
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    page.close()


def test_each_highlight_sits_on_its_mention_and_the_page_loads_nothing(tab, view, tmp_path):
    path = tmp_path / "report.html"
    write_page(view, path)
    tab.goto(path.as_uri())
    assert tab.evaluate("document.getElementById('text').textContent") == view.text
    pieces = tab.evaluate(PIECES)
    assert {int(i): tuple(p) for i, p in pieces.items()} == {i: (m.start, m.surface) for i, m in enumerate(view.mentions)}
    assert tab.errors == [] and [u for u in tab.requests if not u.startswith("file://")] == []


def test_clicking_a_mention_shows_its_document_and_marks_its_other_mentions(tab, view, tmp_path):
    path = tmp_path / "report.html"
    write_page(view, path)
    tab.goto(path.as_uri())
    index = next(i for i, m in enumerate(view.mentions) if m.surface == "民法典")
    tab.click(f'a.m[data-m="{index}"]')
    selected = tab.locator("#selected").inner_text()
    assert "中华人民共和国民法典" in selected and "法律" in selected and "2020-05-28" in selected
    same = [i for i, m in enumerate(view.mentions) if m.document == view.mentions[index].document]
    marked = tab.evaluate("Array.from(document.querySelectorAll('a.m.sel')).map(a => Number(a.dataset.m))")
    assert sorted(set(marked)) == same
    assert tab.url.endswith("report.html")  # the click did not follow the link: the page stays
    assert tab.errors == []


def test_the_served_network_links_a_report_to_its_page(tab, store, view):
    with running(store) as server:
        base = server.url.removesuffix("sparql")
        tab.goto(base + "network?view=agency-document")
        tab.wait_for_function("window.fazhi && window.fazhi.ready === true")
        tab.fill("#search", "中华人民共和国民法典")
        tab.locator("#matches button", has_text="中华人民共和国民法典").first.click()
        link = tab.locator("#details a.page").first
        link.wait_for()
        link.click()
        tab.wait_for_url("**/report/*")
        assert tab.locator("#text a.m").count() > 0
        assert tab.locator("h1").inner_text()
        assert tab.errors == []
