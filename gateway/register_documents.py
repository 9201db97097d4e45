"""``mutugraph register-documents FILE... --manifest PATH``: trust a front-end's operations.

Reads the front-end's ``.graphql`` files (operations and fragments, fragments may live in
other files), makes one document per operation (the operation and the fragments it uses,
printed by graphql-core: the normalised text), validates each against the gateway's schema
and query limits (defaults of ``MUTUGRAPH_MAX_*``; variables at their defaults), and adds
them to the JSON manifest ``{sha256: text}`` that ``MUTUGRAPH_TRUSTED_DOCUMENTS`` names.
Prints ``sha256:<hex>␉<operation name>`` per operation: the ``documentId`` to send.

Any invalid document (syntax, unknown field, over a limit, duplicate names) leaves the
manifest untouched and exits with status 1. ``--replace`` drops the documents not in
these files (by default they are kept, so that the previous front-end release still
works while the new one rolls out).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    Node,
    OperationDefinitionNode,
    parse,
    print_ast,
    specified_rules,
    validate,
    visit,
)
from graphql.language import Visitor
from starlette.config import Config

from gateway.limits.settings import LimitSettings
from gateway.persisted import ManifestError, read_manifest, sha256

EXIT_INVALID = 1


def add_command(commands: Any) -> None:
    """The ``register-documents`` sub-command, on the CLI's sub-parsers."""
    register = commands.add_parser(
        "register-documents", help="add a front-end's operations to a trusted-documents manifest"
    )
    register.add_argument("files", nargs="+", type=Path, metavar="FILE", help=".graphql files")
    register.add_argument("--manifest", required=True, type=Path, help="JSON manifest to update")
    register.add_argument(
        "--replace", action="store_true", help="drop the documents not in these files"
    )


def run_command(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    limits = LimitSettings.from_config(Config(environ=environ, env_prefix="MUTUGRAPH_"))
    return register_documents(args.files, args.manifest, replace=args.replace, limits=limits)


def register_documents(
    files: Sequence[Path],
    manifest: Path,
    *,
    replace: bool = False,
    limits: LimitSettings | None = None,
    schema: GraphQLSchema | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Validates the operations of ``files`` and adds them to ``manifest``; exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    # Imported here: the rest of the CLI needs neither the graph nor Strawberry.
    from gateway.limits.rules import IntrospectionDepthRule, bind_shape_rule

    if schema is None:
        from schema import build_schema

        schema = build_schema()._schema
    problems: list[str] = []
    documents = operation_documents(files, problems)
    rules = (*specified_rules, IntrospectionDepthRule, bind_shape_rule(limits or LimitSettings()))
    for name, (path, text) in documents.items():
        for error in validate(schema, parse(text), rules):
            problems.append(f"{path}: {name}: {error.message}")
    existing: dict[str, str] = {}
    if manifest.exists() and not replace:
        try:
            existing = read_manifest(manifest)
        except ManifestError as exc:
            problems.append(str(exc))
    if problems or not documents:
        for problem in problems or ["no operation found"]:
            print(f"mutugraph register-documents: {problem}", file=err)
        return EXIT_INVALID
    registered = {sha256(text): text for _, text in documents.values()}
    write_manifest(manifest, {**existing, **registered})
    for name, (_, text) in documents.items():
        print(f"sha256:{sha256(text)}\t{name}", file=out)
    return 0


def operation_documents(files: Sequence[Path], problems: list[str]) -> dict[str, tuple[Path, str]]:
    """Operation name → (file, normalised document with the fragments it uses)."""
    operations: dict[str, tuple[Path, OperationDefinitionNode]] = {}
    fragments: dict[str, FragmentDefinitionNode] = {}
    for path in files:
        try:
            document = parse(path.read_text(encoding="utf-8"), no_location=False)
        except OSError as exc:
            problems.append(f"{path}: cannot be read ({exc.strerror})")
            continue
        except GraphQLError as exc:
            problems.append(f"{path}: {exc.message} {_where(exc)}".rstrip())
            continue
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                name = definition.name.value if definition.name else ""
                if not name:
                    problems.append(f"{path}: every operation needs a name")
                elif name in operations:
                    problems.append(f"{path}: operation {name} is also in {operations[name][0]}")
                else:
                    operations[name] = (path, definition)
            elif isinstance(definition, FragmentDefinitionNode):
                name = definition.name.value
                if name in fragments:
                    problems.append(f"{path}: fragment {name} is defined twice")
                fragments[name] = definition
            else:
                problems.append(f"{path}: only operations and fragments can be registered")
    return {
        name: (path, _document_text(operation, fragments))
        for name, (path, operation) in operations.items()
    }


def _document_text(
    operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> str:
    used: dict[str, FragmentDefinitionNode] = {}
    pending: list[Node] = [operation]
    while pending:
        for name in _spreads(pending.pop()):
            if name not in used and name in fragments:  # unknown ones: validation says so
                used[name] = fragments[name]
                pending.append(fragments[name])
    definitions = [operation, *(used[name] for name in sorted(used))]
    return print_ast(DocumentNode(definitions=tuple(definitions)))


def _spreads(node: Node) -> list[str]:
    names: list[str] = []

    class Spreads(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_args: Any) -> None:
            names.append(spread.name.value)

    visit(node, Spreads())
    return names


def _where(error: GraphQLError) -> str:
    if error.locations:
        line, column = error.locations[0]
        return f"(line {line}, column {column})"
    return ""


def write_manifest(path: Path, documents: Mapping[str, str]) -> None:
    """Writes ``{sha256: text}`` sorted, atomically (a reader never sees half a file)."""
    text = json.dumps(dict(sorted(documents.items())), indent=2, ensure_ascii=False) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
    ) as handle:
        handle.write(text)
    os.replace(handle.name, path)
