"""The data API through a real server (streamlit run app.py): the same rows as the pages' downloads, its metadata,
feed and description, caching headers, and only JSON 4xx answers to hostile requests."""

from __future__ import annotations

import http.client
import io
import json
import random
import string
import urllib.parse
import zipfile

import pandas as pd
import pytest

from alibaba_ai_data.schema import TABLES
from tests.browser.server import streamlit_server
from tests.conftest import FIXTURE_DATA_DIR
from tests.test_pages import download, downloads, open_page  # noqa: F401  (downloads is a fixture)

RANGE = {"start": "2025-01-01", "end": "2025-12-31"}
LINK = {"developer": "Alibaba", "modality": "vision", "open_weights": "yes"}


@pytest.fixture(scope="module")
def server():
    with streamlit_server() as (base_url, _process):
        yield base_url


def get(base: str, path: str, method: str = "GET", headers: dict | None = None) -> tuple[int, dict, bytes]:
    """One raw request (the path is sent as given, not re-encoded); status, lower-cased headers, body."""
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def api(table: str, fmt: str = "csv", params: dict | None = None) -> str:
    return f"/api/v1/tables/{table}.{fmt}" + (f"?{urllib.parse.urlencode(params)}" if params else "")


@pytest.mark.parametrize("table", list(TABLES))
def test_every_tables_csv_is_the_pages_download_for_the_same_range(server, table, downloads):  # noqa: F811
    at = open_page("app_pages/data.py", {**RANGE, "view": "Browse"})
    at.selectbox(key="browse_table").set_value(table).run()
    _, page_bytes = download(at, downloads, "Download CSV", key="browse_grid_csv")
    status, headers, body = get(server, api(table, params=RANGE))
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert body == page_bytes
    assert f"alibaba-ai_{table}_2025-01-01_to_2025-12-31.csv" in headers["content-disposition"]


def test_filtered_releases_csv_is_the_timelines_download_for_the_same_link(server, downloads):  # noqa: F811
    at = open_page("app_pages/timeline.py", {**RANGE, **LINK, "table": "true"})
    _, page_bytes = download(at, downloads, "Download CSV", key="timeline_table_csv")
    status, _, body = get(server, api("releases", params={**RANGE, **LINK}))
    assert status == 200 and body == page_bytes
    rows = pd.read_csv(io.BytesIO(body))
    assert len(rows) and set(rows["developer"]) == {"Alibaba"} and set(rows["modality"]) == {"vision"}
    # Several values of one filter, repeated or comma-separated, are one filter.
    both = get(server, "/api/v1/tables/releases.csv?developer=Alibaba&developer=DeepSeek")[2]
    assert both == get(server, "/api/v1/tables/releases.csv?developer=Alibaba,DeepSeek")[2]
    assert set(pd.read_csv(io.BytesIO(both))["developer"]) == {"Alibaba", "DeepSeek"}


def test_a_pages_pandas_snippet_runs_as_written_and_returns_the_rows_shown(server, downloads, monkeypatch):  # noqa: F811
    monkeypatch.setenv("DASHBOARD_PUBLIC_URL", server)
    at = open_page("app_pages/timeline.py", {**RANGE, **LINK, "table": "true"})
    snippet = next(c.value for c in at.code if c.value.startswith("import pandas as pd"))
    assert f"pd.read_csv('{server}/api/v1/tables/releases.csv?start=2025-01-01" in snippet
    scope: dict = {}
    exec(snippet, scope)  # the lines as a reader would paste them, imports and all
    returned = scope["frame"]
    assert pd.api.types.is_datetime64_any_dtype(returned["release_date"])
    _, page_bytes = download(at, downloads, "Download CSV", key="timeline_table_csv")
    shown = pd.read_csv(io.BytesIO(page_bytes), parse_dates=["release_date"])
    pd.testing.assert_frame_equal(returned, shown)
    assert {c.value.split("(")[0].split("\n")[0] for c in at.code} >= {
        "import pandas as pd",
        "frame <- read.csv",
        "SELECT * FROM read_csv",
        "= Table.TransformColumnTypes",
    }


