"""Check the extended corpus: columns, vocabularies, duplicates, unchanged old lines, counts."""
import re, collections, sys
OLD = '/work/main/tests/corpus/understanding.tsv'
NEW = '/work/wt/corpus/understanding.tsv'
VOC = {
 1: {'ktp_el','kk','akta_kelahiran','akta_kematian','pindah','kia','-'},
 2: {'baru','rusak','hilang','perubahan','-'},
 4: {'greeting','thanks','yes','no','menu','back','cancel','help','language','human','-'},
 5: {'id','su','en'},
 6: {'hours','address','cost','proxy','duration','late_fee','bot','-'},
 7: {'Leuwiliang','Purasari','Karyasari','Pabangbon','Karacak','Barengkok','Leuwimekar','Puraseda','Cibeber I','Cibeber II','Karehkel','-'},
}
def data(path):
    rows, sec = [], None
    for n, line in enumerate(open(path, encoding='utf-8').read().split('\n'), 1):
        if line.startswith('# ====='):
            sec = line.strip('# =')
        if not line.strip() or line.startswith('#'):
            continue
        rows.append((n, sec, line.split('\t')))
    return rows
err = 0
def bad(msg):
    global err; err += 1; print('ERROR', msg)
old, new = data(OLD), data(NEW)
for n, sec, c in new:
    if len(c) != 8: bad(f'line {n}: {len(c)} columns'); continue
    if c[0] != c[0].strip() or not c[0]: bad(f'line {n}: utterance whitespace')
    for i, v in VOC.items():
        if c[i] not in v: bad(f'line {n}: column {i+1} {c[i]!r}')
    if c[3] != '-' and not re.fullmatch(r'\d{16}', c[3]): bad(f'line {n}: nik {c[3]!r}')
    if c[3] != '-' and c[3] not in re.sub(r'[ .\-]', '', c[0]): bad(f'line {n}: nik not in utterance')
# old lines unchanged in columns 1-6 and order, at the same data positions
if len(new) < len(old): bad('fewer lines than before')
for i, (o, nw) in enumerate(zip(old, new)):
    if o[2] != nw[2][:6]: bad(f'data line {i+1} changed: {o[2]} vs {nw[2][:6]}')
# duplicates (case/space-insensitive)
seen = {}
for n, sec, c in new:
    k = ' '.join(c[0].lower().split())
    if k in seen: bad(f'duplicate utterance line {n} and {seen[k]}: {c[0]!r}')
    seen[k] = n
# new-line NIK plausibility: 32 01 14 DDMMYY SSSS
for n, sec, c in new[len(old):]:
    if c[3] != '-':
        d = c[3]; day = int(d[6:8]); day = day - 40 if day > 40 else day
        if not (d.startswith('320114') and 1 <= day <= 31 and 1 <= int(d[8:10]) <= 12 and d[12:] != '0000'):
            bad(f'line {n}: implausible NIK {d}')
# counts
added = new[len(old):]
print('existing data lines', len(old), ' new data lines', len(added), ' total', len(new))
bysec = collections.Counter()
bylang = collections.Counter(); secs_lang = collections.defaultdict(collections.Counter)
for n, sec, c in added:
    bysec[sec] += 1; bylang[c[5]] += 1; secs_lang[sec][c[5]] += 1
for s, k in bysec.items():
    print(f'{k:4d}  {s}   {dict(secs_lang[s])}')
tot = sum(bylang.values())
print('languages (new):', {l: f'{k} ({100*k/tot:.0f}%)' for l, k in bylang.items()})
q = collections.Counter(c[6] for _, _, c in added if c[6] != '-')
print('question labels (new):', dict(q), ' all lines:', dict(collections.Counter(c[6] for _, _, c in new if c[6] != '-')))
print('desa labels (new):', dict(collections.Counter(c[7] for _, _, c in added if c[7] != '-')))
print('docs (new):', dict(collections.Counter(c[1] for _, _, c in added)))
print('reasons (new):', dict(collections.Counter(c[2] for _, _, c in added)))
print('intents (new):', dict(collections.Counter(c[4] for _, _, c in added)))
print('lines with a question and a document (new):', sum(1 for _, _, c in added if c[6] != '-' and c[1] != '-'))
print('held-out (every 4th) among new:', sum(1 for i in range(len(old), len(new)) if (i + 1) % 4 == 0))
print('errors:', err)
sys.exit(1 if err else 0)
