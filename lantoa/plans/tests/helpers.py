"""Reading pages as a person would: the text of table rows, and whether access was refused."""

from html.parser import HTMLParser

from django.urls import reverse


class _Rows(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")
        elif tag in ("td", "th") and self.rows:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html: str) -> dict[str, list[str]]:
    """{first cell: the row's cells} for every table row of the page."""
    parser = _Rows()
    parser.feed(html)
    return {row[0]: row for row in parser.rows if row}


def assert_refused(response) -> None:
    """Refused: a 403, or Wagtail's way of saying so in the admin, a redirect to its home
    page with a message."""
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")
    else:
        assert response.status_code == 403
