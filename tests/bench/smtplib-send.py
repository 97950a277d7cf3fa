#!/usr/bin/python3
"""Sends N small messages over one reused connection with Python's smtplib,
the way common scripts and tools do, and prints the elapsed seconds.
Used by bench-throughput as the reference client."""
import smtplib
import sys
import time

port, count = int(sys.argv[1]), int(sys.argv[2])
message = (b"From: ada@example.com\r\nTo: bob@example.org\r\nSubject: bench\r\n\r\n"
           b"A small message.\r\n")

with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
    smtp.ehlo("[127.0.0.1]")
    start = time.monotonic()
    for _ in range(count):
        smtp.sendmail("ada@example.com", ["bob@example.org"], message)
    elapsed = time.monotonic() - start
print(f"{elapsed:.6f}")
