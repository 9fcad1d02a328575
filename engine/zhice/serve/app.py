"""The FastAPI app of ``zhice serve``: the Chinese web page and the JSON API (DESIGN "Web app and JSON API").

:func:`create_app` loads the rulebooks into one :class:`~zhice.pipeline.Engine` when the app is
made (invalid rulebooks raise :class:`~zhice.errors.RulebookError` then, not on a request) and
compiles the default as-of date's rules. Each request builds its own profile and report; the
engine's caches are the only shared state, and every engine call holds one lock (durable-rules'
sessions live in one process-wide Host, and its C code holds the GIL anyway), runs in a small
thread pool off the event loop and is given ``timeout`` seconds (504 past it; 503 when more than
``max_pending`` calls are waiting).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypeVar

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from zhice import __version__
from zhice.catalog import program_catalog
from zhice.errors import ProfileError, UsageError, ZhiceError
from zhice.explain import explain
from zhice.pipeline import Engine, default_rulebooks_dir, parse_as_of
from zhice.profile import Profile, profile_from_data
from zhice.renderers import render
from zhice.serve.interview_api import next_question, profile_yaml
from zhice.serve.limits import BodyLimit, RequestProblem, error_body, parse_json, problem_dict
from zhice.whatif import suggest
from zhice.wording import derived_specs, pick

__all__ = ["app_from_env", "create_app"]

T = TypeVar("T")
STATIC = resources.files("zhice.serve") / "static"
# the page runs with no network: its own script and style only (the report's CSS is inline)
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "connect-src 'self'; frame-src 'self' blob:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
MEDIA = {"json": "application/json", "html": "text/html; charset=utf-8", "markdown": "text/markdown; charset=utf-8"}
_PROFILE_BODY = {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Profile"}}}}


class ProblemItem(BaseModel):
    """One problem of a request (the shape of zhice's structured errors)."""

    code: str
    path: str | None
    message: str
    hint: str | None


class Problems(BaseModel):
    """Every error answer: all the problems found, not only the first."""

    problems: list[ProblemItem]


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    what = {400: "unreadable body (not JSON, not UTF-8, too deep) or a bad query", 413: "body over the limit",
            422: "an invalid profile or query, every problem by path", 503: "too many requests waiting",
            504: "over the time limit"}
    return {c: {"model": Problems, "description": what[c]} for c in codes}


_BODY_ERRORS = _errors(400, 413, 422, 503, 504)


class _Service:
    """The engine and the rules for calling it from requests."""

    def __init__(self, engine: Engine, as_of: dt.date | None, timeout: float, max_pending: int,
                 matcher: str | None):
        self.engine, self.as_of, self.timeout, self.max_pending, self.matcher = engine, as_of, timeout, max_pending, matcher
        self.lock = threading.Lock()
        self._count = threading.Lock()
        self.pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="zhice-serve")
        self.pending = 0

    def day(self, as_of: str | None) -> dt.date:
        if as_of is None:
            return self.as_of or dt.date.today()
        try:
            return parse_as_of(as_of)
        except UsageError:
            raise RequestProblem(400, [problem_dict("bad-date", pick(f"as_of 应为日期，如 2027-03-01，实为 '{as_of}'",
                                                                     f"as_of expects a date like 2027-03-01, found '{as_of}'"),
                                                    "query.as_of", pick("年-月-日（YYYY-MM-DD）", "YYYY-MM-DD"))]) from None

    def _locked(self, fn: Callable[[], Any], then: Callable[[Any], T] | None, abandoned: threading.Event) -> T | None:
        try:
            with self.lock:
                if abandoned.is_set():       # its request timed out while it waited: do not run it
                    return None
                out = fn()
            return then(out) if then is not None else out   # rendering needs no lock
        finally:
            with self._count:
                self.pending -= 1

    async def run(self, fn: Callable[[], Any], then: Callable[[Any], T] | None = None) -> T:
        """``fn()`` on the pool under the engine lock, then ``then(result)`` there without it,
        within the time limit."""
        if self.pending >= self.max_pending:
            raise RequestProblem(503, [problem_dict("busy", pick(f"有 {self.pending} 个体检正在排队，请稍后再试",
                                                                 f"{self.pending} checkups are waiting; try again shortly"),
                                                    None, pick("一秒后重试", "retry after a second"))], {"Retry-After": "1"})
        with self._count:
            self.pending += 1           # counted down by the worker when fn has run (also after a timeout)
        abandoned = threading.Event()
        future = asyncio.get_running_loop().run_in_executor(self.pool, self._locked, fn, then, abandoned)
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.timeout)  # type: ignore[return-value]
        except TimeoutError:
            abandoned.set()
            raise RequestProblem(504, [problem_dict("timeout", pick(f"请求用时超过 {self.timeout:g} 秒",
                                                                    f"the request took longer than {self.timeout:g} s"),
                                                    None, pick("请重试；一直如此请连同输入一起报告",
                                                               "try again; if it persists, report the input"))]) from None


