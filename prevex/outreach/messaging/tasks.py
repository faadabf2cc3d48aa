"""The worker's tasks (django-tasks; `manage.py db_worker` runs them). Retries are not the framework's (it has
none): a temporary failure queues the message again with its backoff (`services._after_temporary_error`)."""

from django_tasks import task

from prevex.outreach.messaging import services


@task()
def send_message(message_id: int) -> str:
    return services.send_one(message_id)


@task()
def send_messages(message_ids: list[int]) -> dict[str, int]:
    """Messages queued together (the letters of the day, `messages_dispatch`), sent by one task."""
    return services.send_batch(message_ids)
