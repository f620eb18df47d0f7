"""The read-only HTTP API, served by the same process as the pages (st.App routes) from the same cached dataset.

Every table of the data package as CSV or JSON, filtered by the pages' own link parameters under the pages' own
rules (dashboard/url_params.py) and exported by the pages' own code (alibaba_ai_data.publish), plus the data
package, a snapshot ZIP, an Atom feed of what changed and an OpenAPI description. A bad parameter is a 400 that
names it and its allowed values; anything unknown is a 404; every answer is JSON unless it is the file asked for.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from alibaba_ai_data import DataValidationError
from alibaba_ai_data.exports import export_filename, to_csv_bytes
from alibaba_ai_data.filters import RELEASE_FILTERS, filtering_notes
from alibaba_ai_data.labels import description_for, label_for
from alibaba_ai_data.publish import (
    LICENCE,
    atom_feed,
    changelog_versions,
    export_table,
    json_records,
    new_figures,
    snapshot_archive,
)
from alibaba_ai_data.schema import EARLIEST_DATE, LATEST_DATE, TABLES
from alibaba_ai_data.tracker import data_as_of
from dashboard.api_links import PREFIX
from dashboard.url_params import RANGE_PARAMS, DateRange, parse_date_range, parse_multi_choice, shown

LOGGER = logging.getLogger(__name__)
FORMATS = ("csv", "json")
# Limits on what a request may carry: longer or more parameters are refused before anything is parsed.
MAX_QUERY_CHARS = 2000
MAX_PARAMS = 40
MAX_VALUE_CHARS = 200
MAX_PATH_CHARS = 200
CACHE_CONTROL = "public, max-age=300"
DATE_RULE = (
    f"a date written YYYY-MM-DD from {EARLIEST_DATE:%Y-%m-%d} to {LATEST_DATE:%Y-%m-%d}; a start after the end is an "
    "empty range (no rows, and a note saying so)"
)
REVERSED_NOTE = "start is after end, so no row can fall in the range"
# The years a date parameter may take, as a pattern: the description declares the window the server enforces.
DATE_PATTERN = (
    r"^("
    + "|".join(str(year) for year in range(EARLIEST_DATE.year, LATEST_DATE.year + 1))
    + r")-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
)
MAX_FILTER_VALUES = 10
TABLE_PARAMS = (*RANGE_PARAMS, *RELEASE_FILTERS)


class ApiError(Exception):
    """An answer other than the data: its status, message, and the parameter and values it concerns."""

    def __init__(self, status: int, message: str, parameter: str | None = None, allowed: list[str] | str | None = None):
        super().__init__(message)
        self.status, self.message, self.parameter, self.allowed = status, message, parameter, allowed

    def response(self) -> JSONResponse:
        body: dict = {"error": self.message, "status": self.status}
        if self.parameter is not None:
            body["parameter"] = self.parameter
        if self.allowed is not None:
            body["allowed"] = self.allowed
        return JSONResponse(body, status_code=self.status, headers=_common_headers())


def _common_headers() -> dict[str, str]:
    return {"Access-Control-Allow-Origin": "*", "X-Content-Type-Options": "nosniff"}


@dataclass(frozen=True)
class TableQuery:
    """A request's filters, checked: the range and, for releases, the release filters."""

    span: DateRange
    release_filters: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def reversed(self) -> bool:
        """A start after the end: a valid request for an empty range."""
        return self.span.start > self.span.end

    def as_params(self) -> dict[str, object]:
        return {**self.span.as_params(), **{k: list(v) for k, v in self.release_filters.items() if v}}


def _params(request: Request) -> dict[str, list[str]]:
    """The query's parameters, refused whole when it is too long, has too many, or one is too long."""
    raw = request.url.query
    if len(raw) > MAX_QUERY_CHARS:
        raise ApiError(400, f"the query string is longer than {MAX_QUERY_CHARS} characters")
    items = request.query_params.multi_items()
    if len(items) > MAX_PARAMS:
        raise ApiError(400, f"more than {MAX_PARAMS} query parameters")
    params: dict[str, list[str]] = {}
    for name, value in items:
        if len(name) > MAX_VALUE_CHARS or len(value) > MAX_VALUE_CHARS:
            raise ApiError(400, f"a parameter or value is longer than {MAX_VALUE_CHARS} characters", shown(name))
        params.setdefault(name, []).append(value)
    return params


