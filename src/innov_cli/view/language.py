"""The reader's language: which one `say` words in, and the compiled catalogs behind `_`.

English templates are the gettext msgids; the Chinese words are in
`innov_cli/locale/zh/LC_MESSAGES/innov.po` (compiled by `scripts/compile_catalogs.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gettext import NullTranslations

LANGUAGES = ("en", "zh")
DOMAIN = "innov"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
# The language `say` words in; set around each call, read by `_` inside template functions.
_language: ContextVar[str] = ContextVar("innov_language", default="en")


@cache
def catalog(language: str) -> NullTranslations:
    """The compiled gettext catalog of a language (English needs none)."""
    import gettext  # only when Chinese is asked for: keeps it off English start-up

    return gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[language], fallback=True)


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Word every `say` inside the block in `language` ("en" or "zh")."""
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)


def current_language() -> str:
    """The language `say` words in now ("en" or "zh")."""
    return _language.get()


def _(english: str) -> str:
    """The current language's words for an English message (the English itself if none)."""
    language = _language.get()
    if language == "en":
        return english
    return catalog(language).gettext(english)


def metric_name_zh(metric_id: str, given: str | None = None) -> str | None:
    """A metric's Chinese name: the data file's own `name_zh`, else the built-in catalog's
    (msgctxt "metric", keyed by metric id), else None."""
    if given:
        return given
    translated = catalog("zh").pgettext("metric", metric_id)
    return None if translated == metric_id else translated
