"""``zhice serve``: the JSON API through the ASGI client, and a load test against a real uvicorn.

The checkup answer must be the CLI's ``zhice checkup --format json`` output for the same profile;
every error is ``{"problems": [{code, path, message, hint}]}`` listing every problem by path; a
body over the limit is 413 whether announced or streamed; concurrent requests give the answers
sequential ones give.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

pytest.importorskip("fastapi", reason="the serve extra (pip install -e '.[serve]') is not installed")
import httpx  # noqa: E402

with warnings.catch_warnings():     # this starlette release warns that its TestClient will move off httpx
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from zhice.cli import cli  # noqa: E402
from zhice.interview import Interview  # noqa: E402
from zhice.serve import create_app  # noqa: E402

from conftest import AS_OF, EXAMPLES, GAP_PROFILE, REPO  # noqa: E402

DAY = AS_OF.isoformat()
EXAMPLE = EXAMPLES / "micro_software_startup.yaml"
PROBLEM_KEYS = {"code", "path", "message", "hint"}


def as_json(path: Path) -> dict:
    """A profile file as the JSON a client would send (dates as ISO text)."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def cli_out(*args: str) -> str:
    res = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res.output


def problems(resp: httpx.Response, status: int) -> list[dict]:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert set(body) == {"problems"} and body["problems"], body
    for p in body["problems"]:
        assert set(p) == PROBLEM_KEYS, p
        assert p["code"] and p["message"]
    return body["problems"]


@pytest.fixture(scope="module")
def app():
    return create_app(as_of=DAY)


@pytest.fixture(scope="module")
def client(app) -> TestClient:
    return TestClient(app)


@pytest.fixture(scope="module")
def demo_client(demo_grant_rulebooks: Path) -> TestClient:
    return TestClient(create_app(demo_grant_rulebooks, as_of=DAY))


# ---- the result contract ------------------------------------------------------------------------

@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_checkup_is_the_cli_json(client: TestClient, path: Path) -> None:
    resp = client.post("/api/checkup", params={"as_of": DAY}, json=as_json(path))
    assert resp.status_code == 200 and resp.headers["content-type"] == "application/json"
    expected = cli_out("checkup", str(path), "--format", "json", "--as-of", DAY)
    assert resp.json() == json.loads(expected)
    assert resp.text == expected


def test_server_as_of_is_the_default_and_the_query_overrides_it(client: TestClient) -> None:
    body = as_json(EXAMPLE)
    assert client.post("/api/checkup", json=body).json()["as_of"] == DAY
    assert client.post("/api/checkup", params={"as_of": "2025-06-01"}, json=body).json()["as_of"] == "2025-06-01"


def test_program_filter_and_report_formats(client: TestClient) -> None:
    body = as_json(EXAMPLE)
    one = client.post("/api/checkup", params=[("program", "jinzhongzi"), ("program", "tech_sme")], json=body).json()
    assert [p["id"] for p in one["programs"]] == ["jinzhongzi", "tech_sme"]
    for fmt, media in (("html", "text/html"), ("markdown", "text/markdown")):
        resp = client.post("/api/checkup", params={"format": fmt, "as_of": DAY}, json=body)
        assert resp.status_code == 200 and resp.headers["content-type"].startswith(media)
        assert resp.text == cli_out("checkup", str(EXAMPLE), "--format", fmt, "--as-of", DAY)


def test_html_report_escapes_the_profile(client: TestClient) -> None:
    body = {"enterprise": {"name": "<script>alert(1)</script>甲公司", "province": "浙江省"}}
    html = client.post("/api/checkup", params={"format": "html"}, json=body).text
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# ---- errors -------------------------------------------------------------------------------------

