"""A local stand-in for Cloudinary's upload API: a real HTTP server on a free port.

It answers `POST /v1_1/<cloud>/image/upload` and `/image/destroy` with JSON shaped like
Cloudinary's, checks the request signature with the API secret as Cloudinary does, and remembers
what it holds. The SDK is pointed at it through CLOUDINARY_URL's `upload_prefix` option, so the
real SDK code path (signing, multipart, HTTP, error parsing) runs unchanged.
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CLOUD, KEY, SECRET = "beautique-test", "123456789", "fake-secret"


def _form(content_type: str, body: bytes) -> dict[str, Any]:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        fields[str(name)] = payload if part.get_filename() else payload.decode()
    return fields


def _signature_ok(fields: dict[str, Any]) -> bool:
    signed = {
        k: v
        for k, v in fields.items()
        if k not in ("file", "api_key", "signature", "resource_type")
    }
    text = "&".join(f"{k}={signed[k]}" for k in sorted(signed)) + SECRET
    return hashlib.sha1(text.encode()).hexdigest() == fields.get("signature")


class FakeCloudinary:
    """`fail_upload_number`: the Nth upload (1-based) gets Cloudinary's error answer."""

    def __init__(self) -> None:
        self.held: dict[str, bytes] = {}
        self.uploads = 0
        self.destroyed: list[str] = []
        self.fail_upload_number: int | None = None
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        port = self._server.server_address[1]
        return f"cloudinary://{KEY}:{SECRET}@{CLOUD}?upload_prefix=http://127.0.0.1:{port}"

    def __enter__(self) -> FakeCloudinary:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def answer(self, path: str, fields: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if fields.get("api_key") != KEY or not _signature_ok(fields):
            return 401, {"error": {"message": "Invalid Signature"}}
        if path == f"/v1_1/{CLOUD}/image/upload":
            return self._upload(fields)
        if path == f"/v1_1/{CLOUD}/image/destroy":
            public_id = str(fields["public_id"])
            self.destroyed.append(public_id)
            return 200, {"result": "ok" if self.held.pop(public_id, None) else "not found"}
        return 404, {"error": {"message": f"Unknown path {path}"}}

    def _upload(self, fields: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.uploads += 1
        if self.uploads == self.fail_upload_number:
            return 420, {"error": {"message": "Rate Limit Exceeded"}}
        public_id = f"{fields['folder']}/{uuid.uuid4().hex[:20]}"
        self.held[public_id] = fields["file"]
        url = f"https://res.cloudinary.com/{CLOUD}/image/upload/v1700000000/{public_id}.jpg"
        return 200, {"public_id": public_id, "version": 1700000000, "format": "jpg",
                     "resource_type": "image", "url": url.replace("https", "http", 1),
                     "secure_url": url, "bytes": len(fields["file"])}  # fmt: skip

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status, answer = fake.answer(self.path, _form(self.headers["Content-Type"], body))
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_: Any) -> None:
                """Quiet."""

        return Handler
