"""`reprise serve`: the web desk and the REST API over a store (needs the `web` extra)."""

from __future__ import annotations

import ipaddress
import os
import socket
import sys

NEEDS_EXTRA = 'the web desk needs its extra: pip install "reprise[web]"'


def register(subparsers) -> None:
    from . import add_db, add_quiet

    p = subparsers.add_parser("serve", help="serve the web desk and the REST API",
                              description="Pages for stories, articles, reused passages and outlets, and a REST API "
                              "(OpenAPI at /docs), over the store. Binds to 127.0.0.1 unless told otherwise; writing "
                              "(POST /api/articles) needs the token when one is set, and any other address needs one.")
    add_db(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    p.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    p.add_argument("--token", default=os.environ.get("REPRISE_TOKEN"),
                   help="the token POST requests must carry as `Authorization: Bearer TOKEN` "
                        "(default: $REPRISE_TOKEN); required to listen beyond loopback")
    p.add_argument("--embeddings", metavar="MODEL", help="a sentence-embedding model file for the stories of posted "
                   "articles, as `reprise run --embeddings`")
    add_quiet(p)
    p.set_defaults(handler=handle)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def handle(args) -> int:
    from ..store import ModelMismatch, Store
    from ..stories.assign import check_embedding_model
    from . import UserError, load_embedder

    try:
        import uvicorn

        from ..web.app import create_app
    except ImportError:
        raise UserError(NEEDS_EXTRA) from None
    if not is_loopback(args.host) and not args.token:
        raise UserError(f"listening on {args.host} (beyond loopback) needs --token (or $REPRISE_TOKEN)")
    if args.token is not None and len(args.token) < 8:
        raise UserError("--token is too short: use at least 8 characters")
    if not 0 <= args.port <= 65535:
        raise UserError(f"--port {args.port} is not a port number (0-65535)")
    embedder = load_embedder(args.embeddings)
    store = Store.open(args.db, create=False)  # exists, is a reprise store, schema up to date
    try:
        check_embedding_model(store.conn, embedder)
    except ModelMismatch as err:  # the desk can still be read; what is posted is refused, with this reason
        print(f"reprise serve: posting articles is refused: {err}", file=sys.stderr)
    finally:
        store.close()
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    # IPPROTO_TCP said aloud: asyncio turns Nagle off (TCP_NODELAY) only on sockets whose protocol says TCP; without
    # it every answer on a kept-alive connection waited ~40 ms for the client's delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((args.host.strip("[]"), args.port))
    except OSError as err:
        sock.close()
        raise UserError(f"cannot listen on {args.host}:{args.port}: {err.strerror or err}") from None
    port = sock.getsockname()[1]
    if not args.quiet:
        where = f"[{args.host}]" if family == socket.AF_INET6 else args.host
        print(f"reprise serve: http://{where}:{port}/ over {args.db} (API docs at /docs; Ctrl-C stops)", file=sys.stderr)
    config = uvicorn.Config(create_app(args.db, args.token, embedder=embedder), log_level="warning" if args.quiet else "info",
                            access_log=not args.quiet, server_header=False)
    uvicorn.Server(config).run(sockets=[sock])
    return 0
