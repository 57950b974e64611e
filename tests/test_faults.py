"""Faults that used to end in "internal error": full streams, long names, narrow encodings, wrong
API arguments, forged caches, Ctrl-C during a long parse, and smaller sharp edges."""

from __future__ import annotations

import json
import marshal
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import innov_cli
from innov_cli.errors import InnovError, NotFound
from innov_cli.kb import cache, reading
from innov_cli.kb import layers as loading

from .conftest import run

MINI = Path(__file__).parent / "data" / "mini.toml"
# The API, untyped: these tests call it with the wrong types on purpose.
API: Any = innov_cli
INNOV = [sys.executable, "-m", "innov_cli"]


def _innov(
    *args: str, env: dict[str, str] | None = None, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    """innov in its own process, as a shell runs it (real streams, real encodings)."""
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [*INNOV, *args],
        capture_output="stdout" not in kwargs,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        **kwargs,
    )


# -- Full and failing output streams ---------------------------------------------------------

needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")


@needs_dev_full
@pytest.mark.parametrize(
    "args", [["rank", "--json"], ["--help"], ["schema"], ["list"], ["export"]], ids=" ".join
)
def test_a_full_stdout_is_exit_4_with_innovs_own_message(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*INNOV, *args], stdout=full, stderr=subprocess.PIPE, text=True, timeout=120
        )
    assert done.returncode == 4
    assert "internal error" not in done.stderr
    assert "innov: error: cannot write the output: No space left on device" in done.stderr
    assert "Exception ignored" not in done.stderr


@needs_dev_full
def test_a_full_stdout_and_stderr_still_give_exit_4() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([*INNOV, "rank", "--json"], stdout=full, stderr=full, timeout=120)
    assert done.returncode == 4


def test_a_300_character_database_name_is_exit_4(tmp_path: Path) -> None:
    target = tmp_path / ("a" * 300 + ".db")
    result = run("export", "--format", "sqlite", str(target))
    assert result.exit_code == 4
    assert "File name too long" in result.stderr and "internal error" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("suffix", [".db", ".csv", ".json"])
def test_a_file_in_the_path_is_exit_4_for_every_format(tmp_path: Path, suffix: str) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("export", str(blocker / f"out{suffix}"))
    assert result.exit_code == 4
    assert "Not a directory" in result.stderr


