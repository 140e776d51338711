"""Voting under load: N voters cast their ballots through gunicorn on PostgreSQL, C at a time.

    .venv/bin/python benchmarks/voting_load.py [--voters 2000] [--clients 100] [--instances 1]
        [--workers 4] [--worker-class sync] [--threads 4] [--projects 8] [--connections persistent|pool]
        [--no-prepare] [--profile]

Creates its own PostgreSQL database (``participa_voting_load`` on 127.0.0.1:5432, dropped first if
left over and always dropped at the end), migrates it, collects the static files into a temporary
directory and serves the site with gunicorn on 127.0.0.1 with production settings:
``portal.settings.production`` (DEBUG off) with a random SECRET_KEY, Redis at 127.0.0.1:6379 as
the cache and the cached_db sessions (``--redis-url``; its keys get a prefix of their own and are
deleted at the end), PostgreSQL with server-side binding and psycopg's prepared statements
(``--no-prepare``: ``DB_SERVER_SIDE_BINDING=false``) and a connection kept by each worker
(``DB_CONN_MAX_AGE=60``; ``--connections pool``: Django's connection pool, ``DB_POOL=true``). Only
STATIC_ROOT and the cache key prefix change, in a settings module written to the temporary
directory. Requests carry ``X-Forwarded-Proto: https``, ``Origin`` and ``Referer`` as they would
behind the TLS proxy of docs/deploy.md, so HTTPS redirects, secure cookies and the CSRF origin
checks work as in production.

``--instances 2`` starts two gunicorn servers on two ports, sharing ``--workers`` between them,
and spreads the clients over both, as two application servers behind one proxy would be: any
state kept in one process that mattered for correctness would show as an error, a stale page or
a wrong count (on one machine the second server's master and its clients share the same cores,
so it measures correctness more than speed).

It creates a call in its voting phase with one territory's ballot (approval, ``--projects``
projects), N people with a confirmed email and one signed-in session each (session rows written
directly, and put in the cache as Django's cached_db engine does when a person signs in), then C
clients (tasks on one event loop), each with its own connection, take the next voter, load the
ballot page ``GET /votar/urna/<box>/`` with the cookies signing in left (session and CSRF
secret), reading the CSRF token from the form, and cast ``POST`` ``choice=<id>…&step=confirm``,
which must redirect to the receipt. Before that, the same clients fetch ``/robots.txt`` from the
same servers: the baseline of a minimal page.

Prints ballots per second, p50/p95/p99 of the page load and of the cast, errors, ballots expected
and counted in the database (each voter's stored choices compared with what was sent), the
baseline and the ratio, and the number of queries of the ballot page and of the cast (measured
in-process with Django's test client; ``--profile`` lists them). Targets with 2,000 voters and 100
clients on 2 cores: at least 120 ballots/s, cast p95 under 500 ms, no error, nothing lost and
nothing counted twice. Exits with status 1 if any target is missed. It also prints the CPU time
spent per ballot (and per baseline request) by gunicorn, PostgreSQL, Redis and the clients (from
/proc) against the CPU time the machine had, and the load average: the clients share the two
cores with the server, and on a shared machine the wall-clock figures move with the host.

Server: gunicorn sync workers, 2 × cores of them in all, as docs/deploy.md deploys it behind the
proxy (`--worker-class gthread --threads N` for comparison). Sync workers take a new connection
per request from the shared queue. With C closed-loop clients the mean latency is C divided by
the throughput (Little's law).
"""