async def _inputs(svc: _Service, request: Request, as_of: str | None, programs: list[str] | None = None,
                  where: str = "query.program") -> tuple[Profile, dt.date]:
    """The request's profile and date, or every problem of its body and query at once
    (400 for an unreadable body alone, else 422 when the profile is invalid, 400 for the query)."""
    data = parse_json(await request.body())
    query: list[dict[str, Any]] = []
    day = dt.date.today()
    try:
        day = svc.day(as_of)
    except RequestProblem as exc:
        query += exc.problems
    try:
        svc.engine.check_programs(programs)
    except UsageError as exc:
        query += [{**p, "path": where} for p in error_body(exc)["problems"]]
    try:
        profile = profile_from_data(data)
    except ProfileError as exc:
        raise RequestProblem(422, error_body(exc)["problems"] + query) from None
    if query:
        raise RequestProblem(400, query)
    return profile, day


def _json(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False, default=str), status, media_type="application/json")


def _status_of(exc: ZhiceError) -> int:
    if isinstance(exc, ProfileError):
        return 422
    return 400 if exc.exit_code == 2 else 500


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestProblem)
    async def _request_problem(_r: Request, exc: RequestProblem) -> Response:
        return JSONResponse(error_body(exc.problems), exc.status, headers=exc.headers)

    @app.exception_handler(ZhiceError)
    async def _zhice(_r: Request, exc: ZhiceError) -> Response:
        return JSONResponse(error_body(exc), _status_of(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(_r: Request, exc: RequestValidationError) -> Response:
        problems = []
        for err in exc.errors():
            loc = [str(p) for p in err.get("loc", ())]
            path = ".".join(loc[1:] if loc[:1] == ["body"] else loc) or None
            problems.append(problem_dict(f"invalid-{err.get('type', 'value')}".replace("_", "-"), err.get("msg", ""),
                                         path, None))
        return JSONResponse({"problems": problems}, 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_r: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        hint = pick("接口说明见 /docs", "see /docs for the API") if exc.status_code in (404, 405) else None
        return JSONResponse({"problems": [problem_dict(code, str(exc.detail), None, hint)]}, exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _internal(_r: Request, exc: Exception) -> Response:
        return JSONResponse({"problems": [problem_dict("internal", f"{type(exc).__name__}: {exc}", None,
                                                       pick("这是 zhice 的缺陷 (this is a bug)：请连同输入一起报告",
                                                            "this is a bug in zhice; please report it with the input"))]},
                            500)


def _openapi(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """FastAPI's document plus the profile's JSON Schema, which the routes read themselves."""

    def build() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            schema = Profile.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas = doc.setdefault("components", {}).setdefault("schemas", {})
            schemas.update(schema.pop("$defs", {}))
            schemas["Profile"] = schema
            app.openapi_schema = doc
        return app.openapi_schema

    return build


def create_app(rulebooks: str | Path | None = None, as_of: str | dt.date | None = None,
               body_limit: int = 1_000_000, *, timeout: float = 10.0, max_pending: int = 256,
               matcher: str | None = None) -> FastAPI:
    """The web app over the rulebooks in ``rulebooks`` (default: ``$ZHICE_RULEBOOKS`` or the shipped ones).

    ``as_of`` is the default evaluation date (a request's ``?as_of=`` overrides it; none = the
    day of the request). Raises :class:`~zhice.errors.RulebookError` for invalid rulebooks.
    """
    engine = Engine(default_rulebooks_dir(rulebooks))
    svc = _Service(engine, parse_as_of(as_of) if as_of is not None else None, timeout, max_pending, matcher)
    warm = svc.day(None)
    engine.matcher(warm, matcher)                     # compile once, at start-up
    page = (STATIC / "index.html").read_text(encoding="utf-8")

    app = FastAPI(title="知策 zhice API", version=__version__,
                  description="企业知识产权政策体检：提交企业画像（JSON），返回各项目的结论、差距、下一步与出处。"
                              " Errors: `{\"problems\": [{code, path, message, hint}]}`.")
    app.openapi = _openapi(app)  # type: ignore[method-assign]
    app.add_middleware(BodyLimit, limit=body_limit)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.state.engine = engine
    _handlers(app)
    AsOf = Query(None, description="评估日期 YYYY-MM-DD（默认：服务的 --as-of 或当天）")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index() -> Response:
        return HTMLResponse(page, headers={"Content-Security-Policy": PAGE_CSP, "X-Content-Type-Options": "nosniff"})

    @app.get("/healthz", tags=["service"], responses=_errors(503, 504))
    async def healthz() -> dict[str, Any]:
        """Liveness: the engine is loaded; which rulebooks, how many programs."""
        compiled = await svc.run(lambda: engine.compiled(svc.day(None)))
        return {"status": "ok", "engine_version": __version__, "rulebooks_digest": compiled.digest,
                "as_of": svc.day(None).isoformat(), "programs": len(engine.program_ids())}

    @app.post("/api/checkup", tags=["checkup"], openapi_extra={"requestBody": _PROFILE_BODY},
              responses={200: {"description": "the result contract (as `zhice checkup --format json`), "
                                              "or the HTML / Markdown report"}, **_BODY_ERRORS})
    async def checkup(request: Request, as_of: str | None = AsOf,
                      program: list[str] = Query([], description="只评估这些项目（可重复）"),
                      format: Literal["json", "html", "markdown"] = Query("json")) -> Response:  # noqa: A002
        """体检：one profile against every program (or only `program`)."""
        profile, day = await _inputs(svc, request, as_of, program)
        def run() -> tuple[Any, Any]:
            report = engine.checkup(profile, as_of=day, matcher=matcher, programs=program or None)
            return report, derived_specs(engine.compiled(day))

        text = await svc.run(run, lambda out: render(out[0], format) if format == "json" else
                             render(out[0], format, derived=out[1]))   # as cli/checkup.py renders
        return Response(text, media_type=MEDIA[format])

    @app.get("/api/programs", tags=["checkup"], responses=_errors(400, 422, 503, 504))
    async def programs(as_of: str | None = AsOf) -> Response:
        """The catalog of the rulebooks' programs, as `zhice programs --format json` (keyed by their digest)."""
        day = svc.day(as_of)
        return _json(await svc.run(lambda: program_catalog(engine.compiled(day))))

    @app.post("/api/explain/{program}", tags=["tools"], openapi_extra={"requestBody": _PROFILE_BODY},
              responses=_BODY_ERRORS)
    async def explain_route(program: str, request: Request, as_of: str | None = AsOf) -> Response:
        """Why PROGRAM came out as it did: every comparison, its actual value and outcome, the citation."""
        profile, day = await _inputs(svc, request, as_of, [program], "path.program")
        return _json((await svc.run(lambda: explain(engine, profile, program, as_of=day, matcher=matcher))).to_dict())

    @app.post("/api/whatif/{program}", tags=["tools"], openapi_extra={"requestBody": _PROFILE_BODY},
              responses=_BODY_ERRORS)
    async def whatif_route(program: str, request: Request, as_of: str | None = AsOf,
                           limit: int = Query(3, ge=1, le=10)) -> Response:
        """The smallest verified changes to the profile's numbers and flags that make PROGRAM eligible."""
        profile, day = await _inputs(svc, request, as_of, [program], "path.program")
        found = await svc.run(lambda: suggest(engine, profile, program, as_of=day, matcher=matcher, limit=limit))
        return _json(found.to_dict())

    @app.post("/api/interview", tags=["interview"], responses=_BODY_ERRORS)
    async def interview(request: Request, as_of: str | None = AsOf,
                        program: list[str] = Query([], description="只问与这些项目有关的问题")) -> Response:
        """The next question of the interview given `{"answers": {path: text}}` (the page's form)."""
        data, day = parse_json(await request.body()), svc.day(as_of)
        answers = data.get("answers") if isinstance(data, dict) else None
        if not isinstance(answers, dict):
            raise RequestProblem(422, [problem_dict("invalid-body", pick("应为 {\"answers\": {字段路径: 回答}}",
                                                                         "expected {\"answers\": {field path: answer}}"),
                                                    "answers", pick("如 {\"answers\": {\"enterprise.name\": \"某公司\"}}",
                                                                    "e.g. {\"answers\": {\"enterprise.name\": \"某公司\"}}"))])
        return _json(await svc.run(lambda: next_question(engine, answers, day, program or None, matcher)))

    @app.post("/api/profile.yaml", tags=["interview"], openapi_extra={"requestBody": _PROFILE_BODY},
              responses={200: {"content": {"application/yaml": {}}}, **_BODY_ERRORS})
    async def as_yaml(request: Request, as_of: str | None = AsOf) -> Response:
        """The profile as a YAML file (as `zhice interview --output` saves it)."""
        profile, day = await _inputs(svc, request, as_of)
        return Response(profile_yaml(profile, day), media_type="application/yaml; charset=utf-8",
                        headers={"Content-Disposition": "attachment; filename=profile.yaml"})

    return app


def app_from_env() -> FastAPI:
    """The app for a server that makes one per worker process (``zhice serve --workers N``, or
    ``uvicorn --factory zhice.serve.app:app_from_env``): rulebooks from ``ZHICE_RULEBOOKS``,
    the default as-of date from ``ZHICE_SERVE_AS_OF`` (both optional)."""
    return create_app(os.environ.get("ZHICE_RULEBOOKS") or None, os.environ.get("ZHICE_SERVE_AS_OF") or None)
