"""Taking results out: CSV/Excel tables, whole-dataset exports, and the executive report (HTML and PDF).

Everything here checks the acting user's permission (``export``, ``export_client_level``) and policy first and
writes an audit row, because data that leaves the application is exactly what an auditor asks about.
Submodules import their heavy libraries (openpyxl, fpdf2, vl-convert) only when used.
"""