import argparse
import asyncio
import datetime
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TARGET_BALLOTS_PER_SECOND = 120.0
TARGET_CAST_P95_MS = 500.0
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HOST = "127.0.0.1"
SETTINGS_MODULE = "voting_load_settings"
SETTINGS_TEMPLATE = '''"""Written by benchmarks/voting_load.py: production settings, a temporary STATIC_ROOT."""

from portal.settings.production import *  # noqa: F401,F403
from portal.settings.production import CACHES

STATIC_ROOT = {static_root!r}
if "KEY_PREFIX" in CACHES["default"]:
    CACHES["default"]["KEY_PREFIX"] = {prefix!r}
'''


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, default=2000, help="people who vote (default 2000)")
    parser.add_argument("--clients", type=int, default=100, help="concurrent clients (default 100)")
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 2), help="gunicorn workers in all (default 2 × cores)"
    )
    parser.add_argument(
        "--instances", type=int, default=1, help="gunicorn servers on as many ports, sharing the workers (default 1)"
    )
    parser.add_argument(
        "--connections",
        choices=["pool", "persistent"],
        default="persistent",
        help="PostgreSQL connections: Django's pool (DB_POOL) or one kept per worker (DB_CONN_MAX_AGE)",
    )
    parser.add_argument(
        "--no-prepare", action="store_true", help="client-side binding, nothing prepared (DB_SERVER_SIDE_BINDING=false)"
    )
    parser.add_argument(
        "--worker-class", choices=["gthread", "sync"], default="sync", help="gunicorn worker class (default sync)"
    )
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker (default 4)")
    parser.add_argument("--projects", type=int, default=8, help="projects on the ballot (default 8)")
    parser.add_argument("--baseline", type=int, default=4000, help="requests of /robots.txt for the baseline")
    parser.add_argument("--port", type=int, default=0, help="port for gunicorn (default: a free one)")
    parser.add_argument("--database", default="participa_voting_load", help="database to create and drop")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    parser.add_argument(
        "--redis-url", default="redis://127.0.0.1:6379/0", help="Redis cache ('' for local memory per worker)"
    )
    parser.add_argument("--profile", action="store_true", help="list the queries of the ballot page and the cast")
    args = parser.parse_args()
    if args.voters < 1 or args.clients < 1 or args.workers < 1 or args.threads < 1 or args.projects < 2:
        parser.error("voters, clients, workers and threads must be at least 1, projects at least 2")
    if args.port:
        args.instances = 1
    if args.instances < 1 or args.instances > args.workers:
        parser.error("instances must be between 1 and the number of workers")
    return args


def free_port():

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def cpu_seconds(group_ids):
    """CPU seconds (user + system) used so far (Linux /proc) by the processes of the process
    groups `group_ids` (gunicorn), by PostgreSQL's processes and by Redis: {"server", "postgres", "redis"}."""
    ticks = os.sysconf("SC_CLK_TCK")
    totals = {"server": 0, "postgres": 0, "redis": 0}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name, fields = (entry / "stat").read_text().rsplit(")", 1)
        except OSError:
            continue
        fields, name = fields.split(), name.split("(", 1)[1]
        used = int(fields[11]) + int(fields[12])  # fields after the name: state, ppid, pgrp, …
        if int(fields[2]) in group_ids:
            totals["server"] += used
        elif name.startswith("postgres"):
            totals["postgres"] += used
        elif name.startswith("redis-server"):
            totals["redis"] += used
    return {key: value / ticks for key, value in totals.items()}


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


# --- The database and the settings ---------------------------------------------------------------


