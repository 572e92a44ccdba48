"""The level of a document no vocabulary knows, inferred from its issuer and its form.

>>> [infer_level(t) for t in ("江苏省安全生产条例", "河北省法治政府建设实施方案", "政府工作报告", "石家庄市人民政府关于规范行政执法的规定")]
['地方性法规', '政策文件', '其他', '地方政府规章']

A province's or a city's 办法 or 细则 is a government rule (浙江省行政程序办法 is 省政府令第348号), its
规定 a local regulation unless its government names itself; a county's or a district's are
normative documents. The document number cited after the title, where the report gives it,
decides: 政府令 a government rule, 政办发 a normative document, 常委会公告 a local regulation.

>>> [infer_level(t) for t in ("四川省行政执法证件管理办法", "成都市武侯区行政执法公示办法", "四川省重大行政决策程序规定")]
['地方政府规章', '政策文件', '地方性法规']
>>> infer_level("四川省重大行政决策程序规定", after="（四川省人民政府令第335号）")
'地方政府规章'
>>> infer_level("天津市政府工作部门权责清单动态管理办法", after="(津政办发〔2016〕9号)")
'政策文件'
>>> infer_level("城市生活垃圾管理办法")  # 城市 is not a place
'政策文件'

A draft takes the level of what it drafts:

>>> [infer_level(t) for t in ("市场准入负面清单草案(试点版)", "湖南省物业管理条例（草案）", "长沙市养犬管理办法征求意见稿")]
['政策文件', '地方性法规', '地方政府规章']
"""

from __future__ import annotations

import re

_POLICY_FORM = re.compile(
    r"(方案|规划|纲要|要点|意见|通知|计划|清单|细则|措施|办法|制度|决定|纪要|函|分工|目录|指引|指南|标准|规范|"
    r"安排|任务|职责|举措|机制|工作规则|守则|公约|通告|公告|批复|名录)(\(.*\))?$"
)
_OTHER_FORM = re.compile(r"(报告|手册|读本|问答|汇编|文选|选编|文集|讲话|摘编|论述|白皮书|教材|案例)(\(.*\))?$|^论|^习近平")
_LAW_FORM = re.compile(r"(?<!办|方|做|想|说|手|立|司|执|普)法$")


_POLICY_HEAD = re.compile(r"关于.*的(?:通知|意见)|印发|转发")


def _issuing_place(title: str) -> str | None:
    """The level of the divisions a title begins with (四川省 → province; 成都市武侯区 → county), or None."""
    from fazhi.ontology.regions import regions

    table = regions()
    at, level = 0, None
    while True:
        found = next(
            (table.named(title[at : at + n]) for n in range(min(12, len(title) - at), 2, -1) if table.named(title[at : at + n])),
            [],
        )
        full = [r for r in found if r.name == title[at : at + len(r.name)]]
        if not full:
            return level
        level = "county" if full[0].level == "county" else full[0].level
        at += len(full[0].name)


_DRAFT = re.compile(r"(?:草案|征求意见稿|送审稿)$")
_ORDER_AFTER = re.compile(r"^\s*[（(]([^()（）]{2,30})[)）]")


def infer_level(title: str, after: str = "") -> str:
    """One of the Chinese level names of ANNOTATION.md for an unknown title.

    ``after`` is the text that follows the title in the report, where a document number may stand.
    """
    t = _DRAFT.sub("", re.sub(r"[（(][^)）]*[)）]$", "", title))  # a draft is of the form it will take
    number = _ORDER_AFTER.match(after)
    if number and _issuing_place(t) is not None:
        if re.search(r"政府令|人民政府令", number.group(1)):
            return "地方政府规章"
        if re.search(r"常委会公告|人大常委会|人民代表大会", number.group(1)):
            return "地方性法规"
        if re.search(r"发\s*[〔\[(（]?\s*\d{4}", number.group(1)):
            return "政策文件"
    place = _issuing_place(t)
    has_region = place is not None
    congress = bool(re.search(r"人民代表大会|人大常委会|常务委员会", t))
    if _OTHER_FORM.search(title):
        return "其他"
    if t.endswith("条例"):
        return "地方性法规" if has_region else "行政法规"
    if place == "county" and t.endswith(("办法", "规定", "细则")):
        return "政策文件"  # a county's or a district's own rules are normative documents
    if t.endswith("规定") and has_region and not t.startswith("关于") and not _POLICY_HEAD.search(t):
        return "地方政府规章" if ("人民政府" in t and not congress) else "地方性法规"
    if t.endswith(("办法", "细则")) and has_region and "关于" not in t[:4] and not _POLICY_HEAD.search(t):
        return "地方性法规" if (congress or "实施《" in t or "实施〈" in t) else "地方政府规章"
    if _POLICY_FORM.search(title) or _POLICY_FORM.search(t) or t.startswith("关于"):
        return "政策文件"
    if _LAW_FORM.search(t):
        return "法律"
    return "其他"