def test_invalid_profile_lists_every_problem_by_path(client: TestClient) -> None:
    body = {"enterprise": {"name": "甲", "employes": 3, "revenue": "很多", "registered_on": "2021-02-30"},
            "ipp": {}, "ip": {"invention_patents": -1, "pct_applications": 1.5}}
    found = problems(client.post("/api/checkup", json=body), 422)
    paths = {p["path"] for p in found}
    assert {"enterprise.employes", "ipp", "enterprise.revenue", "enterprise.registered_on",
            "ip.invention_patents", "ip.pct_applications"} <= paths, found
    hint = next(p["hint"] for p in found if p["path"] == "enterprise.employes")
    assert "enterprise.employees" in hint


def test_query_and_body_problems_come_together(client: TestClient) -> None:
    found = problems(client.post("/api/checkup", params=[("as_of", "2026-13-01"), ("program", "jinzhongz")],
                                 json={"enterprise": {}}), 422)
    assert {p["path"] for p in found} >= {"enterprise.name", "query.as_of", "query.program"}
    assert any("jinzhongzi" in (p["hint"] or "") for p in found)
    found = problems(client.post("/api/checkup", params=[("program", "nope"), ("program", "tech_smee")],
                                 json=as_json(EXAMPLE)), 400)
    assert [(p["code"], p["path"]) for p in found] == [("unknown-program", "query.program")] * 2


@pytest.mark.parametrize("body, code", [
    (b"", "empty-body"), (b"{\"enterprise\": ", "bad-json"), (b"{'a': 1}", "bad-json"),
    (b"\xff\xfe{}", "bad-encoding"), (b"{\"enterprise\": {\"name\": \"x\", \"revenue\": NaN}}", "bad-json"),
    (b"{\"enterprise\": {\"name\": \"x\", \"revenue\": 1e400}}", "bad-json"),
    (b"{\"enterprise\": {\"name\": \"x\", \"employees\": 1" + b"0" * 5000 + b"}}", "bad-json"),
    (b"[" * 40 + b"]" * 40, "too-deep"), (b"[" * 200_000 + b"]" * 200_000, "too-deep"),
])
def test_unreadable_bodies_are_400(client: TestClient, body: bytes, code: str) -> None:
    found = problems(client.post("/api/checkup", content=body, headers={"content-type": "application/json"}), 400)
    assert [p["code"] for p in found] == [code] and found[0]["path"] == "body"


def test_not_a_mapping_is_422(client: TestClient) -> None:
    assert problems(client.post("/api/checkup", json=[1, 2]), 422)[0]["code"] == "not-a-mapping"


def test_fastapi_validation_errors_have_the_same_shape(client: TestClient) -> None:
    found = problems(client.post("/api/checkup", params={"format": "xml"}, json=as_json(EXAMPLE)), 422)
    assert [p["path"] for p in found] == ["query.format"]
    found = problems(client.post("/api/whatif/jinzhongzi", params={"limit": "many"}, json=as_json(EXAMPLE)), 422)
    assert [p["path"] for p in found] == ["query.limit"]


def test_unknown_route_and_method(client: TestClient) -> None:
    assert problems(client.get("/api/nothing"), 404)[0]["code"] == "not-found"
    assert problems(client.get("/api/checkup"), 405)[0]["code"] == "method-not-allowed"


def test_body_over_the_limit_is_413_announced_or_streamed(demo_grant_rulebooks: Path) -> None:
    small = TestClient(create_app(demo_grant_rulebooks, as_of=DAY, body_limit=2_000))
    body = json.dumps({"enterprise": {"name": "甲公司", "province": "浙江省"}}).encode()
    assert small.post("/api/checkup", content=body).status_code == 200
    padded = body[:-1] + b" " * 2_000 + b"}"
    found = problems(small.post("/api/checkup", content=padded), 413)
    assert found[0]["code"] == "body-too-large"

    def chunks():                      # chunked: no Content-Length, the size is only known by reading
        for _ in range(100):
            yield b" " * 100

    resp = small.post("/api/checkup", content=chunks())
    assert "content-length" not in resp.request.headers
    assert problems(resp, 413)[0]["code"] == "body-too-large"
    assert problems(small.post("/api/checkup", content=body, headers={"content-length": "99999999"}), 413)


