"""Request limits and the one error shape of the web API.

Every error answer is ``{"problems": [{"code", "path", "message", "hint"}, …]}`` listing every
problem found (the four keys always present; ``path`` and ``hint`` may be null). This module
turns zhice's :class:`~zhice.errors.ZhiceError` problems, FastAPI's own request-validation
errors and the limits below into that shape.

Limits: a body over ``body_limit`` bytes is refused with 413 before it is parsed — by its
``Content-Length`` header when it has one, else by counting the streamed chunks (a chunked body
stops being read at the limit); a JSON body nested deeper than :data:`MAX_DEPTH` is refused
with 400.
"""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

from zhice.errors import Problem, ZhiceError
from zhice.language import pick

__all__ = ["MAX_DEPTH", "BodyLimit", "RequestProblem", "error_body", "parse_json", "problem_dict"]

MAX_DEPTH = 32          # a profile nests 3 levels; anything far deeper is not a profile

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

# CLI option names in zhice's problems → the request's names for the same thing
_PATHS = {"--program": "query.program", "--as-of": "query.as_of"}


class RequestProblem(Exception):
    """A request refused with ``status`` and its problems (rendered by the app's handler)."""

    def __init__(self, status: int, problems: list[dict[str, Any]], headers: dict[str, str] | None = None):
        super().__init__("; ".join(p["message"] for p in problems))
        self.status, self.problems, self.headers = status, problems, headers


def problem_dict(code: str, message: str, path: str | None = None, hint: str | None = None) -> dict[str, Any]:
    return {"code": code, "path": path, "message": message, "hint": hint}


def _from_problem(p: Problem) -> dict[str, Any]:
    path = _PATHS.get(p.path or "", p.path)
    return problem_dict(p.code, p.message, path, p.hint)


def error_body(problems: ZhiceError | Iterable[Problem | dict[str, Any]]) -> dict[str, Any]:
    items = problems.problems if isinstance(problems, ZhiceError) else problems
    return {"problems": [p if isinstance(p, dict) else _from_problem(p) for p in items]}


def _too_large(limit: int) -> RequestProblem:
    return RequestProblem(413, [problem_dict("body-too-large", pick(f"请求体超过上限 {limit} 字节",
                                                                    f"the request body is over the limit of {limit} bytes"),
                                             "body", pick("发送小一些的请求体（一份画像只有几 KB）",
                                                          "send a smaller body (one profile is a few KB)"))])


def _depth(value: Any) -> int:
    """Nesting depth of parsed JSON, iteratively (no recursion on hostile input)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Iterable[Any] = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((c, depth + 1) for c in children)
    return deepest


def _reject_constant(name: str) -> Any:
    raise ValueError(pick(f"{name} 不是 JSON 数字", f"{name} is not a JSON number"))


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):           # 1e400: valid JSON syntax, but no finite number
        raise ValueError(pick(f"{text} 太大，不是有限的数字", f"{text} is too large for a number"))
    return value


def parse_json(body: bytes, what: str = "body") -> Any:
    """The parsed JSON ``body``, or :class:`RequestProblem` (400) saying what is wrong with it."""
    if not body.strip():
        raise RequestProblem(400, [problem_dict("empty-body", pick("请求没有请求体", "the request has no body"), what,
                                                pick("把画像作为 JSON 发送，如 {\"enterprise\": {\"name\": \"…\"}}",
                                                     "send the profile as JSON, e.g. {\"enterprise\": {\"name\": \"…\"}}"))])
    try:
        data = json.loads(body.decode("utf-8"), parse_constant=_reject_constant, parse_float=_finite)
    except UnicodeDecodeError as exc:
        raise RequestProblem(400, [problem_dict("bad-encoding", pick(f"请求体不是 UTF-8（{exc.reason}）",
                                                                     f"the body is not UTF-8 ({exc.reason})"), what)]) from None
    except RecursionError:
        raise RequestProblem(400, [problem_dict("too-deep", _too_deep(), what)]) from None
    except ValueError as exc:
        decode = isinstance(exc, json.JSONDecodeError)
        where = pick(f"（第 {exc.lineno} 行第 {exc.colno} 列）", f" at line {exc.lineno} column {exc.colno}") if decode else ""
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise RequestProblem(400, [problem_dict("bad-json", pick(f"请求体不是有效的 JSON：{msg}{where}",
                                                                 f"the body is not valid JSON: {msg}{where}"), what,
                                                pick("发送一个 JSON 对象（Content-Type: application/json）",
                                                     "send a JSON object (Content-Type: application/json)"))]) from None
    if _depth(data) > MAX_DEPTH:
        raise RequestProblem(400, [problem_dict("too-deep", _too_deep(), what)])
    return data


def _too_deep() -> str:
    return pick(f"JSON 嵌套超过 {MAX_DEPTH} 层", f"JSON nested deeper than {MAX_DEPTH} levels")


class BodyLimit:
    """ASGI middleware: read a request body only up to ``limit`` bytes, answer 413 past it.

    The body is read here (at most ``limit`` bytes are held) and replayed to the app, so the
    routes never see an over-limit body, whether it was announced by ``Content-Length`` or sent
    chunked without one.
    """

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(send, _too_large(self.limit) if declared.isdigit() else RequestProblem(
                400, [problem_dict("bad-content-length", pick("Content-Length 不是数字", "Content-Length is not a number"),
                                   "headers.content-length")]))
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._refuse(send, _too_large(self.limit))
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    @staticmethod
    async def _refuse(send: Send, problem: RequestProblem) -> None:
        payload = json.dumps(error_body(problem.problems), ensure_ascii=False).encode("utf-8")
        await send({"type": "http.response.start", "status": problem.status,
                    "headers": [(b"content-type", b"application/json; charset=utf-8"),
                                (b"content-length", str(len(payload)).encode()), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": payload})
