"""Refuse request bodies over the upload limit before they are read into memory or disk.

A declared Content-Length over the limit is answered 413 at once; a body sent without one
(chunked) is counted as it arrives and stopped with 413 when it passes the limit. The upload
route checks the file's own size against the exact limit too.
"""

from __future__ import annotations

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import problem_response


def too_large_detail(limit: int) -> str:
    return f"request body is larger than the limit of {limit:,} bytes (MINER_API_MAX_UPLOAD_BYTES)"


class BodySizeLimit:
    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            response = problem_response(413, too_large_detail(self.limit))
            await response(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    # FastAPI re-raises HTTPException met while reading a body: our 413 handler
                    raise HTTPException(413, too_large_detail(self.limit))
            return message

        await self.app(scope, counted, send)
