"""Staff screens of the notifications (Wagtail admin → *Mensajes a participantes*).

Staff holding `avisos.send_staffmessage` (editors and superusers) write to the participants of a
call (its followers, the authors and supporters of its proposals; never the voters): a preview
shows the message and how many people will get it; the sending form carries a one-time token, so
a second click or a reloaded page sends nothing more. Every message is logged (who, when, to how
many people).
"""

from django import forms
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages as admin_messages

from convocatorias.models import CallPage
from portal.admin.views import StaffView
from portal.errors import ActionRefused

from .. import services
from ..models import StaffMessage
from ..recipients import MESSAGE_PERMISSION, staff_message_recipients

ADMIN_NS = "avisos_admin"
LOG_SIZE = 50


class MessageForm(forms.Form):
    call = forms.ModelChoiceField(label=gettext_lazy("Convocatoria"), queryset=CallPage.objects.none())
    subject = forms.CharField(label=gettext_lazy("Asunto"), max_length=150)
    body = forms.CharField(label=gettext_lazy("Mensaje"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = CallPage.objects.live().order_by("-first_published_at", "title")


class MessagesView(StaffView):
    permission = MESSAGE_PERMISSION
    section_label = gettext_lazy("Mensajes a participantes")
    section_url_name = f"{ADMIN_NS}:index"
    header_icon = "mail"


class MessageLogView(MessagesView, TemplateView):
    section_index = True
    template_name = "avisos/admin/index.html"
    page_title = gettext_lazy("Mensajes a participantes")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["log"] = list(
            StaffMessage.objects.select_related("call", "author", "event").order_by("-sent_at", "-pk")[:LOG_SIZE]
        )
        return context


class MessageComposeView(MessagesView, FormView):
    """Step 1 (write) → step 2 (preview, with the recipients' count) → sent once."""

    template_name = "avisos/admin/compose.html"
    page_title = gettext_lazy("Nuevo mensaje")
    form_class = MessageForm

    def form_valid(self, form):
        data = form.cleaned_data
        if self.request.POST.get("step") != "send":
            context = self.get_context_data(
                form=MessageForm(initial={**data, "call": data["call"].pk, "token": services.new_message_token()}),
                preview=data,
                recipients=staff_message_recipients(data["call"]).count(),
            )
            return self.render_to_response(context)
        try:
            message, created = services.send_staff_message(
                actor=self.request.user, call=data["call"], subject=data["subject"], body=data["body"], token=data["token"]
            )
        except ActionRefused as refused:
            form.add_error(None, refused.message)
            return self.form_invalid(form)
        if created:
            admin_messages.success(self.request, _("Mensaje enviado: se entregará en segundo plano."))
        else:
            admin_messages.info(self.request, _("Este mensaje ya se había enviado: no se envió de nuevo."))
        return redirect(f"{ADMIN_NS}:index")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


def admin_urlpatterns():
    return [
        path("", MessageLogView.as_view(), name="index"),
        path("nuevo/", MessageComposeView.as_view(), name="compose"),
    ]


def index_url():
    return reverse(f"{ADMIN_NS}:index")



