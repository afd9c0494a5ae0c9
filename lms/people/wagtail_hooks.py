"""Admin menu: factories and their departments for programme staff, and the people screens."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from .models import Department, Factory
from .permissions import user_can_manage_people


class FactoryViewSet(ModelViewSet):
    model = Factory
    icon = "home"
    menu_label = _("Factories")
    list_display = ["name", "name_km", "code", "province", "sector", "is_active"]
    list_filter = ["province", "sector", "is_active"]
    search_fields = ["name", "name_km", "code", "registration_number"]
    form_fields = ["name", "name_km", "code", "registration_number", "province", "sector", "is_active"]
    inspect_view_enabled = True


class DepartmentViewSet(ModelViewSet):
    model = Department
    icon = "group"
    menu_label = _("Departments")
    list_display = ["name", "name_km", "factory"]
    list_filter = ["factory"]
    search_fields = ["name", "name_km", "factory__name", "factory__code"]
    form_fields = ["factory", "name", "name_km"]


class FactoriesGroup(ModelViewSetGroup):
    menu_label = _("Factories")
    menu_icon = "home"
    menu_order = 300
    items = (FactoryViewSet("factories"), DepartmentViewSet("departments"))


@hooks.register("register_admin_viewset")
def register_factory_viewsets():
    return FactoriesGroup()


class PeopleMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_manage_people(request.user)


@hooks.register("register_admin_menu_item")
def register_people_menu_item():
    return PeopleMenuItem(_("People and rosters"), reverse("people:person_list"), icon_name="group", order=310)
