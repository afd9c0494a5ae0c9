"""Certificates on other apps' screens (My learning, the start page, a person's page): the
functions below register themselves for lms.people.panels hooks when wagtail_hooks imports this."""
