"""People screens for factory HR, trainers and programme staff. Each one starts from
`people_visible_to` / `factories_visible_to`, so HR of one factory never reaches another's people."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache

from .forms import PeopleFilterForm, RosterImportForm
from .models import Person
from .panels import PERSON_PAGE_PANELS, panels_for
from .permissions import (
    factories_visible_to,
    people_visible_to,
    people_whose_sign_in_is_managed_by,
    require_people_screens,
)
from .resources import EXPORT_FORMATS, roster_download
from .roster import COLUMNS, LABELS, RosterFileError, roster_import
from .roster_template import CONTENT_TYPE, FILENAME, roster_template_bytes
from .selectors import NO_PIN, SEARCH_FIELDS, people_list

PAGE_SIZE = 50


@login_required
def person_list(request):
    require_people_screens(request.user)
    form = PeopleFilterForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        people = Person.objects.none()  # a search it cannot do finds nobody, never everybody
    else:
        filters = form.cleaned_data if form.is_bound else {}
        people = people_list(user=request.user, **{name: filters[name] for name in SEARCH_FIELDS if filters.get(name)})
    # The paginator counts the matching people once; the page's own query reads only its rows.
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    # One query for the whole page: whose login cards this user may print.
    cards_allowed = set(
        people_whose_sign_in_is_managed_by(request.user)
        .filter(pk__in=[person.pk for person in page])
        .order_by()
        .values_list("pk", flat=True)
    )
    # Whether the user sees one factory only (HR), from two rows at most rather than a count of all.
    factories = list(factories_visible_to(request.user)[:2])
    return render(
        request,
        "people/person_list.html",
        {
            "form": form,
            "page": page,
            "cards_allowed": cards_allowed,
            # The rows with a tick box, for "select all on this page" (which works without a script too).
            "page_ids": [person.pk for person in page if person.pk in cards_allowed],
            "query": _query_without_page(request),
            "single_factory": factories[0] if len(factories) == 1 else None,
            # An account locked by wrong PINs is flagged until the lock runs out.
            "now": timezone.now(),
        },
    )


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def person_detail(request, pk: int):
    require_people_screens(request.user)
    person = get_object_or_404(people_visible_to(request.user).select_related("factory", "department"), pk=pk)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "employments": person.employments.select_related("factory").all(),
            # Sign-in, training and whatever other apps register, without this app importing them.
            "panels": panels_for(PERSON_PAGE_PANELS, request, person=person),
        },
    )


@never_cache
@login_required
def roster_import_view(request):
    require_people_screens(request.user)
    form = RosterImportForm(request.POST or None, request.FILES or None, user=request.user)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = roster_import(
                factory=form.cleaned_data["factory"],
                content=upload.read(),
                filename=upload.name,
                full=form.cleaned_data["full"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except RosterFileError as error:
            form.add_error("file", str(error))
    return render(
        request,
        "people/roster_import.html",
        {
            "form": form,
            "result": result,
            # Each column as HR reads it (the label the template and exports write), the name the file
            # may use instead, and what to write in it.
            "columns": [(name, LABELS[name], meaning) for name, meaning in COLUMNS.items()],
            # Where HR goes next: the factory's people with no PIN yet (the new ones among them), to
            # choose them and print their login cards.
            "cards_url": _people_without_pin_url(form.cleaned_data.get("factory")) if result is not None else "",
        },
        status=422 if result is not None and not result.ok else 200,
    )


def _people_without_pin_url(factory) -> str:
    if factory is None:
        return ""
    return f"{reverse('people:person_list')}?{urlencode({'factory': factory.code, 'sign_in': NO_PIN})}"


@login_required
def roster_export(request):
    """The roster of one factory the user manages, as CSV or XLSX, streamed from one query."""
    require_people_screens(request.user)
    factory = get_object_or_404(factories_visible_to(request.user), code=request.GET.get("factory", ""))
    file_format = request.GET.get("format", "csv")
    if file_format not in EXPORT_FORMATS:
        raise Http404
    return roster_download(factory=factory, file_format=file_format)


@login_required
def roster_template(request):
    """An empty roster to fill in: the header row the import reads, an example row and a column guide."""
    require_people_screens(request.user)
    response = HttpResponse(roster_template_bytes(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}"'
    return response
