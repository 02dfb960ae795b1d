"""Outputs for people: monographs, the body map as SVG, text reports, spreadsheet tables and PDFs."""
