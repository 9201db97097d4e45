"""Trusted documents: register a front-end's operations, then only those run.

``mutugraph register-documents`` validates ``.graphql`` files against the schema and the
query limits and writes the manifest; with ``MUTUGRAPH_TRUSTED_DOCUMENTS`` the gateway
runs ``documentId`` / Apollo ``persistedQuery`` hashes and registered text only, and
answers PERSISTED_QUERY_NOT_FOUND (without a back-end call) to anything else.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from adapters.fake import CallLog
from gateway.cli import main
from gateway.persisted import TrustedDocuments, normalise, read_manifest, sha256
from gateway.register_documents import register_documents
from gateway.settings import ConfigurationError
from tests.security.limits_support import bearer, counted_app, counted_server, portal_query
from tests.support.servers import ServerThread

FRAGMENT = "fragment Who on Member { number firstName lastName }\n"
WHO = "query Who { me { ...Who } }\n"
NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"


@pytest.fixture
def front_end(tmp_path: Path) -> Path:
    """A front-end's documents: two operations, a fragment in a file of its own."""
    folder = tmp_path / "front"
    folder.mkdir()
    (folder / "home.graphql").write_text(portal_query("Home"), encoding="utf-8")
    (folder / "who.graphql").write_text(WHO, encoding="utf-8")
    (folder / "fragments.graphql").write_text(FRAGMENT, encoding="utf-8")
    return folder


