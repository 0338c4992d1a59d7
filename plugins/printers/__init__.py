"""Label printers: CUPS queues (PDF), raw TCP 9100 (ZPL, with ~HS status) and a folder of files."""
