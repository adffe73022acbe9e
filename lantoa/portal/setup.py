"""Create the portal's page tree from data/agencies/<agency>/portal.yaml; safe to run again."""

from pathlib import Path

import yaml
from django.db import transaction
from wagtail.models import Locale, Page, Site

from lantoa.directory.selectors import home_organisation
from lantoa.portal.caching import page_cache_purge
from lantoa.portal.models import HomePage, SectionPage, StandardPage
from lantoa.portal.workflows import portal_permissions_sync, portal_workflow_setup


def _paragraphs(text: str) -> list[dict]:
    return [
        {"type": "paragraph", "value": f"<p>{line.strip()}</p>"}
        for line in (text or "").split("\n")
        if line.strip()
    ]


def _about_body(organisation, english: bool) -> list[dict]:
    functions = organisation.functions_en if english else organisation.functions
    name = organisation.name_en if english else organisation.name
    contact_title = "Contacts" if english else "Thông tin liên hệ"
    labels = (
        ("Address", "Phone", "Email", "Website")
        if english
        else ("Địa chỉ", "Điện thoại", "Thư điện tử", "Trang thông tin")
    )
    values = (organisation.address, organisation.phone, organisation.email, organisation.website)
    contacts = "".join(
        f"<li><b>{label}:</b> {value}</li>"
        for label, value in zip(labels, values, strict=True)
        if value
    )
    return [
        {"type": "paragraph", "value": f"<h2>{name}</h2>"},
        *_paragraphs(functions),
        {"type": "fact_box", "value": {"title": contact_title, "body": f"<ul>{contacts}</ul>"}},
    ]


def _child(parent: Page, model, slug: str, **fields):
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _translate(page: Page, locale: Locale, **fields) -> Page:
    """The page in another locale (created by copying, then given its own text)."""
    translated = page.get_translation_or_none(locale)
    if translated is not None:
        return translated.specific
    translated = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated


@transaction.atomic
def portal_setup(*, folder: Path) -> HomePage:
    data = yaml.safe_load((Path(folder) / "portal.yaml").read_text(encoding="utf-8"))
    vi, _created = Locale.objects.get_or_create(language_code="vi")
    en, _created = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    site = Site.objects.filter(is_default_site=True).first()
    home = HomePage.objects.filter(locale=vi).first()
    if home is None:
        # Replace Wagtail's "Welcome" placeholder with the portal's home page.
        for placeholder in root.get_children().filter(slug="home"):
            if placeholder.specific_class is Page:
                placeholder.delete()
        home = HomePage(
            title=data["home"]["title"],
            slug="home",
            intro=f"<p>{data['home']['intro']}</p>",
            locale=vi,
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    if site is None:
        site = Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = data["home"]["title"]
        site.save()

    for section in data.get("sections") or []:
        _child(
            home,
            SectionPage,
            section["slug"],
            title=section["title"],
            kind=section["kind"],
            intro=f"<p>{section.get('intro', '')}</p>",
        )

    organisation = home_organisation()
    if organisation is not None and data.get("about"):
        about = _child(
            home,
            StandardPage,
            data["about"]["slug"],
            title=data["about"]["title"],
            lead="",
            body=_about_body(organisation, english=False),
        )
        _translate(
            home,
            en,
            title=data["home"].get("title_en") or home.title,
            intro=f"<p>{data['home'].get('intro_en') or data['home']['intro']}</p>",
        )
        _translate(
            about,
            en,
            title=data["about"].get("title_en") or about.title,
            lead="",
            body=_about_body(organisation, english=True),
        )

    if data.get("links"):
        items = "".join(
            f'<li><a href="{item["url"]}">{item["title"]}</a></li>'
            for item in data["links"]["items"]
        )
        _child(
            home,
            StandardPage,
            data["links"]["slug"],
            title=data["links"]["title"],
            body=[{"type": "paragraph", "value": f"<ul>{items}</ul>"}],
        )

    portal_workflow_setup(home)
    portal_permissions_sync(home)
    page_cache_purge()  # templates or content may have changed since the cache was filled
    return home
