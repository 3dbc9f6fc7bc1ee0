"""Who may read what (docs/access.md), tested as an attacker would try it.

Three users of an access file (``app_helpers.access_file_text``): A (group to-chuc), B (group
noi-vu) and GUEST (group khach, no folder). The secret is a document only noi-vu reads. Through
the real app (a Gradio server on a loopback port over a real index, the real model), its API,
the command line and the files, A and GUEST must get nothing of it: no passage, citation,
document view, list entry, upload or follow-up, whether they ask about it, by its title, file
name or id, or with its exact sentences. Every attack is also made by B, who must get the
secret: the attack reaches it when it is allowed.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Iterator

import httpx
import pytest
from app_helpers import (GUEST, OWN_DOC, PASSWORDS, SECRET_ANSWER, SECRET_DOC, SECRET_LINES, SECRET_QUESTION, A, B,
                         Served, leaks, serve_secured)
from gradio_client import Client, handle_file

from qa.access import Access, hash_password, parse_policy, verify_password
from qa.app import messages
from qa.app.login import LIMITS, make_login
from qa.audit import Caller, read_audit
from qa.errors import AccessDenied, AccessFileError

ROOT = Path(__file__).resolve().parent.parent


def qa(*args: str, env: dict | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qa.cli", *args], capture_output=True, text=True, input=stdin,
                          timeout=600, env={**os.environ, **(env or {})})


def shown(record: dict) -> dict:
    """An answer without the question's echo (the attacker typed it)."""
    return {k: v for k, v in record.items() if k not in ("question", "resolved_question")}


# ---------------------------------------------------------------- the file

GROUPS = '[groups.a]\n[groups.b]\n'


@pytest.mark.parametrize("text, message", [
    ('default = ["*"]\n[groups.a]\nuploads = \n', r"line 3, column 11"),
    ('default = ["*"]\n[read]\n"x" = ["a"]\n"x" = ["a"]\n', r"line 4"),  # the same key twice
    ('colour = "red"\n', r"top level: unknown key 'colour' \(expected default, groups, read, users\)"),
    (GROUPS + '[read]\n"x" = ["c"]\n', r"\[read\] 'x': unknown group 'c' \(declare it as \[groups\.c\]\)"),
    (GROUPS + '[users.an]\ngroups = ["a"]\n', r"user 'an': no password hash \(set one with: qa users passwd an\)"),
    (GROUPS + '[users.an]\npassword = "matkhau123"\n', r"user 'an': no password hash"),
    (GROUPS + f'[users.an]\npassword = "{hash_password("x" * 8)}"\ngroups = ["c"]\n', r"user 'an': unknown group"),
    (GROUPS + f'[users.an]\npassword = "{hash_password("x" * 8)}"\ngroups = ["*"]\n', r"unknown group '\*'"),
    (GROUPS + '[read]\n"../khac" = ["a"]\n', r"\[read\] '../khac': expected a path under the corpus folder"),
    (GROUPS + '[read]\n"/srv/corpus/x" = ["a"]\n', r"expected a path under the corpus folder"),
    (GROUPS + '[read]\n"x" = ["a"]\n"./x/" = ["b"]\n', r"\[read\] './x/': the same path as another rule"),
    ('[groups.a]\nuploads = "a"\n', r"group 'a': its uploads folder 'a' is not readable by the group "
                                    r'\(add "a" = \["a"\] under \[read\]\)'),
    ('[groups."hai từ"]\n', r"group 'hai từ': a name has letters, digits and \. @ - _ only"),
    ('default = "*"\n', r'default: expected a list of group names'),
])
def test_a_malformed_file_is_refused_naming_the_line_or_entry(text: str, message: str) -> None:
    with pytest.raises(AccessFileError, match=r"^access\.toml: .*" + message):
        parse_policy(text, "access.toml")


