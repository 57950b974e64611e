"""Whether a text is written in Chinese characters: search, check and import read such text
differently (no spaces between words; names matched anywhere)."""


def has_han(text: str) -> bool:
    """True when `text` holds a Chinese (Han) character, CJK Extension A or the compatibility
    ideographs."""
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)
