"""The adaptive interview: a first result within 25 questions for the micro start-up, back / skip /
help / quit-and-save (and Ctrl-C through a real pty), --from, plausibility questions, dates as
people write them, choices by their Chinese labels, and the stateless next_question."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from zhice import Engine, load_profile, profile_from_data
from zhice.cli import cli
from zhice.profile import FIELDS
from zhice.interview import (FIRST_RESULT, Interview, command_of, implausible, next_question, parse_answer,
                             parse_date_text)

from conftest import AS_OF, EXAMPLES, RULEBOOKS
from test_interview import as_text, script

DEMO_TRUTH = {"enterprise.name": "问答测试公司", "enterprise.province": "浙江省", "enterprise.industry": "I65",
              "enterprise.employees": 50, "enterprise.revenue": 6000.0, "enterprise.total_assets": 3000.0,
              "enterprise.rd_expense": 600.0, "ip.invention_patents": 3, "ip_management.ip_ledger": True,
              "ip_management.ip_staff": 2, "qualifications.jinzhongzi": False}
PROMPT = re.compile(r"^(\d+)\. ", re.M)


def run(books: Path, text: str, *extra: str, fmt: str = "text"):
    return CliRunner().invoke(cli, ["interview", "--rulebooks", str(books), "--as-of", AS_OF.isoformat(),
                                    "--matcher", "compiled", "--format", fmt, *extra], input=text,
                              catch_exceptions=False)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Engine]:
    root = tmp_path_factory.mktemp("shipped") / "rulebooks"
    shutil.copytree(RULEBOOKS, root)
    return root, Engine(root)


def test_a_first_result_within_25_questions_for_the_micro_start_up(shipped, tmp_path) -> None:
    books, engine = shipped
    truth = load_profile(EXAMPLES / "micro_software_startup.yaml").facts()
    text, asked = script(engine, truth)
    res = run(books, text, "--output", str(tmp_path / "p.yaml"))
    assert res.exit_code == 0, res.output
    before, after = res.output.split("初步结论", 1)
    questions = PROMPT.findall(before)
    assert 0 < len(questions) <= 25 and len(questions) == FIRST_RESULT
    first = after.split("\n\n", 1)[0]
    assert "存在差距：" in first and "尚未确定" in first


@pytest.mark.xfail(strict=True, reason="with the 44 programs of the plan coverage, the expected-settlement chooser leaves "
                   "27 open after the first 20 questions (the share chooser before it: 30) and 87 questions decide them all (86 before); "
                   "a chooser that knew the answers in advance still leaves 26 open (one step ahead): most programs need a "
                   "question of their own ('already held') besides the shared ones, and this profile leaves many fields "
                   "unknown (a stronger bar than issue 19's first result within 25 questions, which holds: "
                   "test_a_first_result_within_25_questions_for_the_micro_start_up)")
def test_the_first_result_decides_half_the_programs(shipped) -> None:
    """The choice of the next question decides outcomes early: half the programs are decided by the
    first result (it held with the 28 programs before the plan coverage)."""
    books, engine = shipped
    truth = load_profile(EXAMPLES / "micro_software_startup.yaml").facts()
    _, asked = script(engine, truth)
    iv = Interview(engine.compiled(AS_OF), engine.matcher(AS_OF, "compiled"))
    for path in asked[:FIRST_RESULT]:
        iv.answers[path] = truth.get(path)
    assert len(iv.undecided()) <= len(engine.program_ids()) // 2
    assert len(asked) < 68          # the old interview took 68 (28 programs); 86 for all 44 today


def test_the_first_result_decides_programs_the_share_chooser_left_open(shipped) -> None:
    """By the first result (question 20, within 25) the expected-settlement chooser has decided at
    least 3/8 of the programs for the micro start-up (17 of 44 today; the share-of-decisions
    chooser before it: 14), answering from the example profile."""
    _, engine = shipped
    truth = load_profile(EXAMPLES / "micro_software_startup.yaml").facts()
    iv = Interview(engine.compiled(AS_OF), engine.matcher(AS_OF, "compiled"))
    asked = 0
    while asked < FIRST_RESULT and (q := iv.next_question()) is not None:
        iv.answers[q.path] = truth.get(q.path)
        asked += 1
    assert asked <= 25
    decided = len(engine.program_ids()) - len(iv.undecided())
    assert decided >= len(engine.program_ids()) * 3 // 8, decided


def test_the_interview_stops_exactly_when_no_answer_can_change_a_result(shipped) -> None:
    """When the interview stops, no single answer to any field left unanswered changes a status
    (tried over the values the chooser knows for each field); before it stops, the program it asks
    about is not yet decided."""
    _, engine = shipped
    truth = load_profile(EXAMPLES / "micro_software_startup.yaml").facts()
    compiled = engine.compiled(AS_OF)
    iv = Interview(compiled, engine.matcher(AS_OF, "compiled"))
    while (q := iv.next_question()) is not None:
        if q.programs:
            assert set(q.programs) <= set(iv.undecided())
        iv.answers[q.path] = truth.get(q.path)
    ch = iv.chooser
    base = {p.id: p.status for p in engine.checkup(iv.profile(), as_of=AS_OF, matcher="compiled").programs}
    st = ch.state(iv.answers)
    for path in FIELDS:
        if path in iv.answers:
            continue
        for value in ch.values(path, st)[:3]:
            trial = iv.profile().data()
            section, name = path.split(".", 1)
            trial.setdefault(section, {})[name] = value.isoformat() if isinstance(value, dt.date) else value
            try:
                prof = profile_from_data({"schema_version": 1, **trial})
            except Exception:          # noqa: BLE001 - a value the schema refuses is no answer
                continue
            after = {p.id: p.status for p in engine.checkup(prof, as_of=AS_OF, matcher="compiled").programs}
            assert after == base, (path, value, {k: (base[k], v) for k, v in after.items() if v != base[k]})


def test_back_skip_and_help(demo_grant_rulebooks: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.yaml"
    lines = ["问答测试公司", "?", "浙江省", "b", "浙江省", "s", "跳过", "q"]
    res = run(demo_grant_rulebooks, "\n".join(lines) + "\n", "--output", str(out))
    assert res.exit_code == 0, res.output
    prompts = [ln for ln in res.output.splitlines() if PROMPT.match(ln)]
    # help does not count as an answer; back asks the question before again
    numbers = [int(PROMPT.match(p).group(1)) for p in prompts]
    assert numbers == [1, 2, 2, 3, 2, 3, 4, 5], numbers
    # after the scope (province) comes the "already held" gate, before any criterion
    assert prompts[3].startswith("3. 已入选金种子企业") and prompts[4].startswith("2. 注册省份")
    assert "它能决定：演示资助项目" in res.output and "上一题" in res.output      # the help text
    saved = load_profile(out).facts()
    assert saved == {"enterprise.name": "问答测试公司", "enterprise.province": "浙江省"}   # skipped: unknown


def test_quit_saves_the_answers_given(demo_grant_rulebooks: Path, tmp_path: Path) -> None:
    out = tmp_path / "partial.yaml"
    res = run(demo_grant_rulebooks, "问答测试公司\n浙江省\nq\n", "--output", str(out))
    assert res.exit_code == 0, res.output
    assert "已退出" in res.output and str(out) in res.output
    assert load_profile(out).facts() == {"enterprise.name": "问答测试公司", "enterprise.province": "浙江省"}


def test_end_of_input_saves_like_ctrl_c(demo_grant_rulebooks: Path, tmp_path: Path) -> None:
    out = tmp_path / "cut.yaml"
    res = run(demo_grant_rulebooks, "问答测试公司\n浙江省\n否\n", "--output", str(out))
    assert res.exit_code == 130
    assert load_profile(out).facts()["qualifications.jinzhongzi"] is False


def _wait_reading_the_terminal(pid: int) -> None:
    """Wait until the child is blocked reading its terminal, as a person's Ctrl-C comes after the
    prompt. CPython's input() checks for a signal only when read() is interrupted: a SIGINT that
    lands between the prompt's echo and the read() is recorded but does not interrupt the read
    (the process keeps waiting for a line; a second Ctrl-C ends it). The test must not race it."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            call = open(f"/proc/{pid}/syscall").read().split()
            if call[:2] in (["0", "0x0"], ["63", "0x0"]):   # read(0, …) on x86-64 / arm64: waiting for a line
                return
        except OSError:                  # no /proc/PID/syscall here: give the prompt a moment
            time.sleep(1)
            return
        time.sleep(0.05)


