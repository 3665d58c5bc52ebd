"""A bulletin's text → proposed facts and unclaimed numbers: segment, spot, then attribute each figure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hybrowser.core.normalize import normalize
from hybrowser.extract.header import Header, read_header
from hybrowser.extract.measures import COUNT_UNITS, FLOW_UNITS, comparison_target, measure_of, sign_of
from hybrowser.extract.periods import Period, PeriodMention, find_periods
from hybrowser.extract.spot import Spot, spot_numbers
from hybrowser.extract.subjects import (
    VERB_ENDINGS,
    is_rate_word,
    items_of_one_figure,
    noun_after,
    split_items,
    split_subject,
    strip_leading,
    topic_of,
    with_rate_word,
)

_SENTENCE_END = "。!?\n"
_CLAUSE_END = ",;:。!?\n"
_LIST_JOINER = re.compile(r"^\s*(、|和|及|与|以及|,)?\s*$")
_RATE_IN_PREDICATE = re.compile(r"增速|增幅|降幅|涨幅")
_COUNTABLE = COUNT_UNITS | FLOW_UNITS | {"亿元", "万元"}


@dataclass
class Fact:
    """A proposed fact: one figure of the text with what it measures and the clause it came from."""

    figure: str
    value: float | None
    unit: str
    measure: str
    qualifier: str
    period_start: str | None
    period_end: str | None
    period_inferred: bool
    name_zh: str
    benchmark: str
    quote: str
    start: int  # offset of the figure in the text
    end: int


@dataclass
class Unclaimed:
    """A number of the text that no fact claims, and why (date, period, name, no unit, …)."""

    number: str
    reason: str
    clause: str
    start: int


@dataclass
class Extraction:
    header: Header
    period: Period | None  # the bulletin's own period (from its title, else its first)
    year: int
    facts: list[Fact] = field(default_factory=list)
    unclaimed: list[Unclaimed] = field(default_factory=list)


def extract(text: str, region: str | None = None, published: str | None = None) -> Extraction:
    """Every figure of a bulletin's text as a proposed fact; every other number as unclaimed."""
    header = read_header(text)
    published = published or header.published
    region = region or header.region or ""
    norm = normalize(text)
    now_month = int(published[5:7]) if published else None
    title_periods = find_periods(normalize(header.title))
    body_periods = [m for m in find_periods(norm, None, now_month) if m.start >= header.body_start]
    default = title_periods[0].period if title_periods else None
    if default is None:
        topical = [m for m in body_periods if not m.is_comparison and m.period.start_month]
        default = topical[0].period if topical else None
    year = _year(header.title, default, published)
    latest = default.end_month if default else now_month
    # Periods once more, now that 当月 and 今年以来 can be resolved against the bulletin's own.
    mentions = [m for m in find_periods(norm, latest, now_month) if m.start >= header.body_start]
    result = Extraction(header, default, year)
    spots = [s for s in spot_numbers(norm) if s.number_start >= header.body_start]
    _join_lists(norm, spots)
    reader = _Reader(text, _protect_figures(norm, spots), region, year, default, result)
    for start, end in _spans(norm, header.body_start, "\n"):
        reader.paragraph(
            start,
            end,
            [s for s in spots if start <= s.number_start < end],
            [m for m in mentions if start <= m.start < end],
        )
    return result


def _year(title: str, period: Period | None, published: str | None) -> int:
    """The year a bulletin speaks of: its title's, else the publication's (the year before, when
    the period it covers ends after the publication: a 全年 report published in March)."""
    match = re.search(r"((?:19|20)\d{2})\s*年", title)
    if match:
        return int(match.group(1))
    if period and period.year:
        return period.year
    if published:
        year, month = int(published[:4]), int(published[5:7])
        if period and period.end_month > month:
            return year - 1
        return year
    return 0


def _spans(text: str, start: int, ends: str) -> list[tuple[int, int]]:
    spans, begin = [], start
    for index in range(start, len(text)):
        if text[index] in ends:
            if index > begin:
                spans.append((begin, index))
            begin = index + 1
    if begin < len(text):
        spans.append((begin, len(text)))
    return spans


def _protect_figures(norm: str, spots: list[Spot]) -> str:
    """The text with the colons inside figures (4.1:51.3:44.6) hidden from the clause splitter."""
    chars = list(norm)
    for spot in spots:
        for index in range(spot.start, spot.end):
            if chars[index] == ":":
                chars[index] = "∶"
    return "".join(chars)


def _join_lists(text: str, spots: list[Spot]) -> None:
    """In '8.6个、15.5个和3.6个百分点' and '分别为3、5和7家' every item takes the unit of the last."""
    figures = [s for s in spots if s.is_figure or s.reason == "no unit"]
    for left, right in zip(reversed(figures[:-1]), reversed(figures[1:]), strict=True):
        between = text[left.end : right.start]
        if not right.unit or not _LIST_JOINER.match(between) or "," in between:
            continue
        if left.reason == "no unit" or (
            left.unit and right.unit.startswith(left.unit) and left.unit != right.unit
        ):
            left.unit, left.reason = right.unit, ""


