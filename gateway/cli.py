"""The ``mutugraph`` command: demo, serve, sandbox, export-schema, token, audit-verify,
register-documents.

Settings come from ``MUTUGRAPH_*`` variables (docs/configuration.md); the few options here
override them for one run. Configuration errors print one line and exit with status 2.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace

from gateway import register_documents
from gateway.audit import audit_key, chain_key, demo_audit_file
from gateway.audit import verify as audit_verify
from gateway.demo_issuer import DEFAULT_EXPIRES_IN, ROLES, issue_token
from gateway.logs import configure_logging
from gateway.settings import ConfigurationError, Settings

EXIT_CONFIGURATION = 2


def schema_sdl() -> str:
    """The printed schema, exactly as committed in schema/schema.graphql (one final newline)."""
    from schema import build_schema  # the graph is only needed by this command

    return build_schema().as_str().rstrip("\n") + "\n"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mutugraph", description="One GraphQL graph over the platforms of mutuelles."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="run the sandbox and the gateway together")
    _add_listen_options(demo)
    demo.add_argument("--members", type=int, help="members per sandbox tenant")
    demo.add_argument("--seed", type=int, help="sandbox data seed")
    demo.add_argument(
        "--start-timeout", type=float, default=180.0, help="seconds to wait for the sandbox"
    )

    serve = commands.add_parser("serve", help="run the gateway only")
    _add_listen_options(serve)

    sandbox = commands.add_parser("sandbox", help="run the simulated platforms only")
    sandbox.add_argument("--platform", action="append", help="platform to run (repeatable)")
    sandbox.add_argument("--members", type=int, help="members per tenant")
    sandbox.add_argument("--seed", type=int, help="data seed")
    sandbox.add_argument("--as-of", help="the sandbox's today, ISO date")
    sandbox.add_argument("--host", help="address to listen on")

    commands.add_parser("export-schema", help="print the GraphQL schema (SDL)")
    audit_verify.add_parser(commands)
    register_documents.add_command(commands)  # trusted documents (docs/security.md)

    token = commands.add_parser("token", help="print a demo bearer token")
    token.add_argument("--tenant", required=True)
    token.add_argument("--member", required=True, help="member number (the token's sub)")
    token.add_argument("--role", choices=ROLES, default="member")
    token.add_argument("--beneficiary", help="beneficiary id, for a beneficiary's account")
    token.add_argument("--expires-in", type=int, default=DEFAULT_EXPIRES_IN, metavar="SECONDS")
    return parser


def _add_listen_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="gateway address (MUTUGRAPH_HOST)")
    parser.add_argument("--port", type=int, help="gateway port (MUTUGRAPH_PORT)")


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    args = _parser().parse_args(argv)
    env = dict(os.environ if environ is None else environ)
    try:
        if args.command == "export-schema":
            sys.stdout.write(schema_sdl())
            return 0
        if args.command == "sandbox":
            return _exec_sandbox(args)
        if args.command == "register-documents":
            return register_documents.run_command(args, env)
        settings = Settings.from_environ(env)
        if args.command == "audit-verify":
            return audit_verify.run(args, chain_key(audit_key(settings)))
        if args.command == "token":
            return _token(settings, env, args)
        if getattr(args, "host", None):
            settings = replace(settings, host=args.host)
        if getattr(args, "port", None):
            settings = replace(settings, port=args.port)
        if args.command == "serve":
            return asyncio.run(_serve(settings, env))
        if settings.audit_file is None:  # the demo keeps its audit trail in a file
            settings = replace(settings, audit_file=demo_audit_file(env))
        configure_logging(settings.log_level)  # JSON lines on stderr, scrubbed
        from gateway.demo import DemoOptions, run_demo

        options = DemoOptions(args.members, args.seed, args.start_timeout)
        return asyncio.run(run_demo(settings, env, options))
    except ConfigurationError as exc:
        print(f"mutugraph: configuration error: {exc}", file=sys.stderr)
        return EXIT_CONFIGURATION


async def _serve(settings: Settings, environ: Mapping[str, str]) -> int:
    from gateway.app import create_app
    from gateway.server import GatewayStartError, StopSignals, serve, server_config

    app = create_app(settings, environ=environ)
    configure_logging(settings.log_level)  # JSON lines on stderr, scrubbed
    signals = StopSignals()
    signals.install()
    try:
        await serve(server_config(app, settings.host, settings.port, settings.log_level), signals)
    except GatewayStartError as exc:
        print(f"mutugraph serve: {exc}", file=sys.stderr)
        return 1
    return 0


def _exec_sandbox(args: argparse.Namespace) -> int:
    command = [sys.executable, "-m", "sandbox"]
    for platform in args.platform or []:
        command += ["--platform", platform]
    for option in ("members", "seed", "as_of", "host"):
        value = getattr(args, option)
        if value is not None:
            command += [f"--{option.replace('_', '-')}", str(value)]
    sys.stdout.flush()
    os.execv(sys.executable, command)  # the sandbox replaces this process: signals go to it


def _token(settings: Settings, environ: Mapping[str, str], args: argparse.Namespace) -> int:
    from gateway.tenants import load_tenants

    if not settings.is_demo:
        raise ConfigurationError("mutugraph token signs with the demo issuer: demo profile only")
    tenants = load_tenants(settings, environ)
    if args.tenant not in tenants:
        raise ConfigurationError(
            f"unknown tenant {args.tenant!r} (known: {', '.join(tenants.ids)})"
        )
    if args.expires_in <= 0:
        raise ConfigurationError("--expires-in must be a positive number of seconds")
    roles = [args.role]
    if args.role == "beneficiary" and not args.beneficiary:
        raise ConfigurationError("--role beneficiary needs --beneficiary")
    token = issue_token(
        tenant=args.tenant,
        member=args.member,
        roles=roles,
        beneficiary=args.beneficiary,
        expires_in=args.expires_in,
    )
    print(token)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