def test_time_limit_and_busy(demo_grant_rulebooks: Path) -> None:
    app = create_app(demo_grant_rulebooks, as_of=DAY, timeout=0.3, max_pending=1)
    engine = app.state.engine
    real = engine.checkup

    def slow(*a, **kw):
        time.sleep(1.0)
        return real(*a, **kw)

    engine.checkup = slow
    try:
        async def two():
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
                body = {"enterprise": {"name": "甲"}}
                return await asyncio.gather(c.post("/api/checkup", json=body), c.post("/api/checkup", json=body))

        first, second = asyncio.run(two())
        statuses = sorted([first.status_code, second.status_code])
        assert statuses == [503, 504], (first.text, second.text)
        by = {r.status_code: r for r in (first, second)}
        assert problems(by[504], 504)[0]["code"] == "timeout"
        assert problems(by[503], 503)[0]["code"] == "busy" and by[503].headers["retry-after"] == "1"
    finally:
        engine.checkup = real
    time.sleep(1.2)                     # the timed-out call finishes; the app answers again
    assert TestClient(app).post("/api/checkup", json={"enterprise": {"name": "甲"}}).status_code == 200


def test_calls_that_timed_out_while_waiting_are_not_run(demo_grant_rulebooks: Path) -> None:
    app = create_app(demo_grant_rulebooks, as_of=DAY, timeout=0.3)
    engine = app.state.engine
    real, calls = engine.checkup, []

    def slow(*a, **kw):
        calls.append(1)
        time.sleep(1.0)
        return real(*a, **kw)

    engine.checkup = slow

    async def three():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
            return await asyncio.gather(*(c.post("/api/checkup", json={"enterprise": {"name": "甲"}})
                                          for _ in range(3)))

    try:
        assert [r.status_code for r in asyncio.run(three())] == [504] * 3
        time.sleep(1.5)
        assert len(calls) == 1           # the two that waited behind it were dropped, not run late
    finally:
        engine.checkup = real


def test_internal_errors_are_structured(demo_grant_rulebooks: Path) -> None:
    app = create_app(demo_grant_rulebooks, as_of=DAY)

    def broken(*a, **kw):
        raise RuntimeError("boom")

    app.state.engine.checkup = broken
    found = problems(TestClient(app, raise_server_exceptions=False).post(
        "/api/checkup", json={"enterprise": {"name": "甲"}}), 500)
    assert found[0]["code"] == "internal" and "boom" in found[0]["message"]


# ---- the other routes ---------------------------------------------------------------------------

def test_programs_is_the_cli_list(client: TestClient) -> None:
    resp = client.get("/api/programs", params={"as_of": DAY})
    assert resp.status_code == 200
    assert resp.json() == json.loads(cli_out("programs", "--format", "json", "--as-of", DAY))


def test_explain_and_whatif_are_the_cli_json(demo_client: TestClient, demo_grant_rulebooks: Path,
                                             tmp_path: Path) -> None:
    prof = tmp_path / "gap.yaml"
    prof.write_text(yaml.safe_dump(GAP_PROFILE, allow_unicode=True), encoding="utf-8")
    rb = ["--rulebooks", str(demo_grant_rulebooks), "--as-of", DAY]
    got = demo_client.post("/api/explain/demo_grant", json=GAP_PROFILE)
    assert got.status_code == 200
    assert got.json() == json.loads(cli_out("explain", "demo_grant", str(prof), "--format", "json", *rb))
    got = demo_client.post("/api/whatif/demo_grant", params={"limit": 2}, json=GAP_PROFILE)
    assert got.status_code == 200
    expected = json.loads(cli_out("whatif", "demo_grant", str(prof), "--format", "json", "--limit", "2", *rb))
    assert got.json() == expected and expected["options"], expected
    for route in ("/api/explain/nope", "/api/whatif/nope"):
        found = problems(demo_client.post(route, json=GAP_PROFILE), 400)
        assert [(p["code"], p["path"]) for p in found] == [("unknown-program", "path.program")]


