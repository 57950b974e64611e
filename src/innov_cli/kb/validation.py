"""Validate parsed TOML against the record types with pydantic, as located problems."""

from __future__ import annotations

import dataclasses
import difflib
from functools import cache
from typing import TYPE_CHECKING, Any

from innov_cli.errors import Problem
from innov_cli.kb.document import Document, as_records
from innov_cli.kb.locate import TextIndex
from innov_cli.kb.records import Fact, Metric, Region, Source

if TYPE_CHECKING:
    from pydantic import TypeAdapter

TABLES: dict[str, type[Any]] = {"source": Source, "metric": Metric, "region": Region, "fact": Fact}

_TYPE_WORDS = {
    "string_type": "a string",
    "int_type": "an integer",
    "float_type": "a number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "tuple_type": "an array",
    "list_type": "an array",
    "dataclass_type": "a table",
    "dict_type": "a table",
    "model_type": "a table",
    "dataclass_exact_type": "a table",
}


@cache
def _adapter() -> TypeAdapter[Document]:
    # Imported here: a cache hit never needs pydantic, and importing it costs ~0.1 s.
    from pydantic import TypeAdapter

    return TypeAdapter(Document)


def validate_document(
    raw: dict[str, Any], label: str, index: TextIndex
) -> tuple[Document | None, list[Problem]]:
    """A Document, or the problems that stop it being one (all of them, not just the first)."""
    checked = validate_leniently(raw, label, index)
    return (checked.document if not checked.problems else None), checked.problems


@dataclasses.dataclass(frozen=True)
class Validated:
    """A file's valid entries, the problems of the others, and where the valid ones were.

    `positions[table][n]` is the position in the file of the table's n-th valid entry (None
    when every entry was valid); `broken` holds the ids of entries left out, so that a
    reference to one is not reported a second time as "unknown"."""

    document: Document | None
    problems: list[Problem]
    positions: dict[str, list[int]] | None = None
    broken: dict[str, set[str]] = dataclasses.field(default_factory=dict)


def validate_leniently(raw: dict[str, Any], label: str, index: TextIndex) -> Validated:
    """Validate a file; when some entries fail, validate the rest without them, so that the
    checks that need the whole knowledge base (references, duplicates, cycles) still run and
    one run reports type errors and reference errors together."""
    from pydantic import ValidationError

    try:
        return Validated(_validate(raw), [])
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    problems = _problems(errors, raw, label, index)
    bad_entries: dict[str, set[int]] = {}
    bad_keys: set[str] = set()
    for err in errors:
        loc = err["loc"]
        if len(loc) > 1 and isinstance(loc[1], int):
            bad_entries.setdefault(str(loc[0]), set()).add(loc[1])
        elif loc:
            bad_keys.add(str(loc[0]))
    cleaned: dict[str, Any] = {}
    positions: dict[str, list[int]] = {}
    broken: dict[str, set[str]] = {}
    for key, value in raw.items():
        if key in bad_keys:
            continue
        if key in TABLES and isinstance(value, list):
            bad = bad_entries.get(key, set())
            positions[key] = [n for n in range(len(value)) if n not in bad]
            cleaned[key] = [value[n] for n in positions[key]]
            broken[key] = {
                entry["id"]
                for n in bad
                if isinstance(entry := value[n], dict) and isinstance(entry.get("id"), str)
            }
        else:
            cleaned[key] = value
    try:
        document = _validate(cleaned)
    except ValidationError:
        return Validated(None, problems, None, broken)
    return Validated(document, problems, positions, broken)


# Entries validated per call: pydantic's compiled validator holds the interpreter for a whole
# call, and Ctrl-C is answered only between calls (1.5 s for 195,000 entries in one call).
BATCH = 20_000


def _validate(raw: dict[str, Any]) -> Document:
    """The document, validated in batches when large; a batch that fails sends the whole
    document through once more, so that error locations count entries as the file does."""
    from pydantic import ValidationError

    sizes = [len(v) for k, v in raw.items() if k in TABLES and isinstance(v, list)]
    if sum(sizes) <= BATCH:
        return as_records(_validate_whole(raw))
    parts: list[Document] = []
    try:
        for piece in _batches(raw):
            parts.append(_validate_whole(piece))
    except ValidationError:
        return as_records(_validate_whole(raw))
    first = parts[0]
    return as_records(
        Document(
            first.schema_version,
            tuple(e for part in parts for e in part.source),
            tuple(e for part in parts for e in part.metric),
            tuple(e for part in parts for e in part.region),
            tuple(e for part in parts for e in part.fact),
        )
    )


def _batches(raw: dict[str, Any]) -> Any:
    """The document as pieces of at most BATCH table entries; the first keeps the other keys."""
    rest = {k: v for k, v in raw.items() if not (k in TABLES and isinstance(v, list))}
    yield rest
    for key, entries in raw.items():
        if key in TABLES and isinstance(entries, list):
            for start in range(0, len(entries), BATCH):
                yield {key: entries[start : start + BATCH]}


