"""The matcher's job done with rapidfuzz, for a side-by-side time per utterance.

Same corpus (tests/corpus/understanding.tsv), same aliases (every document,
reason and not-served alias in dialogues/adminduk/catalog.toml, all locales):
for each utterance, rapidfuzz.process.extractOne over the aliases with its
default scorer (WRatio) and default processor, as the fastest widely used
fuzzy matcher would be used. Prints microseconds per utterance and how often
its best alias names the labelled document (for context; rapidfuzz returns one
alias for the whole utterance, so it cannot give document and reason at once).
"""
import pathlib
import sys
import time
import tomllib

from rapidfuzz import process, utils

root = pathlib.Path(__file__).resolve().parent.parent
catalog = tomllib.loads((root / "dialogues/adminduk/catalog.toml").read_text(encoding="utf-8"))

choices, owners = [], []
def add(owner, table):
    for key in ("aliases", "weak_aliases"):
        for words in table.get(key, {}).values():
            for alias in words:
                choices.append(alias)
                owners.append(owner)

for doc in catalog["documents"]:
    add(("document", doc["id"]), doc)
    choices.append(doc["id"].replace("_", " ")); owners.append(("document", doc["id"]))
for reason in catalog["reasons"]:
    add(("reason", reason["id"]), reason)
add(("not_served", None), catalog.get("not_served", {}))

rows = []
for line in (root / "tests/corpus/understanding.tsv").read_text(encoding="utf-8").splitlines():
    if not line.strip() or line.startswith("#"):
        continue
    cols = line.split("\t")
    rows.append((cols[0], None if cols[1] == "-" else cols[1]))

rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 50
for utterance, _ in rows:  # warm up
    process.extractOne(utterance, choices, processor=utils.default_process)
started = time.perf_counter()
for _ in range(rounds):
    for utterance, _ in rows:
        process.extractOne(utterance, choices, processor=utils.default_process)
elapsed = time.perf_counter() - started
per = elapsed / (rounds * len(rows)) * 1e6

right = 0
for utterance, document in rows:
    best = process.extractOne(utterance, choices, processor=utils.default_process, score_cutoff=80)
    got = owners[best[2]][1] if best and owners[best[2]][0] == "document" else None
    right += got == document
print(f"rapidfuzz extractOne: {len(rows)} utterances x {rounds} rounds over {len(choices)} aliases")
print(f"  {per:.1f} us per utterance; best alias names the labelled document {right}/{len(rows)} = {100*right/len(rows):.1f}%")
