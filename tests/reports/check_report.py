#!/usr/bin/env python3
"""Checks one rendered report with real parsers: usage `check_report.py FORMAT FILE`.

Every format: strict UTF-8 (no overlong forms, no surrogates) and no character that XML 1.0
forbids or a terminal obeys (C0 but tab/LF/CR, DEL, C1, U+FFFE/U+FFFF). junit and html: a
well-formed XML document whose root closes (the HTML report is written as polyglot XHTML).
json, sarif and gitlab: one JSON document. Prints the first problem and exits 1; exits 0 when valid.
"""
import json
import sys
import xml.etree.ElementTree as ElementTree


def forbidden(ch):
    code = ord(ch)
    if code < 0x20:
        return ch not in "\t\n\r"
    return 0x7F <= code <= 0x9F or code in (0xFFFE, 0xFFFF)


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    data = open(path, "rb").read()
    if not data:
        sys.exit(f"{fmt}: empty report")
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as e:
        sys.exit(f"{fmt}: not UTF-8: {e}")
    for i, ch in enumerate(text):
        if forbidden(ch):
            sys.exit(f"{fmt}: forbidden character U+{ord(ch):04X} at {i}")
    if fmt in ("junit", "html"):
        try:
            root = ElementTree.fromstring(data)
        except ElementTree.ParseError as e:
            sys.exit(f"{fmt}: not well-formed XML: {e}")
        expected = {"junit": "testsuites", "html": "html"}[fmt]
        if root.tag != expected:
            sys.exit(f"{fmt}: root is <{root.tag}>, not <{expected}>")
    if fmt in ("json", "sarif", "gitlab"):
        try:
            json.loads(text)
        except ValueError as e:
            sys.exit(f"{fmt}: not JSON: {e}")


if __name__ == "__main__":
    main()
