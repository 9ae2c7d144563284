"""Prints the HTTP requests botocore builds for the calls given on stdin, without
sending them, for the generated clients' comparison with botocore
(`codegen/tests/services/botocore_diff.rs`).

stdin: a JSON list of {"service", "operation" (botocore's snake_case method), "params"}.
stdout: a JSON list of {"method", "path", "query", "headers", "body"}: the path without
the query, the query as decoded [key, value] pairs, the headers that carry meaning
(content type, target, modeled headers; never the signature, date or user agent),
and the body as text.
"""

import json
import sys
from urllib.parse import parse_qsl, urlsplit

import botocore.session

# Headers that differ between any two SDKs without meaning anything on the wire.
NOISE = {"authorization", "x-amz-date", "user-agent", "amz-sdk-invocation-id", "amz-sdk-request",
         "content-length", "x-amz-security-token", "x-amz-content-sha256", "accept-encoding", "expect"}


class Captured(Exception):
    """Raised from the send hook to stop botocore once the request is built."""

    def __init__(self, request):
        super().__init__("captured")
        self.request = request


def capture(request, **_):
    raise Captured(request)


def main():
    calls = json.load(sys.stdin)
    session = botocore.session.get_session()
    out = []
    for call in calls:
        client = session.create_client(
            call["service"],
            region_name="us-east-1",
            endpoint_url="http://127.0.0.1:9",
            aws_access_key_id="AKIDEXAMPLE",
            aws_secret_access_key="SECRET",
        )
        client.meta.events.register("before-send", capture)
        try:
            getattr(client, call["operation"])(**call["params"])
            raise SystemExit(f"{call['operation']}: botocore sent nothing to capture")
        except Captured as captured:
            request = captured.request
        url = urlsplit(request.url)
        body = request.body or b""
        if not isinstance(body, bytes):
            body = body.encode() if isinstance(body, str) else body.read()
        headers = {k.lower(): (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()}
        out.append({
            "method": request.method,
            "path": url.path,
            "query": parse_qsl(url.query, keep_blank_values=True),
            "headers": {k: v for k, v in headers.items() if k not in NOISE},
            "signed": "authorization" in headers,
            "body": body.decode(),
        })
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
