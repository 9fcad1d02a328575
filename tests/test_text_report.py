"""The terminal report: brief by default (≤ 120 lines, 80 columns for the micro start-up example,
checked through a real pty), everything with --detail, Chinese words instead of internal codes."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import time

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from zhice.cli import cli
from zhice.profile import FIELDS
from zhice.renderers.text import wrap
from zhice.wording import choice_label, field_title

from conftest import EXAMPLES

MICRO = str(EXAMPLES / "micro_software_startup.yaml")
DAY = "2026-11-21"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def run_in_pty(args: list[str], columns: int = 80, rows: int = 50) -> str:
    """Run ``python -m zhice ARGS`` with a pty of ``columns`` × ``rows`` as its terminal; the
    output as the terminal received it, colour codes removed."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen([sys.executable, "-m", "zhice", *args], stdin=slave, stdout=slave, stderr=slave,
                            env=env, close_fds=True)
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:                 # the child closed the pty
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    proc.wait(timeout=30)
    os.close(master)
    assert proc.returncode == 0, b"".join(chunks).decode("utf-8", "replace")
    return ANSI.sub("", b"".join(chunks).decode("utf-8").replace("\r\n", "\n"))


def invoke(*args: str) -> str:
    res = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res.output


def flat(text: str) -> str:
    """Text with the line breaks and indentation of wrapping taken out."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def micro_json() -> dict:
    return json.loads(invoke("checkup", MICRO, "--as-of", DAY, "--format", "json"))


def test_the_micro_report_fits_an_80_column_terminal_in_120_lines() -> None:
    text = run_in_pty(["checkup", MICRO, "--as-of", DAY], columns=80)
    lines = text.rstrip("\n").split("\n")
    assert len(lines) <= 120, f"{len(lines)} lines"
    too_wide = [ln for ln in lines if cell_len(ln) > 80]
    assert not too_wide, too_wide
    assert "汇总" in lines[3] or "汇总" in lines[2]


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed")
def test_the_screen_of_an_80_column_tmux_window_shows_the_report_unbroken(tmp_path) -> None:
    """What a person sees: tmux's screen of 80 columns holds one row per report line."""
    sock = str(tmp_path / "tmux.sock")
    out = tmp_path / "done"
    cmd = f"{sys.executable} -m zhice checkup {MICRO} --as-of {DAY}; echo $? > {out}; sleep 30"
    subprocess.run(["tmux", "-S", sock, "new-session", "-d", "-x", "80", "-y", "200", cmd], check=True,
                   env={**os.environ, "TERM": "xterm-256color"})
    try:
        for _ in range(240):
            if out.exists() and out.read_text().strip():
                break
            time.sleep(0.5)
        assert out.read_text().strip() == "0"
        screen = subprocess.run(["tmux", "-S", sock, "capture-pane", "-p", "-J", "-t", "0"], check=True,
                                capture_output=True, text=True).stdout
        rows = subprocess.run(["tmux", "-S", sock, "capture-pane", "-p", "-t", "0"], check=True,
                              capture_output=True, text=True).stdout
    finally:
        subprocess.run(["tmux", "-S", sock, "kill-server"], check=False)
    assert screen.rstrip("\n").split("\n") == rows.rstrip("\n").split("\n"), "a line was wrapped by the terminal"
    shown = [ln for ln in rows.rstrip("\n").split("\n")]
    assert shown[0].startswith("知策政策体检") and len(shown) <= 120


def test_piped_output_wraps_at_80_columns_with_hanging_indentation() -> None:
    assert max(cell_len(ln) for ln in invoke("checkup", MICRO, "--as-of", DAY).splitlines()) <= 80
    # the brief report of a 44-program catalog cuts each gap to one line; --detail wraps them
    lines = invoke("checkup", MICRO, "--as-of", DAY, "--detail").splitlines()
    assert max(cell_len(ln) for ln in lines) <= 80
    # a wrapped item continues under its text, not under its marker
    for prev, line in zip(lines, lines[1:]):
        if prev.startswith("   ✗ ") and line.startswith("     ") and not line.startswith("      "):
            break
    else:
        pytest.fail("no wrapped gap continues with a hanging indent")


def test_the_brief_report_leads_with_the_summary_and_the_roadmap_by_program_name(micro_json) -> None:
    text = invoke("checkup", MICRO, "--as-of", DAY)
    summary = text.index("汇总")
    roadmap = text.index("先做这几步")
    first_group = text.index("符合（")
    assert summary < roadmap < first_group
    titles = {p["id"]: p["title"] for p in micro_json["programs"]}
    first = micro_json["roadmap"][0]
    head = flat(text[roadmap:first_group])
    assert flat(first["step"]) in head
    assert all(flat(titles[u]) in head for u in first["unlocks"])
    for pid in titles:                          # names, never program ids
        assert not re.search(rf"\b{pid}\b", text), pid


