"""Reports published as attachments (附件): a page whose body is only a stub links the report as a
PDF or Word file; fazhi fetches the attachment and builds it as that page's report.

>>> page = '<p>附件：<a href="files/2021.pdf">某区司法局2021年法治政府建设年度报告.pdf</a></p><a href="/a.html">首页</a>'
>>> attachment_links(page, "https://sfj.example.gov.cn/art/2022/1/20/a.html")
['https://sfj.example.gov.cn/art/2022/1/20/files/2021.pdf']
>>> is_stub("关于2021年度法治政府建设情况的报告\\n附件：报告.pdf")
True
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

#: A page whose text holds fewer Chinese characters than this is a stub, not a report (the
#: shortest reports seen run to about a thousand).
STUB_CHARS = 400
#: How many attachments of one page are tried, in page order, before giving up.
MAX_ATTACHMENTS = 3
_ATTACHMENT_SUFFIX = re.compile(r"\.(pdf|docx?|wps)$", re.IGNORECASE)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def is_stub(text: str) -> bool:
    """Whether a page's text is too short to be the report itself."""
    return len(_CJK.findall(text)) < STUB_CHARS


def attachment_links(html: str, base: str) -> list[str]:
    """The addresses of the page's attachments (links to .pdf, .doc, .docx or .wps files, or links
    whose words say 附件 and lead to a file), absolute, in page order, each once."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    found: list[str] = []
    for link in tree.css("a[href]"):
        href = (link.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        address = urljoin(base, href)
        path = urlparse(address).path
        words = link.text(strip=True)
        if (_ATTACHMENT_SUFFIX.search(path) or ("附件" in words and _ATTACHMENT_SUFFIX.search(words))) and address not in found:
            found.append(address)
    return found[:MAX_ATTACHMENTS]
