"""Checks of uploaded images and PDFs by their content, size and pixel count (never the name)."""

import re
import warnings
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

#: Formats Pillow recognises that browsers show.
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def _too_big(upload, limit):
    return ValidationError(
        _("«%(name)s» pesa %(size)s; el máximo es %(limit)s.")
        % {"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        code="too_big",
    )


def check_image(upload):
    """Refuse anything that is not a JPEG, PNG, WebP or GIF image within the size and pixel limits.

    The pixel count is read from the header before any decoding, so a decompression bomb is
    refused without being expanded; `verify()` then checks the file is not truncated or corrupt.
    Returns the format's usual extension.
    """
    if upload.size > settings.PROPOSAL_IMAGE_MAX_BYTES:
        raise _too_big(upload, settings.PROPOSAL_IMAGE_MAX_BYTES)
    not_an_image = ValidationError(
        _("«%(name)s» no es una imagen válida (JPEG, PNG, WebP o GIF) o está dañada.") % {"name": upload.name},
        code="invalid_image",
    )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
                if width * height > settings.PROPOSAL_IMAGE_MAX_PIXELS:
                    raise ValidationError(
                        _("«%(name)s» tiene %(pixels)s megapíxeles; el máximo es %(limit)s.")
                        % {
                            "name": upload.name,
                            "pixels": round(width * height / 1_000_000, 1),
                            "limit": settings.PROPOSAL_IMAGE_MAX_PIXELS // 1_000_000,
                        },
                        code="too_many_pixels",
                    )
                image.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()  # decodes fully: a truncated or corrupt body fails here
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("«%(name)s» declara un tamaño de imagen excesivo y se rechazó.") % {"name": upload.name},
            code="decompression_bomb",
        )
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise not_an_image
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise not_an_image
    return IMAGE_FORMATS[image_format]


def check_pdf(upload):
    """Refuse anything that is not a PDF (by its signature and end marker) or is over the limit."""
    if upload.size > settings.PROPOSAL_DOCUMENT_MAX_BYTES:
        raise _too_big(upload, settings.PROPOSAL_DOCUMENT_MAX_BYTES)
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(max(0, upload.size - 2048))
    tail = upload.read()
    upload.seek(0)
    if not head.lstrip(b"\xef\xbb\xbf\r\n\t ").startswith(b"%PDF-") or b"%%EOF" not in tail:
        raise ValidationError(
            _("«%(name)s» no es un documento PDF válido.") % {"name": upload.name}, code="invalid_pdf"
        )
    data = upload.read()
    upload.seek(0)
    if pdf_active_content(data):
        raise ValidationError(
            _(
                "«%(name)s» contiene JavaScript o acciones automáticas, que no se admiten. Guárdelo de "
                "nuevo como PDF sin scripts (por ejemplo, con «Imprimir en PDF») y vuelva a subirlo."
            )
            % {"name": upload.name},
            code="pdf_script",
        )
    return "pdf"


#: PDF names that run something: JavaScript, actions on opening or on events, launching programs.
ACTIVE_NAMES = re.compile(rb"/(JS|JavaScript|OpenAction|AA|Launch)(?=[\s()<>\[\]{}/%]|$)")
#: A name written with #xx escapes ("/J#61vaScript") means the same name.
NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
#: Inflated bytes read from the streams of one PDF at most (a small file can inflate enormously).
MAX_INFLATED = 64 * 1024 * 1024


def _unescape_names(data):
    return NAME_ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), data)


def pdf_active_content(data):
    """The names of active content in a PDF (set of bytes), looked for in the file and inside its
    compressed streams (object streams hide dictionaries there)."""
    found = set(ACTIVE_NAMES.findall(_unescape_names(data)))
    budget = MAX_INFLATED
    for match in STREAM.finditer(data):
        if budget <= 0:
            break
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(match.group(1), budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        found |= set(ACTIVE_NAMES.findall(_unescape_names(inflated)))
    return found