@dataclass
class _Run:
    """Figures in one clause joined by 、/和: they share one subject list and one verb."""

    spots: list[Spot]
    clause_start: int


class _Reader:
    """Walks a bulletin's paragraphs keeping what is in force: the period, the subject, the last list."""

    def __init__(
        self, text: str, norm: str, region: str, year: int, default: Period | None, result: Extraction
    ) -> None:
        self.text, self.norm, self.year, self.default, self.result = text, norm, year, default, result
        short = re.sub(r"(市|县|区|州)$", "", region) if len(region) > 2 else region
        self.region_words = tuple(w for w in (region, short) if w)
        # What is in force while a paragraph is read (set by paragraph(), read by _emit/_fact):
        self.mentions: list[PeriodMention] = []  # the paragraph's own periods, not comparisons
        self.span: PeriodMention | None = None  # the last period that is not "目前", for rates
        self.subject_from: int | None = None  # where the subject in force was named, this sentence
        self.inherited = False  # whether the figure being written took the subject in force

    def paragraph(self, start: int, end: int, spots: list[Spot], mentions: list[PeriodMention]) -> None:
        self.mentions = [m for m in mentions if not m.is_comparison]
        topic_period: PeriodMention | None = None
        span_topic: PeriodMention | None = None  # the last period in force that is not "目前"
        self.span = None
        subject = ""  # the subject in force, carried from sentence to sentence
        for s_start, s_end in _spans(self.norm[:end], start, _SENTENCE_END):
            # Where the subject in force was named, when that is in this sentence: a figure said
            # of it quotes from there ("其中产业项目148个，占比66.7%").
            self.subject_from = None
            local: PeriodMention | None = None
            seen_figure = False
            topic_before = topic_period
            stated = {m.period for m in mentions if s_start <= m.start < s_end and not m.is_comparison}
            last_list: list[str] = []
            for c_start, c_end in _spans(self.norm[:s_end], s_start, _CLAUSE_END):
                clause_mentions = [m for m in mentions if c_start <= m.start < c_end and not m.is_comparison]
                clause_spots = [s for s in spots if c_start <= s.number_start < c_end]
                figures = [s for s in clause_spots if s.is_figure]
                if self.norm[c_start - 1 : c_start] == ";":
                    local = None  # a period stated after 其中 holds to the end of its part
                for mention in clause_mentions:
                    first_figure = figures[0].number_start if figures else c_end
                    if mention.start > first_figure:
                        continue
                    opened_by_qizhong = "其中" in self.norm[c_start : mention.start]
                    if not seen_figure and not opened_by_qizhong:
                        topic_period, local = mention, None
                        if not mention.period.now:
                            span_topic = mention
                    else:
                        local = mention
                for spot in clause_spots:
                    if not spot.is_figure:
                        self._unclaimed(spot, c_start, c_end)
                if not figures:
                    topic = topic_of(self.norm[c_start:c_end], self.region_words)
                    if topic:
                        subject, self.subject_from = topic, c_start
                    continue
                for run in self._runs(figures, c_start):
                    in_force = local or topic_period
                    if in_force and in_force.period.now:
                        self.span = span_topic
                    before = subject
                    subject, last_list = self._emit(run, c_end, subject, last_list, in_force)
                    if subject != before:
                        self.subject_from = c_start
                    # A period stated inside the clause after the figures does not reach back.
                    late = [m for m in clause_mentions if m.start > run.spots[-1].end]
                    if late:
                        local = late[-1]
                seen_figure = True
            framed = re.match(r"\s*从.{1,16}?看", self.norm[s_start:s_end])
            if (
                topic_period is not topic_before
                and topic_period
                and topic_period.period.single
                and not framed
            ):
                # "8月当月，…": a single month stated in passing; "从当月看，5月份…" sets the scene.
                topic_period = topic_before
            elif len(stated) > 1:
                # A sentence that walks through several periods (1—2月…, 3月份…, 一季度…)
                # sets none of them for the sentences after it.
                topic_period = topic_before

    def _runs(self, figures: list[Spot], clause_start: int) -> list[_Run]:
        runs: list[_Run] = []
        for spot in figures:
            if runs and _LIST_JOINER.match(self.norm[runs[-1].spots[-1].end : spot.start]):
                runs[-1].spots.append(spot)
            else:
                start = runs[-1].spots[-1].end if runs else clause_start
                runs.append(_Run([spot], start))
        return runs

    def _emit(
        self, run: _Run, clause_end: int, subject: str, last_list: list[str], mention: PeriodMention | None
    ) -> tuple[str, list[str]]:
        first = run.spots[0]
        prefix = strip_leading(self.norm[run.clause_start : first.start], self.region_words)
        own, obj, predicate = split_subject(prefix)
        own = strip_leading(own, self.region_words)
        if obj:
            own = (own if own and not is_rate_word(own) else subject) + obj
        rate = _RATE_IN_PREDICATE.search(own if own in ("增速", "增幅", "涨幅", "降幅") else predicate)
        rate_word = rate.group() if rate else ""
        share_of = re.match(r"^在.*中的(占比|比重)", prefix)
        if share_of:
            own, rate_word = "", share_of.group(1)
        elif own in ("占比", "比重"):
            own, rate_word = "", own
        names: list[str]
        self.inherited = False
        count = len(run.spots)
        if own and own.endswith(VERB_ENDINGS) and first.unit in _COUNTABLE and count == 1:
            noun = noun_after(self.norm[first.end : clause_end])
            own = noun or own
        if own and not is_rate_word(own):
            items = split_items(own, count) if count > 1 else None
            if count == 1:
                items = items_of_one_figure(own, every=bool(re.search(r"均|都", predicate)))
            names = items or [own] * count
            if len(names) != count:  # 均: one figure said of every item
                return self._emit_each(run, names, predicate, mention, subject, clause_end)
            new_subject, new_list = (names[-1], names) if count > 1 else (own, last_list)
        else:
            base = subject
            self.inherited = True
            if count == 1 and first.unit in _COUNTABLE and not own:
                noun = noun_after(self.norm[first.end : clause_end])
                if noun:
                    base, rate_word, self.inherited = noun, "", False
            names = list(last_list) if count > 1 and len(last_list) == count else [base] * count
            new_subject, new_list = subject, last_list
        periods = self._period_list(run) or [mention] * count
        for spot, name, period in zip(run.spots, names, periods, strict=True):
            item_predicate = self.norm[run.clause_start : spot.start]
            self._fact(
                spot, name, rate_word, predicate if spot is first else item_predicate, period, run, clause_end
            )
        return new_subject, new_list

    def _period_list(self, run: _Run) -> list[PeriodMention] | None:
        """'一季度、上半年和前三季度…分别增长5.1%、6.1%和6.3%': one period per figure."""
        before = [m for m in self.mentions if run.clause_start <= m.start < run.spots[0].start]
        if len(before) != len(run.spots) or len(before) < 2:
            return None
        joined = all(
            re.fullmatch(r"\s*(、|和|及|与)\s*", self.norm[a.end : b.start])
            for a, b in zip(before, before[1:], strict=False)
        )
        return before if joined else None

    def _emit_each(
        self,
        run: _Run,
        names: list[str],
        predicate: str,
        mention: PeriodMention | None,
        subject: str,
        clause_end: int,
    ) -> tuple[str, list[str]]:
        """One figure said of every item (均): a fact per item."""
        for name in names:
            self._fact(run.spots[0], name, "", predicate, mention, run, clause_end)
        return subject, names

    def _fact(
        self,
        spot: Spot,
        name: str,
        rate_word: str,
        predicate: str,
        mention: PeriodMention | None,
        run: _Run,
        clause_end: int,
    ) -> None:
        after = self.norm[spot.end : spot.end + 4]
        # The clause's own words, with the openers strip_leading took off (两年平均增长7.0%).
        words = self.norm[run.clause_start : spot.start]
        measure, unit = measure_of(spot.unit, predicate, name, spot.is_rank, after, spot.qualifier, words)
        value = spot.value
        if value is not None:
            value = sign_of(measure, predicate) * value
        benchmark = spot.benchmark
        if measure == "pp_gap":
            benchmark = comparison_target(predicate) or ""
        of_a_rate = not name.endswith(("占比", "比重", "率")) and not re.search("指数|PMI|CPI|PPI", name)
        if measure in ("pp_change", "pp_gap") and not rate_word and of_a_rate:
            rate_word = "增速"
        display = with_rate_word(name, rate_word)
        if measure.startswith("growth") and not display.endswith(("增速", "增幅", "降幅")):
            display += "增速"
        if mention and mention.period.now and not measure.startswith(("amount", "count", "area", "length")):
            # "目前…增长39.5%": a rate covers a span; take the one in force before 目前.
            mention = self.span
        period = mention.period if mention else self.default
        start, end = period.resolve(self.year) if period else (None, None)
        quote_start = _clause_start(self.norm, run.clause_start)
        if self.inherited and self.subject_from is not None:
            quote_start = min(quote_start, self.subject_from)
        quote = self.text[quote_start:clause_end].strip()
        self.result.facts.append(
            Fact(
                figure=self.text[spot.start : spot.end],
                value=value,
                unit=unit,
                measure=measure,
                qualifier=spot.qualifier,
                period_start=start,
                period_end=end,
                period_inferred=mention is None,
                name_zh=display,
                benchmark=benchmark,
                quote=quote,
                start=spot.start,
                end=spot.end,
            )
        )

    def _unclaimed(self, spot: Spot, clause_start: int, clause_end: int) -> None:
        self.result.unclaimed.append(
            Unclaimed(
                number=self.text[spot.start : spot.end],
                reason=spot.reason,
                clause=self.text[clause_start:clause_end].strip(),
                start=spot.start,
            )
        )


def _clause_start(norm: str, position: int) -> int:
    """The start of the clause holding `position` (a run may begin after an earlier run's figure)."""
    while position > 0 and norm[position - 1] not in _CLAUSE_END:
        position -= 1
    return position
