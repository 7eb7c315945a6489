"""The HTTP API's routes (`/api/v1/...`), served by `st.App` next to the dashboard (dashboard.py).

A thin layer: it reads the request, runs one analytics.api function in a worker thread on the
server's one shared connection (ui.state, the connection the pages use, so writes from the API
and from the pages are serialised by analytics.db.run_in_transaction) and writes the answer.
Every request authenticates with an API token (analytics.api_tokens); no SQL here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from analytics import api, texts

PREFIX = "/api/v1"

log = logging.getLogger("dashboard.api")


def _state(campaign: str | None = None):
    """The server's shared connection and settings, of the campaign a request names (`campaign=`,
    default: the first); imported late: ui.state opens nothing at import."""
    from analytics.campaigns import CampaignNotReady
    from ui import state

    try:
        return state.connection(campaign), state.settings(campaign)
    except CampaignNotReady as exc:
        raise api.ApiError(400, str(exc)) from None


async def _answer(request: Request, work: Callable[..., Response], read: Callable | None = None) -> Response:
    """Authenticate, read the body when `read` is given (after the token is checked), then run
    work(con, settings, actor, body) off the event loop. A refusal becomes its status and
    Vietnamese message; anything else a 500 whose detail goes only to the log."""
    try:
        con, settings = await run_in_threadpool(_state, request.query_params.get("campaign") or None)
        actor = await run_in_threadpool(api.authenticate, con, request.headers.get("authorization"),
                                        f"{request.method} {request.url.path}")
        body = await read(request, settings) if read else None
        return await run_in_threadpool(api.guarded, lambda: work(con, settings, actor, body))
    except api.ApiError as exc:
        return JSONResponse(exc.body, status_code=exc.status)
    except Exception:
        log.exception("API request %s %s failed", request.method, request.url.path)
        return JSONResponse({"error": texts.API_INTERNAL}, status_code=500)


def _table(frame, fmt: str) -> Response:
    return Response(api.render_table(frame, fmt), media_type=api.MEDIA_TYPES[fmt], headers={"X-Rows": str(len(frame))})


async def _read_upload(request: Request, settings) -> tuple[bytes, str, object]:
    """The uploaded file (bytes, name) and the form's options; a body above the import's size
    limit is refused before it is read."""
    limit = int(settings.max_file_mb * 1_000_000)
    if int(request.headers.get("content-length") or 0) > limit + 1_000_000:
        raise api.ApiError(413, texts.API_FILE_TOO_LARGE.format(mb=settings.max_file_mb))
    form = await request.form(max_files=1, max_fields=20)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise api.ApiError(400, texts.API_NO_FILE)
    return await upload.read(), upload.filename or "tep.xlsx", form


async def _read_form(request: Request, settings) -> dict:
    """Query and form parameters together (a script may send either)."""
    form = await request.form(max_files=0, max_fields=10)
    return {**request.query_params, **form}


async def post_import(request: Request) -> Response:
    """POST /imports: multipart `file` plus the options of `ingest`; the `ingest --json` object
    (422 when the file is refused)."""
    def work(con, settings, actor, upload) -> Response:
        data, name, form = upload
        result = api.ingest(con, settings, actor, data, name, form)
        return JSONResponse(result, status_code=422 if result["status"] == "refused" else 200)

    return await _answer(request, work, _read_upload)


async def get_imports(request: Request) -> Response:
    """GET /imports?format=csv|json&limit=N: the uploads list, newest first."""
    def work(con, settings, actor, _) -> Response:
        fmt, limit = api.table_params(request.query_params)
        return _table(api.uploads_table(con, actor, limit), fmt)

    return await _answer(request, work)


async def post_undo(request: Request) -> Response:
    """POST /imports/{id}/undo (yes=true, confirm_id=N): the preview and the undo done; without
    yes, or refused, nothing is written and the answer still carries the preview."""
    def work(con, settings, actor, params) -> Response:
        return JSONResponse(api.undo(con, actor, request.path_params["upload_id"], **api.undo_params(params)))

    return await _answer(request, work, _read_form)


async def get_coverage(request: Request) -> Response:
    """GET /coverage?level=...&as_of=&district=&commune=&format=csv|json: the `coverage` table."""
    def work(con, settings, actor, _) -> Response:
        fmt, _ = api.table_params(request.query_params)
        return _table(api.coverage_table(con, settings, actor, **api.coverage_params(request.query_params)), fmt)

    return await _answer(request, work)


async def get_ranking(request: Request) -> Response:
    """GET /ranking?level=...&format=xlsx|csv&...: the file `ranking --out` writes."""
    def work(con, settings, actor, _) -> Response:
        answer = api.ranking_file(con, settings, actor, **api.ranking_params(request.query_params))
        return Response(answer.data, media_type=answer.media_type, headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(answer.file_name)}",
            "X-Rows": str(answer.rows), "X-Scope": quote(answer.scope)})

    return await _answer(request, work)


def routes() -> list[Route]:
    return [
        Route(f"{PREFIX}/imports", post_import, methods=["POST"]),
        Route(f"{PREFIX}/imports", get_imports, methods=["GET"]),
        Route(PREFIX + "/imports/{upload_id:int}/undo", post_undo, methods=["POST"]),
        Route(f"{PREFIX}/coverage", get_coverage, methods=["GET"]),
        Route(f"{PREFIX}/ranking", get_ranking, methods=["GET"]),
    ]
