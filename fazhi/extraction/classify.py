"""Classify an item's text into the item vocabularies: 纲要 areas, named reforms, problem categories.

Matching is literal (Aho-Corasick over the vocabularies' labels and terms): an item names a
reform when it writes one of its names; it belongs to the area whose keywords it uses most;
a problem falls into every category whose keywords it uses.

>>> reforms_in("按照“谁执法谁普法”的原则，推进“最多跑一次”改革")
['at-most-one-trip', 'enforcer-educates']
>>> area_of("严格执行重大行政决策程序，开展合法性审查")
['decisions']
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import ahocorasick

from fazhi.ontology.concepts import scheme


def reforms_in(text: str) -> list[str]:
    """Ids of the named reforms ``text`` mentions, sorted."""
    return sorted(_hits("reforms", text, with_labels=True))


def area_of(text: str) -> list[str]:
    """The area(s) whose keywords ``text`` uses most (several only when tied), or none."""
    counts = _hits("areas", text)
    if not counts:
        return []
    top = max(counts.values())
    return sorted(a for a, n in counts.items() if n == top)


def problem_categories(text: str) -> list[str]:
    """Ids of every problem category whose keywords ``text`` uses, sorted."""
    return sorted(_hits("problems", text))


def _hits(name: str, text: str, *, with_labels: bool = False) -> Counter[str]:
    """How many distinct terms of each concept occur in ``text`` (longest match at each position)."""
    found: dict[str, set[str]] = {}
    for _, (term, concept_id) in _automaton(name, with_labels).iter_long(text):
        found.setdefault(concept_id, set()).add(term)
    return Counter({k: len(v) for k, v in found.items()})


@cache
def _automaton(name: str, with_labels: bool) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for concept in scheme(name).concepts:
        for term in (*((concept.label,) if with_labels else ()), *concept.terms):
            if len(term) >= 2:
                automaton.add_word(term, (term, concept.id))
    automaton.make_automaton()
    return automaton
