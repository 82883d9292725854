#!/usr/bin/env python3
"""Benchmark inputs: German regional RSS 2.0 and Atom feeds plus a sources.toml for them.

Usage: gen_corpus.py OUT_DIR BASE_URL [FEEDS] [ITEMS] [SEED]

Writes OUT_DIR/feeds/NNN.rss|.atom (even numbers RSS, odd Atom), OUT_DIR/sources.toml
with one source per feed at BASE_URL/feeds/NNN.EXT, and prints a one-line summary.
Stdlib only and seeded, so two runs with the same arguments write the same bytes.
"""

import os
import random
import sys
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape

# (state code, outlet name, places in that state)
OUTLETS = [
    ("ST", "Volksstimme Magdeburg", ["Magdeburg", "Halberstadt", "Stendal", "Wernigerode", "Salzwedel"]),
    ("ST", "Mitteldeutsche Zeitung", ["Halle (Saale)", "Dessau-Roßlau", "Merseburg", "Naumburg", "Bitterfeld-Wolfen"]),
    ("SN", "Freie Presse", ["Chemnitz", "Zwickau", "Plauen", "Freiberg", "Annaberg-Buchholz"]),
    ("SN", "Sächsische Zeitung", ["Dresden", "Görlitz", "Bautzen", "Pirna", "Meißen"]),
    ("SN", "Leipziger Volkszeitung", ["Leipzig", "Torgau", "Borna", "Grimma", "Delitzsch"]),
    ("TH", "Thüringer Allgemeine", ["Erfurt", "Gotha", "Nordhausen", "Mühlhausen", "Sömmerda"]),
    ("TH", "Ostthüringer Zeitung", ["Gera", "Jena", "Altenburg", "Saalfeld", "Greiz"]),
    ("BB", "Märkische Allgemeine", ["Potsdam", "Brandenburg an der Havel", "Neuruppin", "Oranienburg", "Luckenwalde"]),
    ("BB", "Lausitzer Rundschau", ["Cottbus", "Senftenberg", "Spremberg", "Guben", "Lübben"]),
    ("MV", "Ostsee-Zeitung", ["Rostock", "Stralsund", "Greifswald", "Wismar", "Bergen auf Rügen"]),
    ("MV", "Nordkurier", ["Neubrandenburg", "Neustrelitz", "Pasewalk", "Demmin", "Waren (Müritz)"]),
    ("BY", "Mittelbayerische", ["Regensburg", "Cham", "Kelheim", "Amberg", "Schwandorf"]),
    ("NW", "Westfalen-Blatt", ["Bielefeld", "Paderborn", "Herford", "Minden", "Gütersloh"]),
    ("NI", "Hannoversche Allgemeine", ["Hannover", "Hildesheim", "Celle", "Hameln", "Peine"]),
    ("HE", "Hessische/Niedersächsische Allgemeine", ["Kassel", "Fulda", "Bad Hersfeld", "Eschwege", "Korbach"]),
    ("SH", "Kieler Nachrichten", ["Kiel", "Neumünster", "Rendsburg", "Eckernförde", "Plön"]),
]

