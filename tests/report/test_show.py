"""fazhi show: one report as fazhi read it, as an offline page, from a page, a graph file or a store."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from fazhi.cli import main
from fazhi.graph.store import Store
from fazhi.report import find_report, render_page, report_view

SEED = "002_07bf2e6ab66619ba.txt"  # 市中区科学技术局2024年度法治政府建设报告: all four mandated parts
OPENING = "r039.txt"  # the opening of a report: no part heading in it


@pytest.fixture(scope="module")
def store(sample_build) -> Store:
    return Store.from_dataset(sample_build.dataset)


def view_of(store: Store, name: str):
    return report_view(store, *find_report(store, name))


def source_of(sample_build, name: str) -> str:
    return next(r.source for r in sample_build.records if r.source.endswith("/" + name))


class TextPieces(HTMLParser):
    """The text inside ``#text``, and for each ``data-m`` value the text of the elements carrying it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text: list[str] = []
        self.open: list[dict[str, str]] = []
        self.mentions: dict[str, list[tuple[int, str]]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "article" and attrs.get("id") == "text":
            self.depth = 1
        elif self.depth:
            self.depth += 1
            self.open.append(attrs)

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            if self.open:
                self.open.pop()

    def handle_data(self, data):
        if not self.depth:
            return
        offset = sum(len(t) for t in self.text)
        self.text.append(data)
        for attrs in self.open:
            if "data-m" in attrs:
                self.mentions.setdefault(attrs["data-m"], []).append((offset, data))


def test_the_view_has_the_publisher_parts_items_figures_and_linked_documents(store, sample_build):
    view = view_of(store, source_of(sample_build, SEED))
    assert view.title == "市中区科学技术局2024年度法治政府建设报告" and view.year == "2024"
    assert view.publisher["name"] == "枣庄市市中区科学技术局"
    assert view.publisher["region"] == "山东省 · 枣庄市 · 市中区" and view.publisher["code"] == "370402"
    assert {p.id for p in view.parts if p.sections} >= {"measures", "problems", "responsibility", "plans"}
    assert {"Measure", "Problem", "Plan"} <= {i.kind for i in view.items}
    titles = {d.title: d for d in view.documents.values()}
    civil = titles["中华人民共和国民法典"]
    assert civil.level == "法律" and civil.known and "2020-05-28" in civil.versions
    assert civil.versions["2020-05-28"] == "中华人民共和国主席令第四十五号"
    assert any(f.label == "发布机构" and f.value == "科学技术局" and f.start is not None for f in view.facts)
    assert view.figures and all(view.text[f.start : f.end] for f in view.figures)


def test_every_mention_selects_the_words_the_graph_quotes(store, sample_build):
    for record in sample_build.records[:12]:
        view = view_of(store, record.source)
        quotes = sorted(
            [(m.start, m.end, m.surface) for m in record.mentions] + [(a.start, a.end, a.surface) for a in record.agencies]
        )
        assert [(m.start, m.end, m.surface) for m in view.mentions] == quotes
        assert all(view.text[m.start : m.end] == m.surface for m in view.mentions)
        assert {m.document for m in view.mentions} == set(view.documents) | set(view.agencies)


def test_a_report_opening_lists_every_mandated_part_as_missing(store, sample_build):
    view = view_of(store, source_of(sample_build, OPENING))
    missing = [p.label for p in view.parts if p.required and not p.sections]
    assert missing == [
        "主要举措和成效",
        "存在的不足和原因",
        "党政主要负责人履行推进法治建设第一责任人职责情况",
        "下一年度主要安排",
    ]


def test_the_page_holds_the_whole_text_and_marks_each_mention_on_its_characters(store, sample_build):
    for name in (SEED, OPENING):
        view = view_of(store, source_of(sample_build, name))
        parser = TextPieces()
        parser.feed(render_page(view))
        assert "".join(parser.text) == view.text
        assert len(parser.mentions) == len(view.mentions)
        for i, mention in enumerate(view.mentions):
            pieces = parser.mentions[str(i)]
            assert pieces[0][0] == mention.start
            assert "".join(words for _, words in pieces) == mention.surface


def test_the_page_loads_nothing_from_the_network(store, sample_build):
    page = render_page(view_of(store, source_of(sample_build, SEED)))
    assert "<script src" not in page and "<link" not in page and "@import" not in page


@pytest.fixture()
def run():
    runner = CliRunner()
    return lambda *args: runner.invoke(main, ["show", *map(str, args)])


def test_show_reads_a_page_and_writes_its_html(run, data, tmp_path):
    out = tmp_path / "seed.html"
    result = run(data / "seeds" / SEED, "-o", out)
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}:" in result.output and "mentions of" in result.output
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")


def test_show_finds_a_report_in_a_graph_by_hash_source_or_file_name(run, sample_graph, sample_build, tmp_path):
    record = next(r for r in sample_build.records if r.source.endswith(SEED))
    for spec in (record.content_hash[:10], record.source, SEED):  # a hash, the source, the file name alone
        out = tmp_path / "by.html"
        result = run(spec, "--graph", sample_graph, "-o", out, "-q")
        assert result.exit_code == 0 and result.output == ""
        assert "市中区科学技术局2024年度法治政府建设报告" in out.read_text("utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nothere.txt"], "nothere.txt: no such file or folder"),
        (["abcdef0123", "--graph", "GRAPH"], "abcdef0123: no such report in"),
        (["abcdef0123", "--graph", "GRAPH", "--store", "OUT/store"], "not both"),
        (["SEED", "--graph", "GRAPH", "-o", "OUT/none/page.html"], "does not exist"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(run, sample_graph, sample_build, tmp_path, args, message):
    seed = next(r for r in sample_build.records if r.source.endswith(SEED)).content_hash
    args = [a.replace("GRAPH", str(sample_graph)).replace("OUT", str(tmp_path)).replace("SEED", seed) for a in args]
    result = run(*args)
    assert result.exit_code == 1 and message in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not list(tmp_path.rglob("*.html"))
