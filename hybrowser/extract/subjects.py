"""What a figure is about: the subject before its verb, lists that share a verb (分别), the topic."""

from __future__ import annotations

import re

from hybrowser.extract.periods import PERIOD_WORDS

# Words that hold a character the rules below read as a verb or a comparison, masked so
# that 增加值 is not cut at 增, 公共预算 at 共, 居民 at 居, 占比 at 比.
_MASKED = (
    "增加值", "占比", "比重", "比例", "比较", "对比", "公共", "居民", "排放", "国有", "作为", "成为",
    "为主", "以为", "因为", "为了", "尤其是", "特别是", "但是", "还是", "就是", "发达", "达产", "达标",
    "占地", "较快", "较好", "较大", "较高", "较低", "较为", "人均", "平均", "均衡", "共享", "共建",
    "实现的", "完成的", "增长面", "存贷比", "增值税", "增长点", "新增长", "增长极", "高新", "高端", "高速",
    "高技术",
    "高耗能", "高质量", "低碳", "低端", "快递", "快速", "降费", "减税", "下降幅度", "有色", "摸排", "安排",
    "排查", "排污", "安居", "宜居", "居住", "居家", "可比",
)  # fmt: skip
_MASK = re.compile("|".join(sorted((re.escape(w) for w in _MASKED), key=len, reverse=True)))

# Where the subject ends and what is said of it begins.
_PREDICATE = re.compile(
    "分别|同比|环比|比|较|增长|下降|增加|减少|提高|回落|加快|放缓|上升|上涨|下滑|降低|下跌|回升|"
    "实现|完成|达到|达|为|是|共有|共|累计|合计|占|高于|低于|快于|慢于|高出|拉动|贡献|增幅|增速|降幅|涨幅|"
    "突破|均|居|排名|排|位居|位列|新增|净增|拥有|保持|继续|连续|超|逾|约|近|接近|不足|不到"
)
# Verbs whose object names the thing measured: 实现增加值, 完成投资, 新增市场主体.
_OBJECT_VERBS = ("实现", "完成", "新增", "净增", "拥有", "共有", "累计实现", "累计完成")

# Words a clause may open with that say nothing of its subject.
_LEADING = re.compile(
    r"^(?:\s|其中|此外|另外|同时|其次|而且|并且|而|并|且|但|从.{1,16}?看|全年|今年|年末|年底|目前|截至|"
    r"全市|全县|全区|全省|全州|我市|我县|我区|本市|市本级|累计|已经|已|共|总体看|总的来看|分.{1,6}看|两年平均|"
    r"[(（][^)）]{0,20}[)）]|[\"“”]|有(?![色效力限])|[一二三四五六七八九十]+是|" + PERIOD_WORDS + r")+"
)
# How a figure was computed, which is not what it measures: 按可比价格计算, 按现价计算, 按可比口径.
_METHOD = re.compile(r"按(?:可比价格?|现价|可比口径|不变价格?)(?:计算)?")
_RATE_WORDS = ("增速", "增幅", "降幅", "涨幅", "占比", "比重")
# Last words of an item that the other items of its list share: 装备制造业、…和战略性新兴产业增加值.
_HEADS = (
    "增加值", "投资", "营业收入", "利润总额", "产值", "零售额", "销售额", "收入", "总额", "出口额",
    "进口额", "余额", "用电量", "产量", "利润",
)  # fmt: skip
# Clauses that set the scene (三次产业中, 重点领域方面, 从累计看) name no subject.
_FRAMING = re.compile(r"(中|方面|来看|看|而言|上)$")
_TOPIC_CUT = re.compile(
    "表现|保持|继续|持续|稳步|稳中|总体|运行|呈现|增势|有所|加快|较快|明显|大幅|不断|进一步|好于|快于|"
    "态势|支撑|回升|向好|平稳|稳定|活跃|提升|改善|增长|下降|实现"
)


def masked(text: str) -> str:
    """`text` with the words in _MASKED blanked (same length), so rules see only real verbs."""
    return _MASK.sub(lambda m: "_" * len(m.group()), text)


def strip_leading(text: str, region_words: tuple[str, ...]) -> str:
    """The clause without its opening connectors, region and period words."""
    previous = None
    while previous != text:
        previous = text
        text = _LEADING.sub("", text)
        for word in region_words:
            if text.startswith(word) and len(text) > len(word) + 1:
                text = text[len(word) :]
        text = text.lstrip("，,、:： ")
    return text


def split_subject(prefix: str) -> tuple[str, str, str]:
    """(subject, object, predicate) of the words before a figure.

    '规模以上工业实现增加值' → ('规模以上工业', '增加值', '实现增加值'): the object of 实现, 完成,
    新增 names what is measured, and the subject may be empty ('实现增加值…', said of the topic).
    """
    prefix = _METHOD.sub("", prefix)
    prefix = re.sub(r"\([^()]*=[^()]*\)", "", prefix)  # 指数(上年=100): the base, not the subject
    hidden = masked(prefix)
    match = _PREDICATE.search(hidden)
    if not match:
        return prefix.strip(), "", ""
    subject, predicate = prefix[: match.start()].strip(), prefix[match.start() :]
    for verb in _OBJECT_VERBS:
        if predicate.startswith(verb):
            rest = predicate[len(verb) :]
            after = _PREDICATE.search(masked(rest))
            obj = (rest[: after.start()] if after else rest).strip().removeprefix("了")
            if obj.endswith("的"):
                obj = verb + obj[:-1]  # 完成年度计划的58.3%: the share of the plan completed
            if verb in ("新增", "净增") and subject:
                obj = verb + obj  # 城镇新增就业: what is new is part of what is counted
            if obj and not re.search(r"\d", obj):
                return subject, obj, predicate
    return subject, "", predicate