ORGS = [
    "die Landesinitiative Fachkraft im Fokus", "das Welcome-Center", "die Agentur für Arbeit",
    "die Industrie- und Handelskammer", "die Handwerkskammer", "das Jobcenter",
    "der Landkreis", "die Wirtschaftsförderung", "das Netzwerk IQ", "die Fachkräfteallianz",
]
RELEVANT_SENTENCES = [
    "{org} will mit dem Programm mehr Fachkräfte aus dem Ausland für {place} gewinnen.",
    "In {place} stellte {org} am {date} neue Angebote zur Fachkräftesicherung vor.",
    "Die Anerkennung ausländischer Berufsabschlüsse soll nach Angaben von {org} schneller gehen.",
    "Unternehmen in {place} klagen seit Jahren über den Fachkräftemangel in Pflege und Handwerk.",
    "Mit einer Weiterbildungsoffensive will {org} Beschäftigte für neue Aufgaben qualifizieren.",
    "Rückkehrer und Pendler sollen mit einer Kampagne für Arbeitsplätze in {place} geworben werden.",
    "Das Welcome-Center berät internationale Fachkräfte bei Visum, Wohnungssuche und Sprachkurs.",
    "Die Zahl der offenen Ausbildungsplätze in {place} ist nach Angaben von {org} erneut gestiegen.",
    "Arbeitgeber sollen attraktiver werden, etwa durch flexible Arbeitszeiten und Kinderbetreuung.",
    "Im ländlichen Raum fehlen besonders Pflegekräfte, Erzieherinnen und Berufskraftfahrer.",
    "Eine Willkommenskultur in den Betrieben entscheide darüber, ob zugewanderte Fachkräfte bleiben.",
    "Die Kooperation zwischen Kammern, Kommunen und Hochschulen soll ausgebaut werden, hieß es in {place}.",
]
OTHER_SENTENCES = [
    "Der Stadtrat von {place} hat am {date} den Haushalt für das kommende Jahr beschlossen.",
    "Wegen Bauarbeiten ist die Hauptstraße in {place} bis Ende des Monats voll gesperrt.",
    "Die Polizei sucht Zeugen eines Einbruchs in ein Wohnhaus in {place}.",
    "Der Fußballverein aus {place} gewann sein Heimspiel vor mehr als 3000 Zuschauern.",
    "Das Stadtfest in {place} lockte am Wochenende Tausende Besucher in die Innenstadt.",
    "Nach dem Unwetter räumen Feuerwehr und Bauhof in {place} umgestürzte Bäume von den Straßen.",
    "Der Wetterdienst erwartet für die Region Temperaturen um zwölf Grad und vereinzelte Schauer.",
    "Die Bibliothek in {place} verlängert ihre Öffnungszeiten an den Donnerstagen.",
    "Ein neuer Radweg soll {place} künftig mit den umliegenden Dörfern verbinden.",
    "Die Sanierung des Freibads in {place} wird nach Angaben der Verwaltung teurer als geplant.",
    "Beim Konzert im Dom von {place} spielte das Landesjugendorchester Werke von Bach und Händel.",
    "Der Kreistag debattierte am {date} über die Zukunft des Nahverkehrs rund um {place}.",
]
RELEVANT_TITLES = [
    "Fachkräfte aus dem Ausland: {place} setzt auf Welcome-Center",
    "Fachkräftesicherung: Neues Bündnis in {place} gestartet",
    "Anerkennung von Berufsabschlüssen soll in {place} schneller gehen",
    "Weiterbildung gegen den Fachkräftemangel: Programm in {place} vorgestellt",
    "Ausbildungsmesse in {place}: Betriebe werben um Nachwuchs",
    "Rückkehrer gesucht: {place} wirbt um Pendler und Fachkräfte",
]
OTHER_TITLES = [
    "Stadtrat {place} beschließt Haushalt",
    "Vollsperrung in {place}: Hauptstraße wird saniert",
    "Einbruch in {place}: Polizei sucht Zeugen",
    "Heimsieg für den Fußballverein aus {place}",
    "Stadtfest in {place} zieht Tausende an",
    "Unwetter: Aufräumarbeiten in {place} dauern an",
]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
          "September", "Oktober", "November", "Dezember"]
BERLIN_WINTER = timezone(timedelta(hours=1))


def german_date(d):
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


PEOPLE = [
    "Anja Krüger", "Thomas Schulze", "Petra Lehmann", "Matthias Wolf", "Sabine Neumann",
    "Jens Hoffmann", "Katrin Schmidt", "Uwe Richter", "Doreen Fischer", "Stefan Becker",
    "Ines Zimmermann", "Ronny Hartmann", "Claudia Wagner", "Frank Meyer", "Yvonne Braun",
]
ROLES = [
    "Bürgermeisterin", "Landrat", "Geschäftsführerin", "Sprecher", "Projektleiterin",
    "Staatssekretär", "Kammerpräsident", "Amtsleiterin", "Vorsitzender", "Beraterin",
]
ATTRIBUTIONS = [
    "Das teilte {person} ({role}) am {date} mit.", "So schilderte es {role} {person} in {place}.",
    "Das geht aus einer Mitteilung vom {date} hervor.", "Bis Ende {month} soll es dazu Gespräche geben.",
    "{person} sprach von einem wichtigen Schritt.", "Das sagte {role} {person} am Rande der Sitzung.",
    "Kritik kam dagegen von {person}, {role} im Nachbarort.", "Eine Entscheidung wird für {month} erwartet.",
]
NUMBERS = ["{n} Betriebe", "{n} Teilnehmende", "rund {n} Menschen", "{n} Prozent", "{n} Euro je Monat",
           "{n} neue Stellen", "mehr als {n} Anfragen", "{n} Kilometer"]


