"""Notifications to 10,000 followers of a call: the request only enqueues, the queue sends in batches.

    .venv/bin/python benchmarks/notifications.py [--followers 10000]

A throwaway SQLite database (migrated, no demo content): one call, `--followers` people who
follow it (synthetic accounts, demonstration data) and an editor. Measures, with django-tasks'
DummyBackend keeping the jobs so they can be timed apart:

- the editor's request that sends a staff message to the call's participants (the admin's
  *Enviar*): its wall time and queries, the jobs it queued (target: one `fan_out`, no email),
  against a baseline request of the same run (the editor's empty notifications page);
- `fan_out` (finds the recipients, queues the batches): time and batches queued;
- every batch (500 people: their notifications in one insert, their emails over one connection,
  locmem backend): total and per-batch time, queries per batch (target: the same in every batch).

Exit status 1 when a target is missed.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--followers", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
        os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import override_settings

        override_settings(
            TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}, ALLOWED_HOSTS=["*"]
        ).enable()
        call_command("migrate", verbosity=0, interactive=False)
        return run(args.followers)


def run(followers):
    from django.contrib.auth import get_user_model
    from django.core import mail
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from avisos.models import Follow, Notification, StaffMessage
    from portal.roles import ensure_roles
    from tests.avisos.queue import queued, run_queued
    from tests.convocatorias.factories import make_call, schedule_around
    from tests.portal.factories import UserFactory

    setup_test_environment()  # locmem emails
    mail.outbox = []
    call = make_call(title="Convocatoria de prueba de carga", phases=schedule_around())
    User = get_user_model()
    people = User.objects.bulk_create(
        [User(email=f"seguidor{n}@example.org", display_name=f"Seguidor {n} (demostración)", password="!") for n in range(followers)],
        batch_size=2000,
    )
    Follow.objects.bulk_create([Follow(user=person, call=call) for person in people], batch_size=2000)
    editor = UserFactory(email="editora@example.org", is_staff=True)
    editors, _evaluators = ensure_roles()
    editor.groups.add(editors)
    client = Client()
    client.force_login(editor)
    client.get(reverse("avisos:inbox"))  # warm

    def timed(method, *a, **kw):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = method(*a, **kw)
            elapsed = time.perf_counter() - start
        return response, elapsed, len(queries)

    baselines = [timed(client.get, reverse("avisos:inbox"))[1] for _ in range(5)]
    baseline = statistics.median(baselines)
    compose = reverse("avisos_admin:compose")
    preview, preview_s, preview_q = timed(client.post, compose, {"call": call.pk, "subject": "Reunión", "body": "El martes"})
    token = preview.context["form"].initial["token"]
    queued().clear()
    response, send_s, send_q = timed(
        client.post, compose, {"call": call.pk, "subject": "Reunión", "body": "El martes", "token": token, "step": "send"}
    )
    jobs = [job.task.name for job in queued()]
    emails_in_request = len(mail.outbox)
    print(f"followers: {followers}")
    print(f"baseline request (notifications page): {baseline * 1000:.1f} ms")
    print(f"preview request: {preview_s * 1000:.1f} ms, {preview_q} queries")
    print(f"send request: {send_s * 1000:.1f} ms ({send_s / baseline:.1f}× baseline), {send_q} queries, "
          f"status {response.status_code}, jobs queued {jobs}, emails sent in the request {emails_in_request}")

    start = time.perf_counter()
    run_queued(name="fan_out")
    fan_out_s = time.perf_counter() - start
    batches = len(queued())
    print(f"fan_out: {fan_out_s * 1000:.1f} ms, {batches} batches queued")

    per_batch, per_batch_queries = [], []
    start = time.perf_counter()
    while queued():
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            run_queued(limit=1)
            per_batch.append(time.perf_counter() - t0)
        per_batch_queries.append(len(queries))
    total_s = time.perf_counter() - start
    print(f"batches: {len(per_batch)} in {total_s:.2f} s (median {statistics.median(per_batch) * 1000:.0f} ms, "
          f"max {max(per_batch) * 1000:.0f} ms per batch of 500); queries per batch: {sorted(set(per_batch_queries))}")
    print(f"notifications: {Notification.objects.count()}, emails: {len(mail.outbox)}, "
          f"logged recipients: {StaffMessage.objects.get().recipients_count}")
    ok = (
        jobs == ["fan_out"]
        and emails_in_request == 0
        and batches == -(-followers // 500)
        and len(set(per_batch_queries)) == 1
        and len(mail.outbox) == followers
    )
    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
