"""Run the task queue by hand in tests and benchmarks (django-tasks' DummyBackend keeps the jobs)."""

from django_tasks import task_backends


def queued():
    return task_backends["default"].results


def run_queued(*, name=None, limit=None):
    """Run the kept jobs (those queued while running too), in order; returns the names run."""
    backend = task_backends["default"]
    done = []
    while backend.results and (limit is None or len(done) < limit):
        index = 0
        if name is not None:
            index = next((i for i, r in enumerate(backend.results) if r.task.name == name), None)
            if index is None:
                break
        result = backend.results.pop(index)
        result.task.call(*result.args, **result.kwargs)
        done.append(result.task.name)
    return done


DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