# Composed sentences: subject, verb phrase and object drawn apart, so that word 3-shingles
# vary between articles as much as between real reports on one subject.
RELEVANT_PARTS = (
    ["Die Kammer", "Das Ministerium", "Der Landkreis", "Die Stadt {place}", "Das Welcome-Center",
     "Die Arbeitsagentur", "Ein Bündnis aus Betrieben", "Die Landesregierung", "Der Verein", "Die Hochschule"],
    ["fördert", "plant", "startet", "erweitert", "unterstützt", "finanziert", "bewirbt", "organisiert",
     "evaluiert", "verstetigt", "koordiniert", "präsentiert"],
    ["Sprachkurse für Pflegekräfte aus Vietnam", "ein Mentoring für Auszubildende aus Indien",
     "die Anerkennung von Abschlüssen aus Drittstaaten", "Teilzeitausbildungen für Alleinerziehende",
     "eine Jobmesse für Rückkehrer", "Wohnangebote für neue Fachkräfte", "Lotsen für Zugewanderte",
     "Umschulungen in der Metallindustrie", "Praktika für Geflüchtete", "die Berufsorientierung an Schulen",
     "eine Fachkräftestrategie bis 2030", "Kinderbetreuung in Randzeiten", "Pendlerberatung im Grenzraum",
     "digitale Weiterbildung im Handwerk", "Integrationskurse mit Berufsbezug"],
    ["im ländlichen Raum", "für kleine und mittlere Unternehmen", "gemeinsam mit den Kommunen",
     "mit Mitteln des Europäischen Sozialfonds", "ab dem kommenden Schuljahr", "in drei Modellregionen",
     "zunächst befristet", "mit Unterstützung der Kammern", "über zwei Jahre", "landesweit"],
)
OTHER_PARTS = (
    ["Die Feuerwehr", "Der Bauhof", "Die Stadtverwaltung", "Der Sportverein", "Das Museum",
     "Die Polizei", "Der Ortschaftsrat", "Die Kirchengemeinde", "Der Zoo", "Das Theater"],
    ["meldet", "plant", "eröffnet", "sperrt", "saniert", "feiert", "verschiebt", "prüft", "zeigt",
     "sucht", "erneuert", "verlegt"],
    ["die Brücke über den Mühlgraben", "eine Ausstellung zur Stadtgeschichte", "den Wochenmarkt",
     "das Sommerfest am See", "die Kreuzung an der Bahnhofstraße", "einen neuen Spielplatz",
     "das Dach der Turnhalle", "ein Konzert mit dem Kammerchor", "die Parkplätze am Rathaus",
     "den Laternenumzug", "eine Blutspendeaktion", "das Jubiläum der Grundschule",
     "die Buslinie 12", "einen Flohmarkt", "die Beleuchtung im Stadtpark"],
    ["am Wochenende", "bis auf Weiteres", "wegen des Wetters", "nach längerer Pause", "für drei Wochen",
     "zum ersten Mal", "im Frühjahr", "auf Wunsch vieler Anwohner", "trotz knapper Kassen", "erneut"],
)


def composed(rng, parts, place):
    subject, verb, obj, context = (rng.choice(p) for p in parts)
    return f"{subject.format(place=place)} {verb} {context} {obj}."


def sentence(rng, pool, place, published):
    """One sentence: a template, now and then with a figure and an attribution, so that
    two articles share phrases (as real reports do) without being near-copies."""
    slots = dict(org=rng.choice(ORGS), place=place, date=german_date(published),
                 person=rng.choice(PEOPLE), role=rng.choice(ROLES),
                 month=MONTHS[rng.randrange(12)], n=rng.randint(3, 4800))
    if rng.random() < 0.6:
        parts = RELEVANT_PARTS if pool is RELEVANT_SENTENCES else OTHER_PARTS
        core = composed(rng, parts, place)
    else:
        core = rng.choice(pool).format(**slots)
    core = core[0].upper() + core[1:]
    if rng.random() < 0.5:
        figure = rng.choice(NUMBERS).format(**slots)
        core = core.rstrip(".") + f"; genannt wurden {figure}."
    if rng.random() < 0.5:
        core += " " + rng.choice(ATTRIBUTIONS).format(**slots)
    return core


def article(rng, place, relevant, published):
    pool = RELEVANT_SENTENCES if relevant else OTHER_SENTENCES
    words_wanted = rng.randint(200, 600)
    paragraphs, words = [], 0
    while words < words_wanted:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            # A relevant text still carries some everyday sentences, as real reports do.
            source = pool if rng.random() < 0.8 else (OTHER_SENTENCES if relevant else pool)
            s = sentence(rng, source, place, published)
            sentences.append(s)
            words += len(s.split())
        paragraphs.append(" ".join(sentences))
    return paragraphs


