#!/usr/bin/env python3
"""A fault-injecting HTTP proxy for posture's fault tests: it sits on loopback between posture and
an emulator, forwards every request, and answers a chosen fraction of them (or every call of one
named API) with a fault in that service's own protocol. Standard library only.

    faultproxy.py --upstream 127.0.0.1:5055 --port 5190 --ports 8

listens on 127.0.0.1:5190..5197; each port has its own fault settings and request log, so that
tests running side by side do not disturb each other. A port is configured over HTTP on itself:

    POST /__faults/config  {"rate": 0.2, "seed": 7, "kinds": ["throttle", "reset"],
                            "api": "s3:GetBucketTagging", "slow_seconds": 1.5,
                            "spare": ["sts:GetCallerIdentity"], "body_contains": "role/Audit",
                            "answer_as": {"organizations": "test"}}
    GET  /__faults/log     [{"api": "iam:ListUsers", "method": "POST", "fault": null}, ...]

With "api" set, every request of that API is faulted ("rate" is ignored); otherwise each request is
faulted with probability "rate", drawn from a generator seeded with "seed"; APIs in "spare" are
never faulted. With "body_contains" too, only the requests of "api" whose body holds that text are
(one member's sts:AssumeRole, say). Fault kinds: denied (AccessDenied, as a refused AssumeRole),
throttle, internal (500), reset (connection reset), truncate (half the body), malformed (a 200
whose body does not parse), slow (answered late), hang (never answered).

"answer_as" maps a signing service to an access key id: that service's requests are forwarded with
the key put in place of the caller's (and no session token), so that the emulator answers them as
the key's account. moto answers Organizations' listings only to the management account, while AWS
answers a delegated administrator too; this stands in for that. moto checks no signature.
"""

import argparse
import asyncio
import json
import random
import re
import socket
import struct
import urllib.parse

KINDS = ("throttle", "internal", "denied", "reset", "truncate", "malformed", "slow", "hang")

# S3 sub-resources (the query key) of the GET calls posture makes, named as IAM actions.
S3_SUBRESOURCES = {
    "acl": "GetBucketAcl",
    "encryption": "GetEncryptionConfiguration",
    "location": "GetBucketLocation",
    "logging": "GetBucketLogging",
    "ownershipControls": "GetBucketOwnershipControls",
    "policy": "GetBucketPolicy",
    "policyStatus": "GetBucketPolicyStatus",
    "publicAccessBlock": "GetBucketPublicAccessBlock",
    "tagging": "GetBucketTagging",
    "versioning": "GetBucketVersioning",
}

# REST-JSON calls by (signing service, method, path pattern).
REST_ROUTES = [
    ("cloudfront", "GET", r"^/[0-9-]+/distribution/?$", "ListDistributions"),
    ("cloudfront", "GET", r"^/[0-9-]+/distribution/[^/]+/config/?$", "GetDistributionConfig"),
    ("guardduty", "GET", r"^/detector/?$", "ListDetectors"),
    ("guardduty", "GET", r"^/detector/[^/]+/?$", "GetDetector"),
    ("lambda", "GET", r"^/[0-9-]+/functions/?$", "ListFunctions"),
    ("lambda", "GET", r"^/[0-9-]+/functions/[^/]+/policy/?$", "GetPolicy"),
    ("securityhub", "GET", r"^/accounts/?$", "DescribeHub"),
    ("access-analyzer", "GET", r"^/analyzer/?$", "ListAnalyzers"),
    ("elasticfilesystem", "GET", r"^/[0-9-]+/file-systems/?$", "DescribeFileSystems"),
]


