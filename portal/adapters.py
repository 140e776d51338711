"""allauth adapter: emails leave through the task queue, not inside the request."""

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils.encoding import force_str

from .tasks import send_email


def institution_name(request=None):
    """The institution's name from the CMS settings (used to sign emails)."""
    from wagtail.models import Site

    from .models import SiteSettings

    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return SiteSettings.for_site(site).institution_name
    return settings.WAGTAIL_SITE_NAME


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject):
        prefix = account_settings.EMAIL_SUBJECT_PREFIX
        if prefix is None:
            prefix = f"[{institution_name(allauth_context.request)}] "
        return prefix + force_str(subject)

    def send_mail(self, template_prefix, email, context):
        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "site_name": institution_name(request),
        }
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        html = None
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        send_email.enqueue(
            subject=message.subject,
            body=message.body,
            to=list(message.to),
            from_email=message.from_email,
            html=html,
            reply_to=list(message.reply_to),
        )
