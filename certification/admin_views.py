"""The admin's certificate screens: the templates, the certificates with their audit trail and
revocation, and drawing a template's certificates again.

Programme staff keep the templates (what a certificate says, its logo and signatories) and revoke
certificates; trainers read the certificates. Revoking and regenerating are done by the services
(`certificate_revoke`, `regeneration_start`), which check who may: these screens only ask, in
plain words, and show what the service answered. A template with certificates issued under it is
never deleted (they keep it for as long as they exist), nor the default one.

The list of certificates grows by tens of thousands a year: it is read a page at a time with its
holder, course and factory joined, filtered and searched by the database on indexed columns.
"""

import datetime

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import ProtectedError, Q, Value
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import Button
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy

from courses.models import CoursePage
from lms.people.normalise import drop_invisible

from .choices import EXPIRING_WITHIN_DAYS, CertificateState, RegenerationStatus
from .codes import code_normalised
from .models import Certificate, CertificateTemplate, Regeneration
from .permissions import certificates_visible_to, user_can_regenerate, user_can_revoke
from .selectors import EXPIRING, certificates_in_state
from .services.errors import CertificateError
from .services.regeneration import regeneration_start
from .services.revoking import certificate_revoke

# --- Templates -----------------------------------------------------------------------------------


class TemplateForm(WagtailAdminModelForm):
    """One template is the default: ticking a second one is refused in plain words."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_default"):
            other = CertificateTemplate.objects.filter(is_default=True).exclude(pk=self.instance.pk).first()
            if other is not None:
                # An error on the field also keeps the database's own rule from being checked.
                self.add_error(
                    "is_default",
                    _(
                        "“%(name)s” is the default template, and there is one default. "
                        "To make this one the default, untick it on “%(name)s” first."
                    )
                    % {"name": other.name},
                )
        return cleaned


class NoDefaultWarningMixin:
    def form_valid(self, form):
        response = super().form_valid(form)
        if not CertificateTemplate.objects.filter(is_default=True).exists():
            messages.warning(
                self.request,
                _("No template is the default now: courses that name no template give no certificate until one is."),
            )
        return response


class TemplateCreateView(NoDefaultWarningMixin, generic.CreateView):
    pass


class TemplateEditView(NoDefaultWarningMixin, generic.EditView):
    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if user_can_regenerate(self.request.user):
            buttons.append(
                Button(
                    _("Regenerate its certificates"),
                    url=reverse("certification_admin:regenerate", args=[self.object.pk]),
                    icon_name="resubmit",
                    priority=40,
                )
            )
        return buttons


def template_delete_refusal(template: CertificateTemplate) -> str | None:
    """Why this template may not be deleted, or None."""
    if template.is_default:
        return _("The default template cannot be deleted. Make another template the default first.")
    if template.certificates.exists():
        return _(
            "This template cannot be deleted: certificates were issued with it, and they keep it for as "
            "long as they exist. Rename it, or choose another template on the courses that use it."
        )
    return None


class TemplateDeleteView(generic.DeleteView):
    def dispatch(self, request, *args, **kwargs):
        refusal = template_delete_refusal(self.object)
        if refusal:
            messages.error(request, refusal)
            return redirect(self.edit_url_name, self.object.pk)
        return super().dispatch(request, *args, **kwargs)

    def delete_action(self):
        try:
            super().delete_action()
        except ProtectedError as error:  # a certificate issued between the check and the delete
            raise PermissionDenied(template_delete_refusal(self.object)) from error


class TemplateIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if user_can_regenerate(self.request.user):
            buttons.append(
                Button(
                    _("Regenerate its certificates"),
                    url=reverse("certification_admin:regenerate", args=[instance.pk]),
                    icon_name="resubmit",
                    priority=40,
                )
            )
        return buttons


class TemplateViewSet(ModelViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = gettext_lazy("Templates")
    index_view_class = TemplateIndexView
    add_view_class = TemplateCreateView
    edit_view_class = TemplateEditView
    delete_view_class = TemplateDeleteView
    list_display = ["name", "is_default", "validity_months", "updated_at"]
    search_fields = ["name"]
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(CertificateTemplate.panels, base_form_class=TemplateForm)


# --- Certificates ---------------------------------------------------------------------------------


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Certificates are issued by their course and revoked on their own screen: never added,
    edited or deleted in the admin, even by a superuser."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change", "delete") and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


def canonical_courses(request=None):
    return CoursePage.objects.filter(locale=Locale.get_default()).order_by("title")


class CertificateFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("State"),
        choices=[
            *CertificateState.choices,
            (EXPIRING, gettext_lazy("Valid, expiring within %(days)d days") % {"days": EXPIRING_WITHIN_DAYS}),
        ],
        method="filter_state",
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )
    course = django_filters.ModelChoiceFilter(label=gettext_lazy("Course"), queryset=canonical_courses)
    factory = django_filters.CharFilter(
        label=gettext_lazy("Factory code"),
        method="filter_factory",
        help_text=gettext_lazy("The factory the holder worked in when it was issued, e.g. PP-001."),
    )

    class Meta:
        model = Certificate
        fields = []

    def filter_state(self, queryset, name, state):
        return certificates_in_state(queryset, state, today=timezone.localdate())

    def filter_factory(self, queryset, name, code):
        code = code.strip()
        return queryset.filter(factory__code__iexact=code) if code else queryset


def certificates_searched(queryset, query: str):
    """By verification code (typed any way), or by the holder's name: each word in one of its parts.

    Names are matched as the people list matches them (`Person.search_names`: the four names in
    lower case without invisible characters, which a trigram index serves on PostgreSQL), never by
    reading each of 600,000 people's names."""
    code = code_normalised(query)
    if code:
        return queryset.filter(code=code)
    words = list(dict.fromkeys(drop_invisible(query).split()))[:4]
    if not words:
        return queryset
    return queryset.filter(*[Q(person__search_names__contains=Lower(Value(word))) for word in words])


