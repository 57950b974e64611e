"""Every sentence innov shows a person, in one place, translated through gettext.

Views carry `Msg` keys and parameters; `say` turns one into text in the reader's language. The
English templates below are the gettext msgids: the Chinese words live in
`innov_cli/locale/zh/LC_MESSAGES/innov.po` (compiled to `innov.mo` by
`scripts/compile_catalogs.py`). A template function marks each fragment it words with `_()`,
so the catalog test can find it. Machine formats never carry these sentences except as notes in
JSON documents, which are always worded in English so that scripts see the same bytes whatever
the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from innov_cli.view.check_texts import CHECK_TEXTS
from innov_cli.view.error_texts import ERROR_TEXTS
from innov_cli.view.language import (
    DOMAIN,
    LANGUAGES,
    LOCALE_DIR,
    _,
    _language,
    catalog,
    current_language,
    metric_name_zh,
    speaking,
)
from innov_cli.view.model import Figure, Mark, Msg, Named, Text
from innov_cli.view.texts import TEXTS as _TABLE_TEXTS

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "TEXTS",
    "catalog",
    "current_language",
    "metric_name_zh",
    "plain",
    "say",
    "speaking",
]

# Every key: a template (str.format over the parameters) or a function of the parameters.
TEXTS: dict[str, str | Callable[[dict[str, Any]], str]] = {
    **_TABLE_TEXTS,
    **CHECK_TEXTS,
    **ERROR_TEXTS,
}

# Marks drawn before a figure's text, and after it.
MARKS_BEFORE: dict[Mark, str] = {Mark.LEADER: "▲ "}
MARKS_AFTER: dict[Mark, str] = {
    Mark.APPROXIMATE: " ≈",
    Mark.DERIVED: " †",
    Mark.SECONDARY: " §",
    Mark.OTHER_YEAR: " *",
    Mark.DIFFER: " ‡",
}


def say(text: Text | Figure, language: str | None = None) -> str:
    """The words for a message (or a figure with its marks, or a name) in a language: "en",
    "zh", or by default the one being spoken; a plain string is itself."""
    if language is not None:
        with speaking(language):
            return say(text)
    if isinstance(text, str):
        return text
    chinese = _language.get() == "zh"
    if isinstance(text, Named):
        return text.zh if chinese and text.zh else text.en
    if isinstance(text, Figure):
        before = "".join(MARKS_BEFORE.get(m, "") for m in text.marks)
        after = "".join(MARKS_AFTER.get(m, "") for m in text.marks)
        shown = text.zh if chinese and text.zh else text.text
        return before + shown + after
    template = TEXTS[text.key]
    params = {k: _spoken(v) for k, v in text.params.items()}
    if callable(template):
        return template(params)
    return _(template).format(**params)


def _spoken(value: Any) -> Any:
    """Parameters in the language being spoken: names picked, nested messages worded."""
    if isinstance(value, Named):
        return say(value)
    if isinstance(value, Msg):
        return say(value)
    if isinstance(value, list):
        return [_spoken(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_spoken(v) for v in value)
    return value


def plain(value: Any) -> Any:
    """JSON-ready data: messages inside it worded (in English: scripts never notice)."""
    if isinstance(value, (Msg, Named)):
        return say(value, "en")
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