def is_rate_word(subject: str) -> bool:
    return subject in _RATE_WORDS or subject in ("增速", "")


def with_rate_word(base: str, word: str) -> str:
    """'社会消费品零售总额' + '增速' → '社会消费品零售总额增速', without doubling a word already there."""
    if not word or base.endswith(_RATE_WORDS) or base.endswith(word):
        return base
    return base + word


def split_items(subject: str, count: int) -> list[str] | None:
    """A list of `count` subjects from 'A、B和C' (分别…), or None when it does not split so."""
    subject = re.sub(r"等$", "", subject.strip()).strip()
    if count == 2 and subject.startswith("城乡") and len(subject) > 2:
        # 城乡居民人均可支配收入分别为…和…: the town's and the country's, in that order.
        return ["城镇" + subject[2:], "农村" + subject[2:]]
    bounds = [(m.start(), m.end(), m.group()) for m in re.finditer(r"、|以及|和|及|与", subject)]
    if len(bounds) + 1 < count:
        return None

    def parts_of(kept: list[tuple[int, int, str]]) -> list[str]:
        edges = [0] + [x for b in kept for x in b[:2]] + [len(subject)]
        return [subject[edges[i] : edges[i + 1]] for i in range(0, len(edges), 2)]

    kept = list(bounds)
    while len(kept) + 1 > count:
        parts = parts_of(kept)
        head = parts[-1][-1:] if parts[-1] else ""
        # A conjunction inside an item (生态环保交通能源和水利投资) joins words, not items: its
        # left side does not end as the list's items end.
        inner = [i for i, b in enumerate(kept) if b[2] != "、" and parts[i][-1:] != head]
        kept.pop(inner[0] if inner else len(kept) - 1)
    items = [p.strip() for p in parts_of(kept)]
    if any(not p for p in items):
        return None
    return _share_heads(items)


def items_of_one_figure(subject: str, every: bool) -> list[str] | None:
    """The items one figure is said of, or None.

    'A、B和C等均…' (every=True), or measured things that all end in a head noun
    ('规模以上工业营业收入和利润总额增幅超过20%').
    """
    subject = re.sub(r"等$", "", subject.strip())
    parts = [p for p in re.split(r"、|以及|和|及|与", subject) if p]
    if len(parts) < 2:
        return None
    if every:
        return split_items(subject, len(parts))
    heads = [next((h for h in _HEADS if p.endswith(h)), None) for p in parts]
    if not all(heads):
        return None
    first_head = heads[0] or ""
    qualifier = parts[0][: len(parts[0]) - len(first_head)]
    # 规模以上工业营业收入和利润总额: the second is 规模以上工业利润总额.
    return [parts[0]] + [qualifier + p if p == h else p for p, h in zip(parts[1:], heads[1:], strict=True)]


def _share_heads(items: list[str]) -> list[str]:
    """Items take what the last one shows they share.

    第二、第三产业投资 → 第二产业投资; 第一、二、三产业 → 第二产业; 装备制造业、…增加值 → 装备制造业增加值.
    """
    last = items[-1]
    ordinal = re.match(r"(第?)([一二三四五六七八九十])", last)
    with_di = any(item.startswith("第") for item in items)
    result = []
    for item in items[:-1]:
        short = re.fullmatch(r"(第?)([一二三四五六七八九十])", item)
        if short and ordinal:
            item = ("第" if with_di else "") + short.group(2) + last[ordinal.end() :]
        elif len(item) <= 2 and len(last) > len(item) and item[0] == last[0]:
            item = item + last[len(item) :]
        result.append(item)
    if ordinal and not ordinal.group(1) and with_di:
        last = "第" + last  # 第一、二、三产业: the last item is 第三产业
    head = next((h for h in _HEADS if last.endswith(h)), None)
    if head and not any(any(i.endswith(h) for h in _HEADS) for i in result):
        result = [i + head for i in result]
    return [*result, last]


def topic_of(clause: str, region_words: tuple[str, ...]) -> str | None:
    """The subject a clause without figures sets up for the next ('小微企业表现较好' → '小微企业')."""
    text = strip_leading(clause.strip(), region_words)
    if not text or _FRAMING.search(text) or re.search(r"\d", text):
        return None
    cut = _TOPIC_CUT.search(masked(text))
    topic = text[: cut.start()] if cut else ""
    return topic if 2 <= len(topic) <= 16 else None


# A subject ending so is a verb waiting for its object, which follows the figure: 布局着45个产业园区.
VERB_ENDINGS = (
    "着",
    "了",
    "等",
    "有",
    "布局",
    "引进",
    "新建",
    "建成",
    "落户",
    "聚集",
    "集聚",
    "培育",
    "签约",
    "入驻",
)


def noun_after(text: str) -> str:
    """The noun a count or amount is followed by: '45个产业园区竣工' → '产业园区'."""
    text = re.sub(r"^(规模的|的)", "", text)
    match = re.match(r"[\u4e00-\u9fff“”\"A-Za-z0-9]{2,20}", text)
    if not match:
        return ""
    noun = match.group()
    cut = _PREDICATE.search(masked(noun))
    cut_at = cut.start() if cut else len(noun)
    for verb in ("成功", "竣工", "完成", "投入", "列入", "进行", "开工", "落地", "获评", "入选"):
        position = noun.find(verb)
        if 0 <= position < cut_at:
            cut_at = position
    noun = re.sub(r"中$", "", noun[:cut_at])  # 42家规上工业企业中，…: the noun, not "among"
    return noun if len(noun) >= 2 else ""
