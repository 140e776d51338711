"""Demo content for `manage.py seed_demo`, taken from the seed documents (IMPLAN Torreón and
Medellín's Departamento Administrativo de Planeación).

Pure data plus a few helpers: the command in `demo/management/commands/seed_demo.py` writes it
to the database idempotently. StreamField content is given in Wagtail's raw JSON form
(``{"type": ..., "value": ...}``) so that it can be compared with what is stored.

Facts (figures, dates, names, norms) come from the seeds; connecting phrases are neutral. The
rules, amounts and dates of the two *open* calls are illustrative and the pages say so.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from portal.roles import EDITORS as EDITORS_GROUP  # noqa: F401 (used by the command)
from portal.roles import EVALUATORS as EVALUATORS_GROUP  # noqa: F401
from portal.roles import MODERATORS as MODERATORS_GROUP  # noqa: F401
from portal.roles import COORDINATORS as COORDINATORS_GROUP  # noqa: F401

TORREON_TZ = ZoneInfo("America/Monterrey")

DEMO_PASSWORD = "participa-demo-2026"

#: Real total of Medellín's participatory budget ceilings (seed 004), in whole pesos.
MEDELLIN_PP_TOTAL = 251_265_148_208


# --- raw StreamField helpers ------------------------------------------------------------------


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def bullet_list(items, *, intro=None, ordered=False):
    tag = "ol" if ordered else "ul"
    html = "".join(f"<li>{item}</li>" for item in items)
    prefix = f"<p>{intro}</p>" if intro else ""
    return paragraph(f"{prefix}<{tag}>{html}</{tag}>")


def faq(title, pairs):
    return {
        "type": "faq",
        "value": {
            "title": title,
            "questions": [{"question": q, "answer": a} for q, a in pairs],
        },
    }


def calendar(title, rows):
    return {
        "type": "calendar",
        "value": {
            "title": title,
            "rows": [
                {"event": event, "topic": topic, "date": date.isoformat(), "place": place}
                for event, topic, date, place in rows
            ],
        },
    }


# --- themes -----------------------------------------------------------------------------------

#: The six thematic tables of the Plan Estratégico Metropolitano (seed 003), then the themes the
#: pedagogical content and the Medellín call need. (slug, name, description)
THEMES = [
    (
        "sustentabilidad",
        "Sustentabilidad",
        "Medio ambiente, infraestructura verde y aprovechamiento sustentable del territorio.",
    ),
    (
        "entorno-urbano",
        "Entorno urbano",
        "Desarrollo urbano, espacio público, vivienda y centro histórico.",
    ),
    (
        "movilidad-y-transporte",
        "Movilidad y transporte",
        "Transporte público, movilidad activa (no motorizada) y seguridad vial.",
    ),
    (
        "buen-gobierno",
        "Buen gobierno y coordinación metropolitana",
        "Gestión pública, evaluación de resultados y coordinación entre los municipios de la "
        "zona metropolitana.",
    ),
    (
        "desarrollo-social",
        "Desarrollo social",
        "Bienestar, inclusión y participación de las comunidades.",
    ),
    (
        "competitividad-economica",
        "Competitividad económica",
        "Desarrollo económico, industria, empleo y vinculación entre academia y empresas.",
    ),
    (
        "proyectos-de-inversion",
        "Proyectos de inversión",
        "Formulación, evaluación, priorización y seguimiento de proyectos de inversión pública "
        "(BMPI y SESP).",
    ),
    (
        "planeacion-local",
        "Planeación del desarrollo local",
        "Planes de desarrollo local de comunas y corregimientos, y la pedagogía para participar "
        "en ellos.",
    ),
    (
        "presupuesto-participativo",
        "Presupuesto participativo",
        "Recursos públicos cuya inversión prioriza la comunidad de cada territorio.",
    ),
]
#: The six mesas temáticas of the Plan Estratégico Metropolitano.
PEM_THEMES = [slug for slug, _, _ in THEMES[:6]]


# --- territories ------------------------------------------------------------------------------

MEDELLIN_COMUNAS = [
    ("01", "Popular"),
    ("02", "Santa Cruz"),
    ("03", "Manrique"),
    ("04", "Aranjuez"),
    ("05", "Castilla"),
    ("06", "Doce de Octubre"),
    ("07", "Robledo"),
    ("08", "Villa Hermosa"),
    ("09", "Buenos Aires"),
    ("10", "La Candelaria"),
    ("11", "Laureles-Estadio"),
    ("12", "La América"),
    ("13", "San Javier"),
    ("14", "El Poblado"),
    ("15", "Guayabal"),
    ("16", "Belén"),
]
MEDELLIN_CORREGIMIENTOS = [
    ("50", "San Sebastián de Palmitas"),
    ("60", "San Cristóbal"),
    ("70", "Altavista"),
    ("80", "San Antonio de Prado"),
    ("90", "Santa Elena"),
]
#: First stage of the «Indicadores Básicos por Colonia» (seed 002).
TORREON_COLONIAS = [
    "Centro Histórico / Primitivo Centro",
    "Primera de Cobián",
    "Moderna",
    "Torreón Viejo",
    "Torreón Jardín",
]

#: The four main municipalities of the Zona Metropolitana de La Laguna (seed 003: «talleres por
#: municipio» of the Plan Estratégico Metropolitano), the territories of the PEM call.
ZML_MUNICIPALITIES = ["Torreón", "Gómez Palacio", "Lerdo", "Matamoros"]

#: (municipality, kind, code, name) of every demo territory.
TERRITORIES = (
    [("Medellín", "comuna", code, name) for code, name in MEDELLIN_COMUNAS]
    + [("Medellín", "corregimiento", code, name) for code, name in MEDELLIN_CORREGIMIENTOS]
    + [("Torreón", "colonia", "", name) for name in TORREON_COLONIAS]
    + [(name, "municipio", "", name) for name in ZML_MUNICIPALITIES]
)

#: Illustrative weights for splitting the real total among territories: a base of 100 grown by
#: the average increase of the last five years (seed 004): 50 % for comunas, 85 % for
#: corregimientos.
COMUNA_WEIGHT = 150
CORREGIMIENTO_WEIGHT = 185


def medellin_ceilings(total=MEDELLIN_PP_TOTAL):
    """[(kind, code, name, ceiling)] for the 21 territories; the ceilings add up to `total`
    exactly (the remainder of the integer division goes to the last territory)."""
    rows = [("comuna", code, name, COMUNA_WEIGHT) for code, name in MEDELLIN_COMUNAS] + [
        ("corregimiento", code, name, CORREGIMIENTO_WEIGHT)
        for code, name in MEDELLIN_CORREGIMIENTOS
    ]
    weights = sum(weight for *_, weight in rows)
    ceilings = [total * weight // weights for *_, weight in rows]
    ceilings[-1] += total - sum(ceilings)
    return [(kind, code, name, ceiling) for (kind, code, name, _), ceiling in zip(rows, ceilings)]


# --- home page and site settings --------------------------------------------------------------

HOME = {
    "title": "Inicio",
    "slug": "inicio",
    "hero_title": "Planeamos la ciudad entre todas y todos",
    "hero_text": (
        "<p>La <b>planeación participativa</b> reúne los datos, diagnósticos, ideas y proyectos que "
        "la ciudadanía y las organizaciones públicas, privadas y sociales pueden aportar. Aquí "
        "puede presentar proyectos, apoyar las propuestas de su colonia o comuna, votar en el "
        "presupuesto participativo y dar seguimiento a lo que se decide.</p>"
    ),
    "capsules_title": "",
    "figures": [
        {
            "type": "figure",
            "value": {
                "value": "1.302",
                "label": "personas en 76 encuentros pedagógicos (857 mujeres y 445 hombres)",
                "source": "Departamento Administrativo de Planeación – Medellín",
            },
        },
        {
            "type": "figure",
            "value": {
                "value": "800",
                "label": "alumnos de 12 universidades de La Laguna en el ejercicio Laguna Y2040",
                "source": "IMPLAN Torreón – Laguna Y2040",
            },
        },
        {
            "type": "figure",
            "value": {
                "value": "326",
                "label": "estudiantes de 9 universidades ejecutaron 50 acciones de liderazgo",
                "source": "IMPLAN Torreón – Mi Acción de Liderazgo",
            },
        },
        {
            "type": "figure",
            "value": {
                "value": "293",
                "label": "proyectos en tarjetón, de 436 ideas formuladas en 103 talleres",
                "source": "Presupuesto Participativo – Medellín",
            },
        },
    ],
}

SITE_SETTINGS = {
    "institution_name": "IMPLAN Torreón – Instituto Municipal de Planeación y Competitividad",
    "tagline": "Planeación participativa para Torreón y la Zona Metropolitana de La Laguna",
    "contact_email": "contacto@participa.test",
    "contact_phone": "+52 871 000 0000",
    "address": "Centro Histórico\nTorreón, Coahuila de Zaragoza\nMéxico",
    "legal_notice": (
        "<p>Este sitio es una demostración de la plataforma Participa. Los contenidos sobre el "
        "IMPLAN Torreón y el Departamento Administrativo de Planeación de Medellín provienen de "
        "documentos públicos de esas instituciones; las fechas, montos y reglas de las "
        "convocatorias abiertas son ilustrativos. Cada persona es responsable del contenido de "
        "las propuestas y comentarios que publica.</p>"
    ),
    "privacy_notice": (
        "<p>Usamos sus datos personales (correo electrónico, nombre público, territorio de "
        "residencia y, solo si usted lo autoriza, rango de edad y género) únicamente para "
        "administrar su cuenta, registrar su participación en las convocatorias y elaborar "
        "estadísticas agregadas de participación. Su correo electrónico nunca se publica y sus "
        "datos no se transfieren a terceros.</p>"
        "<p>Puede ejercer sus derechos de acceso, rectificación, cancelación u oposición "
        "(derechos ARCO) escribiendo al correo de contacto de este sitio.</p>"
    ),
}

#: Main navigation: (label, English label, page key or None, url).
NAVIGATION = [
    ("Convocatorias", "Calls", "calls", ""),
    ("Banco de proyectos", "Project bank", None, "/banco/"),
    ("Estadísticas", "Statistics", None, "/banco/estadisticas/"),
    ("Aprende", "Learn", "guides", ""),
    ("Buscar", "Search", None, "/buscar/"),
]


# --- cápsulas del saber -----------------------------------------------------------------------

CAPSULES = [
    {
        "slug": "sigla-bmpi",
        "kind": "acronym",
        "title": "BMPI",
        "body": (
            "<p><b>Banco Municipal de Proyectos de Inversión.</b> Instrumento dinámico de gestión "
            "pública del IMPLAN Torreón, orientado a consolidar una cultura municipal de "
            "formulación, planeación, seguimiento y evaluación de programas y proyectos de "
            "inversión.</p>"
        ),
        "themes": ["proyectos-de-inversion", "buen-gobierno"],
        "published_at": dt.date(2025, 9, 1),
    },
    {
        "slug": "sigla-sesp",
        "kind": "acronym",
        "title": "SESP",
        "body": (
            "<p><b>Sistema de Evaluación y Seguimiento de Proyectos.</b> Conjunto articulado de "
            "métodos y herramientas que facilitan la formulación, priorización, evaluación y "
            "seguimiento de los proyectos de inversión.</p>"
        ),
        "themes": ["proyectos-de-inversion"],
        "published_at": dt.date(2025, 9, 8),
    },
    {
        "slug": "sigla-bipl",
        "kind": "acronym",
        "title": "BIPL",
        "body": (
            "<p><b>Banco de Información de Proyectos Locales.</b> Herramienta de registro, "
            "consulta y seguimiento a la gestión de los Planes de Desarrollo Local de Medellín. "
            "Su implementación inició en 2019 con un piloto en la Comuna 8 – Villa Hermosa.</p>"
        ),
        "themes": ["planeacion-local", "proyectos-de-inversion"],
        "published_at": dt.date(2025, 9, 15),
    },
    {
        "slug": "concepto-techo-presupuestal",
        "kind": "concept",
        "title": "Techo presupuestal",
        "body": (
            "<p>Es el recurso disponible para los proyectos de presupuesto participativo de cada "
            "comuna o corregimiento. En Medellín se fijaron los techos presupuestales con un "
            "recurso total de <b>$251.265.148.208</b>.</p>"
        ),
        "themes": ["presupuesto-participativo"],
        "published_at": dt.date(2025, 9, 22),
    },
    {
        "slug": "concepto-memoria-institucional",
        "kind": "concept",
        "title": "Memoria institucional",
        "body": (
            "<p>Resguardar la información de los proyectos a lo largo del tiempo para mejorar la "
            "gestión y la toma de decisiones. Es una de las funciones del BMPI y el propósito de "
            "la gestión del conocimiento en la planeación local.</p>"
        ),
        "themes": ["proyectos-de-inversion", "buen-gobierno"],
        "published_at": dt.date(2025, 9, 29),
    },
    {
        "slug": "norma-decreto-0697-de-2017",
        "kind": "norm",
        "title": "Decreto Reglamentario 0697 de 2017",
        "body": (
            "<p>Define la Ruta de Planeación Local y Presupuesto Participativo de Medellín, que "
            "consta de 4 fases. En la fase 1, <i>planeación participativa</i>, establece la "
            "creación del Banco de Información de Proyectos Locales.</p>"
        ),
        "themes": ["planeacion-local", "presupuesto-participativo"],
        "published_at": dt.date(2025, 10, 6),
    },
    {
        "slug": "norma-acuerdo-028-de-2017",
        "kind": "norm",
        "title": "Acuerdo Municipal 028 de 2017",
        "body": (
            "<p>Junto con los lineamientos del Sistema Municipal de Planeación y el Decreto "
            "Reglamentario 0697 de 2017, es uno de los referentes bajo los cuales el Departamento "
            "Administrativo de Planeación de Medellín direcciona la plataforma de participación "
            "digital <i>Nuestro Desarrollo</i>.</p>"
        ),
        "themes": ["planeacion-local"],
        "published_at": dt.date(2025, 10, 13),
    },
    {
        "slug": "pregunta-que-evalua-el-sesp",
        "kind": "question",
        "title": "¿Qué evalúa el SESP de un proyecto?",
        "body": (
            "<p>Su viabilidad económica, social, ambiental y técnica; su prioridad con base en los "
            "planes de desarrollo vigentes; su desempeño y su impacto. Además, monitorea el estado "
            "de los proyectos.</p>"
        ),
        "themes": ["proyectos-de-inversion", "buen-gobierno"],
        "published_at": dt.date(2025, 10, 20),
    },
    {
        "slug": "pregunta-que-es-un-tarjeton",
        "kind": "question",
        "title": "¿Qué es el tarjetón?",
        "body": (
            "<p>Es la lista de proyectos que la comunidad de cada comuna o corregimiento prioriza. "
            "En Medellín se formularon 436 ideas de proyecto y, tras 103 talleres de socialización "
            "y ajuste, 293 proyectos llegaron a los tarjetones.</p>"
        ),
        "themes": ["presupuesto-participativo", "planeacion-local"],
        "published_at": dt.date(2025, 10, 27),
    },
    {
        "slug": "afirmacion-techo-corregimientos",
        "kind": "statement",
        "title": "El techo de los corregimientos ha crecido más",
        "body": (
            "<p>En los últimos 5 años, en promedio, el techo presupuestal de los corregimientos "
            "de Medellín ha tenido un incremento del 85 %, mientras que el de las comunas se ha "
            "incrementado en un 50 %.</p>"
        ),
        "themes": ["presupuesto-participativo", "desarrollo-social"],
        "published_at": dt.date(2025, 11, 3),
    },
    {
        "slug": "lectura-pedagogia-para-la-planeacion",
        "kind": "reading",
        "title": "Participar para transformar el territorio",
        "body": (
            "<p>La pedagogía para la planeación busca fortalecer «capacidades y habilidades para "
            "que todos y todas puedan participar del proceso cualificada, consciente e "
            "intencionadamente para transformar las realidades de su territorio y materializar "
            "las apuestas comunes de desarrollo».</p>"
        ),
        "themes": ["planeacion-local", "desarrollo-social"],
        "published_at": dt.date(2025, 11, 10),
    },
    {
        "slug": "afirmacion-planeacion-participativa-pem",
        "kind": "statement",
        "title": "La planeación metropolitana también es participativa",
        "body": (
            "<p>El Plan Estratégico Metropolitano es un esfuerzo de planeación participativa que "
            "encabeza el Consejo Directivo del IMPLAN Torreón para elevar el nivel de "
            "competitividad para el desarrollo económico y social de la Zona Metropolitana de La "
            "Laguna.</p>"
        ),
        "themes": ["competitividad-economica", "buen-gobierno"],
        "published_at": dt.date(2025, 11, 17),
        "show_on_home": False,
    },
]


# --- pedagogy: Aprende ------------------------------------------------------------------------

GUIDE_INDEX = {
    "title": "Aprende",
    "slug": "aprende",
    "intro": (
        "<p>Guías y cápsulas del saber para participar en la planeación con conocimiento: qué son "
        "los bancos de proyectos, cómo se evalúan los proyectos y cómo funciona la ruta del "
        "presupuesto participativo.</p>"
    ),
}

GUIDES = [
    {
        "slug": "banco-municipal-de-proyectos-de-inversion",
        "title": "El Banco Municipal de Proyectos de Inversión (BMPI)",
        "summary": (
            "Qué es el BMPI del IMPLAN Torreón, qué hace y cómo resguarda la memoria "
            "institucional de los proyectos de inversión."
        ),
        "themes": ["proyectos-de-inversion", "buen-gobierno"],
        "body": [
            paragraph(
                "<p>El Instituto Municipal de Planeación y Competitividad, a través de la Dirección "
                "de Proyectos Estratégicos, tiene como objetivos gestionar, evaluar y dar "
                "seguimiento a los proyectos derivados del Plan Estratégico de Ciudad del IMPLAN, "
                "así como promover la participación ciudadana, a través del acompañamiento y "
                "mejora de aquellas ideas y proyectos formulados por la sociedad.</p>"
                "<p>Para aportar al logro de este objetivo, el IMPLAN desarrolla dos instrumentos "
                "que apoyan los procesos de planeación, inversión y ejecución de los proyectos, "
                "promoviendo la eficiencia, eficacia y equidad de los mismos: el Banco Municipal "
                "de Proyectos de Inversión (BMPI) y el Sistema de Evaluación y Seguimiento de "
                "Proyectos (SESP).</p>"
            ),
            heading("¿Qué es el BMPI?"),
            paragraph(
                "<p>El BMPI es un <b>instrumento dinámico de gestión pública</b>, orientado a "
                "consolidar una cultura municipal de formulación (preparación), planeación, "
                "seguimiento y evaluación de programas y proyectos de inversión, por medio de sus "
                "componentes y funciones.</p>"
            ),
            heading("¿Qué hace?"),
            bullet_list(
                [
                    "Interopera con el Sistema de Evaluación y Seguimiento de Proyectos.",
                    "Recopila y clasifica la información referente a cada proyecto.",
                    "Procesa la información en entregables útiles para la toma de decisiones, "
                    "como estadísticas, reportes, mapas y cédulas de evaluación.",
                    "Resguarda la información a lo largo del tiempo (fomenta la memoria "
                    "institucional).",
                ]
            ),
            heading("Hacia un sistema municipal de evaluación y gestión de proyectos"),
            paragraph(
                "<p>Entre sus actividades, el IMPLAN contempló el diseño del <b>Sistema Municipal "
                "de Evaluación y Gestión de Proyectos</b>: un sistema de evaluación y gestión de "
                "proyectos de inversión en el que se defina el proceso y el rol de cada parte "
                "involucrada dentro del municipio para la consolidación de un Banco Municipal de "
                "Proyectos de Inversión.</p>"
            ),
            heading("Los proyectos ciudadanos"),
            paragraph(
                "<p>El IMPLAN abre la convocatoria a proyectos ciudadanos, que permita la "
                "coordinación de los diversos actores sociales, sinergizando esfuerzos y "
                "gestionando recursos para la efectiva implementación de proyectos ciudadanos de "
                "calidad y de impacto positivo en la calidad de vida de los laguneros.</p>"
            ),
            faq(
                "Preguntas frecuentes sobre el BMPI",
                [
                    (
                        "¿Con qué sistema interopera el BMPI?",
                        "<p>Con el Sistema de Evaluación y Seguimiento de Proyectos (SESP), que le "
                        "aporta los criterios para la clasificación, recopilación e inventariado "
                        "de proyectos.</p>",
                    ),
                    (
                        "¿Qué entregables produce?",
                        "<p>Estadísticas, reportes, mapas y cédulas de evaluación, entre otros "
                        "entregables útiles para la toma de decisiones.</p>",
                    ),
                    (
                        "¿Por qué se dice que fomenta la memoria institucional?",
                        "<p>Porque resguarda la información de cada proyecto a lo largo del "
                        "tiempo.</p>",
                    ),
                    (
                        "¿Qué área del IMPLAN lo impulsa?",
                        "<p>La Dirección de Proyectos Estratégicos, que gestiona, evalúa y da "
                        "seguimiento a los proyectos derivados del Plan Estratégico de Ciudad y "
                        "acompaña las ideas y proyectos formulados por la sociedad.</p>",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "sistema-de-evaluacion-y-seguimiento-de-proyectos",
        "title": "El Sistema de Evaluación y Seguimiento de Proyectos (SESP)",
        "summary": (
            "Cómo el SESP evalúa la viabilidad de los proyectos, determina su prioridad y "
            "monitorea su estado y su impacto."
        ),
        "themes": ["proyectos-de-inversion", "buen-gobierno", "competitividad-economica"],
        "body": [
            heading("¿Qué es el SESP?"),
            paragraph(
                "<p>El Sistema de Evaluación y Seguimiento de Proyectos es un <b>conjunto "
                "articulado de métodos y herramientas</b> que facilitan la formulación, "
                "priorización, evaluación y seguimiento de los proyectos de inversión. Aporta al "
                "Banco Municipal de Proyectos de Inversión (BMPI) los criterios para la "
                "clasificación, recopilación e inventariado de proyectos.</p>"
            ),
            heading("¿Qué hace?"),
            bullet_list(
                [
                    "Evalúa la viabilidad de los proyectos: económica, social, ambiental y "
                    "técnica.",
                    "Determina la prioridad con base en los planes de desarrollo vigentes.",
                    "Evalúa el desempeño y el impacto de los proyectos.",
                    "Monitorea el estado de los proyectos.",
                ]
            ),
            heading("Proyectos y programas estratégicos"),
            paragraph(
                "<p>Como complemento de los instrumentos de planeación, los proyectos y programas "
                "estratégicos se caracterizan por realizarse previa investigación y análisis de "
                "su viabilidad, de manera que se proponen mediante una correcta planeación, "
                "coordinación, asesoría y gestión de recursos para ejecutarlos, identificando que "
                "tengan impacto en sectores sociales y económicos y contribuyan al desarrollo del "
                "municipio.</p>"
                "<p>Estos trabajos se relacionan directamente con el análisis estratégico a nivel "
                "municipal, a efecto de que se ajusten con el Plan Municipal de Desarrollo, el "
                "Programa de Gobierno Municipal y el Programa Municipal de Desarrollo Urbano y "
                "Ordenamiento Ecológico Territorial. Además, buscan el aprovechamiento sustentable "
                "del territorio, de las reservas territoriales, de la infraestructura municipal y "
                "de las vocaciones y compatibilidades del suelo, con la finalidad de impulsar y "
                "aportar mayor vitalidad a las zonas urbanas y microrregiones dentro del ámbito "
                "municipal que así lo requieran.</p>"
            ),
            heading("La Jefatura de Coordinación de Proyectos y Programas Estratégicos", "h3"),
            paragraph(
                "<p>Es la encargada de identificar, promover, dar seguimiento e impulsar todos "
                "aquellos estudios y proyectos institucionales y de inversión pública o privada, "
                "dirigidos a entornos y áreas de oportunidad que involucren espacios territoriales "
                "con potencial y viabilidad para lograr avances significativos en el desarrollo "
                "del municipio, que representen un alto grado de beneficio social, ambiental y/o "
                "competitividad económica.</p>"
            ),
            bullet_list(
                [
                    "Seguimiento a proyectos de inversión pública.",
                    "Elaboración de diseños conceptuales para proyectos ejecutivos.",
                    "Elaboración de propuestas de aprovechamientos urbanísticos.",
                    "Coordinación con entidades y dependencias municipales para la elaboración de "
                    "proyectos específicos.",
                    "Generación de productos a través del equipo tecnológico del Instituto.",
                ],
                intro="Además, esta Jefatura busca coordinar lo siguiente:",
            ),
            faq(
                "Preguntas frecuentes sobre el SESP",
                [
                    (
                        "¿Qué tipos de viabilidad evalúa el SESP?",
                        "<p>La económica, la social, la ambiental y la técnica.</p>",
                    ),
                    (
                        "¿Con qué referencia se determina la prioridad de un proyecto?",
                        "<p>Con base en los planes de desarrollo vigentes.</p>",
                    ),
                    (
                        "¿Con qué instrumentos deben ajustarse los proyectos estratégicos?",
                        "<p>Con el Plan Municipal de Desarrollo, el Programa de Gobierno Municipal "
                        "y el Programa Municipal de Desarrollo Urbano y Ordenamiento Ecológico "
                        "Territorial.</p>",
                    ),
                    (
                        "¿Qué relación tiene con el BMPI?",
                        "<p>Ambos instrumentos interoperan: el SESP aporta al BMPI los criterios "
                        "para la clasificación, recopilación e inventariado de proyectos.</p>",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "ruta-de-planeacion-local-y-presupuesto-participativo",
        "title": "La ruta de planeación local y presupuesto participativo",
        "summary": (
            "Las fases de la ruta definida en el Decreto 697 de 2017 en Medellín: talleres, "
            "proyectos en tarjetón, techos presupuestales y el Banco de Información de Proyectos "
            "Locales."
        ),
        "themes": ["planeacion-local", "presupuesto-participativo", "desarrollo-social"],
        "body": [
            paragraph(
                "<p>La Ruta de Planeación Local y Presupuesto Participativo se encuentra definida "
                "en el <b>Decreto 697 de 2017</b> y consta de <b>4 fases</b>. El Departamento "
                "Administrativo de Planeación de Medellín tiene responsabilidades directas en la "
                "primera fase, <i>planeación participativa</i>: la construcción del programa de "
                "ejecución y la formulación, socialización y ajuste de los proyectos que serán "
                "priorizados para ser ejecutados con los recursos de presupuesto "
                "participativo.</p>"
            ),
            heading("Así se formularon los proyectos"),
            bullet_list(
                [
                    "De abril a junio se realizaron los talleres de recolección de insumos.",
                    "Entre junio y agosto se socializaron y ajustaron los proyectos en las 16 "
                    "comunas y los 5 corregimientos.",
                    "Se realizaron en total <b>103 talleres de socialización</b> para la "
                    "formulación de <b>293 proyectos</b> en los tarjetones que serán priorizados "
                    "por la comunidad.",
                ]
            ),
            heading("Cifras del proceso", "h3"),
            bullet_list(
                [
                    "Talleres de socialización y ajuste realizados: <b>103</b>",
                    "Ideas de proyecto formuladas: <b>436</b>",
                    "Proyectos en tarjetón: <b>293</b>",
                    "Techo de presupuesto participativo: <b>$251.265.148.208</b>",
                ]
            ),
            heading("Techos presupuestales"),
            paragraph(
                "<p>Se fijaron los techos presupuestales con un recurso total de "
                "<b>$251.265.148.208</b>. En los últimos 5 años, en promedio, el techo de los "
                "corregimientos ha tenido un incremento del 85 %, mientras que el de las comunas "
                "se ha incrementado en un 50 %.</p>"
            ),
            heading("El Banco de Información de Proyectos Locales (BIPL)"),
            paragraph(
                "<p>El Decreto Reglamentario 0697 de 2017 establece en la fase 1, planeación "
                "participativa, la creación del Banco de Información de Proyectos Locales como una "
                "herramienta de registro, consulta y seguimiento a la gestión de los Planes de "
                "Desarrollo Local, que contendrá los proyectos formulados del programa de "
                "ejecución a ser financiados con las diferentes fuentes.</p>"
                "<p>Su implementación inició en 2019 con un piloto en la Comuna 8 – Villa Hermosa "
                "y es un ejercicio de construcción conjunta entre los actores de las 21 comunas y "
                "corregimientos de la ciudad y la administración municipal.</p>"
            ),
            bullet_list(
                [
                    "Registro y consulta de los proyectos formulados en torno a la planeación del "
                    "desarrollo local desde el año 2017.",
                    "Apoyo a la gestión de los actores en los territorios.",
                    "Capacitación en torno a la formulación y gestión de proyectos.",
                    "Articulación con la estrategia de monitoreo, seguimiento y evaluación a la "
                    "gestión de los Planes de Desarrollo Local.",
                ],
                intro="La propuesta consiste en cuatro pilares o ejes de acción:",
            ),
            heading("Pedagogía para la planeación"),
            paragraph(
                "<p>La pedagogía tiene como objetivo reflexionar, profundizar y dinamizar los "
                "conocimientos que tienen los diferentes actores que participan de los escenarios "
                "de la planeación sobre las bases técnicas, normativas, conceptuales y políticas "
                "de la planeación del desarrollo territorial.</p>"
            ),
            bullet_list(
                [
                    "Se han llevado a cabo encuentros pedagógicos en todas las comunas y "
                    "corregimientos de Medellín, con un ciclo de 5 talleres.",
                    "A la fecha se han realizado <b>76 encuentros</b>, con una participación de "
                    "<b>1.302 personas</b>: 857 mujeres y 445 hombres.",
                    "Periódicamente se comparten las <b>cápsulas del saber</b>: una pregunta, el "
                    "desarrollo de una sigla, un concepto, la profundización de una norma, la "
                    "lectura de un apartado o una afirmación sobre la planeación del desarrollo.",
                ]
            ),
            faq(
                "Preguntas frecuentes sobre la ruta",
                [
                    (
                        "¿Cuántas fases tiene la ruta?",
                        "<p>Cuatro, según el Decreto 697 de 2017. La primera es la planeación "
                        "participativa.</p>",
                    ),
                    (
                        "¿Qué es el tarjetón?",
                        "<p>La lista de proyectos formulados, socializados y ajustados que la "
                        "comunidad de cada comuna o corregimiento prioriza. En el último proceso "
                        "llegaron 293 proyectos a los tarjetones.</p>",
                    ),
                    (
                        "¿Cuántos territorios tienen techo presupuestal?",
                        "<p>Las 16 comunas y los 5 corregimientos de Medellín, con un recurso "
                        "total de $251.265.148.208.</p>",
                    ),
                    (
                        "¿Dónde se registran y consultan los proyectos?",
                        "<p>En el Banco de Información de Proyectos Locales (BIPL), creado por el "
                        "Decreto Reglamentario 0697 de 2017.</p>",
                    ),
                ],
            ),
        ],
    },
]


# --- calls (convocatorias) --------------------------------------------------------------------

CALL_INDEX = {
    "title": "Convocatorias",
    "slug": "convocatorias",
    "intro": (
        "Convocatorias abiertas y concluidas: presente proyectos, apoye propuestas, vote y dé "
        "seguimiento a lo que se decidió."
    ),
}


def _torreon(year, month, day, hour=0, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=TORREON_TZ)


#: The four events of the PEM calendar (seed 003): (event, topic, date).
PEM_CALENDAR = [
    ("Taller 1", "DIAGNÓSTICO - PRONÓSTICO", dt.date(2014, 10, 2)),
    ("Taller 2", "PLANEACIÓN (visión, objetivos y estrategias)", dt.date(2014, 10, 23)),
    ("Taller 3", "PROYECTOS", dt.date(2014, 11, 20)),
    ("Presentación", "PLAN ESTRATÉGICO DE DESARROLLO", dt.date(2015, 2, 19)),
]

PEM_FORMS_OF_PARTICIPATION = [
    "Trabajos técnicos documentales, investigaciones y publicaciones",
    "Recopilación de información «oficial» por dependencia o sector",
    "Consulta a expertos con técnicas de <i>focus group</i> o entrevistas",
    "Talleres con expertos y organismos",
    "Talleres por municipio",
    "Consulta ciudadana vía internet",
    "Foros de propuestas sobre visión y proyectos",
    "Convocatoria para postulación de proyectos con un grupo promotor",
]

PEM_CALL = {
    "slug": "plan-estrategico-metropolitano",
    "title": "Convocatoria ciudadana para la elaboración del Plan Estratégico Metropolitano",
    "fields": {
        "summary": (
            "Datos, diagnósticos, ideas y proyectos de la ciudadanía y las organizaciones para "
            "integrar el Plan Estratégico Metropolitano de la Zona Metropolitana de La Laguna, en "
            "seis mesas temáticas."
        ),
        "organizer": "IMPLAN Torreón – Consejo Directivo",
        "code": "PEM",
        "currency": "MXN",
        "ballot_type": "approval",
        "results_rule": "greedy",
        "intro": [
            paragraph(
                "<p>El Plan Estratégico Metropolitano es un esfuerzo de planeación participativa "
                "que encabeza el Consejo Directivo del IMPLAN Torreón, para atender la necesidad "
                "urgente de elevar el nivel de competitividad para el desarrollo económico y "
                "social de la Zona Metropolitana de La Laguna.</p>"
                "<p>El jueves 11 de septiembre de 2014 dio inicio la convocatoria para reunir "
                "datos, diagnósticos, ideas, proyectos y cualquier iniciativa que los ciudadanos y "
                "las organizaciones públicas, privadas y sociales puedan aportar para la "
                "integración de este Plan de gran visión.</p>"
            ),
        ],
        "bases": [
            heading("Mesas temáticas"),
            paragraph(
                "<p>De manera formal, el Plan Estratégico se construye mediante las aportaciones "
                "ciudadanas y, concretamente, en talleres de trabajo que arrancan en la primera "
                "semana de octubre, con una invitación personalizada a personas que por su "
                "experiencia profesional, empresarial, social y gubernamental puedan aportar en "
                "seis mesas temáticas: sustentabilidad, entorno urbano, movilidad y transporte, "
                "buen gobierno y coordinación metropolitana, desarrollo social y competitividad "
                "económica.</p>"
                "<p>El Consejo Directivo del IMPLAN está organizado mediante Comisiones Técnicas; "
                "bajo este esquema, los Consejeros del Instituto encabezan los trabajos en las "
                "mesas temáticas.</p>"
            ),
            heading("Calendario"),
            calendar("Calendario de talleres", [(e, t, d, "") for e, t, d in PEM_CALENDAR]),
            heading("Formas de participación"),
            bullet_list(PEM_FORMS_OF_PARTICIPATION),
        ],
    },
    "themes": PEM_THEMES,
    #: The municipalities of the metropolitan area, without budget ceilings (a plan, not a budget).
    "territories": [((name, "municipio", name), None) for name in ZML_MUNICIPALITIES],
    #: (kind, starts_at, ends_at, description): real dates of 2014-2015.
    "phases": [
        (
            "intake",
            _torreon(2014, 9, 11),
            _torreon(2014, 11, 21),
            "Aportaciones de datos, diagnósticos, ideas y proyectos, y talleres de trabajo por "
            "mesa temática.",
        ),
        (
            "technical_evaluation",
            _torreon(2014, 11, 21),
            _torreon(2015, 2, 19),
            "Integración del Plan por las Comisiones Técnicas del Consejo Directivo.",
        ),
        (
            "results",
            _torreon(2015, 2, 19),
            _torreon(2015, 2, 20),
            "Presentación del Plan Estratégico de Desarrollo.",
        ),
    ],
    #: (title, starts_at, place, description)
    "events": [
        (
            "Taller 1: Diagnóstico – Pronóstico",
            _torreon(2014, 10, 2, 9),
            "",
            "Primer taller de trabajo de las seis mesas temáticas.",
        ),
        (
            "Taller 2: Planeación (visión, objetivos y estrategias)",
            _torreon(2014, 10, 23, 9),
            "",
            "Segundo taller de trabajo de las seis mesas temáticas.",
        ),
        (
            "Taller 3: Proyectos",
            _torreon(2014, 11, 20, 9),
            "",
            "Tercer taller de trabajo de las seis mesas temáticas.",
        ),
        (
            "Presentación: Plan Estratégico de Desarrollo",
            _torreon(2015, 2, 19, 9),
            "",
            "Presentación pública del Plan Estratégico de Desarrollo.",
        ),
    ],
}

CITIZEN_CALL = {
    "slug": "proyectos-ciudadanos",
    "title": "Proyectos Ciudadanos",
    "fields": {
        "summary": (
            "Presente un proyecto ciudadano de calidad y de impacto positivo en la calidad de vida "
            "de los laguneros: el IMPLAN lo acompaña, lo evalúa y gestiona recursos para "
            "ejecutarlo."
        ),
        "organizer": "IMPLAN Torreón – Dirección de Proyectos Estratégicos",
        "code": "PCT",
        "currency": "MXN",
        "max_proposal_cost": 2_000_000,
        "supports_threshold": 50,
        "ballot_type": "approval",
        "ballot_min_selections": 1,
        "ballot_max_selections": 3,
        "results_rule": "greedy",
        "intro": [
            paragraph(
                "<p>El Instituto Municipal de Planeación y Competitividad abre la convocatoria a "
                "proyectos ciudadanos, que permita la coordinación de los diversos actores "
                "sociales, sinergizando esfuerzos y gestionando recursos para la efectiva "
                "implementación de los proyectos ciudadanos de calidad y de impacto positivo en la "
                "calidad de vida de los laguneros.</p>"
                "<p>La Dirección de Proyectos Estratégicos promueve la participación ciudadana a "
                "través del acompañamiento y mejora de las ideas y proyectos formulados por la "
                "sociedad.</p>"
            ),
        ],
        "bases": [
            heading("¿Cómo participar?"),
            bullet_list(
                [
                    "Regístrese en la plataforma y confirme su correo electrónico.",
                    "Presente su proyecto, en lo individual o en grupo, durante el periodo de "
                    "recepción de propuestas: indique la colonia, el eje temático y el costo "
                    "estimado.",
                    "El equipo del IMPLAN revisa que el proyecto cumpla las bases y le informa si "
                    "fue admitido, con sus razones.",
                    "Los proyectos admitidos reúnen apoyos; los que alcanzan 50 apoyos pasan a "
                    "evaluación técnica.",
                    "La evaluación técnica sigue los criterios del Sistema de Evaluación y "
                    "Seguimiento de Proyectos (SESP): viabilidad económica, social, ambiental y "
                    "técnica.",
                    "Los proyectos viables se votan por colonia y los ganadores se registran en "
                    "el Banco Municipal de Proyectos de Inversión (BMPI) para su seguimiento.",
                ],
                ordered=True,
            ),
            heading("Requisitos de los proyectos"),
            bullet_list(
                [
                    "Costo estimado de hasta $2,000,000 MXN.",
                    "Ubicación en una de las colonias participantes.",
                    "Relación con al menos uno de los ejes temáticos de la convocatoria.",
                ]
            ),
            heading("Votación"),
            paragraph(
                "<p>Cada persona vota en la papeleta de su colonia y puede marcar hasta 3 "
                "proyectos. Ganan los proyectos más votados mientras alcance el recurso de la "
                "colonia.</p>"
                "<p><i>Convocatoria de demostración: las fechas, los montos y los techos por "
                "colonia son ilustrativos.</i></p>"
            ),
            faq(
                "Preguntas frecuentes",
                [
                    (
                        "¿Puedo presentar un proyecto con mi grupo o universidad?",
                        "<p>Sí. Un grupo trabaja sobre una misma propuesta y la presenta en "
                        "conjunto.</p>",
                    ),
                    (
                        "¿Quién evalúa los proyectos?",
                        "<p>El equipo técnico del IMPLAN, con los criterios del SESP: viabilidad "
                        "económica, social, ambiental y técnica, y prioridad con base en los "
                        "planes de desarrollo vigentes.</p>",
                    ),
                    (
                        "¿Qué pasa con mi proyecto si no resulta ganador?",
                        "<p>Permanece en el banco de proyectos con toda su historia, para "
                        "consulta y para futuras convocatorias: el banco resguarda la "
                        "información a lo largo del tiempo.</p>",
                    ),
                ],
            ),
        ],
    },
    "themes": PEM_THEMES,
    "territories": [(("Torreón", "colonia", name), 5_000_000) for name in TORREON_COLONIAS],
    #: (kind, start offset in days, end offset in days, description), relative to today at
    #: midnight (site time zone) when the call is created.
    "relative_phases": [
        ("announced", -21, -14, "Publicación de las bases de la convocatoria."),
        ("intake", -14, 28, "Recepción de proyectos ciudadanos, en lo individual o en grupo."),
        ("review", 28, 42, "Revisión de requisitos: admisión o no admisión, con sus razones."),
        ("supports", 42, 56, "Los proyectos admitidos reúnen apoyos (50 para avanzar)."),
        (
            "technical_evaluation",
            56,
            84,
            "Evaluación de viabilidad económica, social, ambiental y técnica (SESP).",
        ),
        ("voting", 84, 98, "Votación por colonia: hasta 3 proyectos por papeleta."),
        ("results", 98, 105, "Publicación de los proyectos ganadores y del conteo completo."),
        ("monitoring", 105, 470, "Seguimiento de la ejecución en el banco de proyectos."),
    ],
    "relative_events": [
        (
            "Taller de formulación de proyectos ciudadanos",
            7,
            17,
            "IMPLAN Torreón",
            "Acompañamiento para preparar y mejorar los proyectos antes de presentarlos.",
        ),
    ],
}

MEDELLIN_CALL = {
    "slug": "presupuesto-participativo-medellin",
    "title": "Presupuesto Participativo – Medellín",
    "fields": {
        "summary": (
            "Priorice los proyectos del tarjetón de su comuna o corregimiento: 293 proyectos "
            "formulados en 103 talleres, con un recurso total de $251.265.148.208."
        ),
        "organizer": "Departamento Administrativo de Planeación – Alcaldía de Medellín",
        "code": "PPM",
        "currency": "COP",
        "ballot_type": "knapsack",
        "ballot_min_selections": 1,
        "ballot_max_selections": None,
        "results_rule": "equal_shares",
        "intro": [
            paragraph(
                "<p>La Ruta de Planeación Local y Presupuesto Participativo se encuentra definida "
                "en el Decreto 697 de 2017 y consta de 4 fases. En la primera, planeación "
                "participativa, se construye el programa de ejecución y se formulan, socializan y "
                "ajustan los proyectos que serán priorizados para ser ejecutados con los recursos "
                "de presupuesto participativo.</p>"
                "<p>De abril a junio se realizaron los talleres de recolección de insumos; entre "
                "junio y agosto se socializaron y ajustaron los proyectos en las 16 comunas y los "
                "5 corregimientos. En total se realizaron <b>103 talleres</b>, se formularon "
                "<b>436 ideas de proyecto</b> y <b>293 proyectos</b> llegaron a los tarjetones que "
                "serán priorizados por la comunidad.</p>"
            ),
        ],
        "bases": [
            heading("Techos presupuestales"),
            paragraph(
                "<p>Se fijaron los techos presupuestales con un <b>recurso total de "
                "$251.265.148.208</b> para las 16 comunas y los 5 corregimientos. En los últimos 5 "
                "años, en promedio, el techo de los corregimientos ha tenido un incremento del "
                "85 %, mientras que el de las comunas se ha incrementado en un 50 %.</p>"
                "<p><i>El total es el real; la distribución entre territorios que muestra esta "
                "demostración es ilustrativa: se calculó con pesos proporcionales a esos "
                "incrementos (150 por comuna y 185 por corregimiento) y no corresponde a los "
                "techos oficiales de cada territorio. Las fechas de las fases también son "
                "ilustrativas.</i></p>"
            ),
            heading("¿Cómo se vota?"),
            paragraph(
                "<p>Cada persona vota en el tarjetón de su comuna o corregimiento y marca los "
                "proyectos que prefiere sin superar el techo presupuestal de su territorio. Puede "
                "cambiar su papeleta mientras la votación esté abierta.</p>"
            ),
            heading("¿Cómo se eligen los proyectos?"),
            paragraph(
                "<p>Con el <b>Método de Partes Iguales</b>: el techo de cada territorio se reparte "
                "en partes iguales entre quienes votan y cada proyecto se financia con las partes "
                "de las personas que lo eligieron. Así, los grupos de votantes obtienen proyectos "
                "en proporción a su tamaño.</p>"
            ),
            faq(
                "Preguntas frecuentes",
                [
                    (
                        "¿En qué tarjetón voto?",
                        "<p>En el de la comuna o el corregimiento donde reside: cada uno de los "
                        "21 territorios tiene su propio tarjetón y su propio techo "
                        "presupuestal.</p>",
                    ),
                    (
                        "¿Quién formuló los proyectos del tarjetón?",
                        "<p>Se formularon, socializaron y ajustaron con la comunidad en 103 "
                        "talleres, con el acompañamiento del Departamento Administrativo de "
                        "Planeación.</p>",
                    ),
                    (
                        "¿Cómo sigo la ejecución de los proyectos?",
                        "<p>Los proyectos quedan registrados en el Banco de Información de "
                        "Proyectos Locales, herramienta de registro, consulta y seguimiento a la "
                        "gestión de los Planes de Desarrollo Local.</p>",
                    ),
                ],
            ),
        ],
    },
    "themes": ["presupuesto-participativo", "planeacion-local", "desarrollo-social"],
    "territories": [
        (("Medellín", kind, name), ceiling) for kind, _code, name, ceiling in medellin_ceilings()
    ],
    "relative_phases": [
        ("announced", -150, -120, "Publicación de la ruta y de los techos presupuestales."),
        (
            "intake",
            -120,
            -60,
            "Talleres de recolección de insumos: ideas de proyecto en cada comuna y "
            "corregimiento.",
        ),
        ("review", -60, -52, "Revisión de las ideas de proyecto formuladas."),
        ("supports", -52, -40, "Las ideas de proyecto admitidas reciben apoyos de la comunidad."),
        (
            "technical_evaluation",
            -40,
            10,
            "Formulación, socialización y ajuste técnico de los proyectos que irán al tarjetón.",
        ),
        ("voting", 10, 24, "Priorización de los proyectos del tarjetón por la comunidad."),
        ("results", 24, 31, "Publicación de los proyectos priorizados en cada territorio."),
        (
            "monitoring",
            31,
            396,
            "Seguimiento a la ejecución en el Banco de Información de Proyectos Locales.",
        ),
    ],
    "relative_events": [],
}

VOTED_CALL = {
    "slug": "presupuesto-por-colonia-votacion-concluida",
    "title": "Presupuesto por colonia: votación concluida",
    "fields": {
        "summary": (
            "Votación de demostración, ya cerrada, de los proyectos de tres colonias de la primera "
            "etapa de los Indicadores Básicos por Colonia, con sus resultados por el Método de "
            "Partes Iguales."
        ),
        "organizer": "IMPLAN Torreón – Dirección de Proyectos Estratégicos",
        "code": "PPC",
        "currency": "MXN",
        "ballot_type": "approval",
        "ballot_min_selections": 1,
        "ballot_max_selections": 3,
        "hide_counts_until_close": True,
        "results_rule": "equal_shares",
        "intro": [
            paragraph(
                "<p>El IMPLAN Torreón promueve la participación ciudadana a través del "
                "acompañamiento y mejora de las ideas y proyectos formulados por la sociedad. En "
                "esta convocatoria, los proyectos viables de tres colonias de la primera etapa de "
                "los Indicadores Básicos por Colonia —Centro Histórico / Primitivo Centro, Primera "
                "de Cobián y Moderna— se votaron en línea, con códigos de taller y en papel, y los "
                "resultados se calcularon con el Método de Partes Iguales.</p>"
                "<p><i>Convocatoria de demostración: los proyectos, los techos, las fechas y los "
                "votos son ilustrativos.</i></p>"
            ),
        ],
        "bases": [
            heading("¿Cómo se votó?"),
            paragraph(
                "<p>Cada persona votó en la papeleta de una sola colonia y marcó hasta 3 "
                "proyectos: en línea con su cuenta, con un código de un solo uso entregado en un "
                "taller, o en una papeleta de papel que el equipo facilitador registró.</p>"
            ),
            heading("¿Cómo se eligieron los proyectos?"),
            paragraph(
                "<p>Con el <b>Método de Partes Iguales</b>: el techo de cada colonia se reparte en "
                "partes iguales entre quienes votaron y cada proyecto se paga con las partes de las "
                "personas que lo eligieron. La página de resultados compara el resultado con la "
                "regla tradicional por votos y explica las diferencias.</p>"
            ),
        ],
    },
    "themes": ["sustentabilidad", "entorno-urbano", "movilidad-y-transporte", "desarrollo-social"],
    "territories": [
        (("Torreón", "colonia", "Centro Histórico / Primitivo Centro"), 1_200_000),
        (("Torreón", "colonia", "Primera de Cobián"), 1_000_000),
        (("Torreón", "colonia", "Moderna"), 800_000),
    ],
    "relative_phases": [
        ("announced", -200, -170, "Publicación de las bases y de los techos por colonia."),
        ("intake", -170, -110, "Recepción de proyectos ciudadanos por colonia."),
        ("review", -110, -100, "Revisión de requisitos: admisión o no admisión, con sus razones."),
        (
            "technical_evaluation",
            -100,
            -45,
            "Evaluación de viabilidad económica, social, ambiental y técnica (SESP).",
        ),
        ("voting", -45, -10, "Votación por colonia: en línea, en talleres y en papel."),
        ("results", -10, 20, "Publicación de los proyectos ganadores y del conteo completo."),
        ("monitoring", 20, 385, "Seguimiento de la ejecución en el Banco Municipal de Proyectos de Inversión."),
    ],
    "relative_events": [
        (
            "Jornada de votación en el Centro Histórico",
            -30,
            9,
            "IMPLAN Torreón",
            "Votación con códigos de un solo uso y papeletas de papel.",
        ),
    ],
}

OPEN_VOTE_CALL = {
    "slug": "presupuesto-por-colonia-votacion-abierta",
    "title": "Presupuesto por colonia: Torreón Viejo y Torreón Jardín",
    "fields": {
        "summary": (
            "Votación abierta de los proyectos viables de Torreón Viejo y Torreón Jardín, las otras "
            "dos colonias de la primera etapa de los Indicadores Básicos por Colonia: elija los que "
            "prefiera sin pasar del techo de la colonia."
        ),
        "organizer": "IMPLAN Torreón – Dirección de Proyectos Estratégicos",
        "code": "PPV",
        "currency": "MXN",
        "ballot_type": "knapsack",
        "ballot_min_selections": 1,
        "ballot_max_selections": None,
        "hide_counts_until_close": True,
        "vote_residents_only": False,
        "vote_in_several_territories": False,
        "results_rule": "equal_shares",
        "intro": [
            paragraph(
                "<p>El IMPLAN Torreón integra fichas informativas sobre la historia de las colonias, "
                "su mobiliario urbano, sus calles y sus sitios de interés en los Indicadores Básicos "
                "por Colonia. Tras el Centro Histórico, Primera de Cobián y la colonia Moderna, ahora "
                "votan sus proyectos las otras dos colonias de la primera etapa: <b>Torreón Viejo</b> "
                "y <b>Torreón Jardín</b>.</p>"
                "<p>Los proyectos de los tarjetones fueron presentados por vecinas y vecinos y "
                "pasaron la evaluación técnica del Sistema de Evaluación y Seguimiento de Proyectos "
                "(SESP): viabilidad económica, social, ambiental y técnica.</p>"
                "<p><i>Convocatoria de demostración: los proyectos, los techos, las fechas y los "
                "votos son ilustrativos.</i></p>"
            ),
        ],
        "bases": [
            heading("¿Cómo se vota?"),
            paragraph(
                "<p>Con su cuenta confirmada, elija la papeleta de una sola colonia —la suya o "
                "aquella donde trabaja o estudia— y marque los proyectos que prefiere <b>sin superar "
                "el techo presupuestal de la colonia</b>. Puede cambiar su papeleta mientras la "
                "votación esté abierta: cuenta la última.</p>"
                "<p>Los conteos por proyecto se publican al cierre de la votación, no antes.</p>"
            ),
            heading("¿Cómo se eligen los proyectos?"),
            paragraph(
                "<p>Con el <b>Método de Partes Iguales</b>: el techo de cada colonia se reparte en "
                "partes iguales entre quienes votan y cada proyecto se paga con las partes de las "
                "personas que lo eligieron.</p>"
            ),
        ],
    },
    "themes": ["sustentabilidad", "entorno-urbano", "movilidad-y-transporte", "desarrollo-social"],
    "territories": [
        (("Torreón", "colonia", "Torreón Viejo"), 1_000_000),
        (("Torreón", "colonia", "Torreón Jardín"), 1_200_000),
    ],
    #: The vote opened five days ago and closes in nine (relative to today, like the other open calls).
    "relative_phases": [
        ("announced", -150, -120, "Publicación de las bases y de los techos por colonia."),
        ("intake", -120, -75, "Recepción de proyectos ciudadanos por colonia."),
        ("review", -75, -65, "Revisión de requisitos: admisión o no admisión, con sus razones."),
        (
            "technical_evaluation",
            -65,
            -5,
            "Evaluación de viabilidad económica, social, ambiental y técnica (SESP).",
        ),
        ("voting", -5, 9, "Votación por colonia: proyectos hasta el techo de la colonia."),
        ("results", 9, 16, "Publicación de los proyectos ganadores y del conteo completo."),
        ("monitoring", 16, 381, "Seguimiento de la ejecución en el Banco Municipal de Proyectos de Inversión."),
    ],
    "relative_events": [
        (
            "Mesa de votación asistida en Torreón Jardín",
            3,
            10,
            "Plaza de la colonia Torreón Jardín",
            "El equipo del IMPLAN ayuda a votar en línea a quien lo necesite.",
        ),
    ],
}

CALLS = [PEM_CALL, CITIZEN_CALL, MEDELLIN_CALL, VOTED_CALL, OPEN_VOTE_CALL]


# --- demo accounts ----------------------------------------------------------------------------

#: Roles: citizen, editor, evaluator, evaluation coordinator, moderator, admin.
ACCOUNTS = [
    {
        "email": "ciudadana@participa.test",
        "role": "citizen",
        "label": "Ciudadana (colonia Moderna, Torreón)",
        "display_name": "Lucía Ramírez",
        "territory": ("Torreón", "colonia", "Moderna"),
    },
    {
        "email": "editor@participa.test",
        "role": "editor",
        "label": "Editor (grupo Editors del CMS)",
        "display_name": "Equipo editorial IMPLAN",
        "is_staff": True,
        "groups": ["Editors"],
    },
    {
        "email": "evaluador@participa.test",
        "role": "evaluator",
        "label": "Evaluador (grupo Evaluadores)",
        "display_name": "Evaluación técnica SESP",
        "is_staff": True,
        "groups": ["Evaluadores"],
    },
    {
        "email": "coordinacion@participa.test",
        "role": "coordinator",
        "label": "Coordinación de evaluación (asigna, decide y publica)",
        "display_name": "Coordinación de evaluación SESP",
        "is_staff": True,
        "groups": ["Coordinación de evaluación", "Evaluadores"],
    },
    {
        "email": "moderacion@participa.test",
        "role": "moderator",
        "label": "Moderación (grupo Moderadores: revisa propuestas y comentarios)",
        "display_name": "Moderación de participación",
        "is_staff": True,
        "groups": ["Moderadores"],
    },
    {
        "email": "admin@participa.test",
        "role": "admin",
        "label": "Administración (superusuario)",
        "display_name": "Administración",
        "is_staff": True,
        "is_superuser": True,
    },
]




# --- participation: people, groups, proposals, supports and comments --------------------------

#: Who reviews the demo proposals (admits, rejects, hides): the moderation account.
MODERATOR_EMAIL = "moderacion@participa.test"
CITIZEN_EMAIL = "ciudadana@participa.test"

_TRC = "Torreón", "colonia"
CENTRO = (*_TRC, "Centro Histórico / Primitivo Centro")
COBIAN = (*_TRC, "Primera de Cobián")
MODERNA = (*_TRC, "Moderna")
TORREON_VIEJO = (*_TRC, "Torreón Viejo")
TORREON_JARDIN = (*_TRC, "Torreón Jardín")


def _comuna(name):
    return ("Medellín", "comuna", name)


def _corregimiento(name):
    return ("Medellín", "corregimiento", name)


def _municipio(name):
    return (name, "municipio", name)


#: Other participants: authors, group members, supporters and commenters. They cannot sign in
#: (no usable password) and are not printed; the four accounts above are the ones to use.
PARTICIPANTS = [
    {"email": "marisol.campos@participa.test", "display_name": "Marisol Campos", "territory": CENTRO},
    {"email": "jorge.trevino@participa.test", "display_name": "Jorge Luis Treviño", "territory": COBIAN},
    {"email": "ana.villarreal@participa.test", "display_name": "Ana Sofía Villarreal", "territory": TORREON_JARDIN},
    {"email": "diego.saucedo@participa.test", "display_name": "Diego Saucedo", "territory": TORREON_VIEJO},
    {"email": "valeria.ortiz@participa.test", "display_name": "Valeria Ortiz", "territory": MODERNA},
    {"email": "ramon.aguirre@participa.test", "display_name": "Ramón Aguirre", "territory": MODERNA},
    {"email": "patricia.esparza@participa.test", "display_name": "Patricia Esparza", "territory": CENTRO},
    {"email": "hector.rangel@participa.test", "display_name": "Héctor Rangel", "territory": TORREON_JARDIN},
    {"email": "luz.restrepo@participa.test", "display_name": "Luz Marina Restrepo", "territory": _comuna("Villa Hermosa")},
    {"email": "carlos.gomez@participa.test", "display_name": "Carlos Andrés Gómez", "territory": _comuna("Laureles-Estadio")},
    {"email": "yuliana.zapata@participa.test", "display_name": "Yuliana Zapata", "territory": _comuna("Manrique")},
    {"email": "hernan.ospina@participa.test", "display_name": "Hernán Ospina", "territory": _corregimiento("Santa Elena")},
    {"email": "diana.cardona@participa.test", "display_name": "Diana Cardona", "territory": _corregimiento("San Antonio de Prado")},
    {"email": "juan.mejia@participa.test", "display_name": "Juan Pablo Mejía", "territory": _comuna("Belén")},
    {"email": "sandra.rua@participa.test", "display_name": "Sandra Milena Rúa", "territory": _comuna("Popular")},
]

#: Groups that write proposals together: (name, description, [(email, role)]); the first
#: member listed as coordinator created the group.
LAGUNA_Y2040 = "Laguna Y2040 · Universitarios por la movilidad"
COLECTIVO_MODERNA = "Colectivo vecinal de la colonia Moderna"
MESA_COMUNA_8 = "Mesa ambiental y de movilidad de la Comuna 8"

PROPOSAL_GROUPS = [
    {
        "name": LAGUNA_Y2040,
        "description": (
            "Estudiantes de varias universidades de La Laguna que participamos en el ejercicio "
            "Laguna Y2040 del IMPLAN, en el que más de 800 alumnos de 12 universidades discutieron "
            "los problemas de la ciudad y propusieron soluciones. Seguimos trabajando en las "
            "propuestas de la mesa de Desarrollo Urbano y Movilidad."
        ),
        "members": [
            ("diego.saucedo@participa.test", "coordinator"),
            ("valeria.ortiz@participa.test", "member"),
            (CITIZEN_EMAIL, "member"),
            ("ana.villarreal@participa.test", "member"),
        ],
    },
    {
        "name": COLECTIVO_MODERNA,
        "description": (
            "Vecinas y vecinos de la colonia Moderna que nos organizamos para proponer mejoras a "
            "las calles, los parques y la movilidad de nuestro barrio."
        ),
        "members": [
            (CITIZEN_EMAIL, "coordinator"),
            ("ramon.aguirre@participa.test", "member"),
            ("valeria.ortiz@participa.test", "member"),
        ],
    },
    {
        "name": MESA_COMUNA_8,
        "description": (
            "Colectivo de líderes comunitarios de la Comuna 8 – Villa Hermosa, donde inició en "
            "2019 el piloto del Banco de Información de Proyectos Locales. Formulamos proyectos de "
            "movilidad peatonal y de cuidado del medio ambiente para el presupuesto participativo."
        ),
        "members": [
            ("luz.restrepo@participa.test", "coordinator"),
            ("yuliana.zapata@participa.test", "member"),
            ("sandra.rua@participa.test", "member"),
        ],
    },
]

#: Reasons written by the moderators.
REJECTION_PARKING = (
    "No se admite: la convocatoria financia proyectos de beneficio público y un estacionamiento de "
    "cobro para automóviles no lo es. Además, el Programa Parcial de Desarrollo Urbano del Centro "
    "Histórico prioriza la movilidad no motorizada y la redensificación de la zona."
)
REJECTION_DUPLICATE = (
    "No se admite por duplicar la propuesta «Recolección nocturna de residuos en el primer cuadro "
    "del Centro Histórico», que ya atiende los predios con basura del centro. Le invitamos a "
    "sumarse a ella con sus comentarios."
)
REJECTION_LIBRARY = (
    "No se admite: la dotación de bibliotecas públicas ya está financiada en el programa de "
    "ejecución de la Secretaría de Cultura para este año, y el presupuesto participativo no puede "
    "duplicar esa inversión."
)
HIDDEN_SPAM = (
    "Ocultada por moderación: es un anuncio de venta de terrenos de un particular e incluye "
    "teléfonos personales, lo que va contra las normas de participación."
)
WITHDRAWN_REASON = (
    "La retiro porque me sumé a la propuesta de ciclovía del Colectivo vecinal de la colonia "
    "Moderna, que incluye biciestacionamientos en el centro."
)


def _comment(by, text, at, replies=()):
    return {"by": by, "text": text, "at": at, "replies": list(replies)}


#: The demo proposals. Dates are (phase kind, days after that phase starts, hour): they follow the
#: call's schedule, so they stay consistent when the schedules of the open calls are refreshed.
#: `reviewed` dates the admission or rejection, `supporters` support in the call's supports
#: phase (one day apart). Keyed by (call, title): the title must not change.
PROPOSALS = [
    # --- Proyectos Ciudadanos (Torreón): intake open now -------------------------------------
    {
        "call": CITIZEN_CALL["slug"],
        "title": "Recolección nocturna de residuos en el primer cuadro del Centro Histórico",
        "summary": (
            "Cambiar a horario nocturno la recolección de residuos en el primer cuadro del centro y "
            "medir su efecto con la línea base que levantaron estudiantes: predios con basura, "
            "bolsas en banquetas y quejas de comercios."
        ),
        "problem": (
            "En el primer cuadro del Centro Histórico las bolsas de basura quedan en las banquetas "
            "durante el día y varios predios baldíos se usan como tiradero. En la Semana i, "
            "alumnos del Tecnológico de Monterrey fotografiaron los predios con basura y "
            "recopilaron la información para conformar la línea base de medición del cambio de "
            "horario en la recolección de residuos sólidos urbanos."
        ),
        "solution": (
            "Recolección entre las 22:00 y las 5:00 en las avenidas Morelos, Juárez e Hidalgo y "
            "sus calles transversales, con horarios publicados para comercios y vecinos; "
            "limpieza de 12 predios baldíos identificados; y seguimiento trimestral de los "
            "indicadores de la línea base con la Dirección de Servicios de Limpieza."
        ),
        "beneficiaries": (18_000, "Residentes, comerciantes y visitantes del primer cuadro del centro"),
        "theme": "sustentabilidad",
        "territory": CENTRO,
        "cost": 850_000,
        "address": "Primer cuadro del Centro Histórico: avenidas Morelos, Juárez e Hidalgo",
        "location": ("25.539400", "-103.455600"),
        "author": "marisol.campos@participa.test",
        "status": "admitted",
        "submitted": ("intake", 1, 10),
        "reviewed": ("intake", 9, 12),
        "comments": [
            _comment(
                "patricia.esparza@participa.test",
                "Tengo una papelería en la avenida Juárez: si la recolección es de noche, ¿a qué "
                "hora tendríamos que sacar la basura los comercios?",
                ("intake", 3, 18),
                [
                    _comment(
                        "marisol.campos@participa.test",
                        "La idea es publicar un horario por calle, a partir de las 21:00, para que "
                        "nadie deje bolsas en la banqueta durante el día.",
                        ("intake", 4, 9),
                        [
                            _comment(
                                "patricia.esparza@participa.test",
                                "Perfecto, así sí nos conviene. Cuenten con los comercios de la cuadra.",
                                ("intake", 4, 13),
                            )
                        ],
                    ),
                ],
            ),
            _comment(
                CITIZEN_EMAIL,
                "Muy buena idea medir el antes y el después. ¿Se podría sumar la colonia Moderna "
                "en una segunda etapa?",
                ("intake", 6, 20),
                [
                    _comment(
                        "marisol.campos@participa.test",
                        "¡Claro! Si funciona en el centro, la extenderíamos a las colonias vecinas.",
                        ("intake", 7, 8),
                    )
                ],
            ),
        ],
    },
    {
        "call": CITIZEN_CALL["slug"],
        "title": "Calle completa en la avenida Morelos",
        "summary": (
            "Rediseñar cuatro cuadras de la avenida Morelos como calle completa: banquetas "
            "amplias y accesibles, cruces seguros, carril para bicicletas y arbolado, siguiendo "
            "la experiencia de calle completa del IMPLAN en el Paso del Tecnológico."
        ),
        "problem": (
            "En la avenida Morelos el espacio se reparte sobre todo para automóviles: las "
            "banquetas son estrechas, faltan rampas y los cruces son largos e inseguros para "
            "quienes caminan o van en bicicleta."
        ),
        "solution": (
            "Proyecto ejecutivo y obra piloto en cuatro cuadras: ampliación de banquetas, rampas y "
            "cruces a nivel, un carril confinado para bicicletas conectado con la Red de "
            "Infraestructura Ciclista del Plan de Movilidad Activa, arbolado nativo y mobiliario "
            "urbano."
        ),
        "beneficiaries": (25_000, "Peatones, ciclistas y usuarios del transporte público del centro"),
        "theme": "movilidad-y-transporte",
        "territory": CENTRO,
        "cost": 1_900_000,
        "address": "Avenida Morelos, Centro Histórico",
        "location": ("25.540300", "-103.452900"),
        "author": "diego.saucedo@participa.test",
        "group": LAGUNA_Y2040,
        "status": "admitted",
        "submitted": ("intake", 2, 11),
        "reviewed": ("intake", 10, 10),
        "comments": [
            _comment(
                "jorge.trevino@participa.test",
                "¿Se perderían cajones de estacionamiento? Muchos negocios dependen de ellos.",
                ("intake", 5, 17),
                [
                    _comment(
                        "diego.saucedo@participa.test",
                        "Algunos sí, pero proponemos bahías de carga y descarga en horario fijo. Las "
                        "calles completas suelen aumentar las ventas del comercio local porque "
                        "pasa más gente caminando.",
                        ("intake", 5, 21),
                    )
                ],
            ),
        ],
    },
    {
        "call": CITIZEN_CALL["slug"],
        "title": "Ciclovía protegida entre la colonia Moderna y el Centro Histórico",
        "summary": (
            "Primer tramo de la Red de Infraestructura Ciclista en nuestra colonia: una ciclovía "
            "protegida de 2.4 km que conecte la colonia Moderna con el centro, con "
            "biciestacionamientos en escuelas y en la plaza."
        ),
        "problem": (
            "Cada vez más vecinos van en bicicleta al centro, pero comparten carril con camiones "
            "y autos a alta velocidad. No hay dónde estacionar la bicicleta de forma segura."
        ),
        "solution": (
            "Ciclovía unidireccional por sentido con separadores, señalamiento y cruces "
            "semaforizados; 60 biciestacionamientos; y una campaña de convivencia vial con las "
            "escuelas de la colonia."
        ),
        "beneficiaries": (9_500, "Vecinos de la colonia Moderna y estudiantes que van al centro"),
        "theme": "movilidad-y-transporte",
        "territory": MODERNA,
        "cost": 1_750_000,
        "address": "Colonia Moderna – Centro Histórico",
        "author": CITIZEN_EMAIL,
        "group": COLECTIVO_MODERNA,
        "status": "submitted",
        "submitted": ("intake", 11, 19),
        "comments": [
            _comment(
                "ramon.aguirre@participa.test",
                "Propongo que el tramo pase frente a la secundaria: en las mañanas es donde más "
                "bicicletas hay.",
                ("intake", 12, 8),
                [
                    _comment(
                        CITIZEN_EMAIL,
                        "Buena idea, Ramón. Lo agregamos al trazo antes de la revisión.",
                        ("intake", 12, 14),
                    )
                ],
            ),
        ],
    },
    {
        "call": CITIZEN_CALL["slug"],
        "title": "Parque de bolsillo en el lote baldío de la colonia Moderna",
        "summary": (
            "Convertir un lote baldío de 400 m² en un parque de bolsillo con sombra, juegos, "
            "bancas y vegetación de bajo consumo de agua, como propone la Red de Espacios Públicos "
            "del IMPLAN."
        ),
        "problem": (
            "La colonia no tiene un espacio público a menos de 10 minutos a pie para niñas, niños "
            "y personas mayores; el lote baldío acumula basura y es inseguro de noche."
        ),
        "solution": (
            "Limpieza del predio, arbolado nativo, juegos infantiles, bancas, alumbrado y un "
            "comité vecinal de mantenimiento. El diseño se hará en un taller con la comunidad."
        ),
        "beneficiaries": (3_200, "Familias y personas mayores de la colonia Moderna"),
        "theme": "entorno-urbano",
        "territory": MODERNA,
        "cost": 980_000,
        "address": "Colonia Moderna, Torreón",
        "author": CITIZEN_EMAIL,
        "status": "admitted",
        "submitted": ("intake", 3, 12),
        "reviewed": ("intake", 11, 9),
        "comments": [
            _comment(
                "valeria.ortiz@participa.test",
                "Me encantaría ayudar en el taller de diseño. ¿Habrá también un espacio para "
                "mascotas?",
                ("intake", 6, 16),
                [
                    _comment(
                        CITIZEN_EMAIL,
                        "¡Gracias, Valeria! Lo ponemos a votación en el taller.",
                        ("intake", 6, 19),
                    )
                ],
            ),
        ],
    },
    {
        "call": CITIZEN_CALL["slug"],
        "title": "Corredor verde con arbolado nativo en la colonia Moderna",
        "summary": (
            "Plantar árboles nativos y jardines de lluvia a lo largo de tres calles de la colonia "
            "para dar sombra, reducir encharcamientos y conectar el futuro parque de bolsillo."
        ),
        "problem": (
            "Las calles de la colonia tienen muy poca sombra y se encharcan con cada lluvia fuerte."
        ),
        "solution": (
            "Plantación de 150 árboles nativos con riego por goteo y tres jardines de lluvia en "
            "las esquinas que más se encharcan, como parte de la Red de Infraestructura Verde."
        ),
        "beneficiaries": (4_000, "Vecinos de la colonia Moderna"),
        "theme": "sustentabilidad",
        "territory": MODERNA,
        "cost": 620_000,
        "author": CITIZEN_EMAIL,
        "status": "draft",
        "created": ("intake", 12, 21),
    },
    {
        "call": CITIZEN_CALL["slug"],
        "title": "Sombra y bancas en las paradas de camión de la colonia Moderna",
        "summary": (
            "Instalar techumbres, bancas e información de rutas en las ocho paradas de transporte "
            "público de la colonia."
        ),
        "problem": "Quienes esperan el camión lo hacen bajo el sol, sin asiento ni información.",
        "solution": "Ocho paradas con techumbre, banca, iluminación y mapa de rutas.",
        "beneficiaries": (2_500, "Usuarias y usuarios del transporte público de la colonia"),
        "theme": "movilidad-y-transporte",
        "territory": MODERNA,
        "cost": 560_000,
        "author": CITIZEN_EMAIL,
        "status": "draft",
        "created": ("intake", 13, 9),
    },
    {
        "call": CITIZEN_CALL["slug"],
        "title": "Red de parques barriales conectados en Torreón Jardín",
        "summary": (
            "Unir tres parques barriales de Torreón Jardín con corredores peatonales arbolados, "
            "para caminar con sombra entre ellos y hacia las escuelas."
        ),
        "problem": (
            "Los parques de la colonia están aislados entre sí por calles sin banquetas continuas "
            "ni sombra."
        ),
        "solution": (
            "Banquetas continuas y accesibles, arbolado y señalética entre los tres parques, con "
            "esquemas de espacio tradicional y corredores de alta habitabilidad que faciliten la "
            "movilidad blanda."
        ),
        "beneficiaries": (6_800, "Vecinos de Torreón Jardín y alumnos de sus escuelas"),
        "theme": "entorno-urbano",
        "territory": TORREON_JARDIN,
        "cost": 1_450_000,
        "author": "ana.villarreal@participa.test",
        "status": "admitted",
        "submitted": ("intake", 2, 17),
        "reviewed": ("intake", 10, 16),
    },
    {
        "call": CITIZEN_CALL["slug"],
        "title": "Vivienda en casonas desocupadas del Centro Histórico",
        "summary": (
            "Un programa piloto para rehabilitar casonas desocupadas del centro como vivienda "
            "asequible, conservando sus fachadas con valor patrimonial."
        ),
        "problem": (
            "El centro se despuebla: hay casonas vacías y deterioradas mientras la ciudad crece "
            "hacia la periferia."
        ),
        "solution": (
            "Inventario de inmuebles desocupados, asesoría técnica gratuita a propietarios y un "
            "fondo semilla para rehabilitar las primeras cinco casonas, en línea con la "
            "redensificación que busca el Programa Parcial de Desarrollo Urbano del Centro "
            "Histórico."
        ),
        "beneficiaries": (250, "Familias que habitarían las casonas rehabilitadas"),
        "theme": "entorno-urbano",
        "territory": CENTRO,
        "cost": 2_000_000,
        "author": "patricia.esparza@participa.test",
        "status": "submitted",
        "submitted": ("intake", 8, 13),
    },
    {
        "call": CITIZEN_CALL["slug"],
        "title": "Separación de residuos y contenedores vecinales en Primera de Cobián",
        "summary": (
            "Contenedores diferenciados por cuadra y talleres de separación de residuos, con una "
            "ruta de recolección de reciclables acordada con los vecinos."
        ),
        "problem": "Casi todos los residuos terminan mezclados y las esquinas se vuelven tiraderos.",
        "solution": (
            "20 puntos de contenedores diferenciados, talleres de separación en escuelas y una "
            "ruta semanal de reciclables."
        ),
        "beneficiaries": (5_400, "Vecinos de la colonia Primera de Cobián"),
        "theme": "sustentabilidad",
        "territory": COBIAN,
        "cost": 720_000,
        "author": "jorge.trevino@participa.test",
        "status": "submitted",
        "submitted": ("intake", 9, 10),
    },
    {
        "call": CITIZEN_CALL["slug"],
        "title": "Cruces seguros frente a las escuelas de Torreón Viejo",
        "summary": (
            "Pasos peatonales a nivel de banqueta, reductores de velocidad y señalamiento en los "
            "cruces de las cuatro escuelas primarias de Torreón Viejo."
        ),
        "problem": (
            "A la entrada y salida de clases los autos pasan rápido y niñas y niños cruzan entre "
            "ellos; la capa de Incidentes Viales del Sistema de Información Geográfica del IMPLAN "
            "registra choques en estas esquinas."
        ),
        "solution": "Cruces elevados, extensiones de banqueta, señalamiento y brigadas escolares.",
        "beneficiaries": (1_900, "Alumnos de cuatro primarias y sus familias"),
        "theme": "movilidad-y-transporte",
        "territory": TORREON_VIEJO,
        "cost": 640_000,
        "author": "diego.saucedo@participa.test",
        "status": "admitted",
        "submitted": ("intake", 4, 9),
        "reviewed": ("intake", 11, 13),
    },
    {
        "call": CITIZEN_CALL["slug"],
        "title": "Huertos urbanos comunitarios en Torreón Jardín",
        "summary": (
            "Tres huertos comunitarios en camellones y áreas verdes subutilizadas, con riego de "
            "bajo consumo y talleres de composta para las familias."
        ),
        "problem": "Las áreas verdes de la colonia están abandonadas y se riegan con agua potable.",
        "solution": "Huertos con riego por goteo, composteros comunitarios y un calendario de talleres.",
        "beneficiaries": (900, "Familias de Torreón Jardín"),
        "theme": "sustentabilidad",
        "territory": TORREON_JARDIN,
        "cost": 380_000,
        "author": "hector.rangel@participa.test",
        "status": "admitted",
        "submitted": ("intake", 5, 18),
        "reviewed": ("intake", 12, 10),
    },
    {
        "call": CITIZEN_CALL["slug"],
        "title": "Taller de formulación de proyectos para jóvenes de La Laguna",
        "summary": (
            "Un taller de diez sesiones para que jóvenes de 18 a 30 años formulen proyectos "
            "sociales con los instrumentos de gestión que usa el IMPLAN, inspirado en «Mi Acción "
            "de Liderazgo»."
        ),
        "problem": (
            "Muchos jóvenes quieren participar pero no saben cómo convertir una idea en un "
            "proyecto viable."
        ),
        "solution": (
            "Diez sesiones con mentoría del equipo técnico del IMPLAN y la presentación de los "
            "proyectos en la siguiente convocatoria."
        ),
        "beneficiaries": (120, "Jóvenes de 18 a 30 años de Torreón"),
        "theme": "desarrollo-social",
        "territory": TORREON_VIEJO,
        "cost": 260_000,
        "author": "valeria.ortiz@participa.test",
        "group": LAGUNA_Y2040,
        "status": "submitted",
        "submitted": ("intake", 12, 12),
    },
    {
        "call": CITIZEN_CALL["slug"],
        "title": "Estacionamiento de varios niveles junto a la Plaza de Armas",
        "summary": "Construir un estacionamiento de cobro de tres niveles para los clientes del centro.",
        "problem": "No hay dónde estacionarse en el centro los fines de semana.",
        "solution": "Un edificio de estacionamiento de tres niveles con 200 cajones.",
        "beneficiaries": (2_000, "Automovilistas que visitan el centro"),
        "theme": "entorno-urbano",
        "territory": CENTRO,
        "cost": 2_000_000,
        "author": "jorge.trevino@participa.test",
        "status": "rejected",
        "submitted": ("intake", 1, 16),
        "reviewed": ("intake", 8, 11),
        "reason": REJECTION_PARKING,
    },
    {
        "call": CITIZEN_CALL["slug"],
        "title": "Limpieza de lotes baldíos del centro",
        "summary": "Limpiar los lotes baldíos del centro que se usan como basurero.",
        "problem": "Hay lotes llenos de basura en el centro.",
        "solution": "Jornadas de limpieza cada mes.",
        "beneficiaries": (5_000, "Vecinos del centro"),
        "theme": "sustentabilidad",
        "territory": CENTRO,
        "cost": 150_000,
        "author": "hector.rangel@participa.test",
        "status": "rejected",
        "submitted": ("intake", 6, 12),
        "reviewed": ("intake", 9, 17),
        "reason": REJECTION_DUPLICATE,
    },
    {
        "call": CITIZEN_CALL["slug"],
        "title": "Venta de terrenos con facilidades en Torreón Jardín",
        "summary": "Vendo terrenos con facilidades de pago, llame ya.",
        "problem": "Mucha gente busca terreno.",
        "solution": "Comuníquese a los teléfonos del anuncio.",
        "beneficiaries": (10, "Compradores"),
        "theme": "competitividad-economica",
        "territory": TORREON_JARDIN,
        "cost": 1_000,
        "author": "hector.rangel@participa.test",
        "status": "submitted",
        "submitted": ("intake", 7, 23),
        "hidden": HIDDEN_SPAM,
        "reviewed": ("intake", 8, 9),
    },
    {
        "call": CITIZEN_CALL["slug"],
        "title": "Biciestacionamientos en la Plaza de Armas",
        "summary": "Instalar 40 biciestacionamientos seguros alrededor de la Plaza de Armas.",
        "problem": "Quienes llegan en bicicleta al centro la amarran a postes y árboles.",
        "solution": "40 biciestacionamientos de tipo U invertida en las cuatro esquinas de la plaza.",
        "beneficiaries": (1_500, "Ciclistas que visitan el centro"),
        "theme": "movilidad-y-transporte",
        "territory": CENTRO,
        "cost": 120_000,
        "author": "valeria.ortiz@participa.test",
        "status": "withdrawn",
        "submitted": ("intake", 2, 9),
        "reviewed": ("intake", 12, 18),
        "reason": WITHDRAWN_REASON,
    },
    # --- Presupuesto Participativo – Medellín: intake and review are over -------------------
    {
        "call": MEDELLIN_CALL["slug"],
        "title": "Senderos peatonales y escaleras seguras en la Comuna 8 – Villa Hermosa",
        "summary": (
            "Rehabilitar senderos y escaleras de los barrios de ladera de Villa Hermosa con "
            "pasamanos, iluminación y drenaje, para caminar seguros de día y de noche."
        ),
        "problem": (
            "Los senderos de ladera están deteriorados, sin pasamanos ni luz; con las lluvias se "
            "vuelven peligrosos, sobre todo para personas mayores y niños."
        ),
        "solution": (
            "Rehabilitación de 1.8 km de senderos y escaleras, 120 luminarias, pasamanos y "
            "cunetas, priorizados con la comunidad en los talleres de la comuna."
        ),
        "beneficiaries": (14_000, "Habitantes de los barrios de ladera de la Comuna 8"),
        "theme": "presupuesto-participativo",
        "territory": _comuna("Villa Hermosa"),
        "cost": 1_850_000_000,
        "address": "Barrios de ladera de la Comuna 8 – Villa Hermosa",
        "location": ("6.252400", "-75.548900"),
        "author": "luz.restrepo@participa.test",
        "group": MESA_COMUNA_8,
        "status": "admitted",
        "submitted": ("intake", 10, 15),
        "reviewed": ("review", 2, 10),
        "supporters": [
            "yuliana.zapata@participa.test",
            "sandra.rua@participa.test",
            "carlos.gomez@participa.test",
            "juan.mejia@participa.test",
            "diana.cardona@participa.test",
            CITIZEN_EMAIL,
        ],
        "comments": [
            _comment(
                "juan.mejia@participa.test",
                "En Belén tenemos el mismo problema con las escaleras. ¿Cómo priorizaron los "
                "tramos?",
                ("intake", 20, 19),
                [
                    _comment(
                        "luz.restrepo@participa.test",
                        "Con un recorrido comunitario y el mapa de caídas que levantó la junta de "
                        "acción comunal; lo compartimos con gusto.",
                        ("intake", 21, 10),
                    )
                ],
            ),
        ],
    },
    {
        "call": MEDELLIN_CALL["slug"],
        "title": "Sistema de información de proyectos del barrio (piloto BIPL)",
        "summary": (
            "Capacitar a las organizaciones de la Comuna 8 para registrar y seguir en el Banco de "
            "Información de Proyectos Locales los proyectos de su plan de desarrollo local."
        ),
        "problem": (
            "Las organizaciones no conocen el estado de los proyectos que priorizaron en años "
            "anteriores y se pierde la memoria de lo decidido."
        ),
        "solution": (
            "Ciclo de formación en formulación y gestión de proyectos y mesas mensuales de "
            "seguimiento con la información del Banco de Información de Proyectos Locales."
        ),
        "beneficiaries": (400, "Líderes y organizaciones sociales de la Comuna 8"),
        "theme": "planeacion-local",
        "territory": _comuna("Villa Hermosa"),
        "cost": 320_000_000,
        "author": "yuliana.zapata@participa.test",
        "group": MESA_COMUNA_8,
        "status": "admitted",
        "submitted": ("intake", 15, 11),
        "reviewed": ("review", 2, 11),
        "supporters": ["luz.restrepo@participa.test", "sandra.rua@participa.test"],
    },
    {
        "call": MEDELLIN_CALL["slug"],
        "title": "Ciclorruta de conexión entre Laureles-Estadio y el metro",
        "summary": (
            "Una ciclorruta segregada de 3 km que conecte los barrios de Laureles-Estadio con la "
            "estación del metro, con cicloparqueaderos en colegios y unidades deportivas."
        ),
        "problem": (
            "Quienes van en bicicleta hacia el metro comparten la vía con buses y motos; faltan "
            "cicloparqueaderos seguros."
        ),
        "solution": "Ciclorruta segregada, 150 cicloparqueaderos y cruces semaforizados.",
        "beneficiaries": (22_000, "Residentes, estudiantes y trabajadores de la comuna"),
        "theme": "desarrollo-social",
        "territory": _comuna("Laureles-Estadio"),
        "cost": 2_400_000_000,
        "author": "carlos.gomez@participa.test",
        "status": "admitted",
        "submitted": ("intake", 12, 8),
        "reviewed": ("review", 3, 9),
        "supporters": [
            "juan.mejia@participa.test",
            "hernan.ospina@participa.test",
            "diana.cardona@participa.test",
            CITIZEN_EMAIL,
        ],
        "comments": [
            _comment(
                "hernan.ospina@participa.test",
                "Ojalá se piense también en quienes bajamos de los corregimientos con la bicicleta "
                "en el bus.",
                ("review", 1, 18),
            ),
        ],
    },
    {
        "call": MEDELLIN_CALL["slug"],
        "title": "Escuela de formación en planeación local para jóvenes de Manrique",
        "summary": (
            "Un ciclo de cinco talleres para que jóvenes de Manrique conozcan la ruta de "
            "planeación local y presupuesto participativo y formulen sus propias ideas de "
            "proyecto."
        ),
        "problem": (
            "Los jóvenes participan poco en los encuentros pedagógicos y en la priorización de "
            "los proyectos de su comuna."
        ),
        "solution": (
            "Cinco talleres con la metodología de los encuentros pedagógicos, cápsulas del saber "
            "y acompañamiento para formular ideas de proyecto."
        ),
        "beneficiaries": (300, "Jóvenes de 14 a 28 años de la Comuna 3 – Manrique"),
        "theme": "planeacion-local",
        "territory": _comuna("Manrique"),
        "cost": 180_000_000,
        "author": "yuliana.zapata@participa.test",
        "status": "admitted",
        "submitted": ("intake", 18, 14),
        "reviewed": ("review", 4, 15),
        "supporters": ["sandra.rua@participa.test", "luz.restrepo@participa.test", "carlos.gomez@participa.test"],
    },
    {
        "call": MEDELLIN_CALL["slug"],
        "title": "Huertas comunitarias y mercado campesino en Santa Elena",
        "summary": (
            "Fortalecer diez huertas comunitarias del corregimiento y un mercado campesino "
            "mensual que acerque la producción local a la ciudad."
        ),
        "problem": "Las familias campesinas venden a intermediarios a bajo precio.",
        "solution": "Insumos, formación agroecológica y la dotación de un mercado campesino itinerante.",
        "beneficiaries": (1_100, "Familias campesinas del corregimiento de Santa Elena"),
        "theme": "desarrollo-social",
        "territory": _corregimiento("Santa Elena"),
        "cost": 650_000_000,
        "author": "hernan.ospina@participa.test",
        "status": "admitted",
        "submitted": ("intake", 22, 10),
        "reviewed": ("review", 3, 16),
        "supporters": ["diana.cardona@participa.test", "juan.mejia@participa.test"],
        "comments": [
            _comment(
                "diana.cardona@participa.test",
                "En San Antonio de Prado también hay huertas: ¿podría el mercado rotar entre los "
                "corregimientos?",
                ("review", 2, 9),
                [
                    _comment(
                        "hernan.ospina@participa.test",
                        "Esa es la idea del mercado itinerante. Hablemos en el próximo taller.",
                        ("review", 2, 20),
                    )
                ],
            ),
        ],
    },
    {
        "call": MEDELLIN_CALL["slug"],
        "title": "Parque lineal de quebrada en San Antonio de Prado",
        "summary": (
            "Recuperar el borde de una quebrada del corregimiento como parque lineal con "
            "senderos, siembra de especies nativas y puntos de encuentro."
        ),
        "problem": "El cauce recibe escombros y basura y se desborda en temporada de lluvias.",
        "solution": "Limpieza del cauce, reforestación de las orillas y un sendero de 1.2 km.",
        "beneficiaries": (8_500, "Habitantes de la cabecera de San Antonio de Prado"),
        "theme": "presupuesto-participativo",
        "territory": _corregimiento("San Antonio de Prado"),
        "cost": 1_300_000_000,
        "author": "diana.cardona@participa.test",
        "status": "admitted",
        "submitted": ("intake", 25, 16),
        "reviewed": ("review", 5, 10),
        "supporters": ["hernan.ospina@participa.test"],
    },
    {
        "call": MEDELLIN_CALL["slug"],
        "title": "Alumbrado y cámaras en el parque principal de Belén",
        "summary": "Mejorar la iluminación del parque principal de Belén y sus alrededores.",
        "problem": "De noche el parque es oscuro y la gente deja de usarlo.",
        "solution": "Luminarias LED y poda del arbolado que tapa la luz.",
        "beneficiaries": (12_000, "Habitantes de la Comuna 16 – Belén"),
        "theme": "desarrollo-social",
        "territory": _comuna("Belén"),
        "cost": 420_000_000,
        "author": "juan.mejia@participa.test",
        "status": "admitted",
        "submitted": ("intake", 30, 11),
        "reviewed": ("review", 5, 14),
    },
    {
        "call": MEDELLIN_CALL["slug"],
        "title": "Dotación de la biblioteca comunitaria de Popular",
        "summary": "Libros, computadores y mobiliario para la biblioteca comunitaria del barrio.",
        "problem": "La biblioteca tiene pocos libros y equipos muy antiguos.",
        "solution": "Compra de 2.000 libros, 20 computadores y mobiliario.",
        "beneficiaries": (3_000, "Estudiantes y familias de la Comuna 1 – Popular"),
        "theme": "desarrollo-social",
        "territory": _comuna("Popular"),
        "cost": 250_000_000,
        "author": "sandra.rua@participa.test",
        "status": "rejected",
        "submitted": ("intake", 14, 9),
        "reviewed": ("review", 4, 11),
        "reason": REJECTION_LIBRARY,
    },
    # --- Plan Estratégico Metropolitano (2014): concluded --------------------------------------
    {
        "call": PEM_CALL["slug"],
        "title": "Red metropolitana de ciclovías de La Laguna",
        "summary": (
            "Una red de ciclovías que conecte Torreón, Gómez Palacio y Lerdo, con prioridad en "
            "las rutas hacia universidades y zonas industriales."
        ),
        "problem": (
            "La movilidad no motorizada no tiene infraestructura continua entre los municipios "
            "de la zona metropolitana."
        ),
        "solution": (
            "Trazo metropolitano de 60 km en tres etapas, con normas comunes de diseño y una "
            "instancia de coordinación metropolitana."
        ),
        "beneficiaries": (250_000, "Habitantes de la Zona Metropolitana de La Laguna"),
        "theme": "movilidad-y-transporte",
        "territory": _municipio("Torreón"),
        "cost": 90_000_000,
        "author": "diego.saucedo@participa.test",
        "status": "admitted",
        "submitted": ("intake", 20, 10),
        "reviewed": ("intake", 50, 12),
    },
    {
        "call": PEM_CALL["slug"],
        "title": "Sistema Metropolitano de Indicadores abierto",
        "summary": (
            "Publicar en datos abiertos los indicadores de la zona metropolitana, a nivel ciudad, "
            "estatal y nacional, para dar seguimiento al Plan Estratégico."
        ),
        "problem": "La información para evaluar el desarrollo metropolitano está dispersa.",
        "solution": (
            "Un sistema de indicadores por categoría, actualizado y descargable, con monitores "
            "temáticos."
        ),
        "beneficiaries": (1_200_000, "Población de la Zona Metropolitana de La Laguna"),
        "theme": "buen-gobierno",
        "territory": _municipio("Torreón"),
        "cost": 3_500_000,
        "author": "ana.villarreal@participa.test",
        "status": "admitted",
        "submitted": ("intake", 35, 17),
        "reviewed": ("intake", 60, 10),
    },
    {
        "call": PEM_CALL["slug"],
        "title": "Red de infraestructura verde metropolitana",
        "summary": (
            "Planificar una red de espacios naturales y seminaturales que integre el ecosistema "
            "urbano de La Laguna con su entorno natural."
        ),
        "problem": "La zona metropolitana tiene poca área verde por habitante y mal distribuida.",
        "solution": (
            "Un plan de infraestructura verde para conservar, restaurar y aumentar los servicios "
            "ecosistémicos, con corredores verdes entre municipios."
        ),
        "beneficiaries": (1_200_000, "Población de la Zona Metropolitana de La Laguna"),
        "theme": "sustentabilidad",
        "territory": _municipio("Gómez Palacio"),
        "cost": 12_000_000,
        "author": "hector.rangel@participa.test",
        "status": "admitted",
        "submitted": ("intake", 40, 12),
        "reviewed": ("intake", 62, 11),
    },
]


# --- a concluded vote: ballots, workshop codes, paper and results -------------------------------

#: The projects on the three ballots of VOTED_CALL, keyed by "key". All passed technical evaluation.
VOTED_PROPOSALS = [
    {
        "key": "ce-ciclovia",
        "title": "Primeros tramos de la red de infraestructura ciclista en el Centro Histórico",
        "summary": (
            "Construir los primeros tramos de corto plazo de la Red de Infraestructura ciclista del "
            "Plan de Movilidad Activa en las calles del primer cuadro."
        ),
        "problem": "Quienes se mueven en bicicleta por el centro comparten carril con autobuses y automóviles.",
        "solution": (
            "Carriles confinados, biciestacionamientos y cruces seguros en los tramos que el Plan "
            "de Movilidad Activa señala para el corto plazo."
        ),
        "beneficiaries": (8_000, "Ciclistas y peatones del primer cuadro"),
        "theme": "movilidad-y-transporte",
        "territory": CENTRO,
        "cost": 500_000,
        "author": "patricia.esparza@participa.test",
    },
    {
        "key": "ce-fachadas",
        "title": "Iluminación peatonal de los corredores del Centro Histórico",
        "summary": "Luminarias peatonales en los corredores que unen las plazas del Centro Histórico.",
        "problem": "Varios corredores del centro están oscuros y poco transitados por la noche.",
        "solution": "Luminarias de bajo consumo a la altura del peatón, acordes con el patrimonio del centro.",
        "beneficiaries": (10_000, "Habitantes, comercios y visitantes del centro"),
        "theme": "entorno-urbano",
        "territory": CENTRO,
        "cost": 300_000,
        "author": "marisol.campos@participa.test",
    },
    {
        "key": "ce-arbolado",
        "title": "Arbolado y sombra en las banquetas del primer cuadro",
        "summary": "Plantar árboles nativos y crear áreas de sombra en las banquetas más transitadas del centro.",
        "problem": "Las banquetas del centro tienen poca sombra y se calientan mucho en verano.",
        "solution": "Siembra de árboles nativos con cajetes y riego, y mantenimiento durante dos años.",
        "beneficiaries": (12_000, "Personas que caminan por el primer cuadro"),
        "theme": "sustentabilidad",
        "territory": CENTRO,
        "cost": 400_000,
        "author": "marisol.campos@participa.test",
    },
    {
        "key": "ce-fichas",
        "title": "Fichas informativas de la historia del Centro Histórico en sus calles",
        "summary": (
            "Placas con la historia, los sitios de interés y el mobiliario urbano de la colonia, "
            "a partir de los Indicadores Básicos por Colonia."
        ),
        "problem": "Vecinos y visitantes conocen poco la historia de las calles y edificios del centro.",
        "solution": "Placas con código QR que enlazan a las fichas informativas de la colonia.",
        "beneficiaries": (5_000, "Vecinos, estudiantes y visitantes"),
        "theme": "desarrollo-social",
        "territory": CENTRO,
        "cost": 150_000,
        "author": "patricia.esparza@participa.test",
    },
    {
        "key": "ce-bolsillo",
        "title": "Parque de bolsillo en un predio baldío del centro",
        "summary": "Convertir un predio baldío usado como tiradero en un parque de bolsillo con bancas y sombra.",
        "problem": "Los predios baldíos del centro acumulan basura, como documentaron estudiantes en la Semana i.",
        "solution": "Un parque de bolsillo conectado con los corredores peatonales, como propone la Red de Espacios Públicos.",
        "beneficiaries": (3_000, "Vecinos de las manzanas cercanas"),
        "theme": "entorno-urbano",
        "territory": CENTRO,
        "cost": 300_000,
        "author": "marisol.campos@participa.test",
    },
    {
        "key": "co-parque",
        "title": "Rehabilitación de la plaza de la colonia Primera de Cobián",
        "summary": "Juegos infantiles accesibles, bancas y sombra en la plaza de la colonia.",
        "problem": "Los juegos de la plaza están deteriorados y no son accesibles.",
        "solution": "Renovar juegos con diseño accesible, piso de seguridad y árboles para sombra.",
        "beneficiaries": (2_500, "Niñas, niños y familias de Primera de Cobián"),
        "theme": "entorno-urbano",
        "territory": COBIAN,
        "cost": 350_000,
        "author": "jorge.trevino@participa.test",
    },
    {
        "key": "co-composta",
        "title": "Composteras comunitarias para los residuos orgánicos",
        "summary": "Composteras y talleres de separación de residuos en tres puntos de la colonia.",
        "problem": "Los residuos orgánicos de los hogares terminan en la basura común.",
        "solution": "Composteras vecinales, talleres mensuales y uso de la composta en las áreas verdes.",
        "beneficiaries": (800, "Familias de Primera de Cobián"),
        "theme": "sustentabilidad",
        "territory": COBIAN,
        "cost": 250_000,
        "author": "jorge.trevino@participa.test",
    },
    {
        "key": "co-cruces",
        "title": "Cruces peatonales seguros hacia las escuelas de la colonia",
        "summary": "Cruces elevados y señalización en las calles que recorren estudiantes para llegar a la escuela.",
        "problem": "Los cruces cercanos a las escuelas no tienen señalización y los autos pasan rápido.",
        "solution": "Cruces elevados, pintura y señalamiento vertical en cuatro intersecciones.",
        "beneficiaries": (1_500, "Estudiantes y familias de la colonia"),
        "theme": "movilidad-y-transporte",
        "territory": COBIAN,
        "cost": 300_000,
        "author": "jorge.trevino@participa.test",
    },
    {
        "key": "co-cancha",
        "title": "Techado de la cancha de usos múltiples",
        "summary": "Techar la cancha para usarla en los meses de más calor.",
        "problem": "La cancha queda sin uso al mediodía en verano por el calor.",
        "solution": "Una cubierta metálica con captación de agua de lluvia.",
        "beneficiaries": (4_000, "Deportistas y vecinos de Primera de Cobián"),
        "theme": "desarrollo-social",
        "territory": COBIAN,
        "cost": 600_000,
        "author": "jorge.trevino@participa.test",
    },
    {
        "key": "mo-banquetas",
        "title": "Banquetas accesibles en las calles principales de la colonia Moderna",
        "summary": "Rampas y banquetas continuas para personas con movilidad reducida.",
        "problem": "Las banquetas tienen desniveles y obstáculos que impiden caminar con silla de ruedas o carriola.",
        "solution": "Rampas en esquinas y reparación de banquetas en las calles más transitadas.",
        "beneficiaries": (6_000, "Vecinos de la colonia Moderna"),
        "theme": "movilidad-y-transporte",
        "territory": MODERNA,
        "cost": 450_000,
        "author": "ramon.aguirre@participa.test",
    },
    {
        "key": "mo-taller",
        "title": "Talleres de oficios para jóvenes de la colonia Moderna",
        "summary": "Talleres de electricidad, carpintería y reparación de bicicletas para jóvenes.",
        "problem": "Las y los jóvenes de la colonia tienen pocas opciones de capacitación cercanas.",
        "solution": "Talleres semanales en el centro comunitario con instructores de la zona.",
        "beneficiaries": (300, "Jóvenes de 15 a 29 años"),
        "theme": "desarrollo-social",
        "territory": MODERNA,
        "cost": 200_000,
        "author": "valeria.ortiz@participa.test",
    },
    {
        "key": "mo-verde",
        "title": "Camellón verde con riego por goteo",
        "summary": "Reforestar el camellón principal con especies nativas y riego por goteo.",
        "problem": "El camellón principal es de tierra suelta y levanta polvo.",
        "solution": "Especies nativas de bajo consumo de agua y riego por goteo con mantenimiento vecinal.",
        "beneficiaries": (6_000, "Vecinos de la colonia Moderna"),
        "theme": "sustentabilidad",
        "territory": MODERNA,
        "cost": 350_000,
        "author": "valeria.ortiz@participa.test",
    },
]

#: How each colonia voted: (number of ballots, [project keys]). Each group's ballots are split
#: among the channels: about 60 % online, 25 % with workshop codes and the rest on paper.
VOTED_BALLOTS = {
    CENTRO: [
        (70, ["ce-ciclovia", "ce-fachadas", "ce-arbolado"]),
        (40, ["ce-fichas", "ce-bolsillo"]),
        (15, ["ce-arbolado", "ce-fichas"]),
    ],
    COBIAN: [
        (45, ["co-parque", "co-composta", "co-cruces"]),
        (30, ["co-parque", "co-cancha"]),
        (15, ["co-composta"]),
    ],
    MODERNA: [
        (30, ["mo-banquetas", "mo-verde"]),
        (20, ["mo-taller", "mo-verde"]),
        (10, ["mo-banquetas"]),
    ],
}

#: The people who voted online: generated citizens without a usable password (never printed).
VOTER_FIRST_NAMES = [
    "Alejandra", "Andrés", "Beatriz", "Carlos", "Claudia", "Daniel", "Estela", "Fernando",
    "Gabriela", "Guadalupe", "Jesús", "Karla", "Luis", "Mariana", "Miguel", "Norma", "Óscar",
    "Rocío", "Sergio", "Verónica",
]
VOTER_LAST_NAMES = [
    "Aguilar", "Castañeda", "Cepeda", "De la Fuente", "Espinoza", "Flores", "García", "Hernández",
    "Ibarra", "Martínez", "Morales", "Muñoz", "Ramos", "Reyes", "Rodríguez", "Salazar", "Valdés",
    "Zamora",
]

#: The workshop of each colonia: (name, place, days after the vote opens).
VOTED_SESSIONS = {
    CENTRO: ("Jornada de votación en el Centro Histórico", "IMPLAN Torreón", 15),
    COBIAN: ("Taller de votación en Primera de Cobián", "Plaza de la colonia Primera de Cobián", 12),
    MODERNA: ("Taller de votación en la colonia Moderna", "Centro comunitario de la colonia Moderna", 18),
}

VOTED_RESULTS_PAGE = {
    "slug": "resultados-presupuesto-por-colonia",
    "title": "Resultados del presupuesto por colonia",
    "summary": (
        "Los proyectos que eligieron los vecinos del Centro Histórico, Primera de Cobián y la "
        "colonia Moderna, cómo se calcularon y qué habría cambiado con la regla tradicional por "
        "votos."
    ),
    "body": [
        paragraph(
            "<p>La votación de demostración cerró con papeletas en línea, con códigos de taller y "
            "en papel. Los resultados se calcularon con el <b>Método de Partes Iguales</b>: el "
            "techo de cada colonia se repartió en partes iguales entre quienes votaron y cada "
            "proyecto se pagó con las partes de quienes lo eligieron.</p>"
        ),
        {
            "type": "quote",
            "value": (
                "Proyectos ciudadanos de calidad y de impacto positivo en la calidad de vida de "
                "los laguneros."
            ),
        },
        heading("Resultados por colonia"),
        paragraph(
            "<p>Las cifras de las tablas salen directamente del conteo: el equipo editorial solo "
            "escribe los comentarios. Cada tabla se puede descargar en CSV, en hoja de cálculo y "
            "en formato pabulib, con las papeletas anónimas para que cualquiera pueda verificar "
            "el conteo.</p>"
        ),
        {"type": "results_table", "value": {"territory": None, "show_chart": True}},
        heading("Seguimiento"),
        paragraph(
            "<p>Los proyectos ganadores se registran en el Banco Municipal de Proyectos de "
            "Inversión (BMPI), que resguarda la información a lo largo del tiempo, y el Sistema de "
            "Evaluación y Seguimiento de Proyectos (SESP) monitorea su estado.</p>"
        ),
    ],
}


# --- an open vote: two colonias of Torreón, knapsack ballots -------------------------------------

#: The projects on the ballots of OPEN_VOTE_CALL (all passed technical evaluation), keyed by "key".
OPEN_VOTE_PROPOSALS = [
    {
        "key": "tv-historia",
        "title": "Placas y recorrido de la historia de Torreón Viejo",
        "summary": (
            "Placas con la historia de la colonia y un recorrido señalizado por sus sitios de "
            "interés, con la información de las fichas de los Indicadores Básicos por Colonia."
        ),
        "problem": (
            "Torreón Viejo es una de las colonias más antiguas de la ciudad, pero sus vecinos y "
            "visitantes no conocen su historia ni sus sitios de interés."
        ),
        "solution": (
            "Doce placas informativas y un recorrido señalizado, con textos revisados por el "
            "IMPLAN y el cronista municipal."
        ),
        "beneficiaries": (4_500, "Habitantes y visitantes de Torreón Viejo"),
        "theme": "entorno-urbano",
        "territory": TORREON_VIEJO,
        "cost": 180_000,
        "author": "diego.saucedo@participa.test",
    },
    {
        "key": "tv-encharcamientos",
        "title": "Rejillas pluviales en las calles que se encharcan de Torreón Viejo",
        "summary": (
            "Rejillas y pozos de absorción en los cruces donde el agua de lluvia se estanca, "
            "según la capa de encharcamientos del Sistema de Información Geográfica del IMPLAN."
        ),
        "problem": (
            "Con cada lluvia fuerte varios cruces de la colonia quedan bajo el agua durante días: "
            "se dañan las calles y no se puede caminar."
        ),
        "solution": "Rejillas pluviales y pozos de absorción en los seis cruces más afectados.",
        "beneficiaries": (3_200, "Vecinos de las calles que se encharcan"),
        "theme": "entorno-urbano",
        "territory": TORREON_VIEJO,
        "cost": 420_000,
        "author": "jorge.trevino@participa.test",
    },
    {
        "key": "tv-plaza",
        "title": "Sombra y bancas para la plaza de Torreón Viejo",
        "summary": (
            "Rehabilitar la plaza de la colonia con sombra, bancas y bebederos, como un nodo de la "
            "Red de Espacios Públicos."
        ),
        "problem": "La plaza no tiene sombra ni dónde sentarse: de día está vacía por el calor.",
        "solution": "Velarias, bancas, bebederos y árboles de sombra, con mantenimiento vecinal.",
        "beneficiaries": (4_500, "Habitantes de Torreón Viejo"),
        "theme": "entorno-urbano",
        "territory": TORREON_VIEJO,
        "cost": 380_000,
        "author": "marisol.campos@participa.test",
    },
    {
        "key": "tv-banquetas",
        "title": "Banquetas accesibles y cruces seguros hacia la escuela primaria",
        "summary": "Banquetas sin obstáculos, rampas y cruces pintados en las calles que llevan a la escuela.",
        "problem": (
            "Niñas, niños y personas en silla de ruedas caminan por el arroyo vehicular porque las "
            "banquetas están rotas o invadidas."
        ),
        "solution": "Reconstrucción de 400 m de banqueta, 10 rampas y 4 cruces peatonales.",
        "beneficiaries": (650, "Alumnos de la escuela primaria y sus familias"),
        "theme": "movilidad-y-transporte",
        "territory": TORREON_VIEJO,
        "cost": 300_000,
        "author": "diego.saucedo@participa.test",
    },
    {
        "key": "tv-arbolado",
        "title": "Arbolado nativo con riego por goteo en las calles principales",
        "summary": (
            "Plantar árboles nativos con riego por goteo en las calles principales, como primer "
            "tramo de la Red de Infraestructura Verde en la colonia."
        ),
        "problem": "Las calles principales no tienen sombra y el calor del verano castiga a quien camina.",
        "solution": "Ochenta árboles nativos de La Laguna con riego por goteo y cajetes.",
        "beneficiaries": (4_500, "Habitantes de Torreón Viejo"),
        "theme": "sustentabilidad",
        "territory": TORREON_VIEJO,
        "cost": 150_000,
        "author": "jorge.trevino@participa.test",
    },
    {
        "key": "tj-ciclovia",
        "title": "Conexión de Torreón Jardín con la red de infraestructura ciclista",
        "summary": (
            "Un tramo de ciclovía confinada que una la colonia con la Red de Infraestructura "
            "ciclista del Plan de Movilidad Activa."
        ),
        "problem": (
            "Quienes van en bicicleta al trabajo o a la universidad no tienen un trayecto seguro "
            "para salir de la colonia."
        ),
        "solution": "1.2 km de ciclovía confinada, dos cruces semaforizados y biciestacionamientos.",
        "beneficiaries": (2_800, "Ciclistas y estudiantes de Torreón Jardín"),
        "theme": "movilidad-y-transporte",
        "territory": TORREON_JARDIN,
        "cost": 550_000,
        "author": "ana.villarreal@participa.test",
    },
    {
        "key": "tj-rutas-seguras",
        "title": "Rutas seguras e iluminadas para mujeres hacia el transporte público",
        "summary": (
            "Iluminación peatonal y señalización en las calles que llevan a las paradas de "
            "transporte, con base en el diagnóstico de violencia de género del IMPLAN."
        ),
        "problem": (
            "Las vecinas evitan caminar de noche hacia las paradas: las calles están oscuras y "
            "sin vigilancia natural."
        ),
        "solution": "Luminarias peatonales, poda del arbolado que tapa la luz y botones de emergencia.",
        "beneficiaries": (3_600, "Mujeres y personas que usan el transporte público"),
        "theme": "desarrollo-social",
        "territory": TORREON_JARDIN,
        "cost": 400_000,
        "author": "hector.rangel@participa.test",
    },
    {
        "key": "tj-corredor-verde",
        "title": "Corredor verde con especies nativas en el camellón central",
        "summary": "Convertir el camellón central en un corredor verde con especies nativas y andador.",
        "problem": "El camellón es de tierra suelta: levanta polvo y no da sombra.",
        "solution": "Especies nativas de bajo consumo de agua, andador y riego con agua tratada.",
        "beneficiaries": (5_000, "Habitantes de Torreón Jardín"),
        "theme": "sustentabilidad",
        "territory": TORREON_JARDIN,
        "cost": 320_000,
        "author": "hector.rangel@participa.test",
    },
    {
        "key": "tj-reciclaje",
        "title": "Centro de acopio de reciclables y composta vecinal",
        "summary": "Un punto de acopio de reciclables y composteras comunitarias para los residuos orgánicos.",
        "problem": "Buena parte de los residuos de la colonia podría reciclarse o compostarse y va al relleno.",
        "solution": "Contenedores separados, cuatro composteras y talleres de separación de residuos.",
        "beneficiaries": (1_200, "Familias de Torreón Jardín"),
        "theme": "sustentabilidad",
        "territory": TORREON_JARDIN,
        "cost": 180_000,
        "author": "ana.villarreal@participa.test",
    },
    {
        "key": "tj-cancha",
        "title": "Cancha y foro para jóvenes en el parque de Torreón Jardín",
        "summary": (
            "Rehabilitar la cancha del parque y construir un pequeño foro al aire libre para "
            "actividades de jóvenes de la colonia."
        ),
        "problem": "Los jóvenes no tienen un lugar propio para reunirse, hacer deporte o presentar su trabajo.",
        "solution": "Piso y tableros nuevos, gradas, un foro techado y alumbrado.",
        "beneficiaries": (900, "Jóvenes de 12 a 29 años de Torreón Jardín"),
        "theme": "desarrollo-social",
        "territory": TORREON_JARDIN,
        "cost": 260_000,
        "author": "hector.rangel@participa.test",
    },
]

#: Online ballots of generated citizens (they cannot sign in): (number of ballots, [keys]). Every
#: group fits the colonia's ceiling. The demo citizen has not voted: the vote is hers to try.
OPEN_VOTE_BALLOTS = {
    TORREON_VIEJO: [
        (7, ["tv-encharcamientos", "tv-banquetas", "tv-arbolado"]),
        (5, ["tv-plaza", "tv-historia", "tv-arbolado"]),
        (3, ["tv-encharcamientos", "tv-plaza", "tv-historia"]),
    ],
    TORREON_JARDIN: [
        (8, ["tj-ciclovia", "tj-corredor-verde", "tj-reciclaje"]),
        (6, ["tj-rutas-seguras", "tj-cancha", "tj-reciclaje"]),
        (4, ["tj-ciclovia", "tj-rutas-seguras"]),
    ],
}


# --- technical evaluation (SESP) of the Medellín call ----------------------------------------------

#: The call evaluated in the demo: its technical evaluation phase is open now and the vote follows,
#: so the viable proposals go onto their territory's ballot (evaluate, then vote).
EVALUATION_CALL = MEDELLIN_CALL["slug"]
COORDINATOR_EMAIL = "coordinacion@participa.test"
EVALUATOR_EMAIL = "evaluador@participa.test"
#: The second evaluator: staff who cannot sign in (no usable password), not printed.
SECOND_EVALUATOR = {
    "email": "catalina.posada@participa.test",
    "display_name": "Ing. Catalina Posada",
}
SECOND_EVALUATOR_EMAIL = SECOND_EVALUATOR["email"]

#: Dates are days after the call's technical evaluation phase starts (at 9 h): assignment, the
#: coordinator's decisions and moving the decided proposals on.
EVALUATION_ASSIGNED_DAY = 3
EVALUATION_DUE_DAY = 28
EVALUATION_MOVED_DAY = 35


def _scores(economic, social, environmental, technical, plan):
    """(score, justification) per default criterion, in their order."""
    return [economic, social, environmental, technical, plan]


#: Per proposal (by title): each evaluator's evaluation (None: still pending), internal notes,
#: the coordinator's decision and whether it was moved on (published).
EVALUATIONS = [
    {
        "title": "Senderos peatonales y escaleras seguras en la Comuna 8 – Villa Hermosa",
        "evaluations": {
            EVALUATOR_EMAIL: {
                "day": 9,
                "scores": _scores(
                    (4, "El costo por metro (alrededor de $1.000.000 con luminarias, pasamanos y "
                        "cunetas) está en el rango de las obras de senderos de ladera contratadas "
                        "por el municipio; el alumbrado lo mantiene el contrato de alumbrado público."),
                    (5, "Atiende a 14.000 habitantes de los barrios de ladera; el recorrido "
                        "comunitario y el mapa de caídas de la junta de acción comunal muestran una "
                        "necesidad real, priorizada en los talleres de la comuna."),
                    (3, "Obra de bajo impacto; las cunetas reducen la erosión de los taludes. Debe "
                        "gestionar los escombros y evitar la tala en los tramos con vegetación."),
                    (4, "Los senderos son espacio público existente y no requieren compra de "
                        "predios. Tres tramos de pendiente alta necesitan estudio de estabilidad."),
                    (5, "Coincide con la línea de movilidad peatonal segura del Plan de Desarrollo "
                        "Local de la Comuna 8 y con el programa de espacio público del plan municipal."),
                ),
                "cost": 1_850_000_000,
                "months": 10,
            },
            SECOND_EVALUATOR_EMAIL: {
                "day": 12,
                "scores": _scores(
                    (3, "El presupuesto no incluye los estudios de estabilidad de los tres tramos "
                        "de mayor pendiente ni la interventoría; con ellos el costo sube un 4 %."),
                    (5, "Beneficio amplio y directo para personas mayores, niños y niñas que hoy "
                        "caminan por escaleras sin luz ni pasamanos."),
                    (4, "Mejora el drenaje de la ladera y no afecta zonas de protección; se "
                        "recomienda reutilizar el material de demolición en los rellenos."),
                    (4, "Técnicamente ejecutable por etapas; la Secretaría de Infraestructura Física "
                        "ya intervino senderos similares en la comuna."),
                    (4, "Alineado con el Plan de Desarrollo Local; aporta a la meta municipal de "
                        "kilómetros de senderos peatonales rehabilitados."),
                ),
                "cost": 1_920_000_000,
                "cost_explanation": (
                    "Se suman los estudios de estabilidad de taludes de tres tramos ($45.000.000) y "
                    "la interventoría de la obra ($25.000.000)."
                ),
                "months": 12,
            },
        },
        "notes": [
            (
                COORDINATOR_EMAIL,
                "Pedir a la Secretaría de Infraestructura Física el inventario de taludes de la "
                "Comuna 8 antes de firmar el costo validado.",
                14,
            ),
            (
                EVALUATOR_EMAIL,
                "Enviado: el inventario confirma los tres tramos críticos; acepto el costo de la "
                "segunda evaluación con los estudios incluidos.",
                16,
            ),
        ],
        "decision": {
            "day": 30,
            "viable": True,
            "cost": 1_920_000_000,
            "explanation": (
                "Viable. El costo validado incluye los estudios de estabilidad de los tramos de "
                "mayor pendiente y la interventoría."
            ),
        },
        "move_on": True,
    },
    {
        "title": "Sistema de información de proyectos del barrio (piloto BIPL)",
        "evaluations": {
            EVALUATOR_EMAIL: {
                "day": 10,
                "scores": _scores(
                    (4, "Costo moderado: formadores, materiales y doce mesas de seguimiento; no "
                        "genera gastos de mantenimiento para el municipio."),
                    (4, "Fortalece a 400 líderes y organizaciones y recupera la memoria de los "
                        "proyectos priorizados en años anteriores."),
                    (5, "Sin impacto ambiental: es un proceso de formación."),
                    (5, "El Banco de Información de Proyectos Locales ya funciona desde el piloto "
                        "de 2019 en la Comuna 8; el proyecto solo requiere formación y acompañamiento."),
                    (5, "Corresponde al pilar de capacitación en formulación y gestión de proyectos "
                        "del BIPL (Decreto 0697 de 2017)."),
                ),
                "cost": 320_000_000,
                "months": 8,
            },
            SECOND_EVALUATOR_EMAIL: {
                "day": 11,
                "scores": _scores(
                    (4, "Los honorarios de los formadores están dentro de las tarifas de la "
                        "Secretaría de Participación Ciudadana."),
                    (3, "El beneficio es real pero indirecto: depende de que las organizaciones "
                        "usen después la información del banco."),
                    (5, "No tiene efectos ambientales."),
                    (4, "Ejecutable con el equipo territorial del Departamento Administrativo de "
                        "Planeación; conviene fijar indicadores de uso del banco."),
                    (5, "Alineado con el Plan de Desarrollo Local y con la estrategia de monitoreo, "
                        "seguimiento y evaluación de los planes locales."),
                ),
                "cost": 320_000_000,
                "months": 8,
            },
        },
        "decision": {"day": 31, "viable": True, "cost": 320_000_000, "explanation": ""},
        "move_on": True,
    },
    {
        "title": "Ciclorruta de conexión entre Laureles-Estadio y el metro",
        "evaluations": {
            EVALUATOR_EMAIL: {
                "day": 13,
                "scores": _scores(
                    (4, "El costo por kilómetro es comparable con las ciclorrutas segregadas "
                        "construidas en la ciudad en los últimos años."),
                    (4, "Beneficia a 22.000 residentes, estudiantes y trabajadores que se mueven "
                        "hacia el metro."),
                    (5, "Favorece la movilidad sin emisiones y reduce viajes en moto y automóvil."),
                    (3, "El trazado propuesto es viable en la mayor parte; dos cruces requieren "
                        "aval de la Secretaría de Movilidad."),
                    (5, "Contribuye a la red de ciclorrutas del plan municipal y a la meta de "
                        "viajes en bicicleta."),
                ),
                "cost": 2_400_000_000,
                "months": 14,
            },
            SECOND_EVALUATOR_EMAIL: {
                "day": 18,
                "scores": _scores(
                    (1, "El costo está subestimado: los dos cruces semaforizados y la reubicación "
                        "de redes de servicios públicos no están presupuestados."),
                    (3, "El beneficio existe, pero buena parte de los usuarios vendría de otras "
                        "comunas; el tarjetón es de Laureles-Estadio."),
                    (4, "Impacto ambiental positivo, aunque el trazado afecta doce árboles del "
                        "separador que habría que compensar."),
                    (2, "Una parte del trazado coincide con una ciclorruta que la Secretaría de "
                        "Movilidad ya tiene en diseño; habría que integrarlas."),
                    (2, "Alineación parcial: la red metropolitana de ciclorrutas ya prevé ese "
                        "corredor con recursos ordinarios."),
                ),
                "cost": 3_100_000_000,
                "cost_explanation": (
                    "Se añaden dos cruces semaforizados ($380.000.000) y la reubicación de redes "
                    "de servicios públicos ($320.000.000) que el presupuesto no contemplaba."
                ),
                "months": 18,
            },
        },
        "notes": [
            (
                COORDINATOR_EMAIL,
                "Las dos evaluaciones difieren mucho (costo y coincidencia con la ciclorruta en "
                "diseño). Antes de decidir: visita de campo con la Secretaría de Movilidad y una "
                "tercera opinión.",
                20,
            ),
        ],
    },
    {
        "title": "Escuela de formación en planeación local para jóvenes de Manrique",
        "due_day": 45,  # extended: the evaluator still has it pending
        "evaluations": {
            EVALUATOR_EMAIL: None,
            SECOND_EVALUATOR_EMAIL: {
                "day": 15,
                "scores": _scores(
                    (4, "Costo bajo y razonable para cinco talleres con materiales y refrigerios."),
                    (4, "Atiende la baja participación de los jóvenes en los encuentros "
                        "pedagógicos de la comuna."),
                    (3, "Sin impacto ambiental relevante; se sugiere material digital en lugar de "
                        "impreso."),
                    (4, "Puede ejecutarse con la metodología de los encuentros pedagógicos y las "
                        "cápsulas del saber que ya existen."),
                    (5, "Responde al componente de pedagogía de la Ruta de Planeación Local y "
                        "Presupuesto Participativo."),
                ),
                "cost": 180_000_000,
                "months": 6,
            },
        },
    },
    {
        "title": "Huertas comunitarias y mercado campesino en Santa Elena",
        "evaluations": {
            EVALUATOR_EMAIL: {
                "day": 17,
                "scores": _scores(
                    (3, "Los insumos y la formación están bien costeados; la dotación del mercado "
                        "itinerante necesita un plan de sostenimiento después del primer año."),
                    (5, "Mejora el ingreso de 1.100 familias campesinas al vender sin "
                        "intermediarios."),
                    (5, "La agroecología reduce el uso de agroquímicos y protege los suelos del "
                        "corregimiento."),
                    (4, "Las huertas ya existen; el mercado requiere permiso de uso del espacio "
                        "público en cada sede."),
                    (4, "Coincide con el Plan de Desarrollo Local de Santa Elena en desarrollo "
                        "rural y seguridad alimentaria."),
                ),
                "cost": 650_000_000,
                "months": 12,
            },
            SECOND_EVALUATOR_EMAIL: {
                "day": 19,
                "scores": _scores(
                    (4, "Costo acorde con proyectos similares de la Secretaría de Desarrollo "
                        "Económico."),
                    (4, "Beneficio amplio en el corregimiento; el mercado puede rotar entre los "
                        "corregimientos, como propone la comunidad."),
                    (4, "Impacto positivo: circuitos cortos de comercialización y compostaje."),
                    (4, "Ejecutable con las asociaciones campesinas que ya operan las huertas."),
                    (4, "Alineado con los programas de desarrollo rural del plan municipal."),
                ),
                "cost": 650_000_000,
                "months": 12,
            },
        },
        "decision": {"day": 32, "viable": True, "cost": 650_000_000, "explanation": ""},
        "move_on": False,  # decided, waiting for the coordinator to move it on
    },
    {
        "title": "Parque lineal de quebrada en San Antonio de Prado",
        "evaluations": {
            EVALUATOR_EMAIL: {
                "day": 20,
                "scores": _scores(
                    (2, "El presupuesto no contempla las obras hidráulicas de protección que "
                        "exigiría construir junto al cauce."),
                    (4, "La comunidad necesita espacio público y la recuperación de la quebrada "
                        "es una demanda sentida."),
                    (3, "La limpieza y la reforestación son positivas, pero el sendero y los puntos "
                        "de encuentro ocupan la faja de retiro de la quebrada."),
                    (1, "El trazado queda dentro del retiro de la quebrada, suelo de protección con "
                        "amenaza alta por inundación en el POT: no puede construirse como se plantea."),
                    (3, "La recuperación de quebradas está en el plan, pero como intervención "
                        "ambiental, no como parque con infraestructura en el retiro."),
                ),
                "cost": 1_300_000_000,
                "months": 12,
            },
            SECOND_EVALUATOR_EMAIL: {
                "day": 22,
                "scores": _scores(
                    (2, "Faltan los costos de los estudios hidrológicos y de las obras de "
                        "mitigación."),
                    (4, "Beneficiaría a 8.500 habitantes de la cabecera del corregimiento."),
                    (3, "Favorable en reforestación; desfavorable por la ocupación del cauce."),
                    (1, "La autoridad ambiental no otorga permiso de ocupación de cauce para un "
                        "sendero y mobiliario en zona de amenaza alta; el proyecto no es ejecutable."),
                    (2, "Alineación débil: el Plan de Ordenamiento Territorial protege ese retiro."),
                ),
                "cost": 1_300_000_000,
                "months": 14,
            },
        },
        "decision": {
            "day": 32,
            "viable": False,
            "explanation": (
                "No es viable como se formuló: el sendero y los puntos de encuentro quedan dentro "
                "de la faja de retiro de la quebrada, un suelo de protección con amenaza alta por "
                "inundación en el Plan de Ordenamiento Territorial, y las dos evaluaciones técnicas "
                "coinciden en que no puede construirse allí. La limpieza del cauce y la "
                "reforestación de las orillas pueden presentarse como un proyecto ambiental en la "
                "próxima convocatoria."
            ),
        },
        "move_on": True,
    },
    {
        "title": "Alumbrado y cámaras en el parque principal de Belén",
        "due_day": 38,  # overdue for the evaluator
        "evaluations": {
            EVALUATOR_EMAIL: None,
            SECOND_EVALUATOR_EMAIL: {
                "day": 21,
                "scores": _scores(
                    (3, "El costo de las luminarias LED es correcto; las cámaras del título no "
                        "aparecen en la solución ni en el presupuesto."),
                    (4, "Recuperar el uso nocturno del parque beneficia a toda la comuna."),
                    (3, "Las luminarias LED reducen el consumo; la poda debe hacerla la entidad "
                        "competente y sin afectar la salud de los árboles."),
                    (4, "Ejecutable con el operador de alumbrado público; las cámaras corresponden "
                        "a la Secretaría de Seguridad y no al presupuesto participativo."),
                    (3, "Alineación media con el programa de espacio público seguro."),
                ),
                "cost": 420_000_000,
                "months": 5,
            },
        },
    },
]
