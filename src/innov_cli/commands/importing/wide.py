"""Wide tables: regions down, years across, as the NBS data portal and spreadsheets lay them
out, with their own meta lines (指标, 数据来源, 注) naming metric, unit, source and notes."""

from __future__ import annotations

import re
from typing import NamedTuple

from innov_cli.commands.importing.collector import Collector
from innov_cli.commands.importing.numbers import (
    NumberProblem,
    conversion,
    is_fractional,
    parse_number,
    published_note,
)
from innov_cli.commands.importing.options import ImportOptions
from innov_cli.commands.importing.sources import choose_source
from innov_cli.commands.importing.tables import Table
from innov_cli.errors import InvalidTable, UsageProblem
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Metric
from innov_cli.kb.writing import NewFact
from innov_cli.view.model import msg

# NBS indicator names (as the data portal spells them, parentheses made ASCII) -> metric ids.
NBS_METRICS: dict[str, str] = {
    "地区生产总值": "gdp",
    "国内生产总值": "gdp",
    "年末常住人口": "population",
    "常住人口": "population",
    "研究与试验发展(R&D)经费支出": "rd_expenditure",
    "研究与试验发展(R&D)经费": "rd_expenditure",
    "研究与试验发展经费支出": "rd_expenditure",
    "R&D经费支出": "rd_expenditure",
    "R&D经费": "rd_expenditure",
    "研究与试验发展(R&D)经费投入强度": "rd_intensity",
    "研究与试验发展经费投入强度": "rd_intensity",
    "R&D经费投入强度": "rd_intensity",
    "地区生产总值增长率": "gdp_growth_real",
}

_YEAR = re.compile(r"^(\d{4})\s*年?$")  # a year column's header: 2024 or 2024年
_INDICATOR = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")  # 地区生产总值(亿元): name and unit
_META = re.compile(r"^\s*([^:：]{1,12})\s*[:：]\s*(.*)$")  # 指标：..., 数据来源：...
# The first cells of footer lines, which end a table's data.
_FOOTERS = ("注", "数据来源", "资料来源", "来源", "说明", "备注", "Note", "Source")


class WideTable(NamedTuple):
    """A table with regions down and years across, plus what its own lines say."""

    label: str
    meta: dict[str, str]  # 数据库, 指标, 时间, 数据来源, 注 ... as written
    years: list[tuple[int, int]]  # (column index, year)
    region_column: int
    rows: list[tuple[int, list[str]]]  # (row number, cells)
    notes: tuple[str, ...] = ()  # every 注： line, in order: they reach the facts they concern


def read_wide(table: Table, region_column: str | None) -> WideTable:
    """Find the header row (the first with year columns), the meta lines and the data rows."""
    meta: dict[str, str] = {}
    notes: list[str] = []
    header_at: int | None = None
    # A wide table (years across) is read whole: its footer notes reach the facts above them.
    table_rows = list(table.rows)
    for index, row in enumerate(table_rows):
        cells = [c for c in row if c]
        if not cells:
            continue
        if any(_YEAR.match(c) for c in row[1:]):
            header_at = index
            break
        if not _META.match(",".join(cells)) and "标题" not in meta:
            # A title line above the table: `各地区工业机器人密度（台/万人）`.
            meta["标题"] = " ".join(cells).strip()
            continue
        _add_meta(meta, cells, notes)
    if header_at is None:
        raise InvalidTable(
            msg("error.no_header_row_with_years", a0=table.label),
            hint=msg("error.tidy_tables_need_the_columns"),
        )
    header = table_rows[header_at]
    column = _region_column(table.label, header, region_column)
    years = [
        (i, int(m.group(1))) for i, c in enumerate(header) if i != column and (m := _YEAR.match(c))
    ]
    rows: list[tuple[int, list[str]]] = []
    in_footer = False
    for index in range(header_at + 1, len(table_rows)):
        row = table_rows[index]
        cells = [c for c in row if c]
        if not cells:
            continue
        # Footers (注：..., 数据来源：国家统计局) end the data, even when a note's commas split
        # it over several cells; every line after the first footer belongs to the footer.
        found = _META.match(cells[0])
        if in_footer or (found and _is_footer(found.group(1))):
            in_footer = True
            _add_meta(meta, cells, notes)
            continue
        name = row[column] if column < len(row) else ""
        if not name:
            raise InvalidTable(msg("error.a_row_without_a_region", a0=table.label, a1=index + 1))
        rows.append((index + 1, row))
    return WideTable(table.label, meta, years, column, rows, tuple(notes))


def _is_footer(key: str) -> bool:
    return key.strip().startswith(_FOOTERS)


def _add_meta(meta: dict[str, str], cells: list[str], notes: list[str] | None = None) -> None:
    found = _META.match(",".join(cells))
    if found:
        key, text = found.group(1).strip(), found.group(2).strip()
        meta.setdefault(key, text)
        if notes is not None and key in ("注", "备注", "说明", "Note") and text:
            notes.append(text)


