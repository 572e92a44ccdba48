"""The HTML network page in a real browser: it draws, its search finds a law, and a click shows the evidence.

Uses Debian's chromium (installed by ``.ci/browser``) driven by Python's playwright; one
browser launch and one page for the whole module. Skips when chromium is missing, except
in CI (``CI=true``), where a missing browser fails. ``FAZHI_SCREENSHOT=1`` saves a
screenshot to ``docs/network.png`` for the README.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser import open_browser

LAW = "中华人民共和国民法典"
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "network.png"
#: What the page did besides drawing: script errors and the URLs it requested.
SEEN: dict[str, list[str]] = {"errors": [], "requests": []}


@pytest.fixture(scope="module")
def page_file(sample_graph, tmp_path_factory):
    from fazhi.network import write_network

    out = tmp_path_factory.mktemp("page") / "network.html"
    result = write_network(sample_graph, out, view="agency-document")
    return out, result.nodes


@pytest.fixture(scope="module")
def page(request):
    with open_browser() as browser:
        path, _ = request.getfixturevalue("page_file")  # built only when there is a browser to show it
        tab = browser.new_page(viewport={"width": 1400, "height": 900})
        tab.set_default_timeout(30_000)
        tab.on("pageerror", lambda err: SEEN["errors"].append(str(err)))
        tab.on("request", lambda request: SEEN["requests"].append(request.url))
        tab.goto(path.as_uri())
        tab.wait_for_function("window.fazhi && window.fazhi.ready === true")
        yield tab


def test_the_page_draws_every_node_without_loading_anything(page, page_file):
    _, nodes = page_file
    assert page.locator("#network canvas").count() == 1
    assert page.evaluate("window.fazhi.nodes.length") == nodes
    assert page.evaluate("Object.keys(window.fazhi.network.getPositions()).length") == nodes
    assert SEEN["errors"] == []
    assert [url for url in SEEN["requests"] if not url.startswith(("file://", "data:"))] == []
    assert page.locator("#note").inner_text() == ""


def test_search_finds_the_civil_code_and_a_click_shows_its_evidence(page):
    page.fill("#search", LAW)
    match = page.locator("#matches button", has_text=LAW)
    match.wait_for()
    node = match.get_attribute("data-node")
    assert page.evaluate("window.fazhi.network.getSelectedNodes()") == [node]
    # A real click on the canvas where vis-network drew the node.
    x, y = page.evaluate(
        """(id) => {
            const network = window.fazhi.network;
            const at = network.canvasToDOM(network.getPositions([id])[id]);
            const box = document.getElementById("network").getBoundingClientRect();
            return [box.left + at.x, box.top + at.y];
        }""",
        node,
    )
    page.mouse.click(x, y)
    page.locator("#details h2", has_text=LAW).wait_for()
    details = page.locator("#details").inner_text()
    assert "湖南省人民政府关于2020年度法治政府建设情况的报告" in details
    assert "重庆市梁平区科学技术局" in details and "2020" in details
    links = page.locator("#details a").evaluate_all("links => links.map(a => a.href)")
    assert links and all(href.startswith("file://") for href in links)
    assert page.locator("#details mark").count() >= 1
    if os.environ.get("FAZHI_SCREENSHOT") == "1":
        page.evaluate("window.fazhi.network.fit({animation: false})")
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))


def test_the_year_filter_hides_what_other_years_cite(page):
    total = page.evaluate("window.fazhi.nodes.length")
    page.select_option("#filter-year", "2020")
    shown = page.evaluate("window.fazhi.nodes.get({filter: n => !n.hidden}).length")
    assert 0 < shown < total
    assert "filters show" in page.locator("#note").inner_text()
    page.select_option("#filter-year", "")
    assert page.evaluate("window.fazhi.nodes.get({filter: n => !n.hidden}).length") == total
