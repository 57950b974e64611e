"""A small knowledge base for chart and report tests: Chinese names, a `via` copy, an
approximate figure, a missing year and a ranking with editions."""

from __future__ import annotations

KB = """
schema_version = 1

[[source]]
id = "stats-2025"
publisher = "Example Statistics Bureau"
title = "Statistical Communiqué 2024"
date = "2025-03-01"
url = "https://stats.example.org/communique-2024"
tier = "primary"

[[source]]
id = "paper-2023"
publisher = "Example Daily"
title = "The economy in 2022"
date = "2023-02-01"
url = "https://daily.example.org/2022"
tier = "official-media"
via = "https://mirror.example.net/daily-2022"

[[source]]
id = "index-2025"
publisher = "Example Index"
title = "Science Towns 2025"
date = "2025-06-01"
url = "https://index.example.org/2025"
tier = "primary"

[[metric]]
id = "gdp"
name = "GDP"
unit = "CNY bn"

[[metric]]
id = "town_rank"
name = "Science Towns rank"
unit = "rank"
better = "lower"
edition_offset = 1

[[region]]
id = "alpha"
name = "Alpha City"
name_zh = "甲市"
kinds = ["city"]
country = "CN"

[[region]]
id = "beta"
name = "Beta City"
name_zh = "乙市"
kinds = ["city"]
country = "CN"

[[region]]
id = "gamma"
name = "丙市"
kinds = ["city"]
country = "CN"

[[fact]]
region = "alpha"
metric = "gdp"
value = 1200
year = 2024
source = "stats-2025"
confidence = "exact"

[[fact]]
region = "beta"
metric = "gdp"
value = 800
year = 2024
source = "stats-2025"
confidence = "approximate"

[[fact]]
region = "gamma"
metric = "gdp"
value = 500
year = 2022
source = "paper-2023"
confidence = "exact"

[[fact]]
region = "alpha"
metric = "gdp"
value = 1000
year = 2021
source = "paper-2023"
confidence = "exact"

[[fact]]
region = "alpha"
metric = "gdp"
value = 1100
year = 2022
source = "paper-2023"
confidence = "exact"

[[fact]]
region = "alpha"
metric = "town_rank"
value = 3
year = 2024
edition = 2025
source = "index-2025"
confidence = "exact"

[[fact]]
region = "beta"
metric = "town_rank"
value = 1
year = 2024
edition = 2025
source = "index-2025"
confidence = "exact"
"""
