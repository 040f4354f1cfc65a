"""Exports of a charter: HTML, PDF, ODT, DOCX, Markdown and the comparison table."""
