"""The calendar of a call (phases and workshops) as an iCalendar file people add to their agenda."""

from icalendar import Calendar, Event


def call_calendar(*, call, phases, events, url, host, phase_label):
    """iCalendar bytes: one entry per phase and per workshop. `phase_label(kind)` names a phase."""
    calendar = Calendar()
    calendar.add("prodid", f"-//Participa//{host}//ES")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", call.title)
    for phase in phases:
        entry = Event()
        entry.add("uid", f"call-{call.pk}-phase-{phase.kind}@{host}")
        entry.add("summary", f"{phase_label(phase.kind)} · {call.title}")
        entry.add("dtstart", phase.starts_at)
        entry.add("dtend", phase.ends_at)
        if phase.description:
            entry.add("description", phase.description)
        entry.add("url", url)
        calendar.add_component(entry)
    for event in events:
        entry = Event()
        entry.add("uid", f"call-{call.pk}-event-{event.pk}@{host}")
        entry.add("summary", f"{event.title} · {call.title}")
        entry.add("dtstart", event.starts_at)
        if event.place:
            entry.add("location", event.place)
        if event.description:
            entry.add("description", event.description)
        entry.add("url", url)
        calendar.add_component(entry)
    return calendar.to_ical()
