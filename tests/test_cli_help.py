"""Every command's ``--help`` is Chinese first and English with ``--lang en`` / ``ZHICE_LANG=en``;
every command and option has a help text and README lists every command (after sqlite-utils'
test that every command is documented); Ctrl-C or the end of the input says 已取消, not "Aborted!".
"""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time

import click
import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from zhice.cli import cli
from zhice.cli.lang import ZhiceCommand, ZhiceGroup, english, scan_lang, tr
from zhice.wording import current_lang, set_lang

from conftest import bench_generator, REPO, RULEBOOKS

CJK = re.compile(r"[\u4e00-\u9fff]")
COMMANDS = sorted(cli.commands)


def _params(cmd: click.Command) -> list[click.Parameter]:
    return [p for p in cmd.params if not getattr(p, "hidden", False)]


def _help(*args: str, env: dict[str, str] | None = None) -> str:
    res = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False, prog_name="zhice")
    assert res.exit_code == 0, res.output
    return res.output


@pytest.fixture(autouse=True)
def _fresh_language():
    yield
    set_lang(None)


def test_every_command_has_a_help_text_in_both_languages() -> None:
    missing = []
    for cmd in [cli, *(cli.commands[name] for name in COMMANDS)]:
        name = cmd.name or "zhice"
        if not cmd.help or not CJK.search(cmd.help):
            missing.append(f"{name}: no Chinese help")
        elif not english(cmd.help) or CJK.search(english(cmd.help) or ""):
            missing.append(f"{name}: no English help")
        assert isinstance(cmd, ZhiceCommand | ZhiceGroup), f"{name} is not a ZhiceCommand (cls=ZhiceCommand)"
        for p in _params(cmd):
            label = f"{name} {p.opts[0] if p.opts else p.name}"
            text = getattr(p, "help", None)
            if not text or not CJK.search(text):
                missing.append(f"{label}: no Chinese help")
            elif not english(text) or CJK.search(english(text) or ""):
                missing.append(f"{label}: no English help")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("name", ["", *COMMANDS])
def test_help_is_chinese_by_default_and_english_with_lang_en(name: str) -> None:
    args = [name] if name else []
    cmd = cli.commands[name] if name else cli
    zh = _help(*args, "--help")
    assert zh.startswith("用法：zhice"), zh
    assert "选项：" in zh and "显示此帮助并退出。" in zh and "Options:" not in zh and "Show this message" not in zh
    desc = english(cmd.help)
    assert desc is not None and desc.split("\n\n")[0][:30] not in zh
    for p in _params(cmd):
        if isinstance(p, click.Option):
            assert p.opts[0] in zh
    too_wide = [line for line in zh.splitlines() if cell_len(line) > 80]
    assert not too_wide, too_wide                    # a Chinese character counts as two columns

    for en in (_help(*args, "--help", "--lang", "en"), _help(*args, "--lang=en", "--help"),
               _help("--lang", "en", *args, "--help"), _help(*args, "--help", env={"ZHICE_LANG": "en"})):
        assert en.startswith("Usage: zhice") and "Options:" in en and "Show this message and exit." in en
        assert not CJK.search(en), [line for line in en.splitlines() if CJK.search(line)]
        assert desc.split("\n\n")[0] in " ".join(en.split())


def test_the_group_lists_every_command_by_its_chinese_summary() -> None:
    zh = _help("--help")
    listing = zh.split("命令：", 1)[1]
    for name in COMMANDS:
        summary = cli.commands[name].help.split("\n\n")[0].removesuffix("。")
        assert re.search(rf"^  {name}\s+{re.escape(summary[:12])}", listing, re.M), (name, listing)
    en = _help("--help", "--lang", "en")
    assert "checkup    Checkup: one profile against every program" in en


def test_readme_lists_every_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Commands", 1)[1].split("\n\n", 2)[1]
    listed = set(re.findall(r"^\| `zhice ([a-z]+)", table, re.M))
    assert listed == set(COMMANDS), (listed ^ set(COMMANDS))
    assert "--lang en" in readme and "ZHICE_LANG" in readme


def test_lang_is_read_before_an_eager_help() -> None:
    assert scan_lang(["checkup", "x.yaml", "--lang", "en"]) == "en"
    assert scan_lang(["--lang=zh", "checkup"]) == "zh"
    assert scan_lang(["--", "--lang", "en"]) is None
    assert scan_lang(["--lang", "fr"]) is None
    _help("checkup", "--help", "--lang", "en")
    _help("checkup", "--help")                        # one invocation's language does not leak into the next
    assert "选项：" in _help("programs", "--help")


