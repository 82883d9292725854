#!/usr/bin/env python3
"""Writes data/municipalities.tsv, every German municipality (Gemeinde) with its state,
from the Destatis municipality directory (Gemeindeverzeichnis, quarterly extract
"AuszugGV4QAktuell" as CSV; see data/README.md for the copy used and its licence).

    python3 data/municipalities.py AuszugGV4QAktuell.csv > data/municipalities.tsv

Records of type 60 are municipalities; text marks 65 and 66 (unincorporated areas:
forests, lakes, military grounds) are left out. The state is the first two digits of
the official key (AGS). Names lose the directory's suffixes (", Stadt", ", M", ", St",
", Hansestadt" ...); names with abbreviated qualifiers ("Moosburg a.d.Isar",
"Lahr/Schwarzwald") are written by their first part, those with a spelled-out one
("Burg (Dithmarschen)") both whole and by their first part.

Towns of 20,000 inhabitants or more also get their regular adjective ("Lichtenfelser
Klinikum"), see adjective_of(); street names made of it ("Bernauer Straße") are told
apart by the classifier. Names that are also ordinary German words count only in a
qualified position. A name
that the German word list of the Debian package `wngerman` (/usr/share/dict/ngerman)
has in lower case (a verb, adjective or conjunction: "Senden", "Enger", "Essen") gets
the kind `word-municipality`, counted only after "Gemeinde", "Stadt", "Bürgermeister"
and the like or as a dateline ("in enger Zusammenarbeit" is no place); a name the list
has capitalised (a noun: "Wald", "Lage", "Heide"), one of fewer than four letters and
one that data/municipality-words.txt lists gets `noun-municipality`, which "in", "aus"
and "nach" qualify as well; names listed there with a leading "~" are treated like
verbs ("in Brand geraten"), those with a leading "!" are left out altogether (foreign cities
and other names that mislead even when qualified: "Rom", "Bergen"). Names that
data/places.tsv lists already are left out: the hand-made list decides them.
"""
import csv
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
STATES = {
    "01": "SH", "02": "HH", "03": "NI", "04": "HB", "05": "NW", "06": "HE", "07": "RP",
    "08": "BW", "09": "BY", "10": "SL", "11": "BE", "12": "BB", "13": "MV", "14": "SN",
    "15": "ST", "16": "TH",
}
DICT = "/usr/share/dict/ngerman"
# Where an abbreviated or prepositional qualifier starts, the name proper ends.
QUALIFIER = re.compile(r" \(|/| [a-zA-Z]{1,2}\.| (am|an|im|in|bei|ob|vor|auf|unter|ob der) ")


def fold(name):
    text = unicodedata.normalize("NFC", name).lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("-", ""), (" ", "")):
        text = text.replace(a, b)
    return text


def load_words():
    qualify, strict, drop = set(), set(), set()
    with open(os.path.join(HERE, "municipality-words.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line.startswith("!"):
                drop.add(line[1:].strip())
            elif line.startswith("~"):
                strict.add(line[1:].strip())
            elif line:
                qualify.add(line)
    with open(DICT, encoding="utf-8") as f:
        dictionary = {w.strip() for w in f}
    return qualify, strict, drop, dictionary


def known_places():
    names = set()
    with open(os.path.join(HERE, "places.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                names.add(fold(line.split("\t", 1)[0].rstrip("*")))
    return names


def names_of(raw):
    """The name as written (unless abbreviated) and, for a qualified name, its first part."""
    name = raw.split(",", 1)[0].strip()
    name = re.sub(r"/\s+", "/", name)
    cut = QUALIFIER.search(name)
    if not cut:
        return [(name, False)]
    first = (name[: cut.start()].strip(), True)
    if "." in name[cut.start():]:
        return [first]
    return [(name, False), first]


def population(row):
    return int(row["bevoelkerung"].replace(" ", "") or 0)


def adjective_of(row, dictionary):
    """'Lichtenfelser' of Lichtenfels: the regular adjective of a town of 20,000 or more
    whose one-word name ends neither in -e, -en nor -er (Halle, Bremen and Dresden form
    theirs otherwise), unless the word list has it (Wiener, Frankfurter)."""
    name = names_of(row["gemeindename"])[-1][0]
    if population(row) < 20_000 or " " in name or "-" in name or name.endswith(("e", "en", "er")):
        return None
    adjective = name + "er"
    if adjective in dictionary or adjective.lower() in dictionary:
        return None
    return adjective


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: municipalities.py AuszugGV4QAktuell.csv > data/municipalities.tsv")
    qualify, strict, drop, dictionary = load_words()
    skip = known_places()
    with open(sys.argv[1], encoding="utf-8-sig") as f:
        rows = [r for r in csv.DictReader(f)
                if r["satzart"] == "60" and r["textkennzeichen"] not in ("65", "66")]
    named = [(n, shortened, STATES[r["land"]], population(r))
             for r in rows for n, shortened in names_of(r["gemeindename"])]
    # A shortened name ("Breitenbrunn" of "Breitenbrunn/Erzgeb.") is left to a municipality
    # of the same state that bears it unqualified. Where another state's municipality bears
    # it, the name is listed under both states, hence ambiguous, and the article's other
    # places decide; unless that one is ten times larger: "Essen" is the city, not the
    # village "Essen (Oldenburg)".
    plain = {}
    for n, shortened, state, people in named:
        if not shortened:
            plain.setdefault(n, []).append((state, people))
    seen = set()
    for name, shortened, state, people in named:
        bearers = plain.get(name, [])
        left = shortened and any(s == state or p >= 10 * people for s, p in bearers)
        if name in drop or fold(name) in skip or left:
            continue
        seen.add((name, state))
    adjectives = set()
    for row in rows:
        adjective = adjective_of(row, dictionary)
        if adjective and adjective not in drop and fold(adjective) not in skip:
            adjectives.add((adjective, STATES[row["land"]]))
    print("# Generated by data/municipalities.py from the Destatis municipality directory "
          "(see data/README.md); do not edit by hand.")
    print("# name<TAB>state<TAB>kind: municipality, noun-municipality or word-municipality "
          "(counted only where qualified)")
    for name, state in sorted(adjectives, key=lambda p: (fold(p[0]), p[1])):
        print(f"{name}\t{state}\tmunicipality")
    for name, state in sorted(seen, key=lambda p: (fold(p[0]), p[1])):
        letters = sum(c.isalpha() for c in name)
        joined = name.replace("-", "")  # the classifier folds "Neu-Seeland" to "neuseeland"
        if name.lower() in dictionary or joined.lower() in dictionary or name in strict:
            kind = "word-municipality"
        elif name in qualify or name in dictionary or joined.capitalize() in dictionary or letters < 4:
            kind = "noun-municipality"
        else:
            kind = "municipality"
        print(f"{name}\t{state}\t{kind}")


if __name__ == "__main__":
    main()
