#!/usr/bin/env python3
"""Fills the unfinished messages of translations/sipelanduk_en.ts with their English source text.

The sources are written in English, so the English file only repeats them; plural messages get
their two forms from the "(s)" convention of the sources. Run after
`cmake --build build --target update_translations`; Indonesian still needs a translator.
"""
import sys
import xml.etree.ElementTree as ET

path = sys.argv[1] if len(sys.argv) > 1 else "translations/sipelanduk_en.ts"
tree = ET.parse(path)
filled = 0
for message in tree.getroot().iter("message"):
    translation = message.find("translation")
    if translation.get("type") != "unfinished":
        continue
    source = message.findtext("source")
    if message.get("numerus") == "yes":
        for child in list(translation):
            translation.remove(child)
        for form in (source.replace("(s)", ""), source.replace("(s)", "s")):
            ET.SubElement(translation, "numerusform").text = form
    else:
        translation.text = source
    del translation.attrib["type"]
    filled += 1
body = ET.tostring(tree.getroot(), encoding="unicode")
with open(path, "w", encoding="utf-8") as out:
    out.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n")
print(f"{filled} messages filled in {path}")
