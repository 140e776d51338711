"""Demo content for `manage.py seed_demo`, taken from the seed documents (IMPLAN Torreón and
Medellín's Departamento Administrativo de Planeación).

Pure data plus a few helpers: the command in `portal/management/commands/seed_demo.py` writes it
to the database idempotently. StreamField content is given in Wagtail's raw JSON form
(``{"type": ..., "value": ...}``) so that it can be compared with what is stored.

Facts (figures, dates, names, norms) come from the seeds; connecting phrases are neutral. The
rules, amounts and dates of the two *open* calls are illustrative and the pages say so.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from portal.roles import EDITORS as EDITORS_GROUP  # noqa: F401 (used by the command)
from portal.roles import EVALUATORS as EVALUATORS_GROUP  # noqa: F401

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

#: (municipality, kind, code, name) of every demo territory.
TERRITORIES = (
    [("Medellín", "comuna", code, name) for code, name in MEDELLIN_COMUNAS]
    + [("Medellín", "corregimiento", code, name) for code, name in MEDELLIN_CORREGIMIENTOS]
    + [("Torreón", "colonia", "", name) for name in TORREON_COLONIAS]
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

#: Main navigation: (label, page key or None, url).
NAVIGATION = [
    ("Convocatorias", "calls", ""),
    ("Aprende", "guides", ""),
    ("Buscar", None, "/buscar/"),
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
        ("review", -60, -40, "Revisión de las ideas de proyecto formuladas."),
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

CALLS = [PEM_CALL, CITIZEN_CALL, MEDELLIN_CALL]


# --- demo accounts ----------------------------------------------------------------------------

#: Roles: citizen, editor, evaluator, admin.
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
        "email": "admin@participa.test",
        "role": "admin",
        "label": "Administración (superusuario)",
        "display_name": "Administración",
        "is_staff": True,
        "is_superuser": True,
    },
]