def admin_sql(postgres, statements):
    import psycopg

    with psycopg.connect(f"{postgres}/postgres", autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def create_database(args):
    name = args.database
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"Nombre de base de datos no válido: {name}")
    admin_sql(args.postgres, [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'])


def drop_database(args):
    admin_sql(args.postgres, [f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)'])


def server_environment(args, directory, prefix):
    """The environment of gunicorn and of this process's Django: production settings."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ELASTICSEARCH_URL"}
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "PYTHONPATH": os.pathsep.join([str(directory), str(ROOT)]),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
            "DATABASE_URL": f"{args.postgres}/{args.database}",
            "DB_POOL": "true" if args.connections == "pool" else "false",
            "DB_CONN_MAX_AGE": "0" if args.connections == "pool" else "60",
            "DB_SERVER_SIDE_BINDING": "false" if args.no_prepare else "true",
            "TASKS_BACKEND": "immediate",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "WARNING",
        }
    )
    if args.redis_url:
        environment["REDIS_URL"] = args.redis_url
    (Path(directory) / f"{SETTINGS_MODULE}.py").write_text(
        SETTINGS_TEMPLATE.format(static_root=str(Path(directory) / "static"), prefix=prefix)
    )
    return environment


def setup_django(environment, directory):
    os.environ.update(environment)
    for path in (str(ROOT), str(directory)):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)


# --- The call, the voters and their sessions -------------------------------------------------------


def make_ballot(projects):
    """A call in its voting phase with one territory's ballot of `projects` projects. Returns the box."""
    from tests.home.factories import make_site
    from tests.votaciones.factories import make_voting_call

    make_site()
    costs = [500_000 * (index + 2) for index in range(projects)]
    _call, box, _proposals = make_voting_call(proposals=projects, costs=costs, ceiling=sum(costs))
    return box


def make_voters(count, box, seed=2026):
    """`count` people with a confirmed email and a signed-in session. Returns [(session key, choice ids)]."""
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from votaciones import services

    User = get_user_model()
    password = make_password(None)
    users = User.objects.bulk_create(
        [User(email=f"votante{n}@example.org", display_name=f"Votante {n}", password=password) for n in range(count)],
        batch_size=1000,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users], batch_size=1000
    )
    backend = settings.AUTHENTICATION_BACKENDS[0]
    store = SessionStore()
    expires = timezone.now() + datetime.timedelta(days=1)
    sessions, voters = [], []
    ids = [p.pk for p in services.box_proposals(box)]
    rng = random.Random(seed)
    for user in users:
        key = secrets.token_hex(16)
        data = {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: backend, HASH_SESSION_KEY: user.get_session_auth_hash()}
        sessions.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        voters.append((user.pk, key, sorted(rng.sample(ids, rng.randint(1, min(4, len(ids)))))))
    Session.objects.bulk_create(sessions, batch_size=1000)
    remember_sessions(sessions, expires)
    return voters


def remember_sessions(sessions, expires):
    """Put the sessions in the cache too when the session engine reads them from there, as the
    engine's own `save()` does when a person signs in (cached_db in production with Redis): the
    voters have just signed in, so their first request finds the session in the cache."""
    from importlib import import_module

    from django.conf import settings
    from django.core.cache import caches
    from django.utils import timezone

    engine = import_module(settings.SESSION_ENGINE).SessionStore
    prefix = getattr(engine, "cache_key_prefix", None)
    if prefix is None:
        return
    store = engine()
    timeout = int((expires - timezone.now()).total_seconds())
    caches[settings.SESSION_CACHE_ALIAS].set_many(
        {prefix + session.session_key: store.decode(session.session_data) for session in sessions}, timeout
    )


# --- The server --------------------------------------------------------------------------------------


def start_server(args, environment, port, log_path, workers):
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "portal.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        args.worker_class,
        "--timeout",
        "60",
        "--backlog",
        "2048",
        "--keep-alive",
        "5",
    ]
    if args.worker_class == "gthread":
        command += ["--threads", str(args.threads)]
    log = open(log_path, "wb")  # noqa: SIM115 - closed by stop_server
    process = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    process.log = log
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn terminó al arrancar:\n" + Path(log_path).read_text()[-3000:])
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/robots.txt", headers=proxy_headers(port))
            if connection.getresponse().status == 200:
                connection.close()
                return process
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn no respondió en 60 s:\n" + Path(log_path).read_text()[-3000:])


def stop_server(process):
    if process is None:
        return
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    process.log.close()


# --- The clients ---------------------------------------------------------------------------------
#
# The clients run on the same two cores as the server, so they are kept light: one event loop
# in this process (uvloop when installed, as requirements-dev.txt does: a third less client CPU
# than asyncio's own), HTTP/1.1 written and read by hand (request line, headers, Content-Length
# body), a keep-alive connection per client reused while the server keeps it open (gthread) and
# opened again when the server closes it after each response (sync workers). A client closes its
# side as soon as it has read a response that ends the connection, as a proxy does: gunicorn's
# sync worker waits for that before it takes the next connection.


def proxy_headers(port):
    return {"Host": f"{HOST}:{port}", "X-Forwarded-Proto": "https", "User-Agent": "participa-voting-load"}


class Response:
    def __init__(self, status, headers, content):
        self.status = status
        self.headers = headers  # [(lower-case name, value)]
        self.content = content

    def getheader(self, name, default=None):
        name = name.lower()
        return next((value for key, value in self.headers if key == name), default)

    def cookies(self):
        for key, value in self.headers:
            if key == "set-cookie":
                for name, morsel in SimpleCookie(value).items():
                    yield name, morsel.value


class Client:
    """One client: a connection (reopened when the server closes it) and the cookies of one voter."""

    def __init__(self, port):
        self.port = port
        self.base_headers = "".join(f"{k}: {v}\r\n" for k, v in proxy_headers(port).items())
        self.cookies = {}
        self.reader = self.writer = None

    async def request(self, method, path, body=b"", headers=None):
        lines = [f"{method} {path} HTTP/1.1\r\n", self.base_headers]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()) + "\r\n")
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}\r\n")
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}\r\n")
        data = ("".join(lines) + "\r\n").encode("latin-1") + body
        for attempt in range(2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
            try:
                self.writer.write(data)
                response = await self._read()
                break
            except (ConnectionError, asyncio.IncompleteReadError):
                # A keep-alive connection the server had just closed: reopen once.
                self.close()
                if attempt:
                    raise
        for name, value in response.cookies():
            self.cookies[name] = value
        if (response.getheader("connection") or "").lower() == "close":
            self.close()
        return response

    async def _read(self):
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head[:-4].decode("latin-1").split("\r\n")
        headers = []
        for line in header_lines:
            name, _sep, value = line.partition(":")
            headers.append((name.strip().lower(), value.strip()))
        response = Response(int(status_line.split(" ", 2)[1]), headers, b"")
        length = response.getheader("content-length")
        if length is not None:
            response.content = await self.reader.readexactly(int(length))
        elif (response.getheader("connection") or "").lower() == "close":
            response.content = await self.reader.read()
        return response

    def close(self):
        if self.writer is not None:
            # Send the FIN now, as a proxy does once it has the whole response: writer.close()
            # alone closes the socket on a later turn of the event loop, and gunicorn's sync
            # worker waits for the client's FIN before it takes the next connection.
            try:
                if self.writer.can_write_eof():
                    self.writer.write_eof()
            except OSError:
                pass
            self.writer.close()
        self.reader = self.writer = None


def warm_up(ports, session_key, page_path, times):
    """Load the ballot page and /robots.txt `times` times on each server (imports, templates, connections)."""

    async def work(client):
        client.cookies = {"sessionid": session_key}
        for _ in range(times):
            await client.request("GET", page_path)
            await client.request("GET", "/robots.txt")

    _seconds, failures = in_tasks(len(ports), ports, work)
    if failures:
        raise RuntimeError(f"El calentamiento falló: {failures[0]}")


def in_tasks(count, ports, work):
    """Run `await work(client)` in `count` concurrent tasks, each with its own client, the
    clients spread over the servers' `ports` in turn.

    Returns (wall seconds, exceptions raised by a task)."""
    failures = []

    async def run(client):
        try:
            await work(client)
        except Exception as error:  # noqa: BLE001 - reported by the caller
            failures.append(repr(error))
        finally:
            client.close()

    async def main():
        clients = [Client(ports[index % len(ports)]) for index in range(count)]
        started = time.perf_counter()
        await asyncio.gather(*(run(client) for client in clients))
        return time.perf_counter() - started

    try:
        import uvloop  # requirements-dev.txt: the clients' event loop in C, half their CPU
    except ImportError:
        return asyncio.run(main()), failures
    return uvloop.run(main()), failures


def baseline(ports, clients, total, server_groups):
    """Requests per second and latencies of /robots.txt with `clients` concurrent connections."""
    remaining = [total]
    latencies, errors = [], []

    async def work(client):
        while remaining[0] > 0:
            remaining[0] -= 1
            started = time.perf_counter()
            try:
                response = await client.request("GET", "/robots.txt")
                ok = response.status == 200
            except OSError as error:
                ok, response = False, error
            latencies.append((time.perf_counter() - started) * 1000)
            if not ok:
                errors.append(f"robots.txt: {getattr(response, 'status', response)}")

    cpu_before, client_cpu = cpu_seconds(server_groups), time.process_time()
    seconds, failures = in_tasks(clients, ports, work)
    cpu_after = cpu_seconds(server_groups)
    return {
        "seconds": seconds,
        "rps": total / seconds,
        "latencies": latencies,
        "errors": errors + failures,
        "cpu": {key: cpu_after[key] - cpu_before[key] for key in cpu_after},
        "client_cpu": time.process_time() - client_cpu,
    }


def vote(ports, clients, box_id, voters, server_groups):
    """Every voter loads the ballot page and casts their ballot, `clients` at a time."""
    pending = list(reversed(voters))
    page_path = f"/votar/urna/{box_id}/"
    receipt_path = f"/votar/urna/{box_id}/recibo/"
    pages, casts, errors, cast_ok = [], [], [], []

    async def work(client):
        origin = f"https://{HOST}:{client.port}"
        post_headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": origin + page_path,
        }
        while pending:
            _user_id, session_key, choice_ids = pending.pop()
            # The session cookie and the CSRF cookie that signing in left in the voter's browser
            # (Django rotates the CSRF secret at sign-in): 32 letters and digits.
            client.cookies = {"sessionid": session_key, "csrftoken": secrets.token_hex(16)}
            started = time.perf_counter()
            try:
                response = await client.request("GET", page_path)
            except OSError as error:
                errors.append(f"GET: {error!r}")
                continue
            loaded = time.perf_counter()
            token = CSRF_FIELD.search(response.content.decode("utf-8", "replace"))
            if response.status != 200 or not token:
                errors.append(f"GET {response.status}: {'sin token CSRF' if not token else response.content[:200]!r}")
                continue
            fields = [("csrfmiddlewaretoken", token.group(1))]
            fields += [("choice", str(pid)) for pid in choice_ids] + [("step", "confirm")]
            body = urllib.parse.urlencode(fields).encode()
            cast_started = time.perf_counter()
            try:
                response = await client.request("POST", page_path, body=body, headers=post_headers)
            except OSError as error:
                errors.append(f"POST: {error!r}")
                continue
            finished = time.perf_counter()
            location = urllib.parse.urlsplit(response.getheader("Location", "")).path
            pages.append((loaded - started) * 1000)
            casts.append((finished - cast_started) * 1000)
            if response.status == 302 and location == receipt_path:
                cast_ok.append(session_key)
            else:
                errors.append(f"POST {response.status} → {location or response.content[:300]!r}")

    cpu_before, client_cpu = cpu_seconds(server_groups), time.process_time()
    seconds, failures = in_tasks(clients, ports, work)
    cpu_after = cpu_seconds(server_groups)
    return {
        "seconds": seconds,
        "pages": pages,
        "casts": casts,
        "errors": errors + failures,
        "cast": len(cast_ok),
        "cpu": {key: cpu_after[key] - cpu_before[key] for key in cpu_after},
        "client_cpu": time.process_time() - client_cpu,
    }