def parse_query(params: Mapping[str, list[str]], allowed: tuple[str, ...], default: DateRange, choices: Mapping) -> TableQuery:
    """The pages' rules for a link's range and release filters, applied strictly: the first problem is a 400."""
    for name in params:
        if name not in allowed:
            raise ApiError(400, f"unknown parameter '{shown(name)}'", shown(name), list(allowed))
    window = DateRange(EARLIEST_DATE.date(), LATEST_DATE.date())
    chosen = {}
    for name in RANGE_PARAMS:  # one at a time, so the error names the parameter that broke the rule
        if name in params:
            parsed, problems = parse_date_range({name: params[name]}, window)
            if problems:
                raise ApiError(400, problems[0], name, DATE_RULE)
            chosen[name] = getattr(parsed, name)
    # Unlike a page link (which falls back to the default range), a reversed range is a valid, empty request.
    span = DateRange(chosen.get("start", default.start), chosen.get("end", default.end))
    filters: dict[str, tuple[str, ...]] = {}
    for name in RELEASE_FILTERS:
        if name in allowed and name in params:
            given = [part.strip() for value in params[name] for part in value.split(",") if part.strip()]
            if len(given) != len(set(given)):
                raise ApiError(400, f"'{name}' names a value more than once", name, list(choices[name]))
            if len(given) > MAX_FILTER_VALUES:
                raise ApiError(400, f"'{name}' takes at most {MAX_FILTER_VALUES} values", name, list(choices[name]))
            filters[name], problems = parse_multi_choice(params, name, choices[name])
            if problems:
                raise ApiError(400, problems[0], name, list(choices[name]))
    return TableQuery(span, filters)


def _no_params(request: Request) -> None:
    """Endpoints that take no parameters refuse any, as the table endpoints refuse unknown ones."""
    parse_query(_params(request), (), DateRange(EARLIEST_DATE.date(), LATEST_DATE.date()), {})


# The pieces of the app the API reads (dashboard.data_access.api_sources gives the pages' own cached ones).
@dataclass(frozen=True)
class Sources:
    """How the API reaches the dataset and the pages' caches."""

    dataset: Callable[[], object]
    filtered: Callable[[object, DateRange], dict[str, pd.DataFrame]]
    default_range: Callable[[object], DateRange]
    release_choices: Callable[[object], dict[str, list[str]]]
    release: Callable[[], tuple[str, str]]
    data_dir: Callable[[], object]
    table_link: Callable[..., str | None]


def _etag(request: Request, version: str) -> str:
    digest = hashlib.sha256(f"{version}|{request.url.path}|{request.url.query}".encode()).hexdigest()[:32]
    return f'"{digest}"'


def _answer(
    request: Request, version: str, body: bytes, media_type: str, filename: str | None = None, note: str | None = None
) -> Response:
    """The body with its ETag, cache and CORS headers; 304 when the client already holds this version. A note about
    the query (a reversed range) travels in the X-Query-Note header, which a CSV has no other room for."""
    tag = _etag(request, version)
    headers = {**_common_headers(), "ETag": tag, "Cache-Control": CACHE_CONTROL}
    if note:
        headers["X-Query-Note"] = note
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    wanted = [t.strip() for t in request.headers.get("if-none-match", "").split(",")]
    if tag in wanted or "*" in wanted:
        return Response(status_code=304, headers=headers)
    if request.method == "HEAD":
        return Response(status_code=200, headers={**headers, "Content-Length": str(len(body))}, media_type=media_type)
    return Response(body, media_type=media_type, headers=headers)


def _as_of(dataset) -> str | None:
    """The newest source's date, YYYY-MM-DD (None while no source is recorded)."""
    newest = data_as_of(dataset.sources)
    return None if newest is None else f"{newest:%Y-%m-%d}"


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, default=str).encode("utf-8")


class Bodies:
    """The most recent answers' bodies by (data version, table, format, filters, URL): a repeated request is served
    without filtering or serialising again. A new data version is a new key, so nothing stale is served."""

    def __init__(self, size: int = 256):
        self.size, self._items, self._lock = size, OrderedDict(), threading.Lock()

    def get(self, key: tuple, make: Callable[[], bytes]) -> bytes:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        body = make()
        with self._lock:
            self._items[key] = body
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return body


class Api:
    """The endpoints, bound to the app's data access."""

    def __init__(self, sources: Sources):
        self.sources = sources
        self._bodies = Bodies()

    def _dataset(self):
        try:
            return self.sources.dataset()
        except DataValidationError as err:
            raise ApiError(503, f"the data files fail validation ({len(err.issues)} problems); nothing is served") from err

    def _base(self, request: Request) -> str:
        return f"{request.url.scheme}://{request.url.netloc}"

    def _table_name(self, request: Request) -> tuple[str, str]:
        name, dot, fmt = request.path_params["file"].rpartition(".")
        if not dot or name not in TABLES:
            raise ApiError(404, f"no table '{shown(request.path_params['file'])}'", "table", list(TABLES))
        if fmt not in FORMATS:
            raise ApiError(404, f"no format '{shown(fmt)}' for {name}", "format", list(FORMATS))
        return name, fmt

    def tables(self, request: Request) -> Response:
        _no_params(request)
        dataset = self._dataset()
        version, released = self.sources.release()
        base = self._base(request)
        listing = []
        for name, spec in TABLES.items():
            frame = dataset[name]
            listing.append(
                {
                    "name": name,
                    "title": spec.description,
                    "rows": int(len(frame)),
                    "date_range": filtering_notes()[name],
                    "parameters": list(table_parameters(name)),
                    "columns": [
                        {"name": c.name, "label": label_for(c.name), "type": c.kind, "description": description_for(c.name, name)}
                        for c in spec.columns
                    ],
                    "urls": {fmt: f"{base}{PREFIX}/tables/{name}.{fmt}" for fmt in FORMATS},
                    "page": None if self.sources.table_link(name) is None else base + self.sources.table_link(name),
                }
            )
        body = {
            "data_version": version,
            "released": released,
            "content_hash": dataset.data_version,
            "as_of": _as_of(dataset),
            "licence": LICENCE,
            "tables": listing,
            "urls": {
                "datapackage": f"{base}{PREFIX}/datapackage.json",
                "snapshot": f"{base}{PREFIX}/snapshot.zip",
                "changes": f"{base}{PREFIX}/changes.atom",
                "openapi": f"{base}{PREFIX}/openapi.json",
            },
        }
        return _answer(request, dataset.data_version, _json(body), "application/json")

    def table(self, request: Request) -> Response:
        name, fmt = self._table_name(request)
        dataset = self._dataset()
        allowed = table_parameters(name)
        query = parse_query(_params(request), allowed, self.sources.default_range(dataset), self.sources.release_choices(dataset))
        stem = export_filename(name, query.span.start, query.span.end, fmt)
        key = (dataset.data_version, name, fmt, query.span, tuple(sorted(query.release_filters.items())), str(request.url))
        body = self._bodies.get(key, lambda: self._table_body(request, dataset, name, fmt, query))
        media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
        note = REVERSED_NOTE if query.reversed else None
        return _answer(request, dataset.data_version, body, media, stem if fmt == "csv" else None, note)

    def _filtered(self, dataset, query: TableQuery) -> dict[str, pd.DataFrame]:
        """The tables in the query's range; none of their rows when the range is reversed."""
        if query.reversed:
            return {name: dataset[name].iloc[0:0] for name in TABLES}
        return dict(self.sources.filtered(dataset, query.span))

    def _table_body(self, request: Request, dataset, name: str, fmt: str, query: TableQuery) -> bytes:
        frame = export_table(self._filtered(dataset, query), name, query.release_filters)
        if fmt == "csv":
            return to_csv_bytes(frame)
        version, released = self.sources.release()
        meta = {
            "table": name,
            "title": TABLES[name].description,
            "as_of": _as_of(dataset),
            "data_version": version,
            "content_hash": dataset.data_version,
            "filters": query.as_params(),
            "date_range_rule": filtering_notes()[name],
            "row_count": int(len(frame)),
            "notes": [REVERSED_NOTE] if query.reversed else [],
            "licence": LICENCE,
            "citation": f"Alibaba open-source AI tracker, data version {version} (released {released}), table {name}, "
            f"{query.span}; cite each row's own source (source_id in sources).",
            "csv": f"{self._base(request)}{PREFIX}/tables/{name}.csv" + (f"?{request.url.query}" if request.url.query else ""),
        }
        return _json({"meta": meta, "data": json_records(frame)})

    def datapackage(self, request: Request) -> Response:
        _no_params(request)
        dataset = self._dataset()
        path = self.sources.data_dir() / "datapackage.json"
        return _answer(request, dataset.data_version, path.read_bytes(), "application/json")

    def snapshot(self, request: Request) -> Response:
        dataset = self._dataset()
        query = parse_query(
            _params(request), TABLE_PARAMS, self.sources.default_range(dataset), self.sources.release_choices(dataset)
        )
        tables = self._filtered(dataset, query)
        tables["releases"] = export_table(tables, "releases", query.release_filters)
        filters = {k: ",".join(v) if isinstance(v, list) else v for k, v in query.as_params().items()}
        archive = snapshot_archive(
            tables,
            pd.Timestamp(query.span.start),
            pd.Timestamp(query.span.end),
            dataset.data_version,
            self.sources.release(),
            filters,
            datetime.now(UTC),
        )
        stem = export_filename("snapshot", query.span.start, query.span.end, "zip")
        # The archive records when it was made, so its bytes differ per request: the ETag names the data and query.
        return _answer(request, dataset.data_version, archive, "application/zip", stem, REVERSED_NOTE if query.reversed else None)

    def changes(self, request: Request) -> Response:
        _no_params(request)
        dataset = self._dataset()
        versions = changelog_versions(self.sources.data_dir())
        base = self._base(request)
        figures = new_figures(dataset.tables, versions[0].released, self.sources.table_link, base) if versions else []
        body = atom_feed(versions, figures, base).encode("utf-8")
        return _answer(request, dataset.data_version, body, "application/atom+xml; charset=utf-8")

    def not_found(self, request: Request) -> Response:
        raise ApiError(404, "no such resource; see /api/v1/tables and /api/v1/openapi.json")

    def openapi(self, request: Request) -> Response:
        _no_params(request)
        dataset = self._dataset()
        spec = openapi_spec(self._base(request), self.sources.release()[0], self.sources.release_choices(dataset))
        return _answer(request, dataset.data_version, _json(spec), "application/json")


