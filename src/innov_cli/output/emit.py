"""The one output dispatcher: every command hands its Output here with the chosen format."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO, cast

from innov_cli.errors import UsageProblem
from innov_cli.formats import Format
from innov_cli.output.terminal import Terminal
from innov_cli.view.model import Output, msg


def emit(
    output: Output,
    fmt: Format,
    term: Terminal,
    fields: Sequence[str] | None = None,
    path: Path | None = None,
    *,
    bom: bool = False,
) -> None:
    """Write an Output in one format, to stdout or (atomically) to `path`; `fields` picks
    columns of JSON, JSON Lines and CSV; `bom` starts a CSV with a UTF-8 byte-order mark."""
    if fmt in (Format.csl_json, Format.bibtex):
        from innov_cli.output.citations import bibtex, csl_json

        text = csl_json(output.sources) if fmt is Format.csl_json else bibtex(output.sources)
        if path is None:
            term.stdout.write(text)
        else:
            from innov_cli.output.atomic import write_atomically

            def produce_text(temp: Path) -> None:
                temp.write_text(text, encoding="utf-8")

            write_atomically(path, produce_text)
        return
    if fmt in (Format.svg, Format.png):
        from innov_cli.output.chart import render_chart

        chart = output.chart
        if chart is None:  # options.check_format refuses these formats for such commands
            raise UsageProblem(msg("error.this_command_draws_no_chart"))
        from innov_cli.view.wording import speaking

        with speaking(term.language):  # titles, axes, notes and names in the reader's language
            picture = render_chart(chart, output.sources, fmt.value, term.stderr)
        if path is None:
            term.stdout.write(picture.decode("utf-8"))
        else:
            from innov_cli.output.atomic import write_atomically

            def produce_picture(temp: Path) -> None:
                temp.write_bytes(picture)

            write_atomically(path, produce_picture)
        return
    if path is not None:
        from innov_cli.output.atomic import write_atomically

        def produce(temp: Path) -> None:
            with temp.open("w", encoding="utf-8", newline="") as stream:
                # A file is not a terminal: no colour codes in it.
                to_file = term._replace(stdout=stream, color=False, force_color=False)
                _emit_text(output, fmt, to_file, fields, bom=bom)

        write_atomically(path, produce)
        return
    _emit_text(output, fmt, term, fields, bom=bom)


def _emit_text(
    output: Output,
    fmt: Format,
    term: Terminal,
    fields: Sequence[str] | None = None,
    *,
    bom: bool = False,
) -> None:
    narrow = narrow_encoding(term.stdout)
    if narrow is not None and fmt is not Format.csv:
        # A stream that cannot carry all of Unicode (PYTHONIOENCODING=ascii, a latin-1
        # locale): machine formats escape (JSON's \uXXXX), tables show a stand-in.
        term = term._replace(stdout=cast(TextIO, Replacing(term.stdout, narrow)))
    if fmt is Format.html:
        from innov_cli.output.html import write_report

        write_report(output, term.stdout, term.stderr, term.language)
        return
    # A misspelt field is exit 2 in every format, a table too.
    picked = project(output.records, fields, output.columns) if fields else None
    if fmt in (Format.table, Format.markdown):
        # Tables are built only here: machine formats never pay for wording and formatting.
        views = output.tables()
        if fields and picked is not None:
            views = [_fields_view(picked, fields, views[0].title if views else None)]
        if fmt is Format.table:
            from innov_cli.output.table import write_tables

            write_tables(views, term)
            return
    from innov_cli.output import machine

    if output.hints:
        from innov_cli.view.wording import say

        for hint in output.hints:
            # The table shows hints among its notes; a script's stdout stays pure data.
            term.stderr.write(f"hint: {say(hint)}\n")
    if fmt is Format.markdown:
        machine.write_markdown(views, term.stdout, term.language)
        return
    data, records, columns = output.data, output.records, output.columns
    if fields and picked is not None:
        records, columns = picked, list(fields)
        if output.records_at is not None and isinstance(data, dict):
            # The document keeps its shape; its list of records is filtered in place.
            data = {**data, output.records_at: picked}
        else:
            # A command whose JSON is one document (compare, trend) gives its rows instead.
            data = picked
    if fmt is Format.json:
        if isinstance(data, dict):
            from innov_cli.view.wording import plain

            data = plain(data)
        machine.write_json(data, term.stdout, ascii_only=narrow is not None)
    elif fmt is Format.jsonl:
        machine.write_jsonl(records, term.stdout, ascii_only=narrow is not None)
    elif narrow is not None:
        import io

        text = io.StringIO()
        machine.write_csv(records, text, columns, header=term.header, bom=bom)
        try:
            text.getvalue().encode(narrow)
        except UnicodeEncodeError:
            from innov_cli.errors import UnusableFile

            raise UnusableFile(
                msg("error.csv_output_needs_utf_and", a0=narrow),
                hint=msg("error.run_with_pythonutf_or_pythonioencoding"),
            ) from None
        term.stdout.write(text.getvalue())
    else:
        machine.write_csv(records, term.stdout, columns, header=term.header, bom=bom)


# Encodings that carry every character innov may print.
_FULL_ENCODINGS = ("utf-8", "utf-16", "utf-32", "utf-8-sig", "gb18030")


def narrow_encoding(stream: Any) -> str | None:
    """The stream's encoding when it cannot carry all of Unicode (ascii, latin-1 ...), else
    None (UTF-8, or a stream that does not say: a StringIO, a test runner's buffer)."""
    encoding = getattr(stream, "encoding", None)
    if not encoding:
        return None
    import codecs

    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return None
    return None if name in _FULL_ENCODINGS else name


class Replacing:
    """A text stream that writes what its encoding cannot carry as '?' instead of failing
    (tables and Markdown for a person; machine formats escape before they get here)."""

    def __init__(self, stream: Any, encoding: str) -> None:
        self._stream = stream
        self.encoding = encoding

    def write(self, text: str) -> int:
        safe = text.encode(self.encoding, "replace").decode(self.encoding)
        return int(self._stream.write(safe))

    def flush(self) -> None:
        self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _fields_view(records: Sequence[dict[str, Any]], fields: Sequence[str], title: Any) -> Any:
    """The picked keys as a plain table: one column per field, in the order asked for."""
    from innov_cli.view.model import Column, TableView

    def text(value: Any) -> str:
        if value is None:
            return "—"
        if isinstance(value, (list, tuple)):
            return ", ".join(map(str, value))
        return str(value)

    columns = [Column(name, whole=True, key=name) for name in fields]
    rows: list[list[Any]] = [[text(record.get(name)) for name in fields] for record in records]
    return TableView(columns, rows, title=title)


def project(
    records: Sequence[dict[str, Any]], fields: Sequence[str], valid: Sequence[str]
) -> list[dict[str, Any]]:
    """Only the named keys, in the order given; an unknown one is a usage error (exit 2)."""
    for name in fields:
        if name not in valid:
            import difflib

            from innov_cli.view.model import msg

            close = difflib.get_close_matches(name, valid, n=1)
            raise UsageProblem(
                msg("error.unknown_field", name=name),
                hint=msg("error.valid_fields", close=close[:1], fields=", ".join(valid)),
            )
    return [{name: record.get(name) for name in fields} for record in records]
