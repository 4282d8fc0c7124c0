import csv, os, re, io
# The source figures and reports live in shared/ beside the repository (override with HWS_SHARED).
_SHARED_ROOT = os.environ.get('HWS_SHARED') or os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared')
SHARED = os.path.join(_SHARED_ROOT, 'data')
SEEDS = os.path.join(_SHARED_ROOT, 'seeds')
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
DATASETS = []   # dicts: name,title,source,unit,caveats,columns(list of (name,desc)),rows,seed,region,checkcols

def read(path):
    with open(os.path.join(SHARED, path), encoding='utf-8') as f:
        return list(csv.DictReader(f))

def num(s):
    if s is None or s == '': return None
    f = float(s)
    return int(f) if f.is_integer() and '.' not in s else f

def dataset(name, title, source, unit, caveats, columns, rows, seed=None, region=None, check=None, definitions='', label=None):
    DATASETS.append(dict(name=name, title=title, source=source, unit=unit, caveats=caveats,
                         columns=columns, rows=rows, seed=seed, region=region, check=check, definitions=definitions, label=label))

def fmt(v):
    if v is None: return ''
    if isinstance(v, float):
        s = repr(round(v, 6))
        if s.endswith('.0'): s = s[:-2]
        return s
    return str(v)

def write_all():
    os.makedirs(OUT, exist_ok=True)
    for d in DATASETS:
        names = [c[0] for c in d['columns']]
        with open(os.path.join(OUT, d['name'] + '.csv'), 'w', encoding='utf-8', newline='') as f:
            w = csv.writer(f, lineterminator='\n')
            w.writerow(names)
            for r in d['rows']:
                assert len(r) == len(names), (d['name'], r)
                w.writerow([fmt(v) for v in r])