def register(folder: Path, manifest: Path, *extra: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    files = sorted(folder.glob("*.graphql"))
    code = register_documents(files, manifest, replace="--replace" in extra, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_register_documents_writes_the_manifest(front_end: Path, tmp_path: Path) -> None:
    manifest = tmp_path / "trusted.json"
    code, out, err = register(front_end, manifest)
    assert (code, err) == (0, "")
    documents = read_manifest(manifest)
    assert len(documents) == 2
    lines = dict(line.split("\t")[::-1] for line in out.splitlines())
    who = documents[lines["Who"].removeprefix("sha256:")]
    assert who == normalise(WHO + FRAGMENT)  # the operation with the fragment it uses
    assert "fragment Who on Member" in who and "query Home" not in who
    # Each key is the SHA-256 of its text, as the persisted-documents appendix says.
    assert all(sha256(text) == key for key, text in documents.items())
    # Registering again changes nothing; a new operation is added, old ones are kept.
    (front_end / "who.graphql").write_text("query Who2 { me { number } }\n", encoding="utf-8")
    assert register(front_end, manifest)[0] == 0
    assert len(read_manifest(manifest)) == 3
    assert register(front_end, manifest, "--replace")[0] == 0
    assert len(read_manifest(manifest)) == 2


def test_invalid_documents_are_refused(front_end: Path, tmp_path: Path) -> None:
    manifest = tmp_path / "trusted.json"
    assert register(front_end, manifest)[0] == 0
    before = manifest.read_text(encoding="utf-8")
    cases = {
        "unknown.graphql": "query Bad { me { salary } }",
        "syntax.graphql": "query Broken { me { number }",
        "deep.graphql": "query Deep { __schema { types { "
        + "fields { type { " * 4
        + "name"
        + " } }" * 4
        + " } } }",
        "twice.graphql": WHO,
    }
    for name, text in cases.items():
        path = front_end / name
        path.write_text(text, encoding="utf-8")
        code, _, err = register(front_end, manifest)
        path.unlink()
        assert code == 1, name
        assert str(path) in err or "Who" in err, err
        assert manifest.read_text(encoding="utf-8") == before  # untouched


def test_cli_verb(front_end: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = tmp_path / "out" / "trusted.json"
    files = [str(p) for p in sorted(front_end.glob("*.graphql"))]
    assert main(["register-documents", *files, "--manifest", str(manifest)], environ={}) == 0
    assert capsys.readouterr().out.count("sha256:") == 2
    assert len(json.loads(manifest.read_text(encoding="utf-8"))) == 2


# -- the gateway in trusted-documents mode ------------------------------------------------


@pytest.fixture
def trusted(
    front_end: Path, tmp_path: Path
) -> Iterator[tuple[ServerThread, CallLog, dict[str, str]]]:
    manifest = tmp_path / "trusted.json"
    assert register(front_end, manifest)[0] == 0
    environ = {"MUTUGRAPH_TRUSTED_DOCUMENTS": str(manifest)}
    ids = {text.split()[1]: key for key, text in read_manifest(manifest).items()}
    with counted_server(environ) as (server, calls):
        yield server, calls, ids


def post(server: ServerThread, body: dict[str, Any]) -> dict[str, Any]:
    response = httpx.post(f"{server.url}/graphql", json=body, headers=bearer(), timeout=20)
    assert response.status_code == 200
    return dict(response.json())


@pytest.mark.integration
def test_registered_documents_run(
    trusted: tuple[ServerThread, CallLog, dict[str, str]],
) -> None:
    server, _, ids = trusted
    expected = {"data": {"me": {"number": "10000001", "firstName": "Léa", "lastName": "Durand"}}}
    assert post(server, {"documentId": f"sha256:{ids['Who']}"}) == expected
    apollo = {"persistedQuery": {"version": 1, "sha256Hash": ids["Who"]}}
    assert post(server, {"extensions": apollo, "operationName": "Who"}) == expected
    # Registered text runs too, however it is spaced.
    assert post(server, {"query": "  " + WHO + "\n# comment\n" + FRAGMENT}) == expected
    home = post(server, {"documentId": f"sha256:{ids['Home']}"})
    assert "errors" not in home and home["data"]["me"]["number"] == "10000001"
    # GET, as the persisted-documents appendix allows for queries.
    response = httpx.get(
        f"{server.url}/graphql",
        params={"documentId": f"sha256:{ids['Who']}"},
        headers=bearer(),
        timeout=20,
    )
    assert response.json() == expected


@pytest.mark.integration
def test_anything_else_is_persisted_query_not_found(
    trusted: tuple[ServerThread, CallLog, dict[str, str]],
) -> None:
    server, calls, ids = trusted
    calls.clear()
    unknown = "0" * 64
    for body in (
        {"query": "{ me { number email } }"},
        {"documentId": f"sha256:{unknown}"},
        {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": unknown}}},
        {"documentId": "relay-123"},
    ):
        answer = post(server, body)
        assert answer["errors"][0]["extensions"] == {"code": NOT_FOUND}, body
        assert "data" not in answer
    # A batch with one unregistered operation runs none of them.
    batch = httpx.post(
        f"{server.url}/graphql",
        json=[{"documentId": f"sha256:{ids['Who']}"}, {"query": "{ __typename }"}],
        headers=bearer(),
        timeout=20,
    )
    assert batch.json()["errors"][0]["extensions"]["code"] == NOT_FOUND
    assert calls.total == 0


@pytest.mark.integration
def test_without_a_manifest_free_text_runs_and_hashes_are_not_found() -> None:
    with counted_server() as (server, _):
        query = "{ me { number } }"
        assert post(server, {"query": query}) == {"data": {"me": {"number": "10000001"}}}
        apq = {"persistedQuery": {"version": 1, "sha256Hash": sha256(query)}}
        assert post(server, {"extensions": apq})["errors"][0]["extensions"]["code"] == NOT_FOUND
        # Apollo's retry with the text runs (the hash must match the text).
        assert post(server, {"extensions": apq, "query": query})["data"] is not None
        apq["persistedQuery"]["sha256Hash"] = "1" * 64
        mismatch = httpx.post(
            f"{server.url}/graphql",
            json={"extensions": apq, "query": query},
            headers=bearer(),
            timeout=20,
        )
        assert mismatch.status_code == 400
        assert mismatch.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_bad_manifest_stops_the_start(tmp_path: Path) -> None:
    manifest = tmp_path / "trusted.json"
    manifest.write_text(json.dumps({"0" * 64: "{ me { number } }"}), encoding="utf-8")
    with pytest.raises(ConfigurationError, match="not the SHA-256 of its document"):
        counted_app({"MUTUGRAPH_TRUSTED_DOCUMENTS": str(manifest)})
    with pytest.raises(ConfigurationError, match="cannot be read"):
        counted_app({"MUTUGRAPH_TRUSTED_DOCUMENTS": str(tmp_path / "missing.json")})


def test_apollo_manifests_are_read(tmp_path: Path) -> None:
    body = "query Q { me { number } }"
    manifest = tmp_path / "persisted-query-manifest.json"
    operations = [{"id": sha256(body), "name": "Q", "type": "query", "body": body}]
    manifest.write_text(
        json.dumps(
            {"format": "apollo-persisted-query-manifest", "version": 1, "operations": operations}
        ),
        encoding="utf-8",
    )
    documents = TrustedDocuments.load(manifest)
    assert documents.lookup(f"sha256:{sha256(body)}") == body
    assert documents.is_registered("query Q {\n  me { number }\n}")
