"""Markdown to safe HTML (markdown-it-py), with source maps for scroll sync and anchors."""