def test_the_longest_rule_decides_and_the_default_covers_the_rest() -> None:
    policy = parse_policy(f"""default = []
[groups.a]
[groups.b]
[read]
"hop" = ["a"]
"hop/chung.txt" = ["*"]
"hop/b" = ["b"]
[users.an]
password = "{hash_password('x' * 8)}"
groups = ["a"]
[users.binh]
password = "{hash_password('y' * 8)}"
groups = ["b"]
""", "access.toml")
    expected = {  # path: (an reads it, binh reads it)
        "hop/x.txt": (True, False), "hop/chung.txt": (True, True), "hop/b/y.txt": (False, True),
        "hop/bx.txt": (True, False),  # a name that starts like a folder is not in it
        "khac.txt": (False, False),  # no rule, and the default is nobody
        "./hop//b/../b/y.txt": (False, False),  # '..' in a document id: nobody
        unicodedata.normalize("NFD", "hop/b/tài-liệu.txt"): (False, True),  # compared in NFC
    }
    assert {path: (policy.may_read("an", path), policy.may_read("binh", path)) for path in expected} == expected
    assert not policy.may_read(None, "hop/chung.txt") and not policy.may_read("khong-co", "hop/chung.txt")


def test_passwords_are_kept_as_slow_salted_hashes() -> None:
    stored = hash_password("mat-khau-dai")
    assert stored.startswith("scrypt$32768$8$1$") and "mat-khau-dai" not in stored
    assert stored != hash_password("mat-khau-dai")  # a new salt each time
    assert verify_password("mat-khau-dai", stored) and not verify_password("mat-khau-dat", stored)
    assert not verify_password("mat-khau-dai", stored.replace("scrypt$32768", "scrypt$32767"))


def test_the_users_commands(tmp_path: Path) -> None:
    env = {"QA_ACCESS": str(tmp_path / "access.toml")}
    added = qa("users", "add", "an", "--group", "to-chuc", "--password-stdin", env=env, stdin="mat-khau-an\n")
    assert added.returncode == 0, added.stderr
    assert "Group to-chuc is new" in added.stderr
    path = tmp_path / "access.toml"
    assert path.stat().st_mode & 0o777 == 0o600 and "mat-khau-an" not in path.read_text()
    path.write_text(path.read_text() + '\n[read]\n"to-chuc" = ["to-chuc"]  # Ban Tổ chức\n', encoding="utf-8")
    assert qa("users", "add", "binh", "--group", "noi-vu", "--group", "to-chuc", "--password-stdin", env=env,
              stdin="mat-khau-binh\n").returncode == 0
    listed = qa("users", "list", env=env)
    assert listed.stdout.splitlines() == ["an\tgroups: to-chuc\tuploads: -",
                                          "binh\tgroups: noi-vu, to-chuc\tuploads: -"]
    before = Access(path).policy().users["an"].password
    assert qa("users", "passwd", "an", "--password-stdin", env=env, stdin="mat-khau-moi\n").returncode == 0
    after = Access(path).policy().users["an"].password
    assert after != before and verify_password("mat-khau-moi", after)
    assert "# Ban Tổ chức" in path.read_text(encoding="utf-8")  # the file's comments are kept
    for args, stdin, error in [
        (("users", "add", "an", "--group", "x"), "mat-khau-an\n", "user 'an': already there"),
        (("users", "add", "chi", "--group", "x"), "ngan\n", "at least 8 characters"),
        (("users", "add", "c h i", "--group", "x"), "mat-khau-chi\n", "a name has letters"),
        (("users", "passwd", "khong-co"), "mat-khau-moi\n", "No user 'khong-co'"),
    ]:
        result = qa(*args, "--password-stdin", env=env, stdin=stdin)
        assert result.returncode == 1 and error in result.stderr and "Traceback" not in result.stderr
    path.write_text(path.read_text(encoding="utf-8").replace('groups = ["to-chuc"]', 'groups = ["to-chuc"'),
                    encoding="utf-8")
    broken = qa("users", "list", env=env)
    assert broken.returncode == 1 and re.search(r"access\.toml: .*\(at line \d+, column \d+\)", broken.stderr)
    assert "Traceback" not in broken.stderr