# --- Checks and query counts ---------------------------------------------------------------------------


def check_database(box, voters):
    """Ballots counted in the database against what each voter sent: lost, doubled, altered."""
    from collections import defaultdict

    from votaciones.models import Ballot, BallotChoice

    sent = {user_id: set(choice_ids) for user_id, _key, choice_ids in voters}
    ballots = list(Ballot.objects.filter(box=box).values_list("pk", "voter_id", "changes"))
    stored = defaultdict(set)
    for voter_id, proposal_id in BallotChoice.objects.filter(ballot__box=box).values_list(
        "ballot__voter_id", "proposal_id"
    ):
        stored[voter_id].add(proposal_id)
    by_voter = defaultdict(int)
    for _pk, voter_id, _changes in ballots:
        by_voter[voter_id] += 1
    return {
        "counted": len(ballots),
        "lost": sum(1 for user_id in sent if by_voter.get(user_id, 0) == 0),
        "twice": sum(1 for n in by_voter.values() if n > 1) + sum(1 for _pk, _v, changes in ballots if changes),
        "altered": sum(1 for user_id, choices in sent.items() if user_id in stored and stored[user_id] != choices),
        "choices": sum(len(choices) for choices in stored.values()),
        "choices_sent": sum(len(choices) for choices in sent.values()),
    }


