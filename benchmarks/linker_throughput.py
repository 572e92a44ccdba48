"""Throughput of fazhi's extraction against plain jieba segmentation of the same texts.

Prints characters per second for: jieba.cut alone (the floor of any pipeline that segments
everything), the linker alone (《…》 + bare names + linking), the whole extractor as the build
runs it (spaCy Doc by line + components), the same with the Doc segmented by character (the
library's default) and by jieba, and the extractor as the build runs it with the report's graph
written as N-Quads (what a build worker does per report),
each as a ratio of jieba measured in the same run. End to end, with ingest, start-up, parallel
jobs and stores: ``benchmarks/build_scale.py``.

    python benchmarks/linker_throughput.py [--repeat N]
"""

from __future__ import annotations

import argparse
import time

import jieba

from fazhi.batch import sample_inputs
from fazhi.extraction import Extractor
from fazhi.extraction.ingest import read_document
from fazhi.extraction.linking import Linker
from fazhi.graph.iris import Iris
from fazhi.graph.report import report_graph


def timed(func, texts, repeat):  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            func(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    documents = [read_document(p) for p in sample_inputs()]
    texts = [d.text for d in documents]
    chars = sum(len(t) for t in texts)
    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    linker = Linker()
    extractor, chars_doc, words = Extractor("line"), Extractor("char"), Extractor("jieba")
    iris = Iris()
    by_text = {d.text: d for d in documents}
    base = timed(lambda t: list(tokenizer.cut(t)), texts, args.repeat)
    runs = {
        "linker": timed(lambda t: linker.link(t), texts, args.repeat),
        "extractor": timed(lambda t: extractor.extract(by_text[t]), texts, args.repeat),
        "extractor, char Doc": timed(lambda t: chars_doc.extract(by_text[t]), texts, args.repeat),
        "extractor, jieba Doc": timed(lambda t: words.extract(by_text[t]), texts, args.repeat),
        "extractor + N-Quads": timed(lambda t: report_graph(extractor.extract(by_text[t]), iris), texts, args.repeat),
    }
    print(f"texts: {len(texts)}, characters: {chars}")
    for name, seconds in (("jieba.cut", base), *runs.items()):
        print(f"{name:<22} {chars / seconds / 1e6:6.2f} M chars/s   {base / seconds:6.2f}x jieba")


if __name__ == "__main__":
    main()
