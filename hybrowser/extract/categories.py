"""The category of an imported figure, from the words of its name (投资 → investment)."""

from __future__ import annotations

# First match wins: more specific words come before the words they contain.
_CATEGORY_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("digital_economy", ("数字经济",)),
    ("ecommerce", ("电商", "网络零售", "网上零售", "互联网")),
    ("investment", ("投资",)),
    ("real_estate", ("房地产", "商品房")),
    ("trade", ("进出口", "出口", "进口", "外贸", "外资", "外商")),
    ("finance", ("存款", "贷款", "存贷", "金融", "保险")),
    ("fiscal", ("财政", "税收", "预算", "税")),
    ("prices", ("价格", "CPI", "物价", "涨幅")),
    ("consumption", ("零售", "消费", "餐饮", "销售额")),
    ("income", ("可支配收入", "人均收入", "居民收入", "工资")),
    ("population", ("人口", "出生", "城镇化")),
    ("energy", ("能耗", "用电", "发电", "电量", "能源")),
    ("transport", ("货运", "客运", "运输", "吞吐", "旅客", "公路", "铁路")),
    ("agriculture", ("农业", "粮食", "农林", "畜牧", "渔业", "林业", "第一产业")),
    ("industry", ("工业", "制造", "采矿", "电力", "产值", "产量", "增加值", "第二产业", "企业")),
    ("services", ("服务业", "第三产业", "旅游", "服务")),
    ("economy", ("生产总值", "GDP", "经济")),
    ("projects", ("项目",)),
    ("parks", ("园区",)),
)


def category_of(name: str) -> str:
    for category, words in _CATEGORY_WORDS:
        if any(word in name for word in words):
            return category
    return "other"
