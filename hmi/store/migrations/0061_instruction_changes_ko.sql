-- What changed in an instruction's version, in Korean, shown at acknowledgement on a Korean screen.
ALTER TABLE md_instructions ADD COLUMN changes_ko TEXT NOT NULL DEFAULT '';
