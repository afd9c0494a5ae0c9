"""Enrolments and completions of a factory's workers, as CSV or XLSX (django-import-export).

In the shell because it reads people and courses together for HR."""

from import_export import fields, resources

from courses.models import Enrolment
from lms.people.phone import format_phone
from lms.people.resources import dataset_file


class EnrolmentResource(resources.ModelResource):
    factory = fields.Field(attribute="person__factory__code", column_name="factory")
    worker_id = fields.Field(attribute="person__worker_id", column_name="worker_id")
    family_name_km = fields.Field(attribute="person__family_name_km", column_name="family_name_km")
    given_name_km = fields.Field(attribute="person__given_name_km", column_name="given_name_km")
    family_name = fields.Field(attribute="person__last_name", column_name="family_name")
    given_name = fields.Field(attribute="person__first_name", column_name="given_name")
    gender = fields.Field(attribute="person__gender", column_name="gender")
    department = fields.Field(column_name="department")
    phone = fields.Field(column_name="phone")
    course = fields.Field(attribute="course__title", column_name="course")
    # 1 the first time; a worker who takes the course again (e.g. when a certificate expires)
    # has one row per cycle, each with its own completion.
    cycle = fields.Field(attribute="cycle", column_name="cycle")
    enrolled_on = fields.Field(column_name="enrolled_on")
    completed_on = fields.Field(column_name="completed_on")
    completion_source = fields.Field(attribute="completion_source", column_name="completion_source")

    class Meta:
        model = Enrolment
        fields = (
            "factory",
            "worker_id",
            "family_name_km",
            "given_name_km",
            "family_name",
            "given_name",
            "gender",
            "department",
            "phone",
            "course",
            "cycle",
            "enrolled_on",
            "completed_on",
            "completion_source",
        )
        export_order = fields

    def dehydrate_department(self, enrolment):
        return enrolment.person.department.name if enrolment.person.department else ""

    def dehydrate_phone(self, enrolment):
        return format_phone(enrolment.person.phone)

    def dehydrate_enrolled_on(self, enrolment):
        return enrolment.enrolled_at.date().isoformat()

    def dehydrate_completed_on(self, enrolment):
        return enrolment.completed_at.date().isoformat() if enrolment.completed_at else ""


def enrolments_export_file(*, enrolments, file_format: str) -> tuple[bytes, str, str]:
    content, content_type = dataset_file(EnrolmentResource().export(enrolments), file_format)
    return content, content_type, f"training-records.{file_format}"
