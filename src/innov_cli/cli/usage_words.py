"""Click's usage errors in the reader's language: each English message Click writes is matched
to a wording key, so that `--lang zh` answers "未知选项" for "No such option", through the same
catalog as innov's own messages. A message Click may add later, and no pattern knows, is shown
as Click wrote it, after innov's translated prefix."""

from __future__ import annotations

import re

from innov_cli.messages import Msg, msg

_DETAILS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^'(?P<value>.*)' is not a valid (?P<type>[\w ]+)\.$"), "usage.not_valid"),
    (re.compile(r"^(?P<value>.*) is not in the range (?P<range>.*)\.$"), "usage.not_in_range"),
    (re.compile(r"^'(?P<value>.*)' is not one of (?P<choices>.*)\.$"), "usage.not_one_of"),
)
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^No such option: (?P<name>\S+)(?: \(Possible options: (?P<options>.*)\))?$"),
        "usage.no_option",
    ),
    (
        re.compile(r"^No such command '(?P<name>.*)'\.(?: Did you mean (?P<close>.*)\?)?$"),
        "usage.no_command",
    ),
    (re.compile(r"^Missing (?P<what>argument|option|parameter) (?P<name>.+?)\.(?P<extra>.*)$"),
     "usage.missing"),
    (re.compile(r"^Option '?(?P<name>[^']+?)'? requires an argument\.$"), "usage.needs_value"),
    (re.compile(r"^Option '?(?P<name>[^']+?)'? does not take a value\.$"), "usage.takes_no_value"),
    (re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)$"),
     "usage.extra_arguments"),
)  # fmt: skip
_INVALID = re.compile(r"^Invalid value for (?P<param>.+?): (?P<detail>.*)$", re.DOTALL)


def usage_words(message: str) -> Msg | None:
    """The wording key of a Click usage message, or None for one no pattern knows."""
    invalid = _INVALID.match(message)
    if invalid:
        detail = invalid.group("detail")
        for pattern, key in _DETAILS:
            found = pattern.match(detail)
            if found:
                return msg(
                    "usage.invalid_value",
                    param=invalid.group("param"),
                    detail=msg(key, **found.groupdict()),
                )
        return msg("usage.invalid_value", param=invalid.group("param"), detail=detail)
    for pattern, key in _MESSAGES:
        found = pattern.match(message)
        if found:
            return msg(key, **{k: v or "" for k, v in found.groupdict().items()})
    return None
