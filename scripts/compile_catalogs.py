"""Compile the gettext catalogs (`.po` -> `.mo`) with the standard library only.

    python scripts/compile_catalogs.py          # rewrite every stale innov.mo
    python scripts/compile_catalogs.py --check  # exit 1 if a compiled catalog is stale

The `.mo` files are committed and shipped in the wheel; the output is deterministic (entries
sorted by msgid, no hash table), so a stale catalog is a byte difference. Fuzzy entries and
empty translations are left out, as msgfmt does.
"""

from __future__ import annotations

import ast
import struct
import sys
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "innov_cli" / "locale"
# The modules whose `_("...")` fragments are msgids.
WORDING = [
    ROOT / "src" / "innov_cli" / "view" / name
    for name in ("wording.py", "texts.py", "check_texts.py", "error_texts.py", "language.py")
]


class Entry(NamedTuple):
    msgid: str
    msgstr: str
    msgctxt: str | None = None
    fuzzy: bool = False


def read_po(path: Path) -> list[Entry]:
    """The entries of a `.po` file (single-form messages; no plurals are used)."""
    entries: list[Entry] = []
    fields: dict[str, str] = {}
    current: str | None = None
    fuzzy = False

    def finish() -> None:
        nonlocal fields, current, fuzzy
        if "msgid" in fields:
            entries.append(
                Entry(fields["msgid"], fields.get("msgstr", ""), fields.get("msgctxt"), fuzzy)
            )
        fields, current, fuzzy = {}, None, False

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                if "msgid" in fields:
                    finish()
                fuzzy = True
            continue
        if line.startswith('"'):
            if current is None:
                raise ValueError(f"{path}:{number}: a string outside an entry")
            fields[current] += ast.literal_eval(line)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword not in ("msgctxt", "msgid", "msgstr"):
            raise ValueError(f"{path}:{number}: unknown keyword {keyword!r}")
        if keyword in ("msgctxt", "msgid") and "msgstr" in fields:
            finish()
        if keyword == "msgid" and "msgctxt" not in fields and "msgid" in fields:
            raise ValueError(f"{path}:{number}: msgid without msgstr")
        current = keyword
        fields[keyword] = ast.literal_eval(rest)
    finish()
    return entries


def mo_bytes(entries: list[Entry]) -> bytes:
    """A GNU `.mo` file (little-endian, revision 0, no hash table) for the translated entries."""
    pairs: dict[bytes, bytes] = {}
    for entry in entries:
        if entry.fuzzy or not entry.msgstr:
            continue
        original = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        pairs[original.encode("utf-8")] = entry.msgstr.encode("utf-8")
    keys = sorted(pairs)
    count = len(keys)
    originals_at = 7 * 4
    translations_at = originals_at + 8 * count
    data_at = translations_at + 8 * count
    table_o: list[tuple[int, int]] = []
    table_t: list[tuple[int, int]] = []
    blob = b""
    for key in keys:
        table_o.append((len(key), data_at + len(blob)))
        blob += key + b"\0"
    for key in keys:
        value = pairs[key]
        table_t.append((len(value), data_at + len(blob)))
        blob += value + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, originals_at, translations_at, 0, 0)
    tables = b"".join(struct.pack("<2I", *pair) for pair in table_o + table_t)
    return header + tables + blob


def catalogs() -> list[Path]:
    """Every `.po` source under the locale folder."""
    return sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def wording_msgids(paths: list[Path] = WORDING) -> set[str]:
    """The msgids the wording modules use: every `_("...")` fragment."""
    found: set[str] = set()
    nodes = [n for p in paths for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))]
    for node in nodes:
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "_"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for po in catalogs():
        mo = po.with_suffix(".mo")
        wanted = mo_bytes(read_po(po))
        if mo.exists() and mo.read_bytes() == wanted:
            continue
        stale.append(mo)
        if not check:
            mo.write_bytes(wanted)
            print(f"wrote {mo.relative_to(ROOT)}")
    if check and stale:
        for mo in stale:
            print(f"stale: {mo.relative_to(ROOT)} (run scripts/compile_catalogs.py)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
