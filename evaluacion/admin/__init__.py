"""The technical evaluation (SESP) in the Wagtail admin, registered by `evaluacion.wagtail_hooks`.

- `base`: the staff base view of these screens (who may open them, breadcrumbs);
- `forms`: criteria, assignment, scoring, notes and decision forms;
- `views`: the coordinator's and the evaluator's screens, and the evaluation sheet;
- `reports`: progress and scored proposals (Wagtail reports, with export);
- `panels`: the dashboard panel «Mis evaluaciones pendientes»;
- `menu`: the «Evaluación técnica» menu and its items;
- `urls`: the URL patterns, under /admin/evaluacion/ (namespace `evaluacion`).

Who sees what:
- coordinators (`evaluacion.coordinate_evaluation`): calls, criteria, assignment, decisions,
  moving proposals on, the ranking, the evaluation sheets and the reports;
- evaluators: their own assignments only (the list, the scoring form, notes on those proposals).
  Another person's evaluation answers 404; coordinator screens refuse (Wagtail's redirect to the
  admin home with a message).

Refusals from the services become form errors or messages (status 400/409); nothing is saved.
"""