def _guarded(handler: Callable[[Request], Response]) -> Callable[[Request], Response]:
    """Only GET and HEAD; every failure a JSON answer (a 500 is logged and said in JSON, never a traceback)."""

    def endpoint(request: Request) -> Response:
        try:
            if request.method not in ("GET", "HEAD"):
                raise ApiError(
                    405, f"method {shown(request.method)} not allowed; the API is read-only", "method", ["GET", "HEAD"]
                )
            if len(request.url.path) > MAX_PATH_CHARS:
                raise ApiError(404, "no such resource")
            return handler(request)
        except ApiError as err:
            response = err.response()
            if err.status == 405:
                response.headers["Allow"] = "GET, HEAD"
            return response
        except Exception:  # a bug must still answer JSON, never a stack trace
            LOGGER.exception("API request failed: %s", request.url.path)
            return ApiError(500, "internal error; the details are in the server log").response()

    return endpoint


def table_parameters(name: str) -> tuple[str, ...]:
    """The query parameters a table's endpoints take: the range, and on releases the release filters too."""
    return TABLE_PARAMS if name == "releases" else RANGE_PARAMS


# Every status the API can answer besides 200, with what it means; the description lists each on every operation.
ERROR_STATUSES = {
    "400": "a bad parameter: unknown, malformed, out of the date window, or too many or too long",
    "404": "no such table, format or path",
    "405": "a method other than GET or HEAD (the Allow header lists those)",
    "500": "an internal error; the details are in the server log",
    "503": "the data files fail validation, so nothing is served",
}


