"""The command line as a user meets it: build, query, validate, evaluate, and bad input."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from fazhi.cli import main


@pytest.fixture()
def run():
    def invoke(*args, input=None):
        return CliRunner().invoke(main, [str(a) for a in args], input=input)

    return invoke


def test_build_without_input_builds_the_samples(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "graph.trig").exists()
    assert "reports    38" in result.output and "fazhi query graph.trig top-documents" in result.output


@pytest.mark.parametrize("suffix", [".trig", ".nq", ".ttl", ".nt", ".jsonld"])
def test_build_writes_the_format_of_the_suffix(run, data, tmp_path, suffix):
    out = tmp_path / f"g{suffix}"
    result = run("build", data / "html", "-o", out, "-q")
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000


def test_build_takes_folders_globs_and_files(run, data, tmp_path):
    out = tmp_path / "g.trig"
    result = run("build", data / "seeds", str(data / "html" / "p4_*.html"), data / "dev" / "r003.txt", "-o", out)
    assert result.exit_code == 0, result.output
    assert "reports    4" in result.output


def test_one_bad_file_is_skipped_and_the_rest_build(run, data, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(data / "seeds", folder)
    (folder / "empty.txt").write_bytes(b"")
    result = run("build", folder, "-o", tmp_path / "g.trig")
    assert result.exit_code == 0
    assert "skipped" in result.output and "empty.txt: is empty" in result.output
    assert "reports    2" in result.output


def test_strict_stops_at_the_first_bad_file_and_writes_nothing(run, data, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(data / "seeds", folder)
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    out = tmp_path / "g.trig"
    result = run("build", folder, "-o", out, "--strict")
    assert result.exit_code == 1
    assert "binary.txt: is a binary file" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "nowhere/none.txt"], "none.txt: no such file or folder"),
        (["build", "*.nothing"], "*.nothing: the pattern matches no file"),
        (["query", "missing.trig", "top-documents"], "missing.trig: no such graph file"),
        (["validate", "missing.trig"], "missing.trig: no such graph file"),
    ],
)
def test_bad_paths_give_one_line(run, args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 1
    assert message in result.output and len(result.output.strip().splitlines()) == 1


def test_unknown_output_format_and_unwritable_output(run, data, tmp_path):
    result = run("build", data / "seeds", "-o", tmp_path / "g.xyz")
    assert result.exit_code == 1 and "unknown graph format '.xyz'" in result.output
    result = run("build", data / "seeds", "-o", tmp_path / "no" / "such" / "g.trig")
    assert result.exit_code == 1 and "does not exist" in result.output


def test_a_failed_build_leaves_the_previous_output_untouched(run, tmp_path):
    out = tmp_path / "g.trig"
    out.write_text("previous graph")
    (tmp_path / "bad.txt").write_bytes(b"")
    result = run("build", tmp_path / "bad.txt", "-o", out)
    assert result.exit_code == 1
    assert out.read_text() == "previous graph"
    assert not list(tmp_path.glob(".g.trig.*"))


def test_malformed_rdf_is_one_line(run, tmp_path):
    bad = tmp_path / "bad.trig"
    bad.write_text("<http://a> <http://b> .")
    result = run("query", bad, "top-documents")
    assert result.exit_code == 1 and "bad.trig: not valid trig" in result.output


def test_query_by_name_with_a_parameter(run, sample_graph):
    result = run("query", sample_graph, "document-agencies", "--param", "doc=中华人民共和国民法典", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {"重庆市梁平区科学技术局", "枣庄市市中区科学技术局"} <= {r["agency"] for r in rows}


def test_a_table_keeps_the_file_name_of_a_long_source(run, sample_graph):
    result = run("query", sample_graph, "document-agencies", "--param", "doc=中华人民共和国民法典")
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines()[2:-1] if line.strip()]
    assert rows and all(line.rstrip().endswith(".txt") for line in rows)


def test_query_from_stdin_and_file(run, sample_graph, tmp_path):
    q = "PREFIX fz: <https://w3id.org/fazhi/ontology#> SELECT (COUNT(?r) AS ?n) WHERE { ?r a fz:Report }"
    result = run("query", sample_graph, "-", "--format", "csv", input=q)
    assert result.output.splitlines() == ["n", "38"]
    (tmp_path / "q.rq").write_text(q)
    assert run("query", sample_graph, tmp_path / "q.rq", "-f", "tsv").output.splitlines() == ["n", "38"]


def test_a_construct_prints_turtle_or_n_triples(run, sample_graph):
    q = 'CONSTRUCT { ?r a <https://w3id.org/fazhi/ontology#Region> } WHERE { ?r <https://w3id.org/fazhi/ontology#divisionCode> "500155"^^<https://w3id.org/fazhi/ontology#DivisionCode> }'
    turtle = run("query", sample_graph, q)
    assert turtle.exit_code == 0, turtle.output
    assert "<https://w3id.org/fazhi/id/region/500155> a fz:Region ." in turtle.output
    nt = run("query", sample_graph, q, "-f", "nt")
    assert (
        nt.output
        == "<https://w3id.org/fazhi/id/region/500155> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/fazhi/ontology#Region> .\n"
    )
    rows_format = run("query", sample_graph, q, "-f", "csv")
    assert rows_format.exit_code == 2 and "use --format turtle or nt" in rows_format.output


def test_a_file_uri_is_the_file_it_names(run, data, tmp_path):
    source = (data / "seeds").resolve()
    first = sorted(source.glob("*.txt"))[0]
    result = run("build", first.as_uri(), "-o", tmp_path / "g.nq", "-q")
    assert result.exit_code == 0, result.output
    assert f"<{first.as_uri()}>".encode() in (tmp_path / "g.nq").read_bytes()


def test_a_file_over_the_size_limit_says_its_size_in_mib(run, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 20_971_785)
    result = run("build", big, "-o", tmp_path / "g.nq")
    assert "big.txt: 20.0 MiB, over the 20 MiB limit" in result.output
    assert result.exit_code == 1 and not (tmp_path / "g.nq").exists()


def test_malformed_sparql_is_one_line(run, sample_graph):
    result = run("query", sample_graph, "-", input="SELECT WHERE {")
    assert result.exit_code == 1 and "malformed SPARQL" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_malformed_sparql_in_a_file_names_the_file(run, sample_graph, tmp_path):
    query = tmp_path / "mine.rq"
    query.write_text("SELECT WHERE {")
    result = run("query", sample_graph, query)
    assert result.exit_code == 1
    assert result.output.startswith(f"fazhi: {query}: malformed SPARQL")


def test_missing_parameter_says_what_to_pass(run, sample_graph):
    result = run("query", sample_graph, "citation-evidence")
    assert result.exit_code == 1 and "--param doc=" in result.output


def test_query_list_names_every_curated_query(run):
    result = run("query", "--list")
    for name in (
        "top-documents",
        "agency-documents",
        "document-agencies",
        "reports-by-year-region",
        "citation-evidence",
        "document-citations",
    ):
        assert name in result.output


def test_validate_accepts_what_build_writes_and_rejects_a_broken_graph(run, sample_graph, tmp_path):
    assert run("validate", sample_graph).exit_code == 0
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix fz: <https://w3id.org/fazhi/ontology#> . <http://x/r> a fz:Report .")
    result = run("validate", broken)
    assert result.exit_code == 1 and "SHACL violations" in result.output


def test_evaluate_against_gold(run, data, tmp_path):
    out = tmp_path / "dev.trig"
    assert run("build", data / "dev", "-o", out, "-q").exit_code == 0
    result = run("evaluate", out, data / "dev" / "gold.jsonl", "--json")
    scores = json.loads(result.output)
    assert scores["f1"] > 0.9


def test_the_samples_are_scored_against_their_own_gold_by_default(run, sample_graph):
    result = CliRunner().invoke(main, ["evaluate", str(sample_graph)])
    assert result.exit_code == 0, result.output
    assert "gold files in the graph: 38 of 38" in result.stderr
    assert "matched: 38" in result.stdout


def test_merging_two_halves_gives_the_graph_of_the_whole(run, data, tmp_path):
    from fazhi.graph.io import read_dataset

    seeds = sorted((data / "seeds").glob("*.txt"))
    assert run("build", seeds[0], "-o", tmp_path / "a.trig", "-q").exit_code == 0
    assert run("build", *seeds, "-o", tmp_path / "b.trig", "-q").exit_code == 0
    assert run("build", *seeds, "-o", tmp_path / "whole.trig", "-q").exit_code == 0
    result = run("merge", tmp_path / "a.trig", tmp_path / "b.trig", "-o", tmp_path / "merged.trig")
    assert result.exit_code == 0, result.output
    assert "a.trig: 1 new reports of 1" in result.output and "b.trig: 1 new reports of 2" in result.output
    quads = {str(tmp_path / n): set(read_dataset(tmp_path / n).quads()) for n in ("merged.trig", "whole.trig")}
    assert quads[str(tmp_path / "merged.trig")] == quads[str(tmp_path / "whole.trig")]


def test_merging_into_a_triple_format_is_refused_in_one_line(run, sample_graph, tmp_path):
    result = run("merge", sample_graph, "-o", tmp_path / "out.ttl")
    assert result.exit_code != 0 and "write .trig, .nq or .jsonld" in result.output
    assert not (tmp_path / "out.ttl").exists()


def test_a_store_is_built_incrementally_queried_and_validated(run, data, tmp_path):
    seeds = sorted((data / "seeds").glob("*.txt"))
    store = tmp_path / "store"
    first = run("build", *seeds, "--store", store)
    assert first.exit_code == 0 and "2 added, 0 unchanged" in first.output
    again = run("build", *seeds, "--store", store)
    assert again.exit_code == 0 and "0 added, 2 unchanged" in again.output
    result = run("query", "--store", store, "agencies", "--format", "csv")
    assert result.exit_code == 0 and "重庆市梁平区科学技术局" in result.output
    assert run("validate", "--store", store).exit_code == 0
    removed = run("remove", "--store", store, seeds[0])
    assert removed.exit_code == 0, removed.output
    assert "重庆市梁平区科学技术局" not in run("query", "--store", store, "agencies").output


def test_a_query_given_inline_runs_and_numbers_stay_numbers(run, data, tmp_path):
    out = tmp_path / "g.trig"
    assert run("build", *sorted((data / "dev").glob("r0*.txt"))[:3], "-o", out, "-q").exit_code == 0
    count = "PREFIX fz: <https://w3id.org/fazhi/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?r a fz:Report }"
    table = run("query", out, count)
    assert table.exit_code == 0 and table.output.rstrip().endswith("(1 row)")
    assert json.loads(run("query", out, count, "--format", "json").output) == [{"n": 3}]


def test_an_update_is_refused_as_read_only_not_as_malformed(run, data, tmp_path):
    out = tmp_path / "g.trig"
    assert run("build", data / "seeds" / "000_1ca5fe9877358afd.txt", "-o", out, "-q").exit_code == 0
    result = run("query", out, "PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }")
    assert result.exit_code != 0 and "only read" in result.output and "malformed" not in result.output


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory, data):
    out = tmp_path_factory.mktemp("seed") / "g.trig"
    result = CliRunner().invoke(main, ["build", str(data / "seeds" / "000_1ca5fe9877358afd.txt"), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("typed", ["中华人民共和国民法典", "民法典", "《民法典》", "中华人民共和国民发典"])
def test_a_document_parameter_is_read_as_the_linker_reads_it(run, seed_graph, typed):
    result = run("query", seed_graph, "document-agencies", "--param", f"doc={typed}", "--format", "json")
    assert result.exit_code == 0 and [r["agency"] for r in json.loads(result.output)] == ["重庆市梁平区科学技术局"]


def test_a_document_no_report_cites_says_so_and_suggests_titles(run, seed_graph):
    result = run("query", seed_graph, "document-agencies", "--param", "doc=安全生产管理条例")
    assert "no report in the graph cites 安全生产管理条例; nearest known titles:" in result.output


def test_an_unknown_parameter_is_an_error(run, seed_graph):
    result = run("query", seed_graph, "top-documents", "--param", "x=1")
    assert result.exit_code != 0 and "takes no parameter x" in result.output


@pytest.mark.parametrize("command", ["build", "network", "push", "validate", "merge", "evaluate", "serve", "remove"])
def test_every_command_that_talks_can_be_quiet(run, command):
    assert "-q, --quiet" in run(command, "--help").output


def test_quiet_validate_and_merge_say_nothing(run, sample_graph, tmp_path):
    quiet = run("validate", sample_graph, "-q")
    assert (quiet.exit_code, quiet.output) == (0, "")
    result = run("merge", sample_graph, "-o", tmp_path / "m.trig", "-q")
    assert (result.exit_code, result.output) == (0, "") and (tmp_path / "m.trig").exists()


def test_the_command_list_is_not_cut_mid_sentence(run):
    commands = run("--help").output.split("Commands:")[1].strip().splitlines()
    assert len(commands) >= 9 and all(line.rstrip().endswith(".") and "..." not in line for line in commands)


def test_ctrl_c_stops_a_running_query_at_once_and_says_nothing_changed(sample_graph):
    import signal
    import subprocess
    import sys
    import time

    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # hours on the samples
    code = "from fazhi.cli import main; main()"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "query", str(sample_graph), cross], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    time.sleep(8)  # started, the graph read, Oxigraph counting
    assert process.poll() is None
    process.send_signal(signal.SIGINT)
    try:
        _, err = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 130
    assert err.strip() == "fazhi: interrupted; the query was stopped (queries only read, so nothing changed)"


def test_a_command_loads_only_the_code_it_runs():
    """Commands are imported when they run: `fazhi query` starts without spaCy, the network or the
    server code (each costs a tenth of a second or more at every start)."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom fazhi.cli import main\ntry:\n    main(['query', '--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] + '.' + m.split('.')[1] if m.startswith('fazhi.') else m.split('.')[0]"
        " for m in sys.modules if m.startswith(('fazhi.network', 'fazhi.server', 'fazhi.extraction', 'spacy'))}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_a_build_segmenting_by_character_does_not_load_jieba(data, tmp_path):
    """jieba (a tenth of a second to import) is loaded only for the jieba segmenter."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom fazhi.cli import main\ntry:\n"
        f"    main(['build', {str(data / 'seeds')!r}, '-o', {str(tmp_path / 'g.nq')!r}, '-q'])\n"
        "except SystemExit:\n    pass\nprint('jieba' in sys.modules, 'spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "False True"
    assert (tmp_path / "g.nq").stat().st_size > 1000


@pytest.mark.parametrize("base", ["http://ex ample.org/", "not-an-iri"])
def test_a_base_that_is_not_an_absolute_iri_is_one_line(run, tmp_path, data, base):
    out = tmp_path / "g.nq"
    result = run("build", data / "seeds" / next(p.name for p in (data / "seeds").iterdir()), "-o", out, "--base", base)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"fazhi: base {base!r} is not an absolute IRI; give one like https://example.org/id/"
    ]
    assert not out.exists()
