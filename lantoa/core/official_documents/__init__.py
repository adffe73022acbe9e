"""Administrative documents (văn bản hành chính) in the Decree 30/2020/NĐ-CP layout.

Build an `OfficialDocument` from blocks, then `render_docx(doc)` for the editable Word file or
`render_pdf(doc)` for the PDF (LibreOffice converts the .docx). `docx_to_pdf(data)` converts
any .docx. Dates and numbers inside come from `lantoa.core.formatting`.
"""

from .model import (
    NATIONAL_MOTTO,
    NATIONAL_NAME,
    Block,
    BulletList,
    Heading,
    OfficialDocument,
    PageBreak,
    Paragraph,
    Run,
    Signature,
    Table,
)
from .pdf import DocumentConversionFailed, docx_to_pdf, render_pdf
from .word import render_docx

__all__ = [
    "NATIONAL_MOTTO",
    "NATIONAL_NAME",
    "Block",
    "BulletList",
    "DocumentConversionFailed",
    "Heading",
    "OfficialDocument",
    "PageBreak",
    "Paragraph",
    "Run",
    "Signature",
    "Table",
    "docx_to_pdf",
    "render_docx",
    "render_pdf",
]