def items_for(rng, feed_no, count, now):
    state, outlet, places = OUTLETS[feed_no % len(OUTLETS)]
    items = []
    for n in range(count):
        relevant = rng.random() < 0.4
        place = rng.choice(places)
        published = now - timedelta(minutes=37 * n + rng.randint(0, 30))
        title = rng.choice(RELEVANT_TITLES if relevant else OTHER_TITLES).format(place=place)
        title = f"{title} ({german_date(published)}, Meldung {feed_no}-{n})"
        paragraphs = article(rng, place, relevant, published)
        slug = f"meldung-{feed_no}-{n}"
        items.append((title, slug, published, paragraphs))
    return state, outlet, items


def rss(outlet, base, items):
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
           "<channel>", f"<title>{escape(outlet)}</title>",
           f"<link>{base}/</link>", "<language>de-DE</language>",
           f"<description>Nachrichten aus der Region – {escape(outlet)}</description>"]
    for title, slug, published, paragraphs in items:
        body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        out += ["<item>", f"<title>{escape(title)}</title>",
                f"<link>{base}/lokales/{slug}.html</link>",
                f'<guid isPermaLink="true">{base}/lokales/{slug}.html</guid>',
                f"<pubDate>{format_datetime(published.astimezone(BERLIN_WINTER))}</pubDate>",
                f"<description>{escape(paragraphs[0])}</description>",
                f"<content:encoded><![CDATA[{body}]]></content:encoded>", "</item>"]
    out += ["</channel>", "</rss>", ""]
    return "\n".join(out)


def atom(outlet, base, feed_url, items):
    updated = items[0][2].astimezone(BERLIN_WINTER).isoformat()
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">',
           f"<title>{escape(outlet)}</title>", f"<id>{feed_url}</id>",
           f'<link rel="self" href="{feed_url}"/>', f'<link href="{base}/"/>',
           f"<updated>{updated}</updated>"]
    for title, slug, published, paragraphs in items:
        body = escape("".join(f"<p>{escape(p)}</p>" for p in paragraphs))
        stamp = published.astimezone(BERLIN_WINTER).isoformat()
        out += ["<entry>", f"<title>{escape(title)}</title>",
                f'<link href="{base}/pressemitteilung/{slug}"/>',
                f"<id>tag:{base.split('//')[-1]},2025:{slug}</id>",
                f"<published>{stamp}</published>", f"<updated>{stamp}</updated>",
                f"<author><name>{escape(outlet)}</name></author>",
                f"<summary>{escape(paragraphs[0])}</summary>",
                f'<content type="html">{body}</content>', "</entry>"]
    out += ["</feed>", ""]
    return "\n".join(out)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out_dir, base_url = sys.argv[1], sys.argv[2].rstrip("/")
    feeds = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    per_feed = int(sys.argv[4]) if len(sys.argv) > 4 else 100
    rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 2025)
    now = datetime(2025, 12, 7, 17, 30, tzinfo=timezone.utc)
    os.makedirs(os.path.join(out_dir, "feeds"), exist_ok=True)
    sources, total_bytes = [], 0
    for no in range(feeds):
        state, outlet, items = items_for(rng, no, per_feed, now)
        ext = "rss" if no % 2 == 0 else "atom"
        feed_url = f"{base_url}/feeds/{no:03}.{ext}"
        site = f"https://www.outlet{no:03}.example.de"
        text = rss(outlet, site, items) if ext == "rss" else atom(outlet, site, feed_url, items)
        data = text.encode("utf-8")
        total_bytes += len(data)
        with open(os.path.join(out_dir, "feeds", f"{no:03}.{ext}"), "wb") as f:
            f.write(data)
        sources.append(f'[[source]]\nid = "bench-{no:03}"\nname = "{outlet} {no}"\n'
                       f'kind = "feed"\nurl = "{feed_url}"\nstate = "{state}"\nrobots = false\n')
    head = ('[settings]\nhost_interval_secs = 0\nbase_url = "http://127.0.0.1:8080"\n\n'
            '[[feed]]\nid = "ost"\ntitle = "Fachkräftesicherung in Ostdeutschland"\n'
            'states = ["ST", "SN", "TH", "BB", "MV"]\n\n'
            '[[feed]]\nid = "alle"\ntitle = "Fachkräftesicherung in allen Ländern"\n\n')
    with open(os.path.join(out_dir, "sources.toml"), "w", encoding="utf-8") as f:
        f.write(head + "\n".join(sources))
    print(f"{feeds} feeds x {per_feed} items, {total_bytes} bytes in {out_dir}/feeds")


if __name__ == "__main__":
    main()
