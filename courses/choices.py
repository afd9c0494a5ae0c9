from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    OSH = "osh", _("Occupational safety and health")
    INDUSTRIAL_RELATIONS = "industrial_relations", _("Industrial relations")
    GENDER_EQUALITY = "gender_equality", _("Gender equality")
    GBVH_PREVENTION = "gbvh_prevention", _("Preventing violence and harassment")
    COMMUNICATION = "communication", _("Workplace communication")
    SUPERVISORY_SKILLS = "supervisory_skills", _("Supervisory skills")
    CHILD_LABOUR = "child_labour", _("Child-labour prevention")
    FINANCIAL_LITERACY = "financial_literacy", _("Digital wages and financial literacy")


class DeliveryMode(models.TextChoices):
    SELF_PACED = "self_paced", _("Self-paced on a phone")
    CLASSROOM = "classroom", _("Classroom in the factory")
    SEMINAR = "seminar", _("Industry seminar")
    VIRTUAL = "virtual", _("Virtual session")


class AudienceCode(models.TextChoices):
    WORKERS = "workers", _("Workers")
    SUPERVISORS = "supervisors", _("Supervisors")
    MANAGERS = "managers", _("Managers")
    HR = "hr", _("HR officers")
    UNION = "union", _("Union members")
    TRAINERS = "trainers", _("Trainers")


class ProgressStatus(models.TextChoices):
    STARTED = "started", _("Started")
    COMPLETED = "completed", _("Completed")


class EnrolmentSource(models.TextChoices):
    SELF = "self", _("Enrolled themselves")
    FACTORY_HR = "factory_hr", _("Enrolled by factory HR")
    TRAINER = "trainer", _("Enrolled by a trainer or programme staff")


class CompletionSource(models.TextChoices):
    SELF_PACED = "self_paced", _("Lessons completed")
    SEMINAR = "seminar", _("Attended a session")