class Request:
    def __init__(self, method, target, headers, body):
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        parsed = urllib.parse.urlsplit(target)
        self.path = parsed.path
        self.query = urllib.parse.parse_qs(parsed.query, keep_blank_values=True)
        self.service = self._service()
        self.protocol, self.action = self._identify()

    def header(self, name):
        return self.headers.get(name.lower(), "")

    def _service(self):
        match = re.search(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request", self.header("authorization"))
        return match.group(1) if match else "unknown"

    def _identify(self):
        target = self.header("x-amz-target")
        if target:
            return "json", target.rsplit(".", 1)[-1]
        if "x-www-form-urlencoded" in self.header("content-type"):
            form = urllib.parse.parse_qs(self.body.decode("utf-8", "replace"))
            action = form.get("Action", ["?"])[0]
            return ("ec2" if self.service == "ec2" else "query"), action
        if self.service == "s3":
            if self.path.startswith("/v20180820/"):
                action = "GetPublicAccessBlock" if "publicAccessBlock" in self.path else self.path
                return "s3control", action
            if self.path in ("", "/"):
                return "s3", "ListAllMyBuckets" if self.method == "GET" else self.method
            for key, action in S3_SUBRESOURCES.items():
                if key in self.query:
                    return "s3", action if self.method == "GET" else f"{self.method}:{key}"
            return "s3", f"{self.method} {self.path}"
        # CloudFront speaks REST with XML bodies, the other REST services JSON.
        protocol = "rest-xml" if self.service == "cloudfront" else "rest-json"
        for service, method, pattern, action in REST_ROUTES:
            if service == self.service and method == self.method and re.match(pattern, self.path):
                return protocol, action
        return protocol, f"{self.method} {self.path}"

    @property
    def api(self):
        # s3control signs as s3; its actions are named under their own prefix, as IAM does.
        service = "s3control" if self.path.startswith("/v20180820/") else self.service
        return f"{service}:{self.action}"


class Port:
    """One listening port's settings and log."""

    def __init__(self):
        self.configure({})

    def configure(self, config):
        self.rate = float(config.get("rate", 0.0))
        self.kinds = [k for k in config.get("kinds", ["throttle"]) if k in KINDS] or ["throttle"]
        self.api = config.get("api")
        self.slow_seconds = float(config.get("slow_seconds", 1.0))
        self.spare = set(config.get("spare", []))
        self.body_contains = config.get("body_contains")
        self.answer_as = dict(config.get("answer_as", {}))
        self.random = random.Random(config.get("seed", 0))
        self.log = []

    def choose(self, request):
        if request.api in self.spare:
            return None
        if self.api is not None:
            wanted = request.api == self.api and (
                self.body_contains is None
                or self.body_contains in urllib.parse.unquote_plus(request.body.decode("latin-1"))
            )
            return self.kinds[0] if wanted else None
        if self.random.random() < self.rate:
            return self.random.choice(self.kinds)
        return None


def error_response(request, kind):
    """A fault as the service would say it: status, headers, body."""
    request_id = "00000000-0000-0000-0000-000000000000"
    if kind == "denied" and request.protocol == "query":
        body = (
            f'<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>'
            f"<Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole</Message>"
            f"</Error><RequestId>{request_id}</RequestId></ErrorResponse>"
        )
        return 403, {"Content-Type": "text/xml"}, body
    throttle = kind == "throttle"
    if request.protocol == "query":
        code, status = ("Throttling", 400) if throttle else ("InternalFailure", 500)
        body = (
            f'<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>'
            f"<Code>{code}</Code><Message>Rate exceeded</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>"
        )
        return status, {"Content-Type": "text/xml"}, body
    if request.protocol == "ec2":
        code, status = ("RequestLimitExceeded", 503) if throttle else ("InternalError", 500)
        body = (
            f'<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>{code}</Code>'
            f"<Message>Request limit exceeded.</Message></Error></Errors><RequestID>{request_id}</RequestID></Response>"
        )
        return status, {"Content-Type": "text/xml"}, body
    if request.protocol == "s3":
        code, status = ("SlowDown", 503) if throttle else ("InternalError", 500)
        body = f"<Error><Code>{code}</Code><Message>Please reduce your request rate.</Message><RequestId>{request_id}</RequestId></Error>"
        return status, {"Content-Type": "application/xml"}, body
    if request.protocol == "s3control":
        # S3 Control wraps its errors, unlike S3.
        code, status = ("SlowDown", 503) if throttle else ("InternalError", 500)
        body = (
            f"<ErrorResponse><Error><Code>{code}</Code><Message>Please reduce your request rate.</Message>"
            f"</Error><RequestId>{request_id}</RequestId></ErrorResponse>"
        )
        return status, {"Content-Type": "application/xml"}, body
    if request.protocol == "rest-xml":
        code, status = ("Throttling", 400) if throttle else ("InternalError", 500)
        body = (
            f'<ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type>'
            f"<Code>{code}</Code><Message>Rate exceeded</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>"
        )
        return status, {"Content-Type": "text/xml"}, body
    if request.protocol == "json":
        # Half the throttles as 400 (as most JSON services answer), half as 429.
        status = (400 if len(request.body) % 2 else 429) if throttle else 500
        code = "ThrottlingException" if throttle else "InternalFailure"
        body = json.dumps({"__type": code, "message": "Rate exceeded"})
        return status, {"Content-Type": "application/x-amz-json-1.1"}, body
    status, code = (429, "TooManyRequestsException") if throttle else (500, "InternalFailure")
    body = json.dumps({"message": "Rate exceeded"})
    return status, {"Content-Type": "application/json", "x-amzn-ErrorType": code}, body


def malformed_response(request):
    json_like = request.protocol in ("json", "rest-json")
    content_type = "application/json" if json_like else "text/xml"
    return 200, {"Content-Type": content_type}, '{"truncated": [' if json_like else "<unterminated><Result"


def encode(status, headers, body):
    body = body.encode() if isinstance(body, str) else body
    lines = [f"HTTP/1.1 {status} Fault"]
    headers = dict(headers)
    headers.setdefault("Content-Length", str(len(body)))
    headers["x-amzn-RequestId"] = "00000000-0000-0000-0000-000000000000"
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def read_request(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    body = await reader.readexactly(length) if length else b""
    return head, Request(method, target, headers, body)


async def read_chunked(reader):
    body = b""
    while True:
        size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
        if size == 0:
            await reader.readline()
            return body
        body += await reader.readexactly(size)
        await reader.readline()


async def forward(upstream, head, request):
    """Sends the request upstream on a fresh connection; returns (status line + headers, body)."""
    host, port = upstream
    reader, writer = await asyncio.open_connection(host, port)
    try:
        head_lines = [line for line in head.decode("latin-1").split("\r\n") if line]
        kept = [head_lines[0]] + [
            line for line in head_lines[1:] if not line.lower().startswith(("connection:", "keep-alive:"))
        ]
        kept.append("Connection: close")
        writer.write(("\r\n".join(kept) + "\r\n\r\n").encode("latin-1") + request.body)
        await writer.drain()
        response_head = await reader.readuntil(b"\r\n\r\n")
        lines = response_head.decode("latin-1").split("\r\n")
        headers = [line for line in lines[1:] if line]
        lowered = {line.split(":", 1)[0].strip().lower(): line.split(":", 1)[1].strip() for line in headers if ":" in line}
        if "chunked" in lowered.get("transfer-encoding", ""):
            body = await read_chunked(reader)
        elif "content-length" in lowered:
            body = await reader.readexactly(int(lowered["content-length"]))
        else:
            body = await reader.read()
        kept_headers = [
            line
            for line in headers
            if line.split(":", 1)[0].strip().lower() not in ("content-length", "transfer-encoding", "connection")
        ]
        return lines[0], kept_headers, body
    finally:
        writer.close()


def as_caller(head, access_key):
    """The request head with `access_key` signing it instead of the caller's, without a token."""
    lines = head.decode("latin-1").split("\r\n")
    kept = [line for line in lines if not line.lower().startswith("x-amz-security-token:")]
    kept = [re.sub(r"Credential=[^/]+/", f"Credential={access_key}/", line) for line in kept]
    return "\r\n".join(kept).encode("latin-1")


def reset(writer):
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def handle(port, upstream, reader, writer):
    try:
        while True:
            try:
                head, request = await read_request(reader)
            except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
                return
            if request.path.startswith("/__faults/"):
                await control(port, request, writer)
                return
            kind = port.choose(request)
            port.log.append({"api": request.api, "method": request.method, "protocol": request.protocol, "fault": kind})
            if kind == "hang":
                await reader.read()  # until the client gives up and closes
                return
            if kind == "reset":
                reset(writer)
                return
            if kind in ("throttle", "internal", "denied"):
                writer.write(encode(*error_response(request, kind)))
                await writer.drain()
                continue
            if kind == "malformed":
                writer.write(encode(*malformed_response(request)))
                await writer.drain()
                continue
            if kind == "slow":
                await asyncio.sleep(port.slow_seconds)
            key = port.answer_as.get(request.service)
            if key is not None:
                head = as_caller(head, key)
            status_line, headers, body = await forward(upstream, head, request)
            framing = [f"Content-Length: {len(body)}"]
            response = ("\r\n".join([status_line] + headers + framing) + "\r\n\r\n").encode("latin-1")
            if kind == "truncate" and len(body) > 1:
                writer.write(response + body[: len(body) // 2])
                await writer.drain()
                reset(writer)
                return
            writer.write(response + body)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        return
    finally:
        if not writer.transport.is_closing():
            writer.close()


async def control(port, request, writer):
    if request.method == "POST" and request.path == "/__faults/config":
        port.configure(json.loads(request.body or b"{}"))
        body = json.dumps({"configured": True})
    elif request.method == "GET" and request.path == "/__faults/log":
        body = json.dumps(port.log)
    else:
        writer.write(encode(404, {"Content-Type": "text/plain"}, "unknown control path"))
        await writer.drain()
        return
    writer.write(encode(200, {"Content-Type": "application/json", "Connection": "close"}, body))
    await writer.drain()


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", required=True, help="host:port of the emulator")
    parser.add_argument("--port", type=int, required=True, help="first port to listen on")
    parser.add_argument("--ports", type=int, default=1, help="how many consecutive ports")
    args = parser.parse_args()
    host, upstream_port = args.upstream.rsplit(":", 1)
    upstream = (host, int(upstream_port))
    servers = []
    for offset in range(args.ports):
        port = Port()
        server = await asyncio.start_server(
            lambda r, w, port=port: handle(port, upstream, r, w), "127.0.0.1", args.port + offset, limit=1 << 20
        )
        servers.append(server)
    print(f"faultproxy: 127.0.0.1:{args.port}..{args.port + args.ports - 1} -> {args.upstream}", flush=True)
    await asyncio.gather(*(server.serve_forever() for server in servers))


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