def count_queries(box, profile=False):
    """Queries of the ballot page (GET) and of the cast (POST) for one more voter, in-process."""
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    from tests.portal.factories import UserFactory
    from votaciones import services
    from votaciones.models import Ballot

    voter = UserFactory(email="perfil@example.org")
    client = DjangoClient()
    client.force_login(voter)
    url = f"/votar/urna/{box.pk}/"
    choice = services.box_proposals(box).first().pk
    with CaptureQueriesContext(connection) as page:
        page_status = client.get(url, secure=True).status_code
    with CaptureQueriesContext(connection) as cast:
        cast_status = client.post(url, {"choice": [choice], "step": "confirm"}, secure=True).status_code
    assert page_status == 200 and cast_status == 302, (page_status, cast_status)
    Ballot.objects.filter(voter=voter).delete()
    if profile:
        for name, captured in (("GET papeleta", page), ("POST voto", cast)):
            print(f"\nConsultas de {name}:")
            for number, query in enumerate(captured.captured_queries, 1):
                print(f"  {number:2d}. {query['sql'][:220]}")
    return len(page.captured_queries), len(cast.captured_queries)


def delete_cache_keys(redis_url, prefix):
    if not redis_url:
        return
    import redis

    client = redis.Redis.from_url(redis_url, socket_connect_timeout=2)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


