"""The words an article uses for innov's metrics, beyond their names in the knowledge base.

A metric is found by its name, Chinese name and aliases (from the data) and by these words.
Several metrics share words ("GDP" names the yuan and the dollar figure): the quantity's unit
decides between them, so a phrase never has to be unique here.
"""

from __future__ import annotations

from innov_cli.view.model import Named

METRIC_WORDS: dict[str, tuple[str, ...]] = {
    "gdp": (
        "gdp", "gross domestic product", "economic output", "economic aggregate", "economy",
        "output", "地区生产总值", "生产总值", "经济总量", "gdp总量",
    ),
    "gdp_usd": ("gdp", "gross domestic product", "economic output", "economy", "output",
                "地区生产总值", "经济总量"),
    "gdp_growth_real": ("growth", "grew", "expanded", "增长", "增速"),
    "gdp_per_capita": ("gdp per capita", "per capita gdp", "gdp per head", "人均地区生产总值",
                       "人均gdp"),
    "gdp_share_national": ("of china's gdp", "of national gdp", "of the national economy",
                           "占全国", "全国经济总量"),
    "population": ("population", "residents", "inhabitants", "people", "常住人口", "人口"),
    "rd_expenditure": (
        "r&d expenditure", "r&d spending", "r&d investment", "spending on r&d",
        "research and development spending", "研发经费", "r&d经费", "研发投入",
        "研究与试验发展经费",
    ),
    "rd_intensity": (
        "r&d intensity", "research intensity", "of gdp on r&d", "r&d spending as a share of gdp",
        "研发投入强度", "r&d经费投入强度", "研发经费投入强度", "研究与试验发展经费投入强度",
    ),
    "high_tech_enterprises": ("high-tech enterprises", "high-tech firms", "high-tech companies",
                              "高新技术企业"),
    "high_tech_enterprise_share_national": ("high-tech enterprises", "high-tech firms",
                                            "high-tech companies", "高新技术企业"),
    "innovation_platforms": ("innovation platforms", "platforms", "创新平台"),
    "advanced_manufacturing_clusters": ("advanced manufacturing clusters",
                                        "manufacturing clusters", "先进制造业集群"),
    "joint_laboratories": ("joint laboratories", "joint labs", "cross-border laboratories",
                           "cross-border labs", "laboratories", "联合实验室"),
    "major_infrastructure_projects": ("infrastructure projects", "major projects",
                                      "infrastructure facilities", "重大科技基础设施"),
    "academic_partners": ("academic institutions", "academic partners", "universities",
                          "高校", "科研院所"),
    "corporate_partners": ("corporate partners", "corporate collaborators", "companies",
                           "enterprises", "firms", "企业"),
    "unicorns": ("unicorns", "unicorn companies", "独角兽", "独角兽企业"),
    "national_key_laboratories": ("national key laboratories", "state key laboratories",
                                  "全国重点实验室", "国家重点实验室"),
    "invention_patents_granted": ("invention patents", "发明专利"),
    "patents_granted": ("patents granted", "patents", "专利授权", "授权专利"),
    "tech_contract_turnover": ("technology contracts", "technology-contract turnover",
                               "技术合同成交额", "技术合同"),
    "land_area": ("square kilometres", "square kilometers", "km2", "面积"),
    "nature_index_rank": ("nature index", "science cities", "science city", "research cities",
                          "自然指数", "科研城市"),
    "wipo_cluster_rank": ("global innovation index", "gii", "science and technology clusters",
                          "s&t clusters", "innovation clusters", "全球创新指数", "科技集群"),
}  # fmt: skip

# Words that name a country's regions as a group, for "six of the top ten are Chinese".
COUNTRY_WORDS: dict[str, tuple[str, ...]] = {
    "CN": ("chinese", "china's", "china", "中国"),
    "US": ("american", "us", "u.s.", "united states", "美国"),
    "JP": ("japanese", "japan", "日本"),
    "DE": ("german", "germany", "德国"),
    "GB": ("british", "uk", "united kingdom", "英国"),
    "KR": ("korean", "south korea", "korea", "韩国"),
}

COUNTRY_NAMES: dict[str, Named] = {
    "CN": Named("China", "中国"),
    "US": Named("the United States", "美国"),
    "JP": Named("Japan", "日本"),
    "DE": Named("Germany", "德国"),
    "GB": Named("the United Kingdom", "英国"),
    "KR": Named("South Korea", "韩国"),
}

# A ranking's name just before or after a year makes the year its edition ("Nature Index 2025").
EDITION_WORDS = (
    "nature index", "science cities", "research leaders", "global innovation index", "gii",
    "edition", "自然指数", "全球创新指数", "科研城市",
)  # fmt: skip