def openapi_spec(base: str, version: str, choices: Mapping[str, list[str]]) -> dict:
    """OpenAPI 3.1 description of every endpoint, generated from the schema and the server's own parameter rules:
    one operation per table and format, each listing only the parameters that table takes."""
    date_schema = {"type": "string", "format": "date", "pattern": DATE_PATTERN, "examples": ["2025-01-01"]}
    parameters = {
        "start": {
            "name": "start",
            "in": "query",
            "required": False,
            "description": f"first day of the range; default: the data's first. {DATE_RULE}",
            "schema": date_schema,
        },
        "end": {
            "name": "end",
            "in": "query",
            "required": False,
            "description": f"last day of the range; default: the data's last. {DATE_RULE}",
            "schema": date_schema,
        },
        **{
            name: {
                "name": name,
                "in": "query",
                "required": False,
                "description": f"{description_for(name, 'releases')}; several values comma-separated or repeated",
                "schema": {
                    "type": "array",
                    "items": {"type": "string", "enum": list(choices.get(name, []))},
                    "uniqueItems": True,
                    "maxItems": MAX_FILTER_VALUES,
                },
                "style": "form",
                "explode": True,
            }
            for name in RELEASE_FILTERS
        },
    }
    headers = {
        "ETag": {"schema": {"type": "string"}, "description": "the data version and query; send it as If-None-Match"},
        "Access-Control-Allow-Origin": {"schema": {"type": "string", "const": "*"}},
    }
    errors = {
        status: {"description": meaning, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        for status, meaning in ERROR_STATUSES.items()
    }

    def operation(summary: str, names: tuple[str, ...], media: str, schema: dict | None = None, note: bool = False) -> dict:
        ok_headers = {
            **headers,
            **({"X-Query-Note": {"schema": {"type": "string"}, "description": REVERSED_NOTE}} if note else {}),
        }
        content = {media: {"schema": schema} if schema else {}}
        return {
            "get": {
                "summary": summary,
                "parameters": [parameters[name] for name in names],
                "responses": {
                    "200": {"description": "OK", "headers": ok_headers, "content": content},
                    "304": {"description": "not modified: the If-None-Match ETag is current"},
                    **errors,
                },
            }
        }

    table_paths = {}
    for name, spec in TABLES.items():
        names = table_parameters(name)
        table_paths[f"{PREFIX}/tables/{name}.csv"] = operation(
            f"{spec.description} As CSV: the same file the page's download gives for the same link.", names, "text/csv", note=True
        )
        table_paths[f"{PREFIX}/tables/{name}.json"] = operation(
            f"{spec.description} As JSON: data (the records) and meta (as-of date, version, filters, row count, notes).",
            names,
            "application/json",
            {"$ref": "#/components/schemas/Table"},
        )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Alibaba open-source AI tracker data API",
            "version": version,
            "description": "Read-only. Every table of the data package, filtered by the dashboard's own link parameters. "
            "Answers carry an ETag (send If-None-Match for a 304) and Access-Control-Allow-Origin: *. At most "
            f"{MAX_PARAMS} parameters and {MAX_QUERY_CHARS} characters of query.",
            "license": {"name": "CC BY 4.0 (data)", "identifier": LICENCE},
        },
        "servers": [{"url": base}],
        "paths": {
            f"{PREFIX}/tables": operation(
                "Every table: title, row count, columns and meanings, URLs", (), "application/json", {"type": "object"}
            ),
            **table_paths,
            f"{PREFIX}/datapackage.json": operation(
                "The Frictionless data package descriptor", (), "application/json", {"type": "object"}
            ),
            f"{PREFIX}/snapshot.zip": operation(
                "Every table filtered, with datapackage.json, manifest and README", TABLE_PARAMS, "application/zip", note=True
            ),
            f"{PREFIX}/changes.atom": operation(
                "Atom feed: one entry per data version and per new figure", (), "application/atom+xml"
            ),
            f"{PREFIX}/openapi.json": operation("This description", (), "application/json", {"type": "object"}),
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error", "status"],
                    "properties": {
                        "error": {"type": "string"},
                        "status": {"type": "integer"},
                        "parameter": {"type": "string"},
                        "allowed": {"oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]},
                    },
                },
                "Table": {
                    "type": "object",
                    "required": ["meta", "data"],
                    "properties": {
                        "meta": {
                            "type": "object",
                            "required": ["table", "as_of", "data_version", "filters", "row_count", "notes", "licence"],
                            "properties": {
                                "table": {"type": "string"},
                                "as_of": {"type": ["string", "null"], "format": "date"},
                                "data_version": {"type": "string"},
                                "filters": {"type": "object"},
                                "row_count": {"type": "integer", "minimum": 0},
                                "notes": {"type": "array", "items": {"type": "string"}},
                                "licence": {"type": "string"},
                            },
                        },
                        "data": {"type": "array", "items": {"type": "object"}},
                    },
                },
            }
        },
    }
