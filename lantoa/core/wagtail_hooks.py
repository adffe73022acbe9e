from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def lantoa_admin_css():
    """Shared admin styles of the project's own screens (status badges, cards, bars)."""
    return format_html('<link rel="stylesheet" href="{}">', static("core/admin.css"))


@hooks.register("construct_main_menu")
def hide_wagtail_help_menu(request, menu_items):
    # Wagtail's help menu links to its English guide on the internet; staff get the README.
    menu_items[:] = [item for item in menu_items if item.name != "help"]