def test_qa_auth_and_an_access_file_together_are_refused(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    env = {"QA_CORPUS": str(tmp_path / "corpus"), "QA_INDEX": str(tmp_path / "index"), "QA_AUTH": "an:mat-khau"}
    assert qa("users", "add", "an", "--group", "g", "--password-stdin", env=env, stdin="mat-khau-an\n").returncode == 0
    result = qa("serve", "--no-build", env=env)
    assert result.returncode == 1 and "QA_AUTH is set and so is the access file" in result.stderr
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- the app, attacked by A

@pytest.fixture(scope="module")
def secured(tmp_path_factory, small_index, embedder, free_port) -> Iterator[Served]:
    with serve_secured(tmp_path_factory.mktemp("access"), small_index, embedder, free_port()) as s:
        yield s


@pytest.fixture(scope="module")
def clients(secured: Served) -> dict[str, Client]:
    return {user: Client(secured.url, auth=(user, PASSWORDS[user]), verbose=False) for user in (A, B, GUEST)}


def test_each_user_lists_only_what_they_read(secured: Served, clients: dict[str, Client]) -> None:
    chat = secured.chat
    assert SECRET_DOC in {doc for _, doc in chat.document_choices(B)}
    for user in (A, GUEST):
        choices, summary = chat.document_choices(user), chat.summary(user)
        assert not leaks(choices) and summary["counts"]["documents"] == len(choices)
    assert OWN_DOC in {doc for _, doc in chat.document_choices(A)} - {doc for _, doc in chat.document_choices(GUEST)}
    # The page's configuration, as A's browser gets it, names no document at all (the list is
    # filled per user when the page loads).
    page = httpx.get(secured.url + "config", cookies=clients[A].cookies)
    assert page.status_code == 200 and not leaks(page.text) and OWN_DOC not in page.text


ATTACKS = [
    SECRET_QUESTION,  # its subject
    SECRET_LINES[0],  # its title
    "hop-kin-du-an-cau-vang.txt",  # its file name
    SECRET_DOC,  # its id
    "ai chu tri cuoc hop kin ve du an cau vang song hong",  # typed without tone marks
    *SECRET_LINES[2:],  # its exact sentences
]


@pytest.mark.parametrize("question", ATTACKS)
def test_asking_for_the_secret_gives_nothing_of_it(clients: dict[str, Client], question: str) -> None:
    allowed = clients[B].predict(question, api_name="/ask")
    assert allowed["citations"][0]["doc"] == SECRET_DOC  # the attack reaches it where allowed
    for user in (A, GUEST):
        answer = clients[user].predict(question, api_name="/ask")
        assert answer["citations"] and not leaks(shown(answer)), user


@pytest.mark.parametrize("documents", [
    [SECRET_DOC], ["./" + SECRET_DOC], ["to-chuc/../" + SECRET_DOC], ["noi-vu"],
    [unicodedata.normalize("NFD", SECRET_DOC)], ["noi-vu/khong-co.txt"],
])
def test_asking_within_the_secret_by_id_is_refused_as_a_missing_document(clients: dict[str, Client],
                                                                         documents: list[str]) -> None:
    with pytest.raises(Exception, match=re.escape(messages.MSG_UNKNOWN_DOCS)) as refused:
        clients[A].predict(SECRET_QUESTION, documents, api_name="/ask")
    assert not leaks(str(refused.value))


def test_the_secret_among_chosen_documents_is_left_out(clients: dict[str, Client]) -> None:
    answer = clients[A].predict(SECRET_QUESTION, [SECRET_DOC, OWN_DOC], api_name="/ask")
    assert {c["doc"] for c in answer["citations"]} == {OWN_DOC} and not leaks(shown(answer))
    allowed = clients[B].predict(SECRET_QUESTION, [SECRET_DOC], api_name="/ask")
    assert SECRET_ANSWER in allowed["answer"]


def test_a_follow_up_does_not_reach_the_secret(clients: dict[str, Client]) -> None:
    """A knows the name and asks on about him: the follow-up is searched in A's documents only."""
    history = [[SECRET_QUESTION, SECRET_ANSWER]]
    allowed = clients[B].predict("Ông ấy giữ chức vụ gì?", None, history, api_name="/ask")
    assert "Phó Giám đốc" in allowed["answer"]
    answer = clients[A].predict("Ông ấy giữ chức vụ gì?", None, history, api_name="/ask")
    assert SECRET_ANSWER in answer["resolved_question"] and not leaks(shown(answer))


@pytest.mark.parametrize("doc_id", [SECRET_DOC, "./" + SECRET_DOC, "to-chuc/../" + SECRET_DOC,
                                    "noi-vu//hop-kin-du-an-cau-vang.txt"])
def test_the_document_view_refuses_the_secret(secured: Served, doc_id: str) -> None:
    assert SECRET_ANSWER in secured.chat.load(doc_id, Caller(B)).document.text
    for user in (A, GUEST, None):
        with pytest.raises(AccessDenied) as refused:
            secured.chat.load(doc_id, Caller(user))
        assert messages.error_message(refused.value) == messages.MSG_FORBIDDEN


def test_the_audit_log_tells_who_saw_the_secret(secured: Served, clients: dict[str, Client]) -> None:
    clients[A].predict(SECRET_QUESTION, api_name="/ask")
    clients[B].predict(SECRET_QUESTION, api_name="/ask")
    with pytest.raises(AccessDenied):
        secured.chat.load(SECRET_DOC, Caller(A, "127.0.0.1"))
    entries = list(read_audit(secured.settings.data))
    asked = [e for e in entries if e["event"] == "ask" and e["question"] == SECRET_QUESTION]
    assert {e["user"] for e in asked} >= {A, B} and all(e["via"] == "api" for e in asked)
    assert all(e["address"] == "127.0.0.1" and e["time"] for e in asked)
    saw = {e["user"] for e in entries if SECRET_DOC in e["docs"] and e["event"] in ("ask", "open", "upload")}
    assert saw == {B}
    assert any(e["event"] == "open_refused" and e["user"] == A for e in entries)
    assert {e["user"] for e in entries if e["event"] == "login"} >= {A, B, GUEST}
    # What an administrator runs: every line names the secret, B's questions among them.
    report = qa("audit", "--doc", "./" + SECRET_DOC, env={"QA_DATA": str(secured.settings.data)})
    lines = report.stdout.splitlines()
    assert report.returncode == 0 and lines and all(SECRET_DOC in line for line in lines)
    assert any(line.split("\t")[1] == B and "ask/api" in line for line in lines)
    assert all(line.split("\t")[1] == B or "open_refused" in line for line in lines)


@pytest.mark.slow
def test_qa_ask_as_a_user(secured: Served) -> None:
    env = {"QA_CORPUS": str(secured.settings.corpus), "QA_INDEX": str(secured.settings.index),
           "QA_DATA": str(secured.settings.data)}
    as_b = qa("ask", SECRET_QUESTION, "--json", "--user", B, env=env)
    assert as_b.returncode == 0, as_b.stderr
    assert SECRET_ANSWER in json.loads(as_b.stdout)["answer"]
    as_a = qa("ask", SECRET_LINES[3], "--json", "--user", A, env=env)
    assert as_a.returncode == 0 and not leaks(shown(json.loads(as_a.stdout)))
    by_id = qa("ask", SECRET_QUESTION, "--user", A, "--doc", SECRET_DOC, env=env)
    assert by_id.returncode == 1 and "none of these documents is in the index or readable" in by_id.stderr
    assert SECRET_ANSWER not in by_id.stdout + by_id.stderr
    unknown = qa("ask", SECRET_QUESTION, "--user", "khong-co", env=env)
    assert unknown.returncode == 1 and "No user 'khong-co'" in unknown.stderr
    assert any(e["via"] == "cli" and e["user"] == B for e in read_audit(secured.settings.data))


# Uploads last: they add documents to the corpus the tests above search.

def test_an_upload_lands_where_its_uploader_reads_and_nowhere_else(secured: Served, clients: dict[str, Client],
                                                                   tmp_path: Path) -> None:
    secret = (secured.settings.corpus / SECRET_DOC).read_bytes()
    source = tmp_path / "hop-kin-du-an-cau-vang.txt"
    source.write_text("Ghi chú lớp bồi dưỡng\nLớp bồi dưỡng nghiệp vụ khai giảng tại hội trường tầng năm.\n",
                      encoding="utf-8")
    status, index_status, selection, _ = clients[A].predict(handle_file(str(source)), [], api_name="/upload")
    landed = "to-chuc/hop-kin-du-an-cau-vang.txt"
    assert status.startswith("✅") and landed in status
    assert (secured.settings.corpus / SECRET_DOC).read_bytes() == secret  # B's file untouched
    choices = [doc for _, doc in selection["choices"]]
    assert landed in choices and SECRET_DOC not in choices
    assert f"**{len(choices)}** tài liệu" in index_status  # A's documents, not the index's
    assert landed not in {doc for _, doc in secured.chat.document_choices(B)}
    # The secret's own bytes: added as A's copy, neither called a duplicate nor placed beside it.
    source.write_bytes(secret)
    ok, message = secured.chat.add_document(source, name="../noi-vu/hop-kin-du-an-cau-vang.txt", caller=Caller(A))
    assert ok and "to-chuc/hop-kin-du-an-cau-vang-2.txt" in message and "noi-vu" not in message
    assert sorted(p.name for p in (secured.settings.corpus / "noi-vu").iterdir()) == ["hop-kin-du-an-cau-vang.txt"]


def test_an_upload_by_b_stays_with_b(secured: Served, clients: dict[str, Client], tmp_path: Path) -> None:
    source = tmp_path / "hop-kin-lan-hai.txt"
    source.write_text("Cuộc họp kín lần hai về dự án cầu Vàng Sông Hồng\n"
                      "Cuộc họp kín lần hai về dự án cầu Vàng Sông Hồng do đồng chí Lương Thế Bảo Mật chủ trì "
                      "tại phòng họp số chín.\n", encoding="utf-8")
    status, *_ = clients[B].predict(handle_file(str(source)), [], api_name="/upload")
    assert status.startswith("✅") and "noi-vu/hop-kin-lan-hai.txt" in status
    question = "Cuộc họp kín lần hai về dự án cầu Vàng Sông Hồng diễn ra ở đâu?"
    assert clients[B].predict(question, api_name="/ask")["citations"][0]["doc"] == "noi-vu/hop-kin-lan-hai.txt"
    answer = clients[GUEST].predict(question, api_name="/ask")
    assert not leaks(shown(answer))


def test_a_user_without_an_upload_folder_cannot_upload(secured: Served, clients: dict[str, Client],
                                                       tmp_path: Path) -> None:
    source = tmp_path / "ghi-chu.txt"
    source.write_text("Ghi chú của khách\nKhách tham dự hội nghị ngồi ở hàng ghế cuối.\n", encoding="utf-8")
    before = sorted(secured.settings.corpus.rglob("*"))
    status, *_ = clients[GUEST].predict(handle_file(str(source)), [], api_name="/upload")
    assert status == "❌ " + messages.MSG_UPLOAD_NOT_ALLOWED
    assert sorted(secured.settings.corpus.rglob("*")) == before


# ---------------------------------------------------------------- logging in

@pytest.fixture(scope="module")
def gate(tmp_path_factory, small_index, embedder, free_port) -> Iterator[Served]:
    """The app for the login tests (no reading model: they ask little)."""
    with serve_secured(tmp_path_factory.mktemp("gate"), small_index, embedder, free_port(), reader=False) as s:
        yield s


def login(served: Served, user: str, password: str, address: str = "127.0.0.1") -> httpx.Response:
    """A login through Gradio's login form, from ``address`` (any 127.x address reaches the server)."""
    with httpx.Client(transport=httpx.HTTPTransport(local_address=address)) as http:
        return http.post(served.url + "login", data={"username": user, "password": password})


def test_the_app_and_its_api_need_a_login(gate: Served) -> None:
    assert httpx.get(gate.url + "config").status_code == 401
    with pytest.raises(Exception):
        Client(gate.url, verbose=False).predict(SECRET_QUESTION, api_name="/ask")
    assert login(gate, A, "mat-khau-sai").status_code == 400
    assert login(gate, "khong-co", PASSWORDS[A]).status_code == 400
    assert login(gate, A, PASSWORDS[A]).status_code == 200


def test_failed_logins_lock_the_name_out(gate: Served) -> None:
    limit = LIMITS["user"]
    for _ in range(limit.free):
        assert login(gate, A, "mat-khau-sai", "127.0.0.4").status_code == 400
    started = time.monotonic()
    assert login(gate, A, PASSWORDS[A], "127.0.0.4").status_code == 400  # locked out: the right password too
    assert login(gate, A, PASSWORDS[A], "127.0.0.5").status_code == 400  # from any address
    assert login(gate, B, PASSWORDS[B], "127.0.0.4").status_code == 200  # other names are not
    time.sleep(max(0.0, limit.first_s - (time.monotonic() - started)) + 0.3)
    assert login(gate, A, PASSWORDS[A], "127.0.0.4").status_code == 200


def test_failed_logins_lock_the_address_out(gate: Served) -> None:
    limit = LIMITS["address"]
    for i in range(limit.free):
        assert login(gate, f"doan-mo-{i}", "mat-khau-sai", "127.0.0.2").status_code == 400
    started = time.monotonic()
    assert login(gate, B, PASSWORDS[B], "127.0.0.2").status_code == 400  # any name from that address
    assert login(gate, B, PASSWORDS[B], "127.0.0.3").status_code == 200  # other addresses are not
    time.sleep(max(0.0, limit.first_s - (time.monotonic() - started)) + 0.3)
    assert login(gate, B, PASSWORDS[B], "127.0.0.2").status_code == 200
    refused = [e for e in read_audit(gate.settings.data) if e["event"] == "login_refused"]
    assert any(e["address"] == "127.0.0.2" and e["user"] == B for e in refused)


def test_a_password_change_ends_open_sessions(gate: Served) -> None:
    client = Client(gate.url, auth=(GUEST, PASSWORDS[GUEST]), verbose=False)
    assert client.predict("Ai chủ trì cuộc họp Sở Nội vụ?", api_name="/ask")["citations"]
    changed = qa("users", "passwd", GUEST, "--password-stdin", stdin="mat-khau-moi-cua-chi\n",
                 env={"QA_ACCESS": str(gate.settings.access_file())})
    assert changed.returncode == 0, changed.stderr
    with pytest.raises(Exception):
        client.predict("Ai chủ trì cuộc họp Sở Nội vụ?", api_name="/ask")
    assert httpx.get(gate.url + "config", cookies=client.cookies).status_code == 401
    assert login(gate, GUEST, PASSWORDS[GUEST]).status_code == 400
    renewed = Client(gate.url, auth=(GUEST, "mat-khau-moi-cua-chi"), verbose=False)
    assert renewed.predict("Ai chủ trì cuộc họp Sở Nội vụ?", api_name="/ask")["citations"]


def test_a_broken_access_file_refuses_everyone(gate: Served) -> None:
    path = gate.settings.access_file()
    good = path.read_text(encoding="utf-8")
    client = Client(gate.url, auth=(B, PASSWORDS[B]), verbose=False)
    try:
        path.write_text(good.replace("[read]", "[read"), encoding="utf-8")
        with pytest.raises(AccessFileError, match=r"line \d+"):
            make_login(gate.settings)
        assert httpx.get(gate.url + "config", cookies=client.cookies).status_code == 401
        assert login(gate, B, PASSWORDS[B]).status_code == 400
        with pytest.raises(AccessFileError):
            gate.chat.ask(SECRET_QUESTION, caller=Caller(B))
    finally:
        path.write_text(good, encoding="utf-8")
    assert login(gate, B, PASSWORDS[B]).status_code == 200
