"""Regenerate fazhi's division tables from the JioNLP package's GB/T 2260 table.

    pip install jionlp pypinyin        # only to run this script; fazhi does not need them
    python tools/make_divisions.py     # rewrites fazhi/ontology/vocab/divisions.tsv and towns.tsv

Source: ``jionlp/dictionary/china_location.zip`` (provinces, cities, counties with their codes,
towns below them without codes) and ``china_location_change.txt`` (renames since 2002) of
JioNLP (https://github.com/dongrixinyu/JioNLP, Apache License 2.0). The pinyin of each short name
comes from pypinyin (MIT), so URL hosts written in pinyin (liangping, lp) can be matched against
the table. Output is sorted and deterministic: running the script twice gives the same bytes.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import sys
import zipfile
from pathlib import Path

LEVEL_NAMES = ("province", "city", "county")
# Suffixes a division's short name drops when the table gives none (梁平区 → 梁平).
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "地区", "新区", "林区", "省", "市", "区", "县", "盟", "旗")
OUT = Path(__file__).resolve().parent.parent / "fazhi" / "ontology" / "vocab"


def dictionary_dir() -> Path:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("make_divisions: pip install jionlp pypinyin (only this script needs them)")
    return Path(next(iter(spec.submodule_search_locations))) / "dictionary"


def short(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def read_table(folder: Path) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    """Divisions (province, city, county) and towns (county code, town name) in table order."""
    with zipfile.ZipFile(folder / "china_location.zip") as archive:
        raw = archive.read(archive.namelist()[0]).decode("utf-8")
    divisions: list[dict[str, str]] = []
    towns: list[tuple[str, str]] = []
    parents: list[str | None] = [None, None, None]
    for line in raw.split("\n"):
        depth = len(line) - len(line.lstrip("\t"))
        cells = line.rstrip("\r\n").strip("\t").split("\t")
        if depth == 3:  # a town: no code of its own, it belongs to the county above it
            if parents[2] and cells[0]:
                towns.append((parents[2], cells[0]))
            continue
        if depth > 3 or len(cells) < 2 or not cells[1].isdigit():
            continue
        name, code = cells[0], cells[1]
        parent = parents[depth - 1] if depth else None
        if parent and code == parent:
            # A division repeated as its own child (a municipality as its city, 东莞市 as its county): one node.
            parents[depth] = code
            for deeper in range(depth + 1, 3):
                parents[deeper] = None
            continue
        divisions.append(
            {
                "code": code,
                "name": name,
                "short": cells[2] if len(cells) > 2 and cells[2] else short(name),
                "level": LEVEL_NAMES[depth],
                "parent": parent or "",
            }
        )
        parents[depth] = code
        for deeper in range(depth + 1, 3):
            parents[deeper] = None
    return divisions, towns


def former_names(folder: Path, divisions: list[dict[str, str]]) -> dict[str, set[str]]:
    """Names each division had before a rename (襄樊市 for 襄阳市), from the table of changes.

    A line reads ``date  批准  old province  short  old city  short [old county  short]=>new
    province  new city [new county]``; the old name of the deepest level belongs to the new
    division at that level. Lines whose new division is not in the table are skipped.
    """
    by_code = {d["code"]: d for d in divisions}

    def path(code: str) -> tuple[str, ...]:
        names = []
        while code:
            names.append(by_code[code]["name"])
            code = by_code[code]["parent"]
        return tuple(reversed(names))

    by_path = {path(code): code for code in by_code}
    former: dict[str, set[str]] = {}
    for line in (folder / "china_location_change.txt").read_text("utf-8").splitlines():
        if "=>" not in line:
            continue
        old, new = line.split("=>", 1)
        old_cells, new_cells = old.split("\t")[2:], tuple(c for c in new.split("\t") if c)
        code = by_path.get(new_cells) or by_path.get(new_cells[:1] + new_cells[2:])  # municipalities skip the city
        if code is None or len(old_cells) < 4:
            continue
        name, short_name = old_cells[-2], old_cells[-1]
        current = by_code[code]
        former.setdefault(code, set()).update(n for n in (name, short_name) if n not in (current["name"], current["short"]))
    return former


def main() -> None:
    from pypinyin import lazy_pinyin

    folder = dictionary_dir()
    divisions, towns = read_table(folder)
    former = former_names(folder, divisions)
    version = importlib.metadata.version("jionlp")
    header = [
        "# China's administrative divisions (GB/T 2260): provinces, cities and counties.",
        f"# Generated by tools/make_divisions.py from JioNLP {version} (Apache License 2.0), dictionary/china_location.zip",
        "# and china_location_change.txt; pinyin of the short name by pypinyin (MIT). Do not edit by hand. See README.md.",
        "code\tname\tshort\tlevel\tparent\tformer\tpinyin",
    ]
    rows = []
    seen: set[str] = set()
    for d in sorted(divisions, key=lambda d: d["code"]):
        if d["code"] in seen:
            continue
        seen.add(d["code"])
        pinyin = " ".join(lazy_pinyin(d["short"].split("/")[0]))  # 巴州/巴音郭楞: the first short name
        rows.append(
            "\t".join(
                [d["code"], d["name"], d["short"], d["level"], d["parent"], "|".join(sorted(former.get(d["code"], ()))), pinyin]
            )
        )
    (OUT / "divisions.tsv").write_text("\n".join(header + rows) + "\n", "utf-8")
    town_lines = [
        "# Towns, townships and street offices (乡级), each under its county; they have no code of their own here.",
        f"# Generated by tools/make_divisions.py from JioNLP {version} (Apache License 2.0). Do not edit by hand.",
        "county\tname",
    ] + [f"{county}\t{name}" for county, name in sorted(set(towns))]
    (OUT / "towns.tsv").write_text("\n".join(town_lines) + "\n", "utf-8")
    print(f"{len(rows)} divisions, {len(set(towns))} towns written to {OUT}")


if __name__ == "__main__":
    main()
