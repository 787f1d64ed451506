"""Certificates: one per course completion, its code, the Vietnamese PDF, a unit's ZIP.

codes: the code format; service: issuing and counting downloads; queries: reading them;
files: file names and ZIPs; pdf: drawing the PDF; views: download, verification, the ZIP.
"""
