"""scripts/check-unmarked-strings finds text people read that is not marked for translation,
and passes the project as it is (it runs in `make lint`)."""

import importlib.machinery
import importlib.util
from pathlib import Path

from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "check-unmarked-strings"


def _checker():
    loader = importlib.machinery.SourceFileLoader("check_unmarked_strings", str(SCRIPT))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_unmarked_template_text_and_attributes_are_found(tmp_path):
    template = tmp_path / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text(
        "{% load i18n %}\n"
        "<h1>{% translate 'Periodic reports' %}</h1>\n"
        "<p>Save draft</p>\n"
        '<img src="x.png" alt="Logo of the Department">\n'
        "{% blocktranslate %}Due on {{ day }}{% endblocktranslate %}\n"
        "<p>{{ report.title }} · DOCX</p>\n"
        "{% comment %}Not shown{% endcomment %}\n"
        "<script>const label = 'not checked';</script>\n",
        encoding="utf-8",
    )
    problems = _checker().template_problems(template)
    assert problems == [(3, "Save draft"), (4, 'alt="Logo of the Department"')]


def test_unmarked_python_messages_and_labels_are_found(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        "from django.utils.translation import gettext as _\n"
        "raise ValidationError('The due date has passed.')\n"
        "raise ValidationError(_('Marked.'))\n"
        "messages.success(request, f'Saved {name}.')\n"
        "field = forms.CharField(label='Title', help_text=_('Marked'))\n"
        "raise Http404('Developers only')\n",
        encoding="utf-8",
    )
    problems = _checker().python_problems(module)
    assert [line for line, _text in problems] == [2, 4, 5]


def test_the_project_has_no_unmarked_strings():
    assert _checker().main([]) == 0