def test_click_usage_errors_are_chinese_first() -> None:
    res = CliRunner().invoke(cli, ["checkup"], prog_name="zhice")
    assert res.exit_code == 2
    assert "错误：缺少参数 'PROFILE'" in res.output and "用 'zhice checkup --help' 查看帮助" in res.output, res.output
    res = CliRunner().invoke(cli, ["checkup", "x.yaml", "--format", "pdf"], prog_name="zhice")
    assert "'--format' 的值无效" in res.output and "不是以下之一" in res.output, res.output
    res = CliRunner().invoke(cli, ["checkup", "--lang", "en"], prog_name="zhice")
    assert "Error: Missing argument 'PROFILE'" in res.output, res.output


def _prompting_group() -> click.Group:
    @click.group(cls=ZhiceGroup, help=tr("测试", "test"))
    def group() -> None:
        pass

    @group.command("ask", help=tr("提问", "ask"))
    def ask() -> None:
        click.prompt("名称")

    return group


def test_end_of_input_at_a_prompt_says_cancelled() -> None:
    group = _prompting_group()
    res = CliRunner().invoke(group, ["ask"], input="")
    assert res.exit_code == 1
    assert "已取消" in res.output and "Aborted" not in res.output, res.output
    res = CliRunner().invoke(group, ["ask"], input="", env={"ZHICE_LANG": "en"})
    assert res.exit_code == 1 and "Aborted!" in res.output and "已取消" not in res.output, res.output


def _own_terminal() -> None:
    """In the child: Ctrl-C on the pty interrupts it even if the test runner ignores SIGINT."""
    import fcntl
    import signal
    import termios

    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _portfolio(tmp_path, rows: int):
    gen = bench_generator()
    src = tmp_path / "clients.csv"
    gen.generate(rows, src, bad=0.0, missing=0.1, seed=5)
    return src


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ctrl_c_in_a_terminal_says_cancelled(tmp_path, lang: str) -> None:
    """Ctrl-C typed into a real pty while ``zhice diff`` runs: 已取消, exit 1 (as click's Abort)."""
    import pty

    src = _portfolio(tmp_path, 3000)
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "ZHICE_LANG"}
    proc = subprocess.Popen([sys.executable, "-m", "zhice", "diff", str(RULEBOOKS), str(RULEBOOKS), "--profiles",
                             str(src), "--as-of", "2026-11-21", "--lang", lang],
                            stdin=slave, stdout=slave, stderr=slave, start_new_session=True, close_fds=True,
                            preexec_fn=_own_terminal, env=env)
    os.close(slave)
    seen = b""

    def wait_for(pattern: bytes, seconds: float = 90) -> None:
        nonlocal seen
        deadline = time.monotonic() + seconds
        while pattern not in seen and time.monotonic() < deadline:
            if select.select([master], [], [], 0.5)[0]:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
        assert pattern in seen, seen.decode("utf-8", "replace")

    wait_for("对比".encode() if lang == "zh" else b"comparing")     # the progress bar: the run is under way
    os.write(master, b"\x03")
    wait_for("已取消".encode() if lang == "zh" else b"Aborted")
    proc.wait(timeout=60)
    try:
        while select.select([master], [], [], 0.2)[0]:
            seen += os.read(master, 65536)
    except OSError:
        pass
    os.close(master)
    text = seen.decode("utf-8", "replace")
    assert proc.returncode == 1, text
    assert "Traceback" not in text and ("Aborted" not in text if lang == "zh" else "已取消" not in text), text
    assert current_lang() == "zh"


def test_command_line_lang_wins_over_the_environment() -> None:
    en = _help("--lang", "en", "programs", "--help", env={"ZHICE_LANG": "zh"})
    assert en.startswith("Usage: zhice programs") and not CJK.search(en)
    zh = _help("programs", "--help", "--lang", "zh", env={"ZHICE_LANG": "en"})
    assert zh.startswith("用法：zhice programs")


def test_an_invocation_leaves_no_language_behind() -> None:
    from zhice.errors import ProfileError
    from zhice.profile import profile_from_data

    _help("--lang", "en", "checkup", "--help")
    assert current_lang() == "zh"
    with pytest.raises(ProfileError) as info:
        profile_from_data({"enterprise": {"name": "某公司", "employees": "abc"}})
    assert info.value.problems[0].message.startswith("从业人员数：应为整数")
