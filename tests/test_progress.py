"""Progress of ``zhice screen``: a rich bar with rate, time left and error rows on a terminal
(checked through a real pty), plain lines now and then when stderr is a file, nothing when short."""

from __future__ import annotations

import io
import re

from zhice.progress import ScreenProgress, progress_line

from conftest import bench_generator, REPO
from test_text_report import run_in_pty


def portfolio(tmp_path, rows: int, bad: float, seed: int):
    """A synthetic client CSV from bench/generate.py."""
    gen = bench_generator()
    src = tmp_path / "clients.csv"
    gen.generate(rows, src, bad=bad, missing=0.1, seed=seed)
    return src


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_line_names_rate_time_left_and_errors() -> None:
    line = progress_line(12000, 30000, 3, 4.0)
    assert line == "筛查 12,000/30,000 行（40%） · 3,000 行/秒 · 约剩 6 秒 · 错误行 3"
    assert progress_line(500, None, 0, 0.0) == "筛查 500 行 · 错误行 0"
    assert "约剩 1 分 40 秒" in progress_line(0 + 1000, 101000, 0, 1.0)


def test_plain_progress_writes_a_line_every_ten_seconds_only() -> None:
    out, clock = io.StringIO(), Clock()
    bar = ScreenProgress(out, enabled=True, tty=False, clock=clock)
    bar.start(1000, 0)
    clock.now += 3
    bar.update(100, 1)
    assert out.getvalue() == ""                     # a short run adds nothing
    clock.now += 8
    bar.update(400, 2)
    assert out.getvalue().splitlines() == ["筛查 400/1,000 行（40%） · 36 行/秒 · 约剩 16 秒 · 错误行 2"]
    clock.now += 1
    bar.update(450, 2)
    assert len(out.getvalue().splitlines()) == 1
    bar.close()


def test_disabled_progress_is_silent() -> None:
    out, clock = io.StringIO(), Clock()
    with ScreenProgress(out, enabled=False, tty=True, clock=clock) as bar:
        bar.start(10, 0)
        clock.now += 60
        bar.update(10, 0)
    assert out.getvalue() == ""


def test_screen_shows_a_bar_with_rate_and_errors_in_a_terminal(tmp_path) -> None:
    src = portfolio(tmp_path, 600, bad=0.01, seed=3)
    out = tmp_path / "out.jsonl"
    text = run_in_pty(["screen", str(src), "--output", str(out), "--jobs", "1", "--chunk-size", "50", "--no-db",
                       "--as-of", "2026-11-21"], columns=120)
    assert re.search(r"筛查.*\d+/600.*行/秒.*约剩.*错误行 \d+", text), text
    assert out.exists()


def test_quiet_turns_the_bar_off_and_verbose_reports_the_run(tmp_path) -> None:
    from click.testing import CliRunner

    from zhice.cli import cli
    from conftest import EXAMPLES

    src = portfolio(tmp_path, 120, bad=0.0, seed=5)
    text = run_in_pty(["-q", "screen", str(src), "--output", str(tmp_path / "o.jsonl"), "--jobs", "1",
                       "--chunk-size", "20", "--no-db", "--as-of", "2026-11-21"], columns=120)
    assert "行/秒" not in text and "120" in text
    res = CliRunner().invoke(cli, ["-v", "checkup", str(EXAMPLES / "micro_software_startup.yaml"),
                                   "--as-of", "2026-11-21"])
    assert res.exit_code == 0 and re.search(r"用时 \d+\.\d\d 秒 · 匹配器 \w+", res.stderr)
    quiet = CliRunner().invoke(cli, ["-q", "checkup", str(EXAMPLES / "micro_software_startup.yaml"),
                                     "--as-of", "2026-11-21"])
    assert quiet.exit_code == 0 and quiet.stderr == "" and "汇总" in quiet.stdout


def test_diff_shows_its_progress_in_a_terminal() -> None:
    from conftest import EXAMPLES, RULEBOOKS

    text = run_in_pty(["diff", str(RULEBOOKS), str(RULEBOOKS), "--profiles", str(EXAMPLES), "--as-of", "2026-11-21"],
                      columns=120)
    assert re.search(r"对比.*\d+.*错误行 0", text), text
    assert "状态变化 0 家" in text


def test_verify_shows_scenarios_done_rate_and_failures_in_a_terminal() -> None:
    text = run_in_pty(["verify", str(REPO / "features" / "cultivation"), "--matcher", "compiled",
                       "--as-of", "2026-11-21"], columns=120)
    assert re.search(r"核对 .*\d+/\d+ .*场景/秒.*约剩.*失败 0", text), text
    assert "全部通过" in text
    quiet = run_in_pty(["-q", "verify", str(REPO / "features" / "cultivation"), "--matcher", "compiled",
                        "--as-of", "2026-11-21"], columns=120)
    assert "场景/秒" not in quiet and "全部通过" in quiet


class Heard:
    """A progress that remembers what it was told."""

    def __init__(self) -> None:
        self.total: int | None = None
        self.updates: list[tuple[int, int]] = []

    def start(self, total: int, resumed: int = 0) -> None:
        self.total = total

    def update(self, done: int, errors: int = 0) -> None:
        self.updates.append((done, errors))


def test_verify_tells_its_progress_every_scenario_with_the_failures_so_far() -> None:
    from zhice.verify import verify

    heard = Heard()
    bad = REPO / "tests" / "fixtures" / "features_bad" / "bad_value.feature"
    good = REPO / "features" / "cultivation" / "jinzhongzi.feature"
    result = verify([good, bad], matcher="compiled", as_of="2026-11-21", progress=heard)
    ran = sum(len(f.scenarios) for f in result.features)
    failed = sum(1 for f in result.features for s in f.scenarios if s.outcome == "failed")
    assert heard.total == ran and [d for d, _ in heard.updates] == list(range(1, ran + 1))
    assert failed > 0 and heard.updates[-1][1] == failed
    assert [e for _, e in heard.updates] == sorted(e for _, e in heard.updates)


def test_progress_line_counts_scenarios_for_verify() -> None:
    from zhice.progress import SCENARIOS

    assert progress_line(30, 120, 2, 10.0, label="核对", units=SCENARIOS) == \
        "核对 30/120 个场景（25%） · 3.0 场景/秒 · 约剩 30 秒 · 失败 2"