def _region_column(label: str, header: list[str], wanted: str | None) -> int:
    if wanted is None:
        return 0
    if wanted.isdigit() and 0 < int(wanted) <= len(header):
        return int(wanted) - 1
    for index, name in enumerate(header):
        if name.casefold() == wanted.strip().casefold():
            return index
    raise UsageProblem(
        msg("error.no_column_a_r_in", a0=label, a1=wanted),
        hint=msg("error.columns", a0=", ".join(repr(h) for h in header if h)),
    )


def indicator(meta: dict[str, str]) -> tuple[str | None, str | None]:
    """The indicator's name and unit from an NBS `指标：地区生产总值(亿元)` line, else from a
    title line `各地区工业机器人密度（台/万人）` (full-width brackets read as ASCII)."""
    text = meta.get("指标") or meta.get("标题")
    if not text:
        return None, None
    text = text.replace("（", "(").replace("）", ")").strip()
    found = _INDICATOR.match(text)
    if found and found.group(2).strip():
        return found.group(1).strip(), found.group(2).strip()
    return text, None


def indicator_key(name: str) -> str:
    """An indicator name as innov compares them: ASCII brackets, no spaces, lower case, and
    without a leading 各地区 ("each region's")."""
    key = name.replace("（", "(").replace("）", ")").replace(" ", "").replace("\u3000", "")
    return key.removeprefix("各地区").casefold()


def _metric_for(kb: KnowledgeBase, name: str | None, options: ImportOptions, label: str) -> Metric:
    if options.metric:
        return kb.metric(options.metric)
    if name:
        known = {indicator_key(k): v for k, v in NBS_METRICS.items()}
        metric_id = known.get(indicator_key(name))
        if metric_id is None:
            by_zh = {indicator_key(m.name_zh): m.id for m in kb.metrics.values() if m.name_zh}
            metric_id = by_zh.get(indicator_key(name))
        if metric_id is not None and metric_id in kb.metrics:
            return kb.metric(metric_id)
        raise UsageProblem(
            msg("error.innov_does_not_know_the", a0=label, a1=name),
            hint=msg("error.innov_metrics_lists_the_metrics"),
        )
    raise UsageProblem(
        msg("error.metric_is_required_for_a", a0=label), hint=msg("error.e_g_metric_gdp_unit")
    )


def _unit_for(table_unit: str | None, options: ImportOptions, label: str) -> str:
    given = options.unit.strip() if options.unit else None
    if table_unit and given and table_unit != given:
        raise UsageProblem(msg("error.the_table_says_its_unit", a0=label, a1=table_unit, a2=given))
    unit = table_unit or given
    if not unit:
        raise UsageProblem(
            msg("error.unit_is_required_the_table", a0=label), hint=msg("error.e_g_unit_or_the")
        )
    return unit


def import_wide(collector: Collector, table: Table, options: ImportOptions) -> None:
    """An NBS data-portal table or another wide table: regions down, years across."""
    kb = collector.kb
    wide = read_wide(table, options.region_column)
    name, table_unit = indicator(wide.meta)
    metric = _metric_for(kb, name, options, table.label)
    unit = _unit_for(table_unit, options, table.label)
    factor = conversion(unit, metric)
    # The table's own words: "分省年度数据：地区生产总值(亿元)".
    default_title = (
        "：".join(wide.meta[k] for k in ("数据库", "指标") if wide.meta.get(k))
        or wide.meta.get("标题")
        or None
    )
    choice = choose_source(
        kb,
        options.source,
        label=table.label,
        publisher_line=wide.meta.get("数据来源"),
        default_title=default_title,
        metric=metric,
        required=True,
    )
    collector.source(choice, table.label)
    assert choice.id is not None
    for number, row in wide.rows:
        region = collector.region(row[wide.region_column])
        for column, year in wide.years:
            text = row[column] if column < len(row) else ""
            try:
                published = parse_number(text, decimal_comma=options.decimal_comma)
            except NumberProblem as exc:
                collector.bad_cells.append(f"{table.label}:{number}:{column + 1}: {year}: {exc}")
                continue
            if published is None or region is None:
                continue
            said = [n for n in wide.notes if _concerns(n, year)]
            note = "; ".join(
                [
                    *filter(None, [published_note(published, unit, metric)]),
                    *(f"注：{n}" for n in said),
                ]
            )
            provisional = any(any(w in n for w in _PROVISIONAL_WORDS) for n in said)
            collector.add(
                NewFact(
                    region.id,
                    metric.id,
                    published * factor,
                    year,
                    choice.id,
                    note=note or None,
                    origin=f"{table.label}:{number}",
                    fractional=is_fractional(text),
                    provenance=(("flags", ("provisional",)),) if provisional else (),
                )
            )


# Words of a table's note that mark figures as provisional (初步数: preliminary figures; 预计:
# estimates made before the year's data were complete).
_PROVISIONAL_WORDS = ("初步", "预计", "preliminary", "provisional")


def _concerns(note: str, year: int) -> bool:
    """Whether a table's note is about a year's figures: it names that year, or no year."""
    years = {int(y) for y in re.findall(r"(?<!\d)(\d{4})\s*年?", note)}
    return not years or year in years