def _day(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def state_label(certificate: Certificate) -> str:
    return certificate.state().label


class CertificateIndexView(generic.IndexView):
    default_ordering = "-issued_on"
    is_searchable = True

    def get_base_queryset(self):
        return certificates_visible_to(self.request.user).select_related("person", "course", "factory")

    def search_queryset(self, queryset):
        return certificates_searched(queryset, self.search_query) if self.is_searching else queryset

    def get_ordering(self):
        # Certificates expiring soon are listed soonest first, unless a column was chosen: the
        # database then walks the expiry index (certificate_expiry_idx) from today and stops at
        # the page, where newest first it would sort every certificate of the coming weeks.
        if not self.is_explicitly_ordered and self.request.GET.get("state") == EXPIRING:
            return "expires_on"
        return super().get_ordering()

    def order_queryset(self, queryset):
        # Newest first, and in a fixed order among certificates issued the same day.
        queryset = super().order_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "-pk")

    @property
    def columns(self):
        return [
            TitleColumn("code", label=_("Code"), accessor="code_display", get_url=self.get_inspect_url),
            Column("person", label=_("Holder")),
            Column("course", label=_("Course")),
            Column("factory", label=_("Factory"), accessor=lambda c: c.factory.code if c.factory else "—"),
            # Calendar dates written as dates: Wagtail's DateColumn reads a date as a moment ("5 hours
            # ago", and "just now" for a date two years ahead).
            Column("issued_on", label=_("Issued on"), sort_key="issued_on", accessor=lambda c: _day(c.issued_on)),
            Column(
                "expires_on",
                label=_("Expires on"),
                sort_key="expires_on",
                accessor=lambda c: _day(c.expires_on) if c.expires_on else _("Does not expire"),
            ),
            StatusTagColumn("state", label=_("State"), accessor=state_label),
        ]


