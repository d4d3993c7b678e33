#!/usr/bin/env python3
"""Parse multipart/form-data bodies with Python's email package: the reference for the server's parser.

Usage: multipart-reference.py BOUNDARY FILE...
Prints one JSON line per FILE: a list of parts {"name", "filename", "content_type", "content" (hex)}.
Used by Tests/TrueReachServerTests/MultipartParserTests.swift.
"""
import json
import sys
from email import policy
from email.parser import BytesParser


def parse(boundary: bytes, body: bytes):
    head = b'Content-Type: multipart/form-data; boundary="' + boundary + b'"\r\n\r\n'
    message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
    parts = []
    for part in message.iter_parts():
        payload = part.get_payload(decode=True) or b""
        parts.append({
            "name": part.get_param("name", header="content-disposition"),
            "filename": part.get_filename(),
            "content_type": part.get("Content-Type"),
            "content": payload.hex(),
        })
    return parts


def main():
    boundary = sys.argv[1].encode()
    for path in sys.argv[2:]:
        with open(path, "rb") as f:
            print(json.dumps(parse(boundary, f.read())))


if __name__ == "__main__":
    main()