def test_healthz_and_openapi(client: TestClient) -> None:
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["as_of"] == DAY and health["programs"] > 20
    assert health["rulebooks_digest"].startswith("sha256:")
    doc = client.get("/openapi.json").json()
    assert {"/api/checkup", "/api/programs", "/api/explain/{program}", "/api/whatif/{program}",
            "/healthz"} <= set(doc["paths"])
    body = doc["paths"]["/api/checkup"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/Profile"}
    assert "enterprise" in doc["components"]["schemas"]["Profile"]["properties"]
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(doc)))
    assert refs and refs <= set(doc["components"]["schemas"]), refs - set(doc["components"]["schemas"])
    errors = doc["paths"]["/api/checkup"]["post"]["responses"]
    assert {"400", "413", "422"} <= set(errors)
    assert errors["422"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Problems"}
    assert client.get("/docs").status_code == 200


# ---- the page and the interview -----------------------------------------------------------------

def test_page_needs_no_network(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert '<html lang="zh-CN">' in page.text and "企业知识产权政策体检" in page.text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and all(a.startswith("/") for a in assets), assets
    for asset in (a for a in assets if a.startswith("/static/")):
        text = re.sub(r'xmlns="[^"]*"', "", client.get(asset).text)     # an SVG namespace is a name, not a fetch
        assert not re.search(r"https?://|@import|//[a-z0-9.-]+\.[a-z]{2,}/", text, re.I), asset
    js = client.get("/static/page.js").text
    assert "innerHTML" not in js and "eval(" not in js


def test_interview_asks_what_the_terminal_interview_asks(app, client: TestClient) -> None:
    """Skip every question: the sequence of fields equals the library's Interview, step by step."""
    engine = app.state.engine
    iv = Interview(engine.compiled(AS_OF), engine.matcher(AS_OF))
    answers: dict[str, str] = {}
    asked = []
    while True:
        data = client.post("/api/interview", json={"answers": answers}).json()
        nxt = iv.next_field()
        if data["done"]:
            assert nxt is None
            break
        q = data["question"]
        assert (q["path"], q["programs"]) == nxt and q["number"] == len(asked) + 1
        asked.append(q["path"])
        value = "浙江测试公司" if q["path"] == "enterprise.name" else ""
        answers[q["path"]] = value
        iv.answers[q["path"]] = value or None
    assert asked[0] == "enterprise.name" and len(asked) > 3
    assert data["profile"]["enterprise"] == {"name": "浙江测试公司"}


def test_interview_answers_are_typed_and_checked(client: TestClient) -> None:
    data = client.post("/api/interview", json={"answers": {
        "enterprise.name": "甲", "enterprise.province": "浙江省", "enterprise.employees": "12",
        "enterprise.registered_on": "2020-05-01"}}).json()
    assert data["answers"]["enterprise.employees"] == 12
    assert data["profile"]["enterprise"]["registered_on"] == "2020-05-01"
    found = problems(client.post("/api/interview", json={"answers": {
        "enterprise.name": "甲", "enterprise.employees": "很多", "enterprise.nam": "x",
        "ip.invention_patents": {"a": 1}}}), 422)
    assert {p["path"] for p in found} == {"enterprise.employees", "answers.enterprise.nam", "ip.invention_patents"}
    assert problems(client.post("/api/interview", json={"answer": {}}), 422)[0]["path"] == "answers"
    found = problems(client.post("/api/interview", params={"program": "nope"}, json={"answers": {}}), 400)
    assert found[0]["path"] == "query.program"


def test_profile_yaml_round_trips(client: TestClient, tmp_path: Path) -> None:
    body = as_json(EXAMPLE)
    resp = client.post("/api/profile.yaml", json=body)
    assert resp.status_code == 200 and "attachment" in resp.headers["content-disposition"]
    assert resp.text.startswith("# ")
    saved = tmp_path / "p.yaml"
    saved.write_text(resp.text, encoding="utf-8")
    assert json.loads(cli_out("checkup", str(saved), "--format", "json", "--as-of", DAY)) == \
        json.loads(cli_out("checkup", str(EXAMPLE), "--format", "json", "--as-of", DAY))


# ---- the command --------------------------------------------------------------------------------

def test_serve_command_reports_bad_rulebooks_and_a_missing_extra(tmp_path: Path, monkeypatch) -> None:
    bad = tmp_path / "rb"
    bad.mkdir()
    (bad / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["serve", "--rulebooks", str(bad)])
    assert res.exit_code == 3, res.output
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    res = CliRunner().invoke(cli, ["serve"])
    assert res.exit_code == 2 and "serve-not-installed" in res.output and ".[serve]" in res.output
    assert "Traceback" not in res.output


# ---- a real server under load -------------------------------------------------------------------

@contextlib.contextmanager
def running_server(*args: str) -> Iterator[str]:
    """``zhice serve --port 0 ARGS`` on 127.0.0.1 in a subprocess; yields its base URL."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "engine"), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen([sys.executable, "-m", "zhice", "serve", "--port", "0", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    try:
        url, lines = None, []
        deadline = time.monotonic() + 60
        while url is None and time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            lines.append(line)
            m = re.search(r"Uvicorn running on (http://127\.0\.0\.1:\d+)", line)
            url = m.group(1) if m else None
        if url is None:
            pytest.fail("zhice serve did not start:\n" + "".join(lines))
        threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()   # keep the pipe drained
        while True:                     # with --workers the address is shown before the workers answer
            try:
                if httpx.get(url + "/healthz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("zhice serve did not answer /healthz")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_server("--as-of", DAY) as url:
        yield url


async def _burst(url: str, bodies: list[dict], concurrency: int) -> list[tuple[int, str, float]]:
    sem = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as c:
        async def one(body: dict) -> tuple[int, str, float]:
            async with sem:
                t0 = time.perf_counter()
                resp = await c.post("/api/checkup", json=body)
                return resp.status_code, resp.text, time.perf_counter() - t0
        return await asyncio.gather(*(one(b) for b in bodies))


def test_load_200_requests_20_at_a_time(server: str) -> None:
    body = as_json(EXAMPLE)
    expected = cli_out("checkup", str(EXAMPLE), "--format", "json", "--as-of", DAY)
    alone = sorted(t for _, _, t in asyncio.run(_burst(server, [body] * 20, 1)))
    t0 = time.perf_counter()
    results = asyncio.run(_burst(server, [body] * 200, 20))
    wall = time.perf_counter() - t0
    assert len(results) == 200 and all(status == 200 for status, _, _ in results)
    assert {text for _, text, _ in results} == {expected}
    lat = sorted(t for _, _, t in results)
    p50, p95 = statistics.median(lat), lat[int(len(lat) * 0.95) - 1]
    print(f"\nload: 200 checkups, 20 concurrent: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
          f"max {lat[-1] * 1000:.0f} ms, {200 / wall:.0f} requests/s; one at a time: p50 "
          f"{statistics.median(alone) * 1000:.0f} ms")


def test_40_concurrent_checkups_identical(server: str) -> None:
    body = as_json(EXAMPLE)
    results = asyncio.run(_burst(server, [body] * 40, 40))
    assert [s for s, _, _ in results] == [200] * 40
    assert len({text for _, text, _ in results}) == 1


def test_workers_each_load_the_engine() -> None:
    with running_server("--as-of", DAY, "--workers", "2") as url:
        results = asyncio.run(_burst(url, [as_json(EXAMPLE)] * 8, 4))
    assert [s for s, _, _ in results] == [200] * 8
    assert {t for _, t, _ in results} == {cli_out("checkup", str(EXAMPLE), "--format", "json", "--as-of", DAY)}


def test_concurrent_different_profiles_do_not_mix(server: str) -> None:
    paths = sorted(EXAMPLES.glob("*.yaml"))
    expected = [cli_out("checkup", str(p), "--format", "json", "--as-of", DAY) for p in paths]
    results = asyncio.run(_burst(server, [as_json(p) for p in paths] * 3, 40))
    assert [text for _, text, _ in results] == expected * 3
