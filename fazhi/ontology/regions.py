"""China's administrative divisions (GB/T 2260) from the table that the jionlp package ships.

Only provinces, cities and counties are read (towns and villages are skipped). Former names
come from jionlp's table of changes (襄樊市 → 襄阳市, 下城区 → 拱墅区), so older reports
resolve; a county that became a district or city under the same short name (梁平县 → 梁平区)
resolves through that short name. The package is located, not imported: importing jionlp
loads models that fazhi does not need.
"""

from __future__ import annotations

import importlib.util
import json
import os
import zipfile
from dataclasses import asdict, dataclass, replace
from functools import cache
from pathlib import Path

from fazhi.errors import FazhiError

LEVEL_NAMES = ("province", "city", "county")
#: Changes when the way divisions are read changes, so that older caches are not used.
_CACHE_FORMAT = 1
# Suffixes a division's short name drops (梁平区 → 梁平, 新疆维吾尔自治区 → 新疆 is jionlp's own).
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "地区", "新区", "林区", "省", "市", "区", "县", "盟", "旗")


@dataclass(frozen=True)
class Region:
    """A division: its code, full name, short name, level and parent's code."""

    code: str
    name: str
    short: str
    level: str
    parent: str | None
    former: tuple[str, ...] = ()
    """Names the division carried before a rename (襄樊市 for 襄阳市), full and short."""

    @property
    def is_municipality(self) -> bool:
        """Beijing, Tianjin, Shanghai, Chongqing: provinces whose only city has the same name."""
        return self.level == "province" and self.name.endswith("市")


class Regions:
    """All divisions with lookups by code and by full or short name."""

    def __init__(self, regions: list[Region]) -> None:
        self.by_code: dict[str, Region] = {}
        self.by_name: dict[str, list[Region]] = {}
        for region in regions:
            self.by_code.setdefault(region.code, region)
        for region in self.by_code.values():
            for name in {region.name, region.short, *region.former}:
                if len(name) >= 2:
                    self.by_name.setdefault(name, []).append(region)
        for same in self.by_name.values():
            same.sort(key=lambda r: (LEVEL_NAMES.index(r.level), r.code))

    def named(self, name: str) -> list[Region]:
        """Every division called ``name`` (full or short), most senior first."""
        found = self.by_name.get(name)
        return list(found) if found else []

    def path(self, region: Region) -> list[Region]:
        """The region and its ancestors, county first."""
        out = [region]
        while out[-1].parent and out[-1].parent in self.by_code:
            out.append(self.by_code[out[-1].parent])
        return out

    def __len__(self) -> int:
        return len(self.by_code)


def _dictionary_dir() -> Path:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise FazhiError("the division table needs the jionlp package: pip install jionlp")
    return Path(next(iter(spec.submodule_search_locations))) / "dictionary"


@cache
def regions() -> Regions:
    """Provinces, cities and counties, loaded once per process (about 3,500 divisions).

    Reading them from jionlp's 700,000-line table takes most of a second, so the divisions are
    also kept in the user's cache folder (``$XDG_CACHE_HOME/fazhi``), keyed by the table's size
    and time; a cache that cannot be read or written is simply not used.
    """
    folder = _dictionary_dir()
    stamp = "-".join(
        str(int(f.stat().st_mtime)) + "." + str(f.stat().st_size)
        for f in (folder / "china_location.zip", folder / "china_location_change.txt")
        if f.exists()
    )
    cached = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "fazhi" / f"regions-{_CACHE_FORMAT}-{stamp}.json"
    try:
        return Regions([Region(**{**r, "former": tuple(r["former"])}) for r in json.loads(cached.read_text("utf-8"))])
    except (OSError, ValueError, TypeError, KeyError):
        pass
    table = _read_regions()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.part")
        tmp.write_text(json.dumps([asdict(r) for r in table.by_code.values()], ensure_ascii=False), "utf-8")
        tmp.replace(cached)
    except OSError:
        pass
    return table


def _read_regions() -> Regions:
    with zipfile.ZipFile(_dictionary_dir() / "china_location.zip") as archive:
        raw = archive.read(archive.namelist()[0]).decode("utf-8")
    out: list[Region] = []
    parents: list[str | None] = [None, None, None]
    # Most of the table's 700,000 lines are towns and villages (three tabs or more): drop them first.
    for line in [line for line in raw.split("\n") if not line.startswith("\t\t\t")]:
        depth = len(line) - len(line.lstrip("\t"))
        cells = line.rstrip("\r\n").strip("\t").split("\t")
        if len(cells) < 2 or not cells[1].isdigit():
            continue
        name, code = cells[0], cells[1]
        short = cells[2] if len(cells) > 2 and cells[2] else _short(name)
        parent = parents[depth - 1] if depth else None
        if depth == 1 and parent and code == parent:
            parents[1] = code  # a municipality repeats itself as its own city: keep one node
            continue
        out.append(Region(code=code, name=name, short=short, level=LEVEL_NAMES[depth], parent=parent))
        parents[depth] = code
        for deeper in range(depth + 1, 3):
            parents[deeper] = None
    return Regions(_with_former_names(out))


def _with_former_names(divisions: list[Region]) -> list[Region]:
    """Attach the names each division had before a rename, from jionlp's table of changes.

    A line reads ``date  批准  old province  short  old city  short [old county  short]=>new
    province  new city [new county]``; the old name of the deepest level belongs to the new
    division at that level. Lines whose new division is not in the table are skipped.
    """
    path = _dictionary_dir() / "china_location_change.txt"
    if not path.exists():
        return divisions
    table = Regions(divisions)
    by_code = table.by_code
    by_path = {tuple(r.name for r in reversed(table.path(region))): code for code, region in by_code.items()}
    former: dict[str, set[str]] = {}
    for line in path.read_text("utf-8").splitlines():
        if "=>" not in line:
            continue
        old, new = line.split("=>", 1)
        old_cells, new_cells = old.split("\t")[2:], tuple(c for c in new.split("\t") if c)
        code = by_path.get(new_cells) or by_path.get(new_cells[:1] + new_cells[2:])  # municipalities skip the city
        if code is None or len(old_cells) < 4:
            continue
        name, short = old_cells[-2], old_cells[-1]
        current = by_code[code]
        former.setdefault(code, set()).update(n for n in (name, short) if n not in (current.name, current.short))
    return [replace(r, former=tuple(sorted(former[r.code]))) if r.code in former else r for r in divisions]


def _short(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name
