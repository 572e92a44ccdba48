"""Give fazhi what the crawler knew: crawl records (url, title, text or html) as inputs."""

from __future__ import annotations

import csv
import gzip
import json

import pytest
from click.testing import CliRunner

from fazhi.batch import expand_inputs
from fazhi.cli import main
from fazhi.errors import InputError
from fazhi.extraction.crawl import read_input, record_refs

BODY = "2021年，区司法局坚持以习近平法治思想为指导，深入学习贯彻《中华人民共和国行政处罚法》。"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def write_jsonl(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows), "utf-8")
    return path


def test_a_record_gives_its_url_title_and_date_to_the_report(tmp_path):
    crawl = write_jsonl(
        tmp_path / "pages.jsonl",
        [
            {
                "url": "https://www.example.gov.cn/sfj/2022/a.html",
                "title": "某区司法局2021年度法治政府建设工作报告",
                "text": BODY,
                "date": "2022-01-20",
            }
        ],
    )
    [ref] = record_refs(crawl)
    document = read_input(ref)
    assert document.source == "https://www.example.gov.cn/sfj/2022/a.html"
    assert document.title == "某区司法局2021年度法治政府建设工作报告"
    assert document.metadata["published"] == "2022-01-20"
    assert document.text.startswith("2021年")


def test_a_record_may_hold_the_page_as_html(tmp_path):
    html = f"<html><head><title>报告</title></head><body><h1>某局报告</h1><p>{BODY}</p></body></html>"
    crawl = write_jsonl(tmp_path / "pages.jsonl", [{"url": "https://a.gov.cn/1.html", "title": "某局报告", "html": html}])
    document = read_input(record_refs(crawl)[0])
    assert "行政处罚法" in document.text and "<p>" not in document.text


def test_bad_records_name_their_line_and_the_rest_still_build(tmp_path):
    crawl = write_jsonl(
        tmp_path / "pages.jsonl",
        [
            {"url": "https://a.gov.cn/1.html", "title": "一", "text": BODY},
            "{not json",
            {"title": "no address", "text": BODY},
            {"url": "https://a.gov.cn/4.html", "title": "no text"},
            {"url": "ftp://a.gov.cn/5.html", "title": "not the web", "text": BODY},
            {"url": "https://a.gov.cn/6.html", "title": "六", "text": BODY.replace("2021", "2022")},
        ],
    )
    errors = {}
    for ref in record_refs(crawl):
        try:
            read_input(ref)
        except InputError as err:
            errors[str(err).split(":")[1]] = str(err)
    assert sorted(errors) == ["2", "3", "4", "5"]
    assert "JSON" in errors["2"] and "url" in errors["3"] and "text" in errors["4"] and "http" in errors["5"]
    out = tmp_path / "g.trig"
    result = run("build", crawl, "-o", out)
    assert result.exit_code == 0 and "reports    2" in result.output
    assert "pages.jsonl:2" in result.output
    strict = run("build", crawl, "-o", tmp_path / "strict.trig", "--strict")
    assert strict.exit_code != 0 and not (tmp_path / "strict.trig").exists()


def test_csv_records_may_span_lines(tmp_path):
    path = tmp_path / "pages.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["url", "title", "text"])
        writer.writerow(["https://a.gov.cn/1.html", "甲", BODY + "\n二、存在的不足\n执法不够规范。"])
        writer.writerow(["https://a.gov.cn/2.html", "乙", BODY.replace("区司法局", "县司法局")])
    refs = record_refs(path)
    assert [read_input(r).title for r in refs] == ["甲", "乙"]
    first = read_input(refs[0])
    assert "执法不够规范" in first.text + first.footer  # the row's second and third lines


def test_a_csv_without_the_columns_says_which_it_needs(tmp_path):
    path = tmp_path / "pages.csv"
    path.write_text("address,body\nhttps://a.gov.cn/1.html,文本\n", "utf-8")
    with pytest.raises(InputError, match="url"):
        expand_inputs([str(path)])


def test_a_folder_mixes_pages_and_records_and_leaves_gold_files_out(tmp_path, data):
    (tmp_path / "a.txt").write_text((data / "seeds" / "000_1ca5fe9877358afd.txt").read_text("utf-8"), "utf-8")
    write_jsonl(tmp_path / "pages.jsonl", [{"url": "https://a.gov.cn/1.html", "title": "甲", "text": BODY}])
    write_jsonl(tmp_path / "gold.jsonl", [{"file": "a.txt", "year": 2020}])
    units = [str(u) for u in expand_inputs([str(tmp_path)])]
    assert len(units) == 2 and units[0].endswith("a.txt") and "pages.jsonl#L1@" in units[1]


def test_the_dev_crawl_records_build_and_score_against_their_gold(data, tmp_path):
    out = tmp_path / "crawl.trig"
    assert run("build", data / "crawl.jsonl", "-o", out, "-q").exit_code == 0
    result = run("evaluate", out, data / "gold-crawl.jsonl", "--json")
    scores = json.loads(result.output)
    assert scores["files"] == 36
    assert scores["fused_publishers"] == 0
    assert scores["publisher_accuracy"] >= 0.9 and scores["f1"] >= 0.95


def gzipped(path, name=None):
    packed = path.with_name(name or path.name + ".gz")
    packed.write_bytes(gzip.compress(path.read_bytes()))
    return packed


