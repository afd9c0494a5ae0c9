"""What a certificate says and who signs it, managed by programme staff in the Wagtail admin.

A `CertificateTemplate` holds the words (English, Khmer and Chinese), the logo, the signatories
and a default validity; the page layout itself is an HTML template in the code, named by `layout`.
One template is the default. A course names its template, and the refresher course taken when its
certificate expires, with a `CourseCertificate` edited on the course's own page in the admin (the
row belongs to this app, which sits above the catalogue, so the course model knows nothing of
certificates). A course without one uses the default template and is taken again itself.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from ..choices import CertificateLayout


class CertificateTemplate(ClusterableModel):
    name = models.CharField(_("name"), max_length=100, unique=True, help_text=_("For staff only; never printed."))
    is_default = models.BooleanField(
        _("default template"), default=False, help_text=_("Used by every course that names no template.")
    )
    layout = models.CharField(
        _("layout"), max_length=20, choices=CertificateLayout.choices, default=CertificateLayout.LANDSCAPE_A4
    )
    heading_en = models.CharField(_("heading (English)"), max_length=120, default="Certificate of completion")
    heading_km = models.CharField(_("heading (Khmer)"), max_length=120, default="វិញ្ញាបនបត្របញ្ចប់វគ្គបណ្តុះបណ្តាល")
    heading_zh = models.CharField(_("heading (Chinese)"), max_length=120, default="结业证书")
    statement_en = models.CharField(
        _("statement (English)"),
        max_length=300,
        default="has successfully completed the training course",
        help_text=_("Printed between the holder's name and the course title."),
    )
    statement_km = models.CharField(_("statement (Khmer)"), max_length=300, default="បានបញ្ចប់វគ្គបណ្តុះបណ្តាលដោយជោគជ័យ")
    statement_zh = models.CharField(_("statement (Chinese)"), max_length=300, default="已顺利完成培训课程")
    issuer_en = models.CharField(
        _("issued by (English)"),
        max_length=200,
        blank=True,
        help_text=_("The programme or organisation, printed at the foot."),
    )
    issuer_km = models.CharField(_("issued by (Khmer)"), max_length=200, blank=True)
    issuer_zh = models.CharField(_("issued by (Chinese)"), max_length=200, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("default validity (months)"),
        null=True,
        blank=True,
        help_text=_("For courses whose page gives no validity. Empty: their certificates do not expire."),
    )
    # Certificates rendered before this time are out of date (staff may regenerate them).
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("is_default"), FieldPanel("layout")], heading=_("Template")),
        MultiFieldPanel(
            [FieldPanel("heading_en"), FieldPanel("heading_km"), FieldPanel("heading_zh")], heading=_("Heading")
        ),
        MultiFieldPanel(
            [FieldPanel("statement_en"), FieldPanel("statement_km"), FieldPanel("statement_zh")],
            heading=_("Statement"),
        ),
        MultiFieldPanel(
            [FieldPanel("issuer_en"), FieldPanel("issuer_km"), FieldPanel("issuer_zh")], heading=_("Issued by")
        ),
        FieldRowPanel([FieldPanel("logo"), FieldPanel("validity_months")]),
        InlinePanel("signatories", label=_("Signatory"), max_num=3),
    ]

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="template_one_default"),
        ]

    def __str__(self):
        return self.name

    def wording(self, language: str) -> dict[str, str]:
        """Heading, statement and issuer in `language` ("en", "km" or "zh"), English where empty."""
        suffix = language if language in ("en", "km", "zh") else "en"
        return {
            field: getattr(self, f"{field}_{suffix}") or getattr(self, f"{field}_en")
            for field in ("heading", "statement", "issuer")
        }


class Signatory(Orderable):
    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(_("name (Latin script)"), max_length=120)
    name_km = models.CharField(_("name (Khmer)"), max_length=120, blank=True)
    title = models.CharField(_("title (English)"), max_length=120)
    title_km = models.CharField(_("title (Khmer)"), max_length=120, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=120, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("signature"),
        help_text=_("A picture of the signature, ideally on a transparent or white background."),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_km")]),
        FieldRowPanel([FieldPanel("title"), FieldPanel("title_km"), FieldPanel("title_zh")]),
        FieldPanel("signature"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self):
        return self.name


class CourseCertificate(models.Model):
    """The certificate a course gives: its template, and the course to take again on expiry."""

    course = ParentalKey("courses.CoursePage", on_delete=models.CASCADE, related_name="certificate_settings")
    template = models.ForeignKey(
        CertificateTemplate,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
        verbose_name=_("certificate template"),
        help_text=_("Empty: the default template."),
    )
    refresher = models.ForeignKey(
        "courses.CoursePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("refresher course"),
        help_text=_("Taken when the certificate expires. Empty: the course itself is taken again."),
    )

    panels = [FieldPanel("template"), FieldPanel("refresher")]

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificate")
        constraints = [models.UniqueConstraint(fields=["course"], name="course_certificate_one_per_course")]

    def __str__(self):
        return f"{self.course}: {self.template or 'default'}"
