"""The words of errors and hints (stderr): each key a template or a function of its
parameters, like `texts.TEXTS`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from innov_cli.view.language import _

ERROR_TEXTS: dict[str, str | Callable[[dict[str, Any]], str]] = {
    # errors (stderr)
    "usage.see_help": "see '{path} -h'",
    "usage.no_option": lambda p: (
        _("No such option: {name} (possible options: {options})")
        if p.get("options")
        else _("No such option: {name}")
    ).format(**p),
    "usage.no_command": lambda p: (
        _("No such command {name!r}. Did you mean {close}?")
        if p.get("close")
        else _("No such command {name!r}.")
    ).format(**p),
    "usage.missing": lambda p: _("Missing {what} {name}.").format(
        what={"argument": _("argument"), "option": _("option")}.get(p["what"], _("parameter")),
        name=p["name"],
    ),
    "usage.needs_value": "Option {name} requires a value.",
    "usage.takes_no_value": "Option {name} does not take a value.",
    "usage.extra_arguments": "Unexpected extra arguments: {args}",
    "usage.invalid_value": "Invalid value for {param}: {detail}",
    "usage.not_valid": lambda p: _("{value!r} is not a valid {type}.").format(
        value=p["value"],
        type={"integer": _("whole number"), "int range": _("whole number")}.get(
            p["type"], p["type"]
        ),
    ),
    "usage.not_in_range": "{value} is not in the range {range}.",
    "usage.not_one_of": "{value!r} is not one of {choices}.",
    "error.import_needs_o_out_toml": (
        "import needs -o OUT.toml (or -o - for standard output, or --dry-run)"
    ),
    "error.innov_import_table_csv_o": "innov import table.csv -o table.toml",
    "error.no_regions_to_cover": "no regions to cover",
    "error.check_kind_and_region": "check --kind and --region",
    "error.cannot_write": "cannot write {a0}: {a1}",
    "error.a_sqlite_database_must_be": "a SQLite database must be a regular file, and {a0} is not",
    "error.name_a_file_such_as": "name a file such as kb.db",
    "error.bom_applies_to_format_csv": "--bom applies to --format csv, not to --format {a0}",
    "error.drop_bom_or_write_a": "drop --bom, or write a .csv file",
    "error.year_takes_whole_years_such": "--year takes whole years such as 2023, got {a0!r}",
    "error.format_contradicts_the_file_name": (
        "--format {a0} contradicts the file name {a1} (which says {a2})"
    ),
    "error.drop_format_to_write_rename": (
        "drop --format to write {a0}, rename the file, or add --force"
    ),
    "error.standard_input_can_be_read": "standard input (-) can be read once",
    "error.already_exists": "{a0} already exists",
    "error.add_force_to_replace_it": "add --force to replace it, or choose another -o path",
    "error.the_tables_hold_no_figures": "the tables hold no figures",
    "error.every_value_cell_is_empty": "every value cell is empty. Nothing was written.",
    "error.the_same_fact_twice": "the same fact twice: {a0}",
    "error.each_region_metric_year_and": (
        "each region, metric, year and source once. Nothing was written."
    ),
    "error.bad_cells": "{a0}{a1}",
    "error.a_missing_figure_may_be": (
        "a missing figure may be left empty or written '..'. Nothing was written."
    ),
    "error.unknown_region_name": "{a0} unknown region names: {a1}",
    "error.correct_them_or_add_the": (
        "correct them, or add the regions (with these names as aliases) in a --data file; "
        "`innov list` shows the known ones. Nothing was written."
    ),
    "error.the_table_is_empty": "{a0}: the table is empty",
    "error.unknown_source_s": "{a0}: unknown source(s): {a1}",
    "error.add_them_with_data_file": "add them with --data FILE, or see `innov sources`",
    "error.unknown_metric_s": "{a0}: unknown metric(s): {a1}",
    "error.innov_metrics_lists_the_metrics": "`innov metrics` lists the metrics",
    "error.and_would_share_source_a": (
        "{a0} and {a1} would share source {a2!r} with different details"
    ),
    "error.give_title_and_the_other": (
        "give --title (and the other details) for both, or import them separately"
    ),
    "error.source_ids_are_lowercase_slugs": (
        "source ids are lowercase slugs such as 'nbs-2024', got {a0!r}"
    ),
    "error.source_a_r_already_exists": "source {a0!r} already exists",
    "error.leave_out_publisher_title_url": (
        "leave out --publisher/--title/--url/--date/--tier to cite it, or pick a new id"
    ),
    "error.url_must_be_an_http": "--url must be an http(s) URL, got {a0!r}",
    "error.date_must_be_yyyy_yyyy": "--date must be YYYY, YYYY-MM or YYYY-MM-DD, got {a0!r}",
    "error.unknown_tier_a_r": "unknown tier {a0!r}",
    "error.valid_tiers": "valid tiers: {a0}",
    "error.the_new_source_needs": "{a0}: the new source needs {a1}{a2}",
    "error.or_cite_an_existing_source": "or cite an existing source with --source ID",
    "error.the_facts_need_a_source": (
        "{a0}: the facts need a source: give --source ID (an existing source), or "
        "--url and --date for a new one (--publisher, --title and --tier if the defaults, "
        "the URL's host, the file's name and secondary, do not fit)"
    ),
    "error.innov_sources_lists_the_existing": "`innov sources` lists the existing ones",
    "error.unknown_source_a_r": "unknown source {a0!r}",
    "error.or_give_publisher_title_url": (
        "{a0} (or give --publisher, --title, --url, --date and --tier to add one)"
    ),
    "error.unit_is_required_the_table": (
        "{a0}: --unit is required: the table does not state its unit"
    ),
    "error.e_g_unit_or_the": "e.g. --unit 亿元, or the metric's own unit such as 'CNY bn'",
    "error.the_table_says_its_unit": (
        "{a0}: the table says its unit is {a1!r}, but --unit says {a2!r}"
    ),
    "error.better_must_be_one_of": "--better must be one of {a0}, got {a1!r}",
    "error.a_new_metric_id_is": (
        "a new metric id is lowercase snake_case such as 'robot_density', got {a0!r}"
    ),
    "error.unknown_metric_a_r_to": (
        "unknown metric {a0!r}: to declare a new metric, give its --unit (and optionally "
        "--name, --name-zh, --better), or a table that states its unit"
    ),
    "error.innov_metrics_lists_the_known": "`innov metrics` lists the known ones",
    "error.metric_is_required_for_a": (
        "{a0}: --metric is required for a table without an NBS 指标 line"
    ),
    "error.e_g_metric_gdp_unit": "e.g. --metric gdp --unit 亿元",
    "error.innov_does_not_know_the": (
        "{a0}: innov does not know the indicator {a1!r}: give --metric ID (a new id with "
        "--unit declares a new metric)"
    ),
    "error.no_column_a_r_in": "{a0}: no column {a1!r} in the header row",
    "error.columns": "columns: {a0}",
    "error.a_row_without_a_region": "{a0}:{a1}: a row without a region name",
    "error.no_header_row_with_years": (
        "{a0}: no header row with years across (such as `地区,2024年,2023年`)"
    ),
    "error.tidy_tables_need_the_columns": (
        "tidy tables need the columns region, metric, value, year"
    ),
    "error.unit_a_r_converts_to": "unit {a0!r} converts to {a1!r}, but metric {a2} is in {a3!r}",
    "error.check_metric_and_unit": "check --metric and --unit",
    "error.cannot_convert_unit_a_r": "cannot convert unit {a0!r} to {a1!r} (metric {a2})",
    "error.known_units_or_the_metric": "known units: {a0}, or the metric's own {a1!r}",
    "error.expected_one_json_object_per": "{a0}:{a1}: expected one JSON object per line",
    "error.not_valid_json": "{a0}:{a1}: not valid JSON: {a2}",
    "error.expected_a_json_array_of": "{a0}: expected a JSON array of objects",
    "error.as_innov_export_format_json": "as `innov export --format json`",
    "error.formula_cells_without_a_stored": "{a0}: formula cells without a stored value: {a1}",
    "error.open_the_workbook_in_excel": (
        "open the workbook in Excel or LibreOffice and save it, so that the values are "
        "stored with the formulas; nothing was written"
    ),
    "error.not_a_readable_xlsx_workbook": "{a0}: not a readable .xlsx workbook ({a1})",
    "error.the_workbook_is_too_large": "{a0}: the workbook is too large to read",
    "error.reading_xlsx_needs_openpyxl": "{a0}: reading .xlsx needs openpyxl",
    "error.pip_install_openpyxl_or_in": (
        "pip install openpyxl (or, in innov's project folder: pip install -e '.[xlsx]')"
    ),
    "error.inflates_a_times_its_stored": (
        "{a0}: {a1} inflates {a2} times its stored size: refused as a decompression bomb"
    ),
    "error.uses_an_unsupported_compression_method": (
        "{a0}: {a1} uses an unsupported compression (method {a2})"
    ),
    "error.the_workbook_is_encrypted": "{a0}: the workbook is encrypted ({a1})",
    "error.the_workbook_inflates_to_a": (
        "{a0}: the workbook inflates to {a1} bytes; the limit is {a2} MiB"
    ),
    "error.an_encrypted_workbook_must_be": (
        "an encrypted workbook must be saved without a password first"
    ),
    "error.not_valid_byte": "{a0}: not valid {a1} (byte {a2})",
    "error.the_text_is_neither_utf": "{a0}: the text is neither UTF-8 nor GB18030/GBK",
    "error.save_the_table_as_utf": (
        "save the table as UTF-8 CSV, or name its encoding with --encoding"
    ),
    "error.try_encoding_gb": "try --encoding gb18030",
    "error.unknown_encoding_a_r": "unknown encoding {a0!r}",
    "error.e_g_utf_gb_utf": "e.g. utf-8, gb18030, utf-16",
    "error.the_old_xls_format_is": "{a0}: the old .xls format is not supported",
    "error.save_it_as_xlsx_or": "save it as .xlsx or CSV",
    "error.not_a_readable_csv_table": "{a0}: not a readable CSV table ({a1})",
    "error.a_bytes_the_limit_is": "{a0}: {a1} bytes; the limit is {a2} MiB",
    "error.cannot_read_a_r_not": "cannot read {a0!r}: not a valid file name",
    "error.cannot_read": "cannot read {a0}: {a1}",
    "error.cannot_read_permission_denied": "cannot read {a0}: permission denied",
    "error.cannot_read_no_such_file": "cannot read {a0}: no such file",
    "error.cannot_read_it_is_a": "cannot read {a0}: it is a directory",
    "error.latest_each_ranks_each_region": (
        "--latest-each ranks each region's latest year: drop --year/--edition"
    ),
    "error.in_takes_got_a_r": "--in takes {a0}, got {a1!r}",
    "error.innov_search_text_in_sources": "innov search TEXT --in sources",
    "error.charts_need_matplotlib_which_cannot": (
        "charts need matplotlib, which cannot be imported: {a0}"
    ),
    "error.pip_install_u_matplotlib": "pip install -U matplotlib",
    "error.charts_need_matplotlib_which_is": "charts need matplotlib, which is not installed",
    "error.csv_output_needs_utf_and": "CSV output needs UTF-8, and standard output is {a0}",
    "error.run_with_pythonutf_or_pythonioencoding": (
        "run with PYTHONUTF8=1 (or PYTHONIOENCODING=utf-8), or write a file: innov export data.csv"
    ),
    "error.this_command_draws_no_chart": "this command draws no chart",
    "hint.example": "e.g. {example}",
    "error.prefix": "innov: error: ",
    "error.hint": "hint: ",
    "error.unknown_region": "unknown region {name!r}",
    "error.unknown_metric": "unknown metric {name!r}",
    "error.unknown_region_or_source": "unknown region or source {name!r}",
    "error.unknown_kind": "unknown kind {kind!r}",
    "error.did_you_mean": lambda p: _("did you mean {names}?").format(
        names=_(" or ").join(repr(i) for i in p["ids"])
    ),
    "error.see_listing": "see `{listing}` for valid names",
    "error.valid_kinds": "valid kinds: {kinds}",
    "error.compare_two": "compare needs at least two regions",
    "error.compare_different": "compare needs different regions",
    "error.each_once": "each region once: {ids}",
    "error.search_text": "search needs some text",
    "error.top_at_least_one": "--top must be at least 1, got {top}",
    "error.bad_file_name": "cannot write {path!r}: not a valid file name",
    "error.no_folder": "cannot write {path}: folder {folder} does not exist",
    "error.is_directory": "cannot write {path}: it is a directory",
    "error.sqlite_path": "--format sqlite needs a PATH",
    "error.sqlite_fields": "--fields does not apply to sqlite exports",
    "error.unknown_field": "unknown field {name!r}",
    "error.valid_fields": lambda p: (
        (_("did you mean {name!r}? ").format(name=p["close"][0]) if p["close"] else "")
        + _("valid fields: {fields}").format(fields=p["fields"])
    ),
    "error.two_formats": "--json and --format {format} ask for different formats",
    "error.year_edition": "--year {year} and --edition {edition} disagree",
    "error.edition_describes": "edition {edition} of {metric} describes {year}",
}
