from lms.people.choices import Language


def languages(request):
    """The language switcher names each language in its own script (Django calls Khmer "Khmer")."""
    return {"SALA_LANGUAGES": Language.choices}