class CertificateInspectView(generic.InspectView):
    template_name = "certification/admin/certificate_inspect.html"
    fields = [
        "code",
        "state",
        "person",
        "course",
        "template",
        "factory",
        "department",
        "issued_on",
        "expires_on",
        "revoked",
        "files",
    ]
    labels = {
        "code": gettext_lazy("Verification code"),
        "state": gettext_lazy("State today"),
        "revoked": gettext_lazy("Revoked"),
        "files": gettext_lazy("Files"),
    }

    def get_object(self, queryset=None):
        visible = certificates_visible_to(self.request.user).select_related(
            "person", "course", "template", "factory", "department", "revoked_by"
        )
        return get_object_or_404(visible, pk=self.pk)

    def get_field_label(self, field_name, field):
        if field_name in self.labels:
            return self.labels[field_name]
        return super().get_field_label(field_name, field)

    def get_code_display_value(self):
        return self.object.code_display

    def get_state_display_value(self):
        return self.object.state().label

    def get_factory_display_value(self):
        return str(self.object.factory) if self.object.factory else "—"

    def get_department_display_value(self):
        return str(self.object.department) if self.object.department else "—"

    def get_expires_on_display_value(self):
        return self.object.expires_on or _("Does not expire")

    def get_revoked_display_value(self):
        certificate = self.object
        if certificate.revoked_at is None:
            return _("No")
        return _("On %(date)s by %(who)s: %(reason)s") % {
            "date": timezone.localtime(certificate.revoked_at).strftime("%Y-%m-%d %H:%M"),
            "who": certificate.revoked_by or _("the system"),
            "reason": certificate.revoked_reason,
        }

    def get_files_display_value(self):
        if self.object.rendered_at is None:
            return _("Not drawn yet: they are drawn when the certificate is first downloaded.")
        return _("Drawn on %(date)s") % {"date": timezone.localtime(self.object.rendered_at).strftime("%Y-%m-%d %H:%M")}

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if user_can_revoke(self.request.user) and self.object.revoked_at is None:
            buttons.append(
                Button(
                    _("Revoke"),
                    url=reverse("certification_admin:revoke", args=[self.object.pk]),
                    icon_name="cross",
                    priority=30,
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["events"] = self.object.events.select_related("actor")
        return context


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Certificates")
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    inspect_view_enabled = True
    filterset_class = CertificateFilterSet
    copy_view_enabled = False
    list_per_page = 50
    form_fields = []  # never edited here (see ReadOnlyPolicy, registered in wagtail_hooks)


# --- Revoking -------------------------------------------------------------------------------------


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is it revoked?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("The holder and auditors read it. The certificate shows as revoked at once."),
    )


class CertificateRevokeView(WagtailAdminTemplateMixin, FormView):
    template_name = "certification/admin/revoke.html"
    form_class = RevokeForm
    page_title = gettext_lazy("Revoke")
    header_icon = "cross"

    def dispatch(self, request, pk):
        self.certificate = get_object_or_404(certificates_visible_to(request.user).select_related("person"), pk=pk)
        if not user_can_revoke(request.user):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def inspect_url(self) -> str:
        return reverse("certification_certificates:inspect", args=[self.certificate.pk])

    def get_page_subtitle(self):
        return str(self.certificate)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("certification_certificates:index"), "label": _("Certificates")},
            {"url": self.inspect_url(), "label": self.certificate.code_display},
            {"url": "", "label": self.get_page_title()},
        ]

    def form_valid(self, form):
        try:
            certificate_revoke(certificate=self.certificate, by=self.request.user, reason=form.cleaned_data["reason"])
        except CertificateError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Certificate %(code)s is revoked.") % {"code": self.certificate.code_display})
        return redirect(self.inspect_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(certificate=self.certificate, cancel_url=self.inspect_url(), **kwargs)


# --- Drawing a template's certificates again ------------------------------------------------------


class RegenerateView(WagtailAdminTemplateMixin, TemplateView):
    """Asks once, then starts (or joins) the regeneration and shows its progress."""

    template_name = "certification/admin/regenerate.html"
    page_title = gettext_lazy("Regenerate certificates")
    header_icon = "resubmit"

    def dispatch(self, request, pk):
        if not user_can_regenerate(request.user):
            raise PermissionDenied
        self.template = get_object_or_404(CertificateTemplate, pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.template.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("certification_templates:index"), "label": _("Templates")},
            {"url": reverse("certification_templates:edit", args=[self.template.pk]), "label": self.template.name},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            template=self.template,
            certificates=self.template.certificates.count(),
            running=self.template.regenerations.filter(
                status__in=[RegenerationStatus.QUEUED, RegenerationStatus.RUNNING]
            ).first(),
            cancel_url=reverse("certification_templates:edit", args=[self.template.pk]),
            **kwargs,
        )

    def post(self, request, pk):
        try:
            regeneration = regeneration_start(template=self.template, by=request.user)
        except CertificateError as error:
            messages.error(request, error.message)
            return redirect("certification_admin:regenerate", self.template.pk)
        return redirect("certification_admin:regeneration", regeneration.pk)


# Seconds between two looks at a regeneration in progress (the page reloads itself, no script).
PROGRESS_REFRESH_SECONDS = 3


class RegenerationView(WagtailAdminTemplateMixin, TemplateView):
    """How far a regeneration has got: reloads itself until it is finished."""

    template_name = "certification/admin/regeneration.html"
    page_title = gettext_lazy("Regenerating certificates")
    header_icon = "resubmit"

    def dispatch(self, request, pk):
        if not user_can_regenerate(request.user):
            raise PermissionDenied
        self.regeneration = get_object_or_404(Regeneration.objects.select_related("template", "requested_by"), pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.regeneration.template.name

    def get_breadcrumbs_items(self):
        template = self.regeneration.template
        return [
            *self.breadcrumbs_items,
            {"url": reverse("certification_templates:index"), "label": _("Templates")},
            {"url": reverse("certification_templates:edit", args=[template.pk]), "label": template.name},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        regeneration = self.regeneration
        going = regeneration.status in (RegenerationStatus.QUEUED, RegenerationStatus.RUNNING)
        return super().get_context_data(
            regeneration=regeneration,
            going=going,
            refresh_seconds=PROGRESS_REFRESH_SECONDS if going else None,
            **kwargs,
        )


# --- The menu -------------------------------------------------------------------------------------


class CertificatesGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Certificates")
    menu_icon = "doc-full-inverse"
    menu_order = 330
    items = (
        CertificateViewSet("certification_certificates", url_prefix="certificates"),
        TemplateViewSet("certification_templates", url_prefix="certificate-templates"),
    )
