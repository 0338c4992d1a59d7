"""Production at the station: master data, lots, instruction sign-offs, defects and traceability."""
