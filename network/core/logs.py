"""Structured logs without personal data.

Each request is one line: a request id, method, the route's name and a
redacted path (never the query string, which can carry an email address, and
never the secret part of a signed link: ``logged_path``), status, duration and
the user's numeric id (never an email). Control characters in what is logged
are escaped, so a ``%0a`` in a path cannot forge a line. LOG_FORMAT=json writes
one JSON object per line for a log pipeline; the default is readable text.
"""

import json
import logging
import re
import time
import uuid

request_logger = logging.getLogger("network.requests")

# Path converters whose values are kept in the log: ids and slugs name public
# things; anything else (str, path: tokens, signed keys, uidb64) is replaced.
_KEPT_CONVERTERS = frozenset({"int", "slug"})
_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_MAX_LOGGED_PATH = 200


def escape_for_log(text):
    """``text`` with control and other unprintable characters escaped
    (``\\n``, ``\\x1b``): one log line stays one line."""
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in str(text)
    )


def logged_path(request):
    """The path of ``request`` as the logs show it: built from the route it
    matched, with every parameter but ids and slugs replaced by its name
    (``/newsletters/confirm/<key>/``); an unmatched or regex route's path
    escaped and cut to 200 characters."""
    match = getattr(request, "resolver_match", None)
    route = getattr(match, "route", None) if match is not None else None
    if route and "(?P" not in route and "^" not in route:

        def replace(parameter):
            name = parameter["name"]
            if parameter["converter"] in _KEPT_CONVERTERS and name in match.kwargs:
                return str(match.kwargs[name])
            return f"<{name}>"

        path = "/" + _ROUTE_PARAMETER.sub(replace, route)
        prefix = request.path[: len(request.path) - len(request.path_info)]
        return escape_for_log(prefix.rstrip("/") + path)
    return escape_for_log(request.path[:_MAX_LOGGED_PATH])


class RedactPathsFilter(logging.Filter):
    """On the console handler: Django's own request records (``Not Found:
    <path>``) get the redacted path too, so no signed link reaches the log
    through a 404 or a 410."""

    def filter(self, record):
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if path is not None and record.args and isinstance(record.args, tuple):
            forms = {path, path.encode("unicode_escape").decode("ascii")}
            record.args = tuple(
                logged_path(request) if isinstance(arg, str) and arg in forms else arg
                for arg in record.args
            )
        return True


_ADDRESS = re.compile(r"[^\s<>()\[\]{}'\",;:]+@[^\s<>()\[\]{}'\",;:]+")


def redact_addresses(text):
    """``text`` with every email address replaced, for log lines made of
    messages from elsewhere (an SMTP server's answer names the recipient)."""
    return _ADDRESS.sub("<address>", str(text))


class JsonFormatter(logging.Formatter):
    """One JSON object per record, with the fields passed in ``extra``."""

    # Django passes the request itself in ``extra``: its repr holds the full path.
    RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request"}

    def format(self, record):
        payload = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        payload.update(
            {key: value for key, value in vars(record).items() if key not in self.RESERVED}
        )
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str)


class RequestLogMiddleware:
    """Log one line per request and give each response an X-Request-ID."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        # Accept a proxy's id only when it looks like one (no log injection).
        request_id = incoming if incoming.isalnum() and len(incoming) <= 64 else uuid.uuid4().hex
        request.request_id = request_id
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        user = getattr(request, "user", None)
        path = logged_path(request)
        match = getattr(request, "resolver_match", None)
        method = escape_for_log(request.method[:16])
        request_logger.info(
            "%s %s %s %sms",
            method,
            path,
            response.status_code,
            duration_ms,
            extra={
                "request_id": request_id,
                "method": method,
                "route": match.view_name if match is not None else None,
                "path": path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        response["X-Request-ID"] = request_id
        return response
