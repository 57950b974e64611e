"""Messages as data: a wording key and its parameters, for every layer to use.

The knowledge base (`kb/`), the errors (`errors.py`) and the views (`view/`) all speak in
`Msg`s; only `view.wording` turns one into a sentence, in the reader's language. Living at the
root, the type lets `kb/` say something to a person without importing anything from `view/`.
"""

# Annotations are evaluated, not postponed: typing.NamedTuple would otherwise compile each
# field's annotation string at every start (this module is imported by every command).

from typing import Any, NamedTuple


class Msg(NamedTuple):
    """A sentence to be worded: a key of `view.wording.TEXTS` and its parameters."""

    key: str
    params: dict[str, Any] = {}  # noqa: RUF012 (never mutated: a shared empty default is safe)


def msg(key: str, **params: Any) -> Msg:
    return Msg(key, params)
