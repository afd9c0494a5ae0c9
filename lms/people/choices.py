"""Fixed vocabularies for factories and people."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    GARMENT = "garment", _("Garment")
    FOOTWEAR = "footwear", _("Footwear")
    TRAVEL_GOODS = "travel_goods", _("Travel goods and bags")


class Province(models.TextChoices):
    PHNOM_PENH = "phnom_penh", _("Phnom Penh")
    BANTEAY_MEANCHEY = "banteay_meanchey", _("Banteay Meanchey")
    BATTAMBANG = "battambang", _("Battambang")
    KAMPONG_CHAM = "kampong_cham", _("Kampong Cham")
    KAMPONG_CHHNANG = "kampong_chhnang", _("Kampong Chhnang")
    KAMPONG_SPEU = "kampong_speu", _("Kampong Speu")
    KAMPONG_THOM = "kampong_thom", _("Kampong Thom")
    KAMPOT = "kampot", _("Kampot")
    KANDAL = "kandal", _("Kandal")
    KEP = "kep", _("Kep")
    KOH_KONG = "koh_kong", _("Koh Kong")
    KRATIE = "kratie", _("Kratie")
    MONDULKIRI = "mondulkiri", _("Mondulkiri")
    ODDAR_MEANCHEY = "oddar_meanchey", _("Oddar Meanchey")
    PAILIN = "pailin", _("Pailin")
    PREAH_SIHANOUK = "preah_sihanouk", _("Preah Sihanouk")
    PREAH_VIHEAR = "preah_vihear", _("Preah Vihear")
    PREY_VENG = "prey_veng", _("Prey Veng")
    PURSAT = "pursat", _("Pursat")
    RATANAKIRI = "ratanakiri", _("Ratanakiri")
    SIEM_REAP = "siem_reap", _("Siem Reap")
    STUNG_TRENG = "stung_treng", _("Stung Treng")
    SVAY_RIENG = "svay_rieng", _("Svay Rieng")
    TAKEO = "takeo", _("Takeo")
    TBONG_KHMUM = "tbong_khmum", _("Tbong Khmum")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    ANOTHER = "another", _("Another gender")
    NOT_STATED = "not_stated", _("Not stated")


class Language(models.TextChoices):
    KHMER = "km", "ភាសាខ្មែរ"
    ENGLISH = "en", "English"
    CHINESE = "zh-hans", "简体中文"


class JobRole(models.TextChoices):
    """What the person does at the factory (from the roster)."""

    WORKER = "worker", _("Worker")
    SUPERVISOR = "supervisor", _("Supervisor")
    MANAGER = "manager", _("Manager")
    STAFF = "staff", _("Not factory staff")


class Role(models.TextChoices):
    """Access roles on the platform; each one is a Django group of the same name."""

    TRAINER = "Trainers", _("Trainer")
    FACTORY_HR = "Factory HR", _("Factory HR")
    UNION_CONTACT = "Union contact group", _("Union contact-group member")
    PROGRAMME_STAFF = "Programme staff", _("Programme staff")


class EmploymentStatus(models.TextChoices):
    ACTIVE = "active", _("Works here")
    LEFT = "left", _("Has left")
