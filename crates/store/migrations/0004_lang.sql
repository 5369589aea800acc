-- The language a web page declares (`<html lang>`, content-language), as written.
ALTER TABLE articles ADD COLUMN lang TEXT;
