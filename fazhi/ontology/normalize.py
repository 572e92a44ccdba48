"""Comparison keys for titles and names: width, dashes, brackets, quotes and spaces unified.

Two titles are the same document only when their keys are equal; numbers, years and
document numbers are never touched, so 〔2021〕33号 and 34号 stay apart.

>>> title_key("《法治政府建设实施纲要（2021—2025年）》") == title_key("法治政府建设实施纲要(2021-2025年)")
True
>>> title_key("法治政府建设实施纲要(2021～2025)")
'法治政府建设实施纲要(2021-2025年)'
>>> title_key("纲要(2015-2020年)") == title_key("纲要(2021-2025年)")
False
"""

from __future__ import annotations

import re
import unicodedata

DASHES = re.compile(r"[‐‑‒–—―－~～─]+")
_DROP = re.compile(r"[《》〈〉<>‹›«»「」『』\"'“”‘’\s·•]")
_RANGE_WITHOUT_YEAR = re.compile(r"\((\d{4})-(\d{4})\)")
PRC = "中华人民共和国"


def title_key(title: str) -> str:
    """The comparison key of a document title."""
    t = unicodedata.normalize("NFKC", title)
    t = DASHES.sub("-", t)
    t = t.replace("〔", "[").replace("〕", "]").replace("【", "[").replace("】", "]")
    t = _DROP.sub("", t)
    return _RANGE_WITHOUT_YEAR.sub(r"(\1-\2年)", t)


def display_title(title: str) -> str:
    """The form a title not in any vocabulary is published under: width and dashes unified,
    nested brackets as 〈〉, spaces dropped; equal keys give equal display titles.

    >>> display_title("江苏省贯彻落实<法治政府建设实施纲要（2015—2020年）>实施方案")
    '江苏省贯彻落实〈法治政府建设实施纲要(2015-2020年)〉实施方案'
    """
    t = unicodedata.normalize("NFKC", title)
    t = DASHES.sub("-", t)
    t = re.sub(r"[<‹«]", "〈", re.sub(r"[>›»]", "〉", t))
    return re.sub(r"\s+", "", t)


def clean_title(surface: str) -> str:
    """A title as written, without its outer 《》 and surrounding spaces.

    >>> clean_title("《 关于贯彻落实〈纲要〉的意见 》")
    '关于贯彻落实〈纲要〉的意见'
    """
    t = surface.strip()
    if t.startswith(("《", "<", "〈")):
        t = t[1:]
    if t.endswith(("》", ">", "〉")):
        t = t[:-1]
    return re.sub(r"\s+", "", t)