def test_a_gzip_crawl_file_builds_what_the_plain_file_builds(data, tmp_path):
    plain = tmp_path / "crawl.jsonl"
    plain.write_bytes((data / "crawl.jsonl").read_bytes())
    packed = gzipped(plain, "pages.jsonl.gz")
    assert run("build", plain, "-o", tmp_path / "plain.nq", "-q").exit_code == 0
    for jobs in ("1", "2"):
        result = run("build", packed, "-o", tmp_path / f"packed-{jobs}.nq", "--jobs", jobs, "-q")
        assert result.exit_code == 0, result.output
        assert (tmp_path / f"packed-{jobs}.nq").read_bytes() == (tmp_path / "plain.nq").read_bytes(), jobs


def test_csv_records_read_from_gzip_out_of_order(tmp_path):
    path = tmp_path / "pages.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["url", "title", "text"])
        for n in range(5):
            writer.writerow([f"https://a.gov.cn/{n}.html", f"第{n}篇", BODY + f"\n第{n}段。"])
    packed = gzipped(path)
    refs = record_refs(packed)
    assert [r.split("#")[1] for r in refs] == [r.split("#")[1] for r in record_refs(path)]
    order = [3, 0, 4, 1, 2, 2]  # back and forth: the file is read again from its start when needed
    assert [read_input(refs[i]).title for i in order] == [f"第{i}篇" for i in order]


def test_a_gzip_crawl_file_rewritten_between_reads_is_read_anew(tmp_path):
    packed = tmp_path / "pages.jsonl.gz"
    first = {"url": "https://a.gov.cn/1.html", "title": "旧", "text": BODY}
    packed.write_bytes(gzip.compress((json.dumps(first, ensure_ascii=False) + "\n").encode()))
    assert read_input(record_refs(packed)[0]).title == "旧"
    second = {**first, "title": "新的标题"}
    packed.write_bytes(gzip.compress((json.dumps(second, ensure_ascii=False) + "\n").encode()))
    assert read_input(record_refs(packed)[0]).title == "新的标题"


def test_a_folder_reads_gzip_crawl_files_and_leaves_graph_files_out(tmp_path):
    write_jsonl(tmp_path / "pages.jsonl", [{"url": "https://a.gov.cn/1.html", "title": "甲", "text": BODY}])
    gzipped(tmp_path / "pages.jsonl", "more.jsonl.gz")
    (tmp_path / "pages.jsonl").unlink()
    (tmp_path / "graph.nq.gz").write_bytes(gzip.compress(b""))
    units = [str(u) for u in expand_inputs([str(tmp_path)])]
    assert len(units) == 1 and "more.jsonl.gz#L1@0" in units[0]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda data: data, "named .gz but not gzip-compressed; if it holds plain records, rename it pages.jsonl"),
        (lambda data: gzip.compress(data)[:-20], "gzip data cut off or damaged"),
    ],
)
def test_a_bad_gzip_crawl_file_is_one_line_and_no_output(tmp_path, damage, message):
    rows = [{"url": f"https://a.gov.cn/{n}.html", "title": "甲", "text": BODY * 40} for n in range(30)]
    plain = write_jsonl(tmp_path / "plain.jsonl", rows)
    packed = tmp_path / "pages.jsonl.gz"
    packed.write_bytes(damage(plain.read_bytes()))
    out = tmp_path / "g.nq"
    result = run("build", packed, "-o", out)
    assert result.exit_code == 1
    assert message in result.output and str(packed) in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_a_pattern_that_matches_crawl_files_stands_for_their_records(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [{"url": f"https://a.gov.cn/{n}.html", "title": "甲", "text": BODY} for n in range(3)])
    gzipped(tmp_path / "a.jsonl", "b.jsonl.gz")
    write_jsonl(tmp_path / "gold.jsonl", [{"file": "a.txt", "year": 2020}])  # not crawl records: left out
    units = [str(u) for u in expand_inputs([str(tmp_path / "*.jsonl*")])]
    assert len(units) == 6 and all("#L" in u for u in units)


def test_a_record_over_the_line_limit_is_one_line_and_the_others_still_build(tmp_path, monkeypatch):
    import fazhi.extraction.crawl as crawl

    monkeypatch.setattr(crawl, "LINE_LIMIT", 2000)  # 80 MiB in use: a line that long is the same case
    texts = [BODY, BODY * 40, BODY.replace("2021", "2022")]
    rows = [{"url": f"https://a.gov.cn/{n}.html", "title": "甲", "text": text} for n, text in enumerate(texts)]
    packed = gzipped(write_jsonl(tmp_path / "pages.jsonl", rows), "pages.jsonl.gz")
    refs = record_refs(packed)
    assert len(refs) == 3 and read_input(refs[2]).source == "https://a.gov.cn/2.html"  # offsets past the long line hold
    with pytest.raises(InputError, match=r"pages\.jsonl\.gz:2: is a record of over"):
        read_input(refs[1])
    result = run("build", packed, "-o", tmp_path / "g.nq")
    assert result.exit_code == 0 and "reports    2" in result.output and "pages.jsonl.gz:2" in result.output


def test_a_csv_row_over_the_line_limit_is_one_line(tmp_path, monkeypatch):
    import fazhi.extraction.crawl as crawl

    monkeypatch.setattr(crawl, "LINE_LIMIT", 2000)
    path = tmp_path / "pages.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["url", "title", "text"])
        writer.writerow(["https://a.gov.cn/1.html", "甲", BODY * 40])
        writer.writerow(["https://a.gov.cn/2.html", "乙", BODY])
    refs = record_refs(gzipped(path))
    assert len(refs) == 2 and read_input(refs[1]).title == "乙"
    with pytest.raises(InputError, match="has a line of over 2,000 bytes"):
        read_input(refs[0])