def test_import_and_export_give_one_exit_code_for_one_path_problem(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("region,metric,value,year,source\nbeijing,gdp,1,2020,cgtn-2025-12-22\n")
    missing = tmp_path / "nowhere" / "out.toml"
    imported = run("import", str(table), "-o", str(missing))
    exported = run("export", str(tmp_path / "nowhere" / "out.csv"))
    assert imported.exit_code == exported.exit_code == 4
    assert "does not exist" in imported.stderr and "does not exist" in exported.stderr


# -- Narrow encodings --------------------------------------------------------------------------


def test_ascii_stdout_gets_valid_ascii_json() -> None:
    done = _innov("rank", "--json", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.isascii()
    rows = json.loads(done.stdout)
    assert rows and any(r["name_zh"] for r in rows)  # Chinese names survive, escaped


def test_ascii_stdout_jsonl_and_tables_do_not_crash() -> None:
    lines = _innov("show", "gba", "--format", "jsonl", env={"PYTHONIOENCODING": "ascii"})
    assert lines.returncode == 0 and all(json.loads(line) for line in lines.stdout.splitlines())
    table = _innov("--lang", "zh", "rank", env={"PYTHONIOENCODING": "ascii"})
    assert table.returncode == 0 and table.stdout.isascii() and "2024" in table.stdout


def test_c_locale_without_utf8_mode_lists_regions() -> None:
    done = _innov("list", env={"LC_ALL": "C", "PYTHONUTF8": "0", "LANG": "C"})
    assert done.returncode == 0, done.stderr
    assert "internal error" not in done.stderr and "beijing" in done.stdout


def test_csv_to_an_ascii_stream_says_it_needs_utf8() -> None:
    done = _innov("rank", "--format", "csv", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 4 and done.stdout == ""
    assert "CSV output needs UTF-8" in done.stderr and "PYTHONUTF8=1" in done.stderr


# -- The Python API checks its arguments --------------------------------------------------------


@pytest.fixture(scope="module")
def kb() -> innov_cli.KnowledgeBase:
    return innov_cli.load()


def test_a_single_region_string_is_one_region_not_its_letters(
    kb: innov_cli.KnowledgeBase,
) -> None:
    with pytest.raises(InnovError, match="at least two regions"):
        innov_cli.compare(kb, "gba")
    rows = innov_cli.compare(kb, ["gba", "jingjinji"])
    assert {r.region for r in rows} == {"gba", "jingjinji"}


def test_a_digit_string_year_is_taken_as_that_year(kb: innov_cli.KnowledgeBase) -> None:
    as_text = API.rank(kb, "gdp", kind="province", year="2024")
    assert as_text and as_text == innov_cli.rank(kb, "gdp", kind="province", year=2024)


@pytest.mark.parametrize(
    ("call", "parameter"),
    [
        (lambda kb: API.rank("kb", "gdp"), "kb"),
        (lambda kb: API.rank(kb, 5), "metric"),
        (lambda kb: API.rank(kb, "gdp", year="last"), "year"),
        (lambda kb: API.rank(kb, "gdp", top=True), "top"),
        (lambda kb: API.facts(kb, region=["beijing"]), "region"),
        (lambda kb: API.compare(kb, ["gba", 3]), "regions"),
        (lambda kb: API.load(data=3), "data"),
        (lambda kb: API.load(cache="no"), "cache"),
    ],
)
def test_wrong_types_raise_type_error_naming_the_parameter(
    kb: innov_cli.KnowledgeBase, call: object, parameter: str
) -> None:
    with pytest.raises(TypeError, match=rf"^{parameter} must be"):
        call(kb)  # type: ignore[operator]


def test_a_single_data_path_string_is_one_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    shutil.copyfile(MINI, path)
    kb = innov_cli.load(data=str(path), builtin=False)
    assert "jingjinji" in kb.regions


def test_an_unknown_region_is_not_found_with_a_suggestion(kb: innov_cli.KnowledgeBase) -> None:
    with pytest.raises(NotFound) as caught:
        innov_cli.facts(kb, region="bejing")
    assert "beijing" in (caught.value.hint or "")


# -- A forged cache is never served --------------------------------------------------------------


def _key(path: Path) -> str:
    layers = loading.layers_for([path], builtin=False)
    return cache.cache_key([reading.read_bytes(layer.path, layer.label) for layer in layers])


def _rank_values(path: Path) -> list[object]:
    result = run("--no-builtin", "--data", str(path), "rank", "--json")
    assert result.exit_code == 0, result.stderr
    return [row["value"] for row in result.json()]


def test_a_forged_cache_with_a_recomputed_checksum_is_never_served(tmp_path: Path) -> None:
    path = tmp_path / "kb.toml"
    shutil.copyfile(MINI, path)
    expected = _rank_values(path)
    key = _key(path)
    [cached] = cache.cache_dir().glob("kb-*.cache")
    header, payload = cached.read_bytes().split(b"\n", 1)
    rows = marshal.loads(payload)
    rows["facts"] = [
        (*row[:2], 1e300, *row[3:]) if row[1] == "gdp" else row for row in rows["facts"]
    ]
    forged = marshal.dumps(rows)
    # Whoever forges it can recompute a plain checksum, but not this installation's seal.
    fields = header.split()
    for tag in (cache.checksum(forged).encode(), b"0" * 32):
        cached.write_bytes(b" ".join([*fields[:-1], tag]) + b"\n" + forged)
        assert cache.read_cache(key) is None
        assert _rank_values(path) == expected


def test_a_sealed_cache_with_an_impossible_value_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "kb.toml"
    shutil.copyfile(MINI, path)
    expected = _rank_values(path)
    key = _key(path)
    real = cache.read_cache(key)
    assert real is not None
    huge = tuple(f._replace(value=1e300) if f.metric == "gdp" else f for f in real.facts)
    cache.write_cache(key, innov_cli.KnowledgeBase(real.regions, real.metrics, real.sources, huge))
    assert cache.read_cache(key) is None
    assert _rank_values(path) == expected


# -- Ctrl-C during a long parse ------------------------------------------------------------------


def _generator() -> object:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "innov_bench_generate", Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_large_file_parsed_in_pieces_equals_the_whole(tmp_path: Path) -> None:
    toml_path, _ = _generator().write(3000, tmp_path / "big")  # type: ignore[attr-defined]
    text = toml_path.read_text(encoding="utf-8")
    assert len(text) > 2 * reading.CHUNK_CHARS // 4
    toml = reading._toml_module()
    whole = toml.loads(text)
    size = reading.CHUNK_CHARS
    try:
        reading.CHUNK_CHARS = 100_000  # several pieces from a small file
        pieces = reading._parse_in_pieces(toml, text)
    finally:
        reading.CHUNK_CHARS = size
    assert pieces == whole


def test_ctrl_c_during_a_large_parse_ends_as_interrupted(tmp_path: Path) -> None:
    toml_path, _ = _generator().write(20000, tmp_path / "big")  # type: ignore[attr-defined]
    process = subprocess.Popen(
        [*INNOV, "--no-builtin", "--data", str(toml_path), "rank", "--json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "INNOV_NO_CACHE": "1"},
    )
    time.sleep(1.0)  # into the parse (how fast it answers is benchmarks/interrupt.py's job)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "innov: interrupted" in stderr and "Traceback" not in stderr


# -- Smaller sharp edges -----------------------------------------------------------------------


def test_a_url_needs_a_host(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[source]]\nid = "s"\npublisher = "P"\ntitle = "T"\ndate = "2024"\n'
        'url = "https://"\ntier = "primary"\n',
        encoding="utf-8",
    )
    result = run("validate", str(bad))
    assert result.exit_code == 4
    assert "needs a host" in result.stdout + result.stderr


def test_show_fields_keep_the_show_document() -> None:
    document = run("show", "beijing", "--json", "--fields", "metric,value").json()
    assert isinstance(document, dict) and document["id"] == "beijing"
    assert document["facts"] and all(list(f) == ["metric", "value"] for f in document["facts"])


def test_many_unknown_names_are_summarised(tmp_path: Path) -> None:
    rows = "".join(f"nowhere-{n},gdp,1,2020,cgtn-2025-12-22\n" for n in range(5000))
    table = tmp_path / "many.csv"
    table.write_text("region,metric,value,year,source\n" + rows, encoding="utf-8")
    result = run("import", str(table), "-o", str(tmp_path / "out.toml"))
    assert result.exit_code == 3
    assert "and 4,990 more" in result.stderr
    assert len(result.stderr) < 5000