def test_applicable_programs_show_gaps_and_next_steps_the_others_fold(micro_json) -> None:
    text = invoke("checkup", MICRO, "--as-of", DAY)
    body = flat(text)
    for p in micro_json["programs"]:
        if p["status"] in ("eligible", "gap", "insufficient_data"):
            assert flat(p["title"]) in body, p["id"]
        if p["status"] == "gap":        # its first gap: whole, or its first line when the brief report clips
            first_gap = next(c["gap"] for c in p["criteria"] if c["status"] == "unmet")
            assert flat(first_gap) in body or flat(first_gap)[:12] in body, p["id"]
    for status, label in (("achieved", "已获得"), ("not_applicable", "不适用")):
        held = [p for p in micro_json["programs"] if p["status"] == status]
        assert held, status
        start = text.index(f"{label}（{len(held)}）：")
        folded = text[start:].split("\n\n", 1)[0]       # one item (wrapped), no criteria
        assert all(flat(p["title"]) in flat(folded) for p in held)
        assert "✗" not in folded and "?" not in folded


def test_detail_shows_every_gap_step_and_source_but_no_criteria_of_achieved_programs(micro_json) -> None:
    text = invoke("checkup", MICRO, "--as-of", DAY, "--detail")
    body = flat(text)
    for p in micro_json["programs"]:
        assert flat(p["title"]) in body
        if p["status"] in ("gap", "insufficient_data", "eligible"):
            for c in p["criteria"]:
                if c["status"] == "unmet":
                    assert flat(c["gap"] or c["title"]) in body, (p["id"], c["id"])
            for step in p["next_steps"]:
                assert flat(step) in body, (p["id"], step)
        if p["sources"]:
            assert flat(p["sources"][0]["document"]) in body
    for step in micro_json["roadmap"]:
        assert flat(step["step"]) in body
    achieved = text.split("已获得（", 1)[1].split("\n\n", 1)[0]
    assert "✗" not in achieved and "?" not in achieved


def test_fields_choices_and_derived_facts_in_words() -> None:
    text = invoke("checkup", MICRO, "--as-of", DAY) + invoke("checkup", MICRO, "--as-of", DAY, "--detail")
    assert "ip_management." not in text and "enterprise." not in text and "qualifications." not in text
    assert f"缺少信息：{field_title('ip_management.system_running_since')}" in text
    assert "innovative_sme_growth" not in text and "sme_size" not in text
    assert "企业规模 微型" in text and "创新型中小企业评价·成长性得分 30 分" in text
    assert "贯标状态为 未贯标" in text and "贯标状态为 none" not in text
    assert "（上市进程：未启动上市）" in text


def test_every_choice_code_of_the_profile_has_a_chinese_label() -> None:
    for path, spec in FIELDS.items():
        for code in spec.choices:
            label = choice_label(path, code)
            assert label != code and not label.isascii(), (path, code)


def test_status_filter_and_english_labels() -> None:
    text = invoke("checkup", MICRO, "--as-of", DAY, "--status", "insufficient_data")
    assert "信息不足（" in text and "存在差距（" not in text and "符合（" not in text
    en = invoke("checkup", MICRO, "--as-of", DAY, "--lang", "en")
    assert "summary:" in en and re.search(r"gap \d+", en) and re.search(r"insufficient data \d+", en)
    assert "zhice policy checkup" in en and "汇总" not in en


def test_wrap_counts_cjk_as_two_columns_and_keeps_punctuation_off_line_starts() -> None:
    text = "按 GB/T 29490-2023 建立知识产权合规管理体系，运行满 3 个月并完成内审和管理评审后向认证机构申请认证。"
    for width in (20, 27, 33, 40):
        lines = wrap(text, width, " 1. ")
        assert all(cell_len(ln) <= width for ln in lines), (width, lines)
        assert all(ln.startswith("    ") for ln in lines[1:])
        assert not any(ln.strip()[0] in "，。、；：）" for ln in lines[1:])
        assert flat("".join(lines)) == flat(" 1. " + text)
        assert "29490-2023" in "".join(lines)          # a Latin word is not cut while it fits


def test_a_long_catalog_keeps_the_brief_report_short_by_clipping(micro_json) -> None:
    """With little room the brief report clips long gaps and steps to one line ending in "…"."""
    from zhice import Engine, load_profile
    from zhice.renderers.text import BRIEF_LEVELS, render_text
    from zhice.wording import derived_specs

    from conftest import RULEBOOKS

    engine = Engine(RULEBOOKS)
    report = engine.checkup(load_profile(MICRO), as_of=DAY)
    specs = derived_specs(engine.compiled(dt.date.fromisoformat(DAY)))
    roomy = render_text(report, width=80, derived=specs)
    narrow = render_text(report, width=48, derived=specs)
    assert BRIEF_LEVELS[-1].clip and not BRIEF_LEVELS[0].clip
    assert "…\n" in narrow and all(cell_len(ln) <= 48 for ln in ANSI.sub("", narrow).splitlines())
    assert len(ANSI.sub("", narrow).splitlines()) < len(wrap_all(ANSI.sub("", roomy), 48))


def wrap_all(text: str, width: int) -> list[str]:
    return [piece for line in text.splitlines() for piece in (wrap(line, width) if line else [""])]
