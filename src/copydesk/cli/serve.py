"""`copydesk serve`: the check page and the JSON API on a warm archive (server/)."""
from __future__ import annotations

import signal
import socket
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer

from .app import Jobs, ModelName, RulesDirs
from .output import _fail, _warn
from .run import _load_rules, _open_cache

if TYPE_CHECKING:
    from ..server.archive import WarmArchive
    from ..server.settling import Settling
    from ..workspace import Workspace

DEFAULT_PORT = 8750
DEFAULT_BASELINE = "copydesk-baseline.json"  # at the repository's top: what "accept" writes
SWITCH_INTERVAL_S = 0.0005  # how soon a waiting thread gets the interpreter back (see serve)


def serve(
    paths: Annotated[list[str], typer.Argument(help="The archive: article files, folders or globs (.txt, .md, .html).")],
    host: Annotated[str, typer.Option(help="Address to listen on; the API needs the token on any address.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on (0: any free port).")] = DEFAULT_PORT,
    rules_dirs: RulesDirs = None,
    model: ModelName = None,
    jobs: Jobs = 1,
    time_limit: Annotated[float, typer.Option("--time-limit", min=0.1, help="Seconds a check of one draft may take (then 504).")] = 60.0,
    watch: Annotated[bool, typer.Option("--watch/--no-watch", help="Read the archive again when an article changes on disk.")] = True,
    baseline: Annotated[
        Path | None, typer.Option(help=f"Findings accepted from the page, not shown [default: {DEFAULT_BASELINE} at the repository's top].")
    ] = None,
) -> None:
    """Serve a page where editors check a draft against the archive, and a JSON API."""
    import uvicorn

    from ..server.app import create_app
    from ..server.archive import WarmArchive, start_loading
    from ..server.security import JSON_ROOM, Guard, allowed_hosts, new_token, remove_server_file, server_file, url_host, write_server_file
    from ..server.watch import catch_up, start_watching
    from ..workspace import workspace

    where = workspace(paths)
    rules = _load_rules(rules_dirs, paths, where)
    model_name = model or rules.settings.model
    sock = _bind(host, port)
    port = sock.getsockname()[1]
    token = new_token()
    archive = WarmArchive(paths, rules, model_name, lambda: _open_cache(where, rules, model_name), jobs)
    guard = Guard(token, allowed_hosts(host, port), rules.settings.max_article_bytes + JSON_ROOM)
    settling = _settling(where, rules_dirs, baseline)
    archive.baseline, archive.top = settling.baseline, where.top

    def loaded() -> None:
        _said_ready(archive)
        catch_up(archive)

    app = create_app(
        archive, guard, time_limit, workers=max(jobs, 2), settling=settling, on_startup=lambda: start_loading(archive, on_done=loaded)
    )
    record = server_file(where.top)
    try:
        write_server_file(record, host, port, token)
    except OSError as exc:
        raise _fail(f"{exc.filename or record}: cannot write: {exc.strerror or exc}") from None
    typer.echo(f"copydesk: serving {', '.join(paths)} at http://{url_host(host)}:{port}/?token={token}", err=True)
    typer.echo(f"copydesk: the token is in {record}; the archive is loading (GET /api/status)", err=True)
    stop_watching = threading.Event()
    if watch:
        start_watching(archive, stop_watching, said=lambda line: typer.echo(f"copydesk: {line}", err=True))
    # a request's thread that waits on a file or the cache gets the interpreter back
    # within 0.5 ms, not 5: beside a reload's whole-archive check (seconds of Python) a
    # hook's check of one file took as long as that check, waiting 5 ms at each stat()
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    # uvicorn stops on SIGTERM, then raises it again with the handler it found: with the
    # default one the process would end there, and server.json would be left behind
    # (every later hook would try a server that is gone)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        stop_watching.set()
        remove_server_file(record)
        sock.close()


def _settling(where: Workspace, rules_dirs: list[Path] | None, baseline: Path | None) -> Settling:
    """What the page's settle buttons write: the repository's rules/ (made when missing)
    under the --rules folders, and the baseline."""
    from ..server.settling import Settling
    from ..settle import RuleLayers
    from ..workspace import REPO_RULES

    layers = RuleLayers(where.rules_dir or where.top / REPO_RULES, tuple(rules_dirs or ()))
    return Settling(layers, baseline or where.top / DEFAULT_BASELINE, where.top)


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # as a shell reports a command ended by the signal


def _said_ready(archive: WarmArchive) -> None:
    if archive.state.phase == "failed":
        _warn(f"the archive could not be loaded: {archive.state.error}")
        return
    for problem in archive.problems:
        typer.echo(f"copydesk: skipped {problem}", err=True)
    typer.echo(f"copydesk: ready: {len(archive.result.articles)} article(s) in {archive.state.ready_after} s", err=True)


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so a busy port is one clear line, and port 0
    gets its real number before server.json is written."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # answers are written in pieces (headers, then body): without this, each answer
        # on a kept-alive connection (the page's, a load generator's) waited ~40 ms for
        # the client's delayed ACK. Accepted connections inherit it from this socket.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        raise _fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock



