"""The server's two middlewares: every answer open to all (CORS), and gzip only where it is welcome."""

from __future__ import annotations

from starlette.middleware.gzip import GZipMiddleware, IdentityResponder

from .files import accepts_gzip


class OpenToAll:
    """Access-Control-Allow-Origin: * on every response, with or without an Origin header.

    CORSMiddleware answers preflights and requests that carry Origin; open data should say it
    is open to anyone who looks (curl, a crawler), so this adds the header everywhere else.
    It also names each header in Vary once: a file's answer already varies on Accept-Encoding
    (files.send_file) when GZipMiddleware adds it again.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def sending(message):
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                if not any(name.lower() == b"access-control-allow-origin" for name, _ in headers):
                    headers.append((b"access-control-allow-origin", b"*"))
                _vary_once(headers)
            await send(message)

        return await self.app(scope, receive, sending)


class Compress(GZipMiddleware):
    """Starlette's gzip for answers made on request, only for clients that give gzip a positive
    weight (`gzip;q=0` means never, RFC 9110 §12.5.3). Answers already encoded pass as they are."""

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            encodings = next((value for name, value in scope["headers"] if name == b"accept-encoding"), b"")
            if not accepts_gzip(encodings.decode("latin-1")):
                responder = IdentityResponder(self.app, self.minimum_size, exclude_content_types=self.exclude_content_types)
                return await responder(scope, receive, send)
        await super().__call__(scope, receive, send)


def _vary_once(headers: list[tuple[bytes, bytes]]) -> None:
    for index, (name, value) in enumerate(headers):
        if name.lower() == b"vary" and b"," in value:
            names = [part.strip() for part in value.split(b",")]
            unique = list(dict.fromkeys(part for part in names if part))
            if len(unique) != len(names):
                headers[index] = (name, b", ".join(unique))
