"""The level of a document no vocabulary knows, inferred from its issuer and its form.

>>> [infer_level(t) for t in ("江苏省安全生产条例", "河北省法治政府建设实施方案", "政府工作报告", "石家庄市人民政府关于规范行政执法的规定")]
['地方性法规', '政策文件', '其他', '地方政府规章']
"""

from __future__ import annotations

import re

_PROVINCIAL = r"(省|自治区|市|自治州|州|盟)"
_REGION_PREFIX = re.compile(r"^[\u4e00-\u9fff]{1,12}?" + _PROVINCIAL)
_POLICY_FORM = re.compile(
    r"(方案|规划|纲要|要点|意见|通知|计划|清单|细则|措施|办法|制度|决定|纪要|函|分工|目录|指引|指南|标准|规范|"
    r"安排|任务|职责|举措|机制|工作规则|守则|公约|通告|公告|批复|名录)(\(.*\))?$"
)
_OTHER_FORM = re.compile(r"(报告|手册|读本|问答|汇编|文选|选编|文集|讲话|摘编|论述|白皮书|教材|案例)(\(.*\))?$|^论|^习近平")
_LAW_FORM = re.compile(r"(?<!办|方|做|想|说|手|立|司|执|普)法$")


def infer_level(title: str) -> str:
    """One of the Chinese level names of ANNOTATION.md for an unknown title."""
    t = re.sub(r"[（(][^)）]*[)）]$", "", title)
    has_region = bool(_REGION_PREFIX.match(t))
    government = "人民政府" in t and "办公" not in t
    if _OTHER_FORM.search(title):
        return "其他"
    if t.endswith("条例"):
        return "地方性法规" if has_region else "行政法规"
    if t.endswith("规定") and has_region and not t.startswith("关于"):
        return "地方政府规章" if government else "地方性法规"
    if t.endswith(("办法", "规定")) and government and has_region and "关于" not in t[:4]:
        return "地方政府规章"
    if _POLICY_FORM.search(title) or t.startswith("关于"):
        return "政策文件"
    if _LAW_FORM.search(t):
        return "法律"
    return "其他"
