"""Spanish text analysis of proposals: the search document the project bank searches (both backends).

The chain is the one of the Elasticsearch index's analyzer (see `banco.search.elastic.ANALYZER`):

    lowercase → asciifolding (strip accents) → Spanish stop words → Snowball Spanish stemmer

so "Bicicletas" → "biciclet", "vía" and "Vía" → "via". The database backend stores the analysed
tokens of a proposal in `Proposal.search_document` and analyses the query the same way; the
Elasticsearch index is given the same stop-word list, so both backends match the same words.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import mark_safe

#: Spanish stop words (the Snowball list), already without accents: they are removed after folding.
SPANISH_STOP_WORDS = tuple(
    sorted(
        set(
            """
            de la que el en y a los del se las por un para con no una su al lo como mas pero sus le ya o
            este si porque esta entre cuando muy sin sobre tambien me hasta hay donde quien desde todo nos
            durante todos uno les ni contra otros ese eso ante ellos e esto mi antes algunos unos yo otro
            otras otra tanto esa estos mucho quienes nada muchos cual poco ella estar estas algunas algo
            nosotros mis tu te ti tus ellas nosotras vosotros vosotras os mio mia mios mias tuyo tuya tuyos
            tuyas suyo suya suyos suyas nuestro nuestra nuestros nuestras vuestro vuestra vuestros vuestras
            esos esas estoy estas esta estamos estais estan este estes estemos esteis esten estare estaras
            estara estaremos estareis estaran estaria estarias estariamos estariais estarian estaba estabas
            estabamos estabais estaban estuve estuviste estuvo estuvimos estuvisteis estuvieron estuviera
            estuvieras estuvieramos estuvierais estuvieran estuviese estuvieses estuviesemos estuvieseis
            estuviesen estando estado estada estados estadas estad he has ha hemos habeis han haya hayas
            hayamos hayais hayan habre habras habra habremos habreis habran habria habrias habriamos
            habriais habrian habia habias habiamos habiais habian hube hubiste hubo hubimos hubisteis
            hubieron hubiera hubieras hubieramos hubierais hubieran hubiese hubieses hubiesemos hubieseis
            hubiesen habiendo habido habida habidos habidas soy eres es somos sois son sea seas seamos
            seais sean sere seras sera seremos sereis seran seria serias seriamos seriais serian era eras
            eramos erais eran fui fuiste fue fuimos fuisteis fueron fuera fueras fueramos fuerais fueran
            fuese fueses fuesemos fueseis fuesen siendo sido tengo tienes tiene tenemos teneis tienen tenga
            tengas tengamos tengais tengan tendre tendras tendra tendremos tendreis tendran tendria
            tendrias tendriamos tendriais tendrian tenia tenias teniamos teniais tenian tuve tuviste tuvo
            tuvimos tuvisteis tuvieron tuviera tuvieras tuvieramos tuvierais tuvieran tuviese tuvieses
            tuviesemos tuvieseis tuviesen teniendo tenido tenida tenidos tenidas tened
            """.split()
        )
    )
)
_STOP = frozenset(SPANISH_STOP_WORDS)

# Letters and digits (Unicode): what the standard tokenizer keeps, near enough for Spanish text.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("spanish")


def fold(text):
    """Lowercase and strip accents: "Vía Ñuñoa" → "via nunoa"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=200_000)
def stem(word):
    """The Snowball Spanish stem of an already folded word (memoized: the stemmer is slow)."""
    return _stemmer.stemWord(word)


def words(text):
    """The folded words of `text`, stop words included, in order."""
    return _WORD.findall(fold(text or ""))


def analyze(text):
    """The stems of `text`, in order, without stop words: what is indexed and what is searched."""
    return [stem(word) for word in words(text) if word not in _STOP]


def query_terms(text):
    """The distinct stems of a query, in order of appearance (every one must match: AND)."""
    seen = []
    for term in analyze(text):
        if term not in seen:
            seen.append(term)
    return seen


def document(*parts):
    """The pre-analysed search document of a proposal: its stems separated by spaces."""
    return " ".join(term for part in parts for term in analyze(part))


def highlight(text, terms):
    """`text` as safe HTML with the words whose stem is in `terms` wrapped in <mark>.

    The text is escaped piece by piece (never trusted), so a title with markup stays text.
    """
    text = text or ""
    terms = set(terms)
    if not terms:
        return mark_safe(escape(text))
    pieces, position = [], 0
    for match in _WORD.finditer(text):
        folded = fold(match.group())
        if folded in _STOP or stem(folded) not in terms:
            continue
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))
