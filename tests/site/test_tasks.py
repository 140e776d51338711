"""Work that must not hold up a request goes through the one task queue (django-tasks)."""

import pytest
from django.core import mail
from django.test import override_settings
from django_tasks.signals import task_enqueued

from portal.tasks import send_email
from tests.convocatorias.factories import make_call, schedule_around
from tests.site.redis_support import TEST_REDIS_URL, needs_redis


@pytest.fixture
def enqueued():
    seen = []

    def record(sender, task_result, **kwargs):
        seen.append(task_result.task.name)

    task_enqueued.connect(record)
    yield seen
    task_enqueued.disconnect(record)


@pytest.mark.django_db
def test_account_emails_are_sent_through_the_task_queue(client, site, enqueued, password):
    response = client.post(
        "/cuentas/signup/", {"email": "nueva@example.org", "password1": password, "password2": password}
    )
    assert response.status_code == 302
    assert "send_email" in enqueued
    assert mail.outbox and mail.outbox[0].to == ["nueva@example.org"]


@pytest.mark.django_db
def test_search_indexing_goes_through_the_task_queue(site, enqueued):
    make_call(title="Indexada", phases=schedule_around())
    assert "insert_or_update_object_task" in enqueued




@needs_redis
def test_rq_workers_run_queued_tasks_from_redis():
    """With TASKS_BACKEND=rq, a job waits in Redis until a worker (any machine) runs it."""
    import django_rq
    from rq import SimpleWorker

    from django_tasks_rq import Job

    queues = {"default": {"URL": TEST_REDIS_URL}}
    tasks = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    }
    original_queues = django_rq.settings.QUEUES
    with override_settings(TASKS=tasks, RQ_QUEUES=queues):
        django_rq.settings.QUEUES = queues
        queue = django_rq.get_queue("default", job_class=Job)
        queue.empty()
        try:
            result = send_email.using(backend="rq").enqueue(
                subject="Prueba", body="Hola", to=["cola@example.org"]
            )
            assert queue.count == 1
            assert mail.outbox == []  # nothing ran inside the request
            worker = SimpleWorker([queue], connection=queue.connection, job_class=Job)
            worker.work(burst=True)
            assert [m.to for m in mail.outbox] == [["cola@example.org"]]
            result.refresh()
            assert result.status == "SUCCESSFUL"
        finally:
            queue.empty()
            django_rq.settings.QUEUES = original_queues