@pytest.mark.parametrize("table", ["releases", "capex_quarters", "events"])
def test_snippets_type_every_date_column_of_the_data_package(server, table, tmp_path):
    import duckdb

    from alibaba_ai_data.datapackage import date_fields
    from dashboard.cards import snippets

    url = f"{server}/api/v1/tables/{table}.csv"
    dates = date_fields(table)
    package = json.loads(get(server, "/api/v1/datapackage.json")[2])
    fields = next(r for r in package["resources"] if r["name"] == table)["schema"]["fields"]
    assert dates == [f["name"] for f in fields if f["type"] == "date"]  # the package's field types decide
    lines = snippets(url, dates)
    scope: dict = {}
    exec(lines["pandas"], scope)
    assert all(pd.api.types.is_datetime64_any_dtype(scope["frame"][name]) for name in dates)
    # DuckDB reads URLs through an extension it downloads at run time (no internet here): the same line, on the file.
    local = tmp_path / f"{table}.csv"
    local.write_bytes(get(server, f"/api/v1/tables/{table}.csv")[2])
    relation = duckdb.sql(lines["DuckDB"].replace(url, str(local)).rstrip(";"))
    types = dict(zip(relation.columns, (str(t) for t in relation.types)))
    assert all(types[name] == "DATE" for name in dates)
    assert all(f'{{"{name}", type date}}' in lines["Excel Power Query"] for name in dates)
    assert all(f"'{name}'" in lines["R"] for name in dates) and "as.Date" in lines["R"]


def test_json_carries_data_and_meta(server, dataset):
    status, headers, body = get(server, api("metrics", "json", RANGE))
    assert status == 200 and headers["content-type"].startswith("application/json")
    answer = json.loads(body)
    meta = answer["meta"]
    assert {"as_of", "data_version", "filters", "row_count", "licence", "citation", "table"} <= set(meta)
    assert meta["filters"] == RANGE and meta["licence"] == "CC-BY-4.0" and meta["data_version"] == "2.4.0"
    assert meta["row_count"] == len(answer["data"]) > 0
    assert all(len(row["as_of"]) == 10 for row in answer["data"])  # ISO dates, no times
    listing = json.loads(get(server, "/api/v1/tables")[2])
    assert [t["name"] for t in listing["tables"]] == list(TABLES)
    releases = next(t for t in listing["tables"] if t["name"] == "releases")
    assert releases["rows"] == len(dataset["releases"]) and "developer" in releases["parameters"]
    assert {c["name"] for c in releases["columns"]} == {c.name for c in TABLES["releases"].columns}
    assert all(c["label"] and c["description"] for c in releases["columns"])


def test_datapackage_snapshot_feed_and_openapi(server):
    from openapi_spec_validator import validate

    feedparser = pytest.importorskip("feedparser")
    package = json.loads(get(server, "/api/v1/datapackage.json")[2])
    assert package["version"] == "2.4.0" and {r["name"] for r in package["resources"]} == set(TABLES)
    status, headers, body = get(server, "/api/v1/snapshot.zip?" + urllib.parse.urlencode({**RANGE, "developer": "Alibaba"}))
    assert status == 200 and headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert {f"{name}.csv" for name in TABLES} <= set(archive.namelist())
        assert set(pd.read_csv(archive.open("releases.csv"))["developer"]) == {"Alibaba"}
        assert json.loads(archive.read("manifest.json"))["filters"]["developer"] == "Alibaba"
    feed = feedparser.parse(get(server, "/api/v1/changes.atom")[2])
    assert not feed.bozo, feed.bozo_exception
    assert feed.entries[0].title == "Data version 2.4.0"
    figures = [e for e in feed.entries if e.title.startswith("New figure")]
    assert figures and all(e.link.startswith(server) for e in figures)
    spec = json.loads(get(server, "/api/v1/openapi.json")[2])
    validate(spec)
    for name in TABLES:  # one operation per table and format, each listing only the parameters that table takes
        for fmt in ("csv", "json"):
            taken = {p["name"] for p in spec["paths"][f"/api/v1/tables/{name}.{fmt}"]["get"]["parameters"]}
            assert taken == (
                {"start", "end", "developer", "family", "modality", "open_weights"} if name == "releases" else {"start", "end"}
            )
    responses = spec["paths"]["/api/v1/tables/metrics.json"]["get"]["responses"]
    assert {"200", "304", "400", "404", "405", "500", "503"} <= set(responses)