# --- Report -----------------------------------------------------------------------------------------


def report(args, base, run, check, queries):
    ballots_per_second = run["cast"] / run["seconds"]
    requests_per_second = (len(run["pages"]) + len(run["casts"])) / run["seconds"]
    cast_p95 = percentile(run["casts"], 0.95)

    def line(label, values):
        return (
            f"{label}: p50 {percentile(values, 0.5):.0f} ms · p95 {percentile(values, 0.95):.0f} ms · "
            f"p99 {percentile(values, 0.99):.0f} ms · máx {max(values, default=float('nan')):.0f} ms"
        )

    print()
    print(
        f"Servidor: {args.instances} × gunicorn {args.worker_class}, {args.workers} workers en total"
        + (f" × {args.threads} hilos" if args.worker_class == "gthread" else "")
        + f", PostgreSQL ({'pool de Django' if args.connections == 'pool' else 'conexión persistente'}, "
        + f"{'sin preparar' if args.no_prepare else 'enlace en el servidor y sentencias preparadas por psycopg'}), "
        + f"caché {'Redis' if args.redis_url else 'memoria local'}; "
        f"{args.voters} votantes, {args.clients} clientes, {args.projects} proyectos en el tarjetón."
    )
    print(
        f"Línea base /robots.txt: {base['rps']:.0f} peticiones/s "
        f"({len(base['latencies'])} en {base['seconds']:.1f} s), "
        f"p50 {percentile(base['latencies'], 0.5):.0f} ms · p95 {percentile(base['latencies'], 0.95):.0f} ms, "
        f"errores {len(base['errors'])}; CPU por petición: gunicorn {base['cpu']['server'] * 1000 / args.baseline:.2f} ms, "
        f"clientes {base['client_cpu'] * 1000 / args.baseline:.2f} ms"
    )
    print(
        f"Votación: {run['cast']} papeletas en {run['seconds']:.1f} s = {ballots_per_second:.0f} papeletas/s "
        f"({requests_per_second:.0f} peticiones/s: página + voto; "
        f"{requests_per_second / base['rps']:.2f} de la línea base)"
    )
    ballots = max(run["cast"], 1)
    cpu = {key: value * 1000 / ballots for key, value in run["cpu"].items()}
    print(
        f"CPU por papeleta (página + voto): gunicorn {cpu['server']:.1f} ms, PostgreSQL {cpu['postgres']:.1f} ms, "
        f"Redis {cpu['redis']:.1f} ms, clientes {run['client_cpu'] * 1000 / ballots:.1f} ms; "
        f"en total {sum(cpu.values()) + run['client_cpu'] * 1000 / ballots:.1f} ms de "
        f"{os.cpu_count() * 1000 * run['seconds'] / ballots:.1f} ms disponibles "
        f"({os.cpu_count()} núcleos × el tiempo de la votación); carga media {run['load'][0]:.1f} → {run['load'][1]:.1f}"
    )
    print(line("Carga de la papeleta (GET)", run["pages"]))
    print(line("Voto (POST)", run["casts"]))
    print(f"Errores: {len(run['errors'])}")
    for message in sorted(set(run["errors"]))[:10]:
        print(f"  - {message[:300]}")
    print(
        f"Base de datos: esperadas {args.voters}, contadas {check['counted']}, perdidas {check['lost']}, "
        f"contadas dos veces {check['twice']}, alteradas {check['altered']}; "
        f"elecciones guardadas {check['choices']} de {check['choices_sent']} enviadas"
    )
    print(f"Consultas: página de la papeleta {queries[0]}, voto {queries[1]}")

    targets = [
        (f"≥ {TARGET_BALLOTS_PER_SECOND:.0f} papeletas/s", ballots_per_second >= TARGET_BALLOTS_PER_SECOND),
        (f"p95 del voto < {TARGET_CAST_P95_MS:.0f} ms", cast_p95 < TARGET_CAST_P95_MS),
        ("ningún error", not run["errors"] and not base["errors"]),
        ("nada perdido", check["counted"] == args.voters and check["lost"] == 0 and not check["altered"]),
        ("nada contado dos veces", check["twice"] == 0 and check["choices"] == check["choices_sent"]),
    ]
    print()
    for label, ok in targets:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    return all(ok for _label, ok in targets)


