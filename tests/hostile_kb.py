"""A valid knowledge base whose every text field tries to change the output: markup, terminal
escapes, control and bidi characters, and names too long for a narrow terminal."""

from __future__ import annotations

import json

NAME = "[bold]Alpha[/bold] \x1b]8;;http://evil\x07click\x1b]8;;\x07"

NOTE = "[/x] unmatched close tag, bell\x07 cr\r esc\x1b[31mred\x1b[0m bidi\u202eevil c1\x9b2J"

TITLE = "Title [/x] with [link=http://e]x[/link]"

URL = "https://example.org/a/very/long/path/that/does/not/fit/in/forty/columns/at/all"

NAME_ZH = "甲城市超级长的中文名字用于测试换行不会溢出终端宽度"

ALIAS = "Alpha-supercalifragilisticexpialidocious-very-long-alias"

HOSTILE = f"""
[[source]]
id = "src-a"
publisher = "[bold]Publisher[/bold]"
title = {json.dumps(TITLE)}
date = "2024"
url = "{URL}"
tier = "primary"

[[metric]]
id = "m_one"
name = "[red]Metric[/red]"
unit = "count"

[[region]]
id = "alpha"
name = {json.dumps(NAME)}
kinds = ["city"]
country = "CN"
note = {json.dumps(NOTE)}
aliases = ["{ALIAS}"]
name_zh = "{NAME_ZH}"

[[region]]
id = "beta"
name = "Beta"
kinds = ["city"]
country = "US"

[[fact]]
region = "alpha"
metric = "m_one"
value = 12345678901
year = 2023
source = "src-a"
confidence = "exact"
note = "note with [i]markup[/i]"

[[fact]]
region = "beta"
metric = "m_one"
value = 7
year = 2023
source = "src-a"
confidence = "exact"
"""