def test_a_reversed_range_is_an_empty_answer_that_says_why(server):
    status, headers, body = get(server, api("metrics", "json", {"start": "2025-06-01", "end": "2025-01-01"}))
    answer = json.loads(body)
    assert status == 200 and answer["data"] == [] and answer["meta"]["row_count"] == 0
    assert answer["meta"]["notes"] == ["start is after end, so no row can fall in the range"]
    status, headers, body = get(server, api("releases", "csv", {"start": "2030-01-01"}))
    assert status == 200 and headers["x-query-note"].startswith("start is after end")
    assert pd.read_csv(io.BytesIO(body)).empty


def test_the_description_holds_under_a_property_based_fuzzer(server, tmp_path):
    """schemathesis generates requests from /api/v1/openapi.json (valid and invalid, fixed seed and budget) and runs
    every check it has, response schemas and undocumented status codes among them."""
    import shutil
    import subprocess

    command = shutil.which("schemathesis") or shutil.which("st")
    assert command, "schemathesis is a test dependency (requirements-dev.txt)"
    result = subprocess.run(
        [
            command,
            "run",
            f"{server}/api/v1/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            "5",
            "--seed",
            "20261206",
            "--no-color",
            "--workers",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,  # schemathesis keeps a cache of its findings in the working directory
    )
    tail = result.stdout[-3000:]
    assert result.returncode == 0, tail
    assert "No issues found" in tail, tail


def test_a_repeated_request_is_answered_304_and_headers_allow_browsers(server):
    path = api("releases", params={**RANGE, "developer": "Alibaba"})
    status, headers, body = get(server, path)
    assert status == 200 and headers["access-control-allow-origin"] == "*"
    assert headers["etag"] and "max-age" in headers["cache-control"]
    again, cached, empty = get(server, path, headers={"If-None-Match": headers["etag"]})
    assert again == 304 and empty == b"" and cached["etag"] == headers["etag"]
    other = get(server, api("releases", params={**RANGE, "developer": "DeepSeek"}), headers={"If-None-Match": headers["etag"]})
    assert other[0] == 200  # another query is another resource
    head = get(server, path, method="HEAD")
    assert head[0] == 200 and head[2] == b"" and int(head[1]["content-length"]) == len(body)


def test_bad_parameters_name_the_parameter_and_its_allowed_values(server):
    cases = {
        api("releases", params={"start": "2025-13-01"}): (400, "start"),
        api("releases", params={"end": "yesterday"}): (400, "end"),
        api("releases", params={"developer": "Nobody"}): (400, "developer"),
        api("metrics", params={"developer": "Alibaba"}): (400, "developer"),
        api("releases", params={"colour": "red"}): (400, "colour"),
        "/api/v1/tables/nope.csv": (404, "table"),
        "/api/v1/tables/releases.xlsx": (404, "format"),
    }
    for path, (status, parameter) in cases.items():
        got, headers, body = get(server, path)
        answer = json.loads(body)
        assert (got, answer["parameter"]) == (status, parameter), (path, answer)
        assert answer["allowed"] and headers["content-type"].startswith("application/json")
    developers = json.loads(get(server, api("releases", params={"developer": "Nobody"}))[2])["allowed"]
    assert "Alibaba" in developers and "DeepSeek" in developers


def hostile_requests(count: int, seed: int = 20261203) -> list[tuple[str, str, dict]]:
    """Requests a careless or hostile client might send: odd methods, paths, parameters, encodings and sizes."""
    rng = random.Random(seed)
    nasty = [
        "'; DROP TABLE releases;--",
        "<script>alert(1)</script>",
        "../../etc/passwd",
        "%00",
        "%ff%fe",
        "🙂",
        '=HYPERLINK("http://x")',
        "9999-99-99",
        "2025-02-30",
        "-1",
        "1e309",
        "NaN",
        "",
        " ",
        "a" * 300,
        "%25" * 50,
        "{{7*7}}",
        "${jndi:ldap://x}",
    ]
    tables = ["nope", "..", "releases.csv", "%2e%2e", "sources/../releases", "x" * 250, "RELEASES", "releases "]
    params = ["start", "end", "developer", "family", "modality", "open_weights", "table", "view", "callback", "__proto__"]
    out = []
    for i in range(count):
        kind = i % 6
        if kind == 0:  # a bad value for a known parameter (an empty filter means "all", as on the pages)
            query = urllib.parse.urlencode({rng.choice(params[:6]): rng.choice([v for v in nasty if v.strip()])})
            out.append(("GET", f"/api/v1/tables/{rng.choice(['releases', 'metrics', 'events'])}.csv?{query}", {}))
        elif kind == 1:  # an unknown table, format or path
            out.append(
                ("GET", f"/api/v1/tables/{urllib.parse.quote(rng.choice(tables))}.{rng.choice(['csv', 'json', 'xml', ''])}", {})
            )
        elif kind == 2:  # too many or too long parameters
            many = "&".join(f"{rng.choice(params)}={rng.choice(string.ascii_letters)}" for _ in range(rng.randint(41, 80)))
            out.append(("GET", f"/api/v1/tables/releases.json?{many}", {}))
        elif kind == 3:  # a method the API does not take
            out.append((rng.choice(["POST", "PUT", "DELETE", "PATCH", "OPTIONS"]), "/api/v1/tables/releases.csv", {}))
        elif kind == 4:  # raw, unencoded junk in the query
            junk = "".join(rng.choice("<>\"'%{}|\\^`[]#&=;") for _ in range(rng.randint(1, 40)))
            out.append(("GET", f"/api/v1/tables/releases.csv?start={urllib.parse.quote(junk, safe='%&=')}", {}))
        else:  # parameters on endpoints that take none, and unknown endpoints
            path = rng.choice(["/api/v1/tables", "/api/v1/changes.atom", "/api/v1/openapi.json", "/api/v1/datapackage.json"])
            out.append(("GET", f"{path}?{rng.choice(params)}={urllib.parse.quote(rng.choice(nasty))}", {}))
    out += [("GET", "/api/v1", {}), ("GET", "/api/v1/", {}), ("GET", "/api/v1/" + "a/" * 120, {})]
    return out


def test_hostile_requests_get_only_4xx_json(server):
    requests = hostile_requests(240)
    assert len(requests) >= 200
    for method, path, headers in requests:
        status, got, body = get(server, path, method=method, headers=headers)
        assert 400 <= status < 500, (method, path, status, body[:200])
        assert got["content-type"].startswith("application/json"), (method, path)
        answer = json.loads(body)
        assert answer["status"] == status and answer["error"]
        assert b"Traceback" not in body and b"<html" not in body.lower()


def test_the_api_serves_nothing_while_the_data_is_invalid(tmp_path):
    import shutil

    broken = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA_DIR, broken)
    with (broken / "releases.csv").open("a", encoding="utf-8") as handle:
        handle.write("broken_row,Model,Alibaba\n")
    with streamlit_server(env={"ALIBABA_AI_DATA_DIR": str(broken)}) as (base_url, _process):
        status, headers, body = get(base_url, api("releases"))
    assert status == 503 and headers["content-type"].startswith("application/json")
    assert "fail validation" in json.loads(body)["error"]


def test_snippet_links_echo_only_a_plain_host(monkeypatch):
    from dashboard import api_links

    class Context:
        url = ""

    monkeypatch.setattr(api_links.st, "context", Context)
    for url, expected in [
        ("http://localhost:8501/timeline?x=1", "http://localhost:8501"),
        ("https://tracker.example.org/", "https://tracker.example.org"),
        ("http://[::1]:8501/", "http://[::1]:8501"),
        ("http://evil.example')--/x", api_links.FALLBACK_BASE),
        ("javascript://alert(1)", api_links.FALLBACK_BASE),
        ("", api_links.FALLBACK_BASE),
    ]:
        Context.url = url
        assert api_links.public_base_url() == expected, url
    monkeypatch.setenv(api_links.PUBLIC_URL_ENV, "https://data.example.org/")
    assert api_links.public_base_url() == "https://data.example.org"