def main():
    args = parse_args()
    directory = Path(tempfile.mkdtemp(prefix="participa-voting-load-"))
    prefix = f"participa-voting-load-{os.getpid()}"
    servers = []
    created = False
    try:
        print(f"Creando la base de datos {args.database} (migrate + collectstatic)…", flush=True)
        create_database(args)
        created = True
        environment = server_environment(args, directory, prefix)
        setup_django(environment, directory)
        box = make_ballot(args.projects)
        print(f"Creando {args.voters} votantes con su sesión…", flush=True)
        voters = make_voters(args.voters, box)
        from django.db import connections

        connections.close_all()

        ports = [args.port] if args.port else [free_port() for _ in range(args.instances)]
        shares = [args.workers // args.instances + (index < args.workers % args.instances) for index in range(args.instances)]
        for index, (port, workers) in enumerate(zip(ports, shares)):
            print(f"Arrancando gunicorn en {HOST}:{port} ({workers} workers)…", flush=True)
            servers.append(start_server(args, environment, port, directory / f"gunicorn-{index}.log", workers))
        groups = {server.pid for server in servers}
        # Warm every worker up (imports, templates, connections) without casting anything.
        warm_up(ports, voters[0][1], f"/votar/urna/{box.pk}/", 10 * args.workers)

        print(f"Línea base: {args.baseline} peticiones de /robots.txt con {args.clients} clientes…", flush=True)
        base = baseline(ports, args.clients, args.baseline, groups)
        print(f"Votación: {args.voters} votantes con {args.clients} clientes…", flush=True)
        load_before = os.getloadavg()[0]
        run = vote(ports, args.clients, box.pk, voters, groups)
        run["load"] = (load_before, os.getloadavg()[0])

        check = check_database(box, voters)
        queries = count_queries(box, profile=args.profile)
        ok = report(args, base, run, check, queries)
        if not ok and (run["errors"] or base["errors"]):
            for path in sorted(directory.glob("gunicorn-*.log")):
                log = path.read_text(errors="replace")
                print(f"\nÚltimas líneas de {path.name}:\n" + log[-3000:])
        return 0 if ok else 1
    finally:
        for server in servers:
            stop_server(server)
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if created:
            drop_database(args)
        try:
            delete_cache_keys(args.redis_url, prefix)
        except Exception as error:  # noqa: BLE001 - cleaning up: report and go on
            print(f"No se pudieron borrar las claves de caché: {error!r}")
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