def _validate_whole(raw: dict[str, Any]) -> Document:
    import json

    # Strict JSON-mode validation: tables may arrive as objects and arrays as tuples, yet the
    # string "12" or the boolean true is never taken for a number.
    return _adapter().validate_json(json.dumps(raw, ensure_ascii=False), strict=True)


def _problems(errors: Any, raw: dict[str, Any], label: str, index: TextIndex) -> list[Problem]:
    problems: dict[tuple[str, ...], Problem] = {}
    for err in errors:
        loc = tuple(err["loc"])
        # A union reports once per member ("int", "float"): say it once, as a number.
        if loc and loc[-1] in ("int", "float") and str(err["type"]).endswith("_type"):
            err = {**err, "loc": loc[:-1], "type": "float_type"}
        problem = _problem(err, raw, label, index)
        problems.setdefault(tuple(str(p) for p in err["loc"]), problem)
    return list(problems.values())


def _problem(err: Any, raw: dict[str, Any], label: str, index: TextIndex) -> Problem:
    loc = tuple(err["loc"])
    table = str(loc[0]) if loc else ""
    position = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
    key_path = [str(p) for p in loc[2:]] if position is not None else [str(p) for p in loc[1:]]
    key = key_path[0] if key_path else None
    entry = _entry(raw, table, position)
    kind = err["type"]
    given = err.get("input")
    hint = None
    # Problems with a value point at the value; problems with a key at the key.
    at_value = True
    if kind == "missing":
        message = f"missing required key {key!r}" if key else "missing required value"
        at_value = False
    elif kind in ("extra_forbidden", "unexpected_keyword_argument"):
        at_value = False
        if position is None and not key_path:
            # An unknown top-level table or key.
            message = f"unknown table or key {table!r}"
            hint = _did_you_mean(table, [f.name for f in dataclasses.fields(Document)])
            line, column = index.position(table, None, table) or (None, None)
            return Problem(label, message, line=line, column=column, hint=hint)
        message = f"unknown key {key!r}"
        record = TABLES.get(table)
        if record is not None and key is not None:
            hint = _did_you_mean(key, list(record._fields))
    elif kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        message = f"must be one of {expected}, got {_show(given)}"
    elif kind in ("dataclass_exact_type", "tuple_type") and position is None and not key_path:
        # `[source]` (one table) or `source = 1` where `[[source]]` (a list of tables) belongs.
        message = f"expected an array of tables ([[{table}]]), got {_kind_of(given)}"
        if isinstance(given, dict):
            hint = f"write the header as [[{table}]], with double brackets"
        at_value = False
    elif kind in _TYPE_WORDS:
        message = f"expected {_TYPE_WORDS[kind]}, got {_show(given)}"
        if kind == "string_type":
            hint = "put text in double quotes"
        elif isinstance(given, str) and kind in ("int_type", "float_type"):
            hint = "write numbers without quotes"
    else:
        message = f"{err['msg'][:1].lower()}{err['msg'][1:]}, got {_show(given)}"
    if len(key_path) > 1:
        key = key_path[0]
        item = key_path[1]
        message = f"item {int(item) + 1 if item.isdigit() else item}: {message}"
    return _at(label, index, table, position, key, entry, message, hint, at_value=at_value)


def _kind_of(value: object) -> str:
    """A TOML-level word for what a user wrote: `got a table` reads better than `got dict`."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return f"an integer ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"a string ({_show(value)})"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, (list, tuple)):
        return "an array"
    return type(value).__name__


def _show(value: object, limit: int = 60) -> str:
    """A value as written, cut short: a whole table in a message helps nobody."""
    if isinstance(value, dict):
        return "a table"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _at(
    label: str,
    index: TextIndex,
    table: str,
    position: int | None,
    key: str | None,
    entry: dict[str, Any] | None,
    message: str,
    hint: str | None = None,
    *,
    at_value: bool = False,
) -> Problem:
    line_col = index.position(table, position, key, value=at_value)
    line, column = line_col if line_col else (None, None)
    return Problem(
        label,
        message,
        line=line,
        column=column,
        entity=describe_entity(table, position, entry),
        field=key,
        hint=hint,
    )


def _entry(raw: dict[str, Any], table: str, position: int | None) -> dict[str, Any] | None:
    entries = raw.get(table)
    if position is None or not isinstance(entries, list) or position >= len(entries):
        return None
    entry = entries[position]
    return entry if isinstance(entry, dict) else None


def describe_entity(table: str, position: int | None, entry: dict[str, Any] | None) -> str:
    """`[[region]] #2 (id='b')`: a 1-based position plus the entity's own id when it has one."""
    if position is None:
        return f"[{table}]" if table else ""
    text = f"[[{table}]] #{position + 1}"
    if entry is not None:
        if isinstance(entry.get("id"), str):
            text += f" (id={entry['id']!r})"
        elif table == "fact" and isinstance(entry.get("region"), str):
            text += f" ({entry.get('region')}/{entry.get('metric')}/{entry.get('year')})"
    return text


def _did_you_mean(word: str, choices: list[str]) -> str | None:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else f"valid keys: {', '.join(choices)}"
