"""Focus sectors in Chinese: the knowledge base names sectors in English words; Chinese readers
(and `innov search 集成电路`) need the terms Chinese plans use."""

from __future__ import annotations

from collections.abc import Sequence

from innov_cli.view.model import Named

# English sector (as written in the data, case-insensitive) -> the usual Chinese term.
SECTORS_ZH: dict[str, str] = {
    "integrated circuits": "集成电路",
    "semiconductors": "半导体",
    "biomedicine": "生物医药",
    "biotechnology": "生物技术",
    "artificial intelligence": "人工智能",
    "aerospace": "航空航天",
    "advanced manufacturing": "先进制造",
    "green energy": "绿色能源",
    "new energy": "新能源",
    "new energy vehicles": "新能源汽车",
    "new materials": "新材料",
    "quantum": "量子",
    "quantum technology": "量子科技",
    "quantum information": "量子信息",
    "digital economy": "数字经济",
    "information technology": "信息技术",
    "new-generation information technology": "新一代信息技术",
    "life sciences": "生命科学",
    "marine economy": "海洋经济",
    "finance": "金融",
    "financial technology": "金融科技",
    "fintech": "金融科技",
    "robotics": "机器人",
    "intelligent manufacturing": "智能制造",
    "electronic information": "电子信息",
    "automotive": "汽车",
    "photonics": "光电",
    "software": "软件",
    "blockchain": "区块链",
    "low-altitude economy": "低空经济",
    "equipment manufacturing": "装备制造",
}


def sector_zh(sector: str) -> str | None:
    """The Chinese term for an English sector name, or None when the table has none."""
    return SECTORS_ZH.get(sector.strip().casefold())


def sectors_text(sectors: Sequence[str]) -> Named:
    """Sectors as one list in English and in Chinese (English kept where no term is known)."""
    return Named(", ".join(sectors), "、".join(sector_zh(s) or s for s in sectors))