def _own_terminal() -> None:
    """In the child: the pty becomes its controlling terminal, and Ctrl-C interrupts it even when
    the test runner was started with SIGINT ignored (a background job)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})    # nor blocked by an earlier test
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def test_ctrl_c_in_a_terminal_saves_the_answers(demo_grant_rulebooks: Path, tmp_path: Path) -> None:
    out = tmp_path / "ctrl-c.yaml"
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "zhice", "interview", "--rulebooks", str(demo_grant_rulebooks),
                             "--as-of", AS_OF.isoformat(), "--matcher", "compiled", "--output", str(out)],
                            stdin=slave, stdout=slave, stderr=slave, start_new_session=True, close_fds=True,
                            preexec_fn=_own_terminal)
    os.close(slave)
    seen = b""

    def wait_for(text: str) -> None:
        nonlocal seen
        deadline = time.monotonic() + 60
        while text.encode() not in seen and time.monotonic() < deadline:
            if select.select([master], [], [], 0.5)[0]:
                try:
                    seen += os.read(master, 4096)
                except OSError:
                    break
        assert text.encode() in seen, seen.decode("utf-8", "replace")

    wait_for("1. 企业名称")
    os.write(master, "问答测试公司\r".encode())
    wait_for("2. 注册省份")
    os.write(master, "浙江省\r".encode())
    wait_for("3. ")
    _wait_reading_the_terminal(proc.pid)
    os.write(master, b"\x03")                       # Ctrl-C, as the terminal sends it
    wait_for("已中断")
    proc.wait(timeout=30)
    os.close(master)
    assert proc.returncode == 130
    assert load_profile(out).facts() == {"enterprise.name": "问答测试公司", "enterprise.province": "浙江省"}


def test_from_a_profile_asks_only_what_is_missing(demo_grant_rulebooks: Path, tmp_path: Path) -> None:
    start = tmp_path / "start.yaml"
    start.write_text(yaml.safe_dump({"enterprise": {"name": "问答测试公司", "province": "浙江省", "industry": "I65",
                                                    "employees": 50, "revenue": 6000.0}},
                                    allow_unicode=True), encoding="utf-8")
    engine = Engine(demo_grant_rulebooks)
    iv = Interview(engine.compiled(AS_OF), engine.matcher(AS_OF, "compiled"))
    iv.answers.update(load_profile(start).facts())
    expected = []
    while (q := iv.next_question()) is not None:
        expected.append(q.path)
        iv.answers[q.path] = DEMO_TRUTH.get(q.path)
    assert expected and not set(expected) & {"enterprise.name", "enterprise.province", "enterprise.revenue"}
    text = "".join(as_text(DEMO_TRUTH.get(p)) + "\n" for p in expected)
    out = tmp_path / "done.yaml"
    res = run(demo_grant_rulebooks, text, "--from", str(start), "--output", str(out))
    assert res.exit_code == 0, res.output
    prompts = [ln.split("（")[0].split("  ")[0] for ln in res.output.splitlines() if PROMPT.match(ln)]
    assert len(prompts) == len(expected)
    assert load_profile(out).facts()["enterprise.revenue"] == 6000.0


def test_an_implausible_answer_is_confirmed(demo_grant_rulebooks: Path, tmp_path: Path) -> None:
    assert implausible("enterprise.rd_expense", 3200.0, {"enterprise.revenue": 12.0}) is not None
    assert "267 倍" in implausible("enterprise.rd_expense", 3200.0, {"enterprise.revenue": 12.0})
    assert implausible("enterprise.rd_expense", 30.0, {"enterprise.revenue": 12.0}) is None
    assert implausible("enterprise.revenue", 12.0, {"enterprise.rd_expense": 3200.0}) is not None
    assert implausible("enterprise.tech_staff", 9, {"enterprise.employees": 8}) is not None
    assert implausible("enterprise.rd_expense", 3200.0, {}) is None
    # through the command: 3200 against 6000 is fine; 30000 asks, 否 re-asks, 是 keeps
    lines = ["问答测试公司", "浙江省", "否", "3", "6000", "30000", "否", "600", "I65"]
    res = run(demo_grant_rulebooks, "\n".join(lines) + "\nq\n", "--output", str(tmp_path / "p.yaml"))
    assert res.output.count("确认无误吗") == 1 and "请重新输入" in res.output
    assert load_profile(tmp_path / "p.yaml").facts()["enterprise.rd_expense"] == 600.0


def test_plausibility_pairs_are_data(tmp_path: Path) -> None:
    """The pairs come from rulebooks/_meta/plausibility.yml, not from code; a pair naming a field
    the profile lacks, a text field or no factor is refused with its place in the file."""
    from zhice.errors import RulebookError
    from zhice.interview import plausibility

    pairs = plausibility()
    assert pairs and all(FIELDS[p.field].numeric and FIELDS[p.other].numeric and p.factor > 0 for p in pairs)
    source = Path(__import__("zhice.interview", fromlist=["x"]).__file__).read_text(encoding="utf-8")
    assert not re.search(r'"(enterprise|ip|ip_management|qualifications|overseas|record|trade_secrets)\.[a-z_]+"',
                         source), "a field name in interview.py"
    bad = tmp_path / "plausibility.yml"
    bad.write_text("pairs:\n  - {field: enterprise.rd_expense, other: enterprise.revenue, factor: 3}\n"
                   "  - {field: enterprise.rd_expnse, other: enterprise.revenue, factor: 3}\n"
                   "  - {field: enterprise.name, other: enterprise.revenue, factor: 1}\n"
                   "  - {field: enterprise.rd_staff, other: enterprise.employees}\n", encoding="utf-8")
    with pytest.raises(RulebookError) as err:
        plausibility(bad)
    assert [p.path for p in err.value.problems] == ["pairs.1", "pairs.2", "pairs.3"]
    assert all(p.code == "bad-plausibility-file" and p.line for p in err.value.problems)


@pytest.mark.parametrize("text,iso", [("2027/6/30", "2027-06-30"), ("2014-6-8", "2014-06-08"),
                                      ("2014.06.18", "2014-06-18"), ("2016年5月8日", "2016-05-08"),
                                      ("2016 年 5 月 8 日", "2016-05-08"), ("2021-03-15", "2021-03-15")])
def test_dates_as_people_write_them(text: str, iso: str) -> None:
    assert parse_date_text(text) == iso
    assert parse_answer("enterprise.registered_on", text, {}) == dt.date.fromisoformat(iso)


def test_bad_dates_and_numbers_are_explained_in_chinese() -> None:
    for path, raw, words in (("enterprise.registered_on", "2021-02-30", "请填日期"),
                             ("enterprise.employees", "十二", "请填整数"),
                             ("ip_management.policy_documented", "也许", "请填“是”或“否”"),
                             ("ip_management.gbt29490", "别的", "未贯标")):
        with pytest.raises(ValueError, match=words):
            parse_answer(path, raw, {})


def test_choices_by_number_label_or_code() -> None:
    for raw in ("1", "未贯标", "none"):
        assert parse_answer("ip_management.gbt29490", raw, {}) == "none"
    assert parse_answer("qualifications.rd_institution", "市级", {}) == "municipal"
    assert command_of("上一题") == "back" and command_of("？") == "help" and command_of("跳过") == "skip"
    assert command_of("q") == "quit" and command_of("浙江省") is None


def test_next_question_is_stateless(shipped) -> None:
    _, engine = shipped
    first = next_question(engine, {}, as_of=AS_OF)
    assert first is not None and first.path == "enterprise.name"
    answers = {"enterprise.name": "X", "enterprise.province": "江苏省"}
    q1 = next_question(engine, answers, as_of=AS_OF)
    q2 = next_question(engine.compiled(AS_OF), answers)
    assert q1 == q2 and answers == {"enterprise.name": "X", "enterprise.province": "江苏省"}
    assert q1 is None or q1.to_dict()["path"] == q1.path
    everything = {"enterprise.name": "X", "enterprise.province": "浙江省"}
    q = next_question(engine, everything, as_of=AS_OF)
    assert q is not None and q.programs and q.weight > 0 and q.title
