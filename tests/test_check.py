"""`innov check`: claims found in a text, judged against the knowledge base."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from innov_cli.cli import app
from tests.conftest import Run, run

ARTICLE = Path(__file__).parent / "data" / "check" / "clusters-article.md"


def claims(*args: str) -> list[dict[str, Any]]:
    done = run("check", *args, "--json")
    assert done.exit_code == 0, done.stderr
    result: list[dict[str, Any]] = done.json()["claims"]
    return result


def one(text: str) -> dict[str, Any]:
    (claim,) = claims(text)
    return claim


def test_the_article_s_figures_are_all_found_and_none_is_contradicted() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    found = claims("--file", str(ARTICLE))
    # Each claim quotes the text by its offsets.
    assert all(text[c["start"] : c["end"]] == c["text"] for c in found)
    about = {(c["region"], c["metric"]) for c in found}
    assert {
        (None, "nature_index_rank"),  # six of the top ten
        ("beijing", "nature_index_rank"),  # Beijing's reign
        ("jingjinji", "innovation_platforms"),
        ("jingjinji", "advanced_manufacturing_clusters"),
        ("jingjinji", "gdp"),
        ("jingjinji", "gdp_usd"),
        ("yrd", "high_tech_enterprise_share_national"),
        ("yrd", "academic_partners"),
        ("yrd", "corporate_partners"),
        ("gba", "joint_laboratories"),
        ("gba", "major_infrastructure_projects"),
    } <= about
    assert not [c for c in found if c["verdict"] == "contradicted"]
    gdp = next(c for c in found if c["metric"] == "gdp")
    assert gdp["verdict"] == "supported" and gdp["year"] == 2024
    assert gdp["claimed"] == {"value": 11500, "unit": "CNY bn", "qualifier": None}
    assert gdp["found"][0]["source"] and gdp["found"][0]["tier"] == "primary"
    top = next(c for c in found if c["region"] is None)
    assert top["verdict"] == "supported" and top["edition"] == 2025 and top["year"] == 2024


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("In the Nature Index 2025 Science Cities, Chinese cities make up more than half of "
         "the world's top ten.", "supported"),
        ("In the Nature Index 2025 Science Cities, seven of the top ten are Chinese.",
         "contradicted"),
        ("In the Nature Index 2025 Science Cities, Chinese cities make up half of the top ten.",
         "contradicted"),
    ],
)  # fmt: skip
def test_shares_of_a_top_m_are_counted_from_the_ranks(text: str, verdict: str) -> None:
    assert one(text)["verdict"] == verdict


def test_a_region_carries_into_the_next_paragraph() -> None:
    text = (
        "The coordinated development of the Jing-Jin-Ji region began in February 2014.\n\n"
        "In 2024, the region's combined GDP reached 11.5 trillion yuan."
    )
    claim = one(text)
    assert claim["region"] == "jingjinji" and claim["verdict"] == "supported"


def test_beijings_reign_is_partly_borne_out_when_editions_are_missing() -> None:
    claim = one("In the Nature Index Science Cities, Beijing has held the top spot for nine years.")
    assert claim["verdict"] == "partly"
    assert "not in innov" in claim["reason"]
    assert all(f["value"] == 1 for f in claim["found"])


def test_a_wrong_gdp_is_contradicted_with_the_right_figure_and_its_source() -> None:
    claim = one("Jing-Jin-Ji's GDP reached 13 trillion yuan in 2024.")
    assert claim["verdict"] == "contradicted"
    assert claim["region"] == "jingjinji" and claim["year"] == 2024
    assert "11,500 CNY bn" in claim["reason"] and claim["found"][0]["value"] == 11500
    assert claim["found"][0]["source"] in claim["reason"]


def test_a_wrong_rank_names_who_holds_it() -> None:
    claim = one("Shanghai ranked first in the Nature Index 2025 Science Cities.")
    assert claim["verdict"] == "contradicted"
    assert claim["edition"] == 2025 and claim["year"] == 2024  # an edition is not a data year
    assert "Beijing holds the rank claimed" in claim["reason"]


def test_a_chinese_sentence_is_checked() -> None:
    claim = one("京津冀2024年地区生产总值为11.5万亿元。")
    assert claim["verdict"] == "supported" and claim["metric"] == "gdp"
    assert claim["claimed"]["value"] == 11500
    reign = one("北京连续九年位居自然指数科研城市榜首。")
    assert reign["region"] == "beijing" and reign["verdict"] == "partly"


def test_verdicts_are_worded_in_chinese() -> None:
    done = run("--lang", "zh", "check", "京津冀2024年地区生产总值为13万亿元。")
    assert done.exit_code == 0
    assert "不符" in done.stdout and "而非" in done.stdout


def test_what_innov_does_not_hold_is_unverifiable_never_supported() -> None:
    claim = one("Hangzhou has 1,000 robot factories.")
    assert claim["verdict"] == "unverifiable" and claim["metric"] is None
    assert "robot factories" in claim["reason"]
    missing = one("The Greater Bay Area's GDP reached 15 trillion yuan in 2019.")
    assert missing["verdict"] == "unverifiable" and "2019" in missing["reason"]


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        (
            "The Yangtze River Delta hosts more than 20% of China's high-tech enterprises.",
            "supported",
        ),
        # innov knows only "over 30%": "over 40%" may be true, and cannot be confirmed.
        ("The Yangtze River Delta hosts more than 40% of China's high-tech enterprises.", "partly"),
        ("The Yangtze River Delta hosts 25% of China's high-tech enterprises.", "contradicted"),
        # innov's 11.5 trillion is itself rounded: it cannot confirm (or deny) 11.54.
        ("Jing-Jin-Ji's GDP was 11.54 trillion yuan in 2024.", "partly"),
        ("Beijing's GDP was 5.1 trillion yuan in 2024.", "contradicted"),
        # 4.98 trillion fits the first release (49,843.1 亿元), not the final one.
        ("Beijing's GDP was 4.98 trillion yuan in 2024.", "supported"),
        ("Jing-Jin-Ji's GDP was about 12 trillion yuan in 2024.", "supported"),
    ],
)
def test_precision_and_bounds_come_from_the_claim(text: str, verdict: str) -> None:
    assert one(text)["verdict"] == verdict


def test_a_year_in_a_relative_clause_is_not_the_figure_s_year() -> None:
    claim = one(
        "Beijing-Tianjin-Hebei, whose strategy dates from 2014, now counts 14 innovation platforms."
    )
    assert claim["verdict"] == "supported" and claim["year"] != 2014


def run_input(*args: str, data: bytes) -> Run:
    result = CliRunner().invoke(app, list(args), input=data, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def test_standard_input_and_fail_on() -> None:
    wrong = b"Jing-Jin-Ji's GDP reached 13 trillion yuan in 2024.\n"
    assert run_input("check", "-", "--json", data=wrong).exit_code == 0
    failed = run_input("check", "-", "--json", "--fail-on", "contradicted", data=wrong)
    assert failed.exit_code == 5
    assert failed.json()["counts"]["contradicted"] == 1  # the output is still written
    fine = run_input("check", "-", "--fail-on", "contradicted", data=b"Nothing to check here.")
    assert fine.exit_code == 0 and "No checkable figure" in fine.stdout


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["check"], 2, "check needs a text"),
        (["check", "x", "--file", "y"], 2, "give the text once"),
        (["check", "x", "--fail-on", "wrong"], 2, "--fail-on takes"),
        (["check", "--file", "/nonexistent/article.txt"], 4, "article.txt"),
    ],
)
def test_bad_input_gets_a_message_and_its_exit_code(args: list[str], code: int, words: str) -> None:
    done = run(*args)
    assert done.exit_code == code
    assert done.stdout == ""
    assert words in done.stderr and "Traceback" not in done.stderr


def test_text_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("京津冀地区生产总值".encode("gbk"))
    done = run("check", "--file", str(path))
    assert done.exit_code == 4 and "not UTF-8" in done.stderr and done.stdout == ""


def test_the_html_form_highlights_every_claim_and_links_its_sources(tmp_path: Path) -> None:
    out = tmp_path / "checked.html"
    done = run("check", "--file", str(ARTICLE), "--format", "html", "-o", str(out))
    assert done.exit_code == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    count = len(claims("--file", str(ARTICLE)))
    assert page.count("<mark class=") == count
    assert 'id="claim-1"' in page and 'href="#source-1"' in page
    assert "https://" in page


def test_jsonl_and_csv_give_one_row_per_claim() -> None:
    count = len(claims("--file", str(ARTICLE)))
    lines = run("check", "--file", str(ARTICLE), "--format", "jsonl").stdout.splitlines()
    assert len(lines) == count
    rows = run("check", "--file", str(ARTICLE), "--format", "csv").stdout.splitlines()
    assert rows[0].startswith("number,text,start,end") and len(rows) >= count + 1
