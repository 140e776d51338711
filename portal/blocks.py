"""StreamField blocks shared by calls and pedagogical pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Texto"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Nivel 2")), ("h3", _("Nivel 3")), ("h4", _("Nivel 4"))],
        default="h2",
        label=_("Nivel"),
    )

    class Meta:
        icon = "title"
        label = _("Encabezado")
        template = "portal/blocks/heading.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Documento"))
    title = blocks.CharBlock(label=_("Título visible"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("Documento")
        template = "portal/blocks/document.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Dirección del video"), max_width=960)
    caption = blocks.CharBlock(label=_("Descripción"), required=False, max_length=300)
    transcript = blocks.TextBlock(label=_("Transcripción"), required=False)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "portal/blocks/video.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Pregunta"), max_length=300)
    answer = blocks.RichTextBlock(label=_("Respuesta"), features=RICH_TEXT_FEATURES)


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Título"), required=False, max_length=200)
    questions = blocks.ListBlock(QuestionBlock(), label=_("Preguntas"))

    class Meta:
        icon = "help"
        label = _("Preguntas frecuentes")
        template = "portal/blocks/faq.html"


class CalendarRowBlock(blocks.StructBlock):
    event = blocks.CharBlock(label=_("Evento"), max_length=200)
    topic = blocks.CharBlock(label=_("Tema"), required=False, max_length=300)
    date = blocks.DateBlock(label=_("Fecha"))
    place = blocks.CharBlock(label=_("Lugar"), required=False, max_length=200)


class CalendarTableBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Título"), required=False, max_length=200)
    rows = blocks.ListBlock(CalendarRowBlock(), label=_("Filas"))

    class Meta:
        icon = "date"
        label = _("Tabla de calendario")
        template = "portal/blocks/calendar_table.html"


class FigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Cifra"), max_length=40)
    label = blocks.CharBlock(label=_("Descripción"), max_length=200)
    source = blocks.CharBlock(label=_("Fuente"), required=False, max_length=200)

    class Meta:
        icon = "pick"
        label = _("Cifra")


class ContentStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Texto"), features=RICH_TEXT_FEATURES, icon="pilcrow"
    )
    image = ImageBlock(label=_("Imagen"))
    document = DocumentBlock()
    video = VideoBlock()
    faq = FAQBlock()
    calendar = CalendarTableBlock()
    quote = blocks.BlockQuoteBlock(label=_("Cita"))

    class Meta:
        label = _("Contenido")
