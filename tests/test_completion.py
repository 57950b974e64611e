"""Shell completion, driven through Typer's own completion protocol (as bash would call it)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from innov_cli.cli import app


def complete(words: str, shell: str = "bash") -> list[str]:
    """What `innov` offers for the command line `words` (the cursor at its end)."""
    parts = words.split(" ")
    env = {
        "_INNOV_COMPLETE": f"complete_{shell}",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1),
        "_TYPER_COMPLETE_ARGS": words,
    }
    result = CliRunner().invoke(app, [], env=env, prog_name="innov")
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line]


def test_commands_complete() -> None:
    assert complete("innov sh") == ["show"]
    assert {"rank", "compare", "search", "export"} <= set(complete("innov "))


def test_region_ids_and_aliases_complete() -> None:
    offered = complete("innov show j")
    assert "jingjinji" in offered and "jjj" in offered
    assert "yrd" in complete("innov compare jingjinji y")


def test_metric_ids_complete_after_by() -> None:
    offered = complete("innov rank --by nature")
    assert "nature_index_rank" in offered


def test_kinds_and_formats_complete() -> None:
    assert complete("innov rank --kind ci") == ["city"]
    assert set(complete("innov rank --format j")) == {"json", "jsonl"}


def test_options_complete() -> None:
    assert "--by" in complete("innov rank --")


def test_source_ids_complete() -> None:
    assert any(s.startswith("cgtn") for s in complete("innov sources cg"))


def test_zsh_gets_descriptions() -> None:
    offered = "\n".join(complete("innov show jingjin", shell="zsh"))
    assert "jingjinji" in offered and "Beijing-Tianjin-Hebei" in offered


def test_completion_honours_data_options_typed_before_the_command() -> None:
    mini = str(Path(__file__).parent / "data" / "mini.toml")
    offered = complete(f"innov --no-builtin --data {mini} show ")
    assert "jingjinji" in offered and "chengdu-chongqing" in offered
    assert "beijing" not in offered  # the built-in knowledge base was left out
