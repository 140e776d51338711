"""Background work, through the one task queue (django-tasks; see settings.TASKS)."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(*, subject, body, to, from_email=None, html=None, reply_to=None):
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=from_email, to=to, reply_to=reply_to or None
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
