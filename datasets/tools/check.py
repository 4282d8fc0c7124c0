import re
from common import *
def candidates(v):
    out = set()
    if isinstance(v, int) or (isinstance(v, float) and v.is_integer()):
        i = int(v)
        s = str(abs(i)); neg = '-' if i < 0 else ''
        grouped = ''
        while len(s) > 3: grouped = ' ' + s[-3:] + grouped; s = s[:-3]
        grouped = s + grouped
        out |= {neg + str(abs(i)), neg + grouped, neg + str(abs(i)) + ',0', neg + grouped + ',0'}
        if neg: out |= {'- ' + grouped, '−' + grouped, '-' + grouped}
    else:
        for d in (1, 2, 3):
            s = f'{v:.{d}f}'
            if float(s) == v:
                out.add(s.replace('.', ',')); 
                if v < 0: out.add('- ' + s[1:].replace('.', ','))
                # thousands grouping for decimals
                ip, fp = s.split('.')
                a = ip.lstrip('-')
                if len(a) > 3: out.add(('-' if v < 0 else '') + a[:-3] + ' ' + a[-3:] + ',' + fp)
    return out

def region_text(seed, region):
    txt = open(os.path.join(SEEDS, seed), encoding='utf-8').read().replace('\u00a0', ' ').replace('\u202f', ' ').replace('\u2212', '-')
    a, b = region
    i = txt.index(a)
    j = txt.index(b, i + len(a)) + len(b)
    return txt[i:j]

def check_all():
    problems = 0
    weak = set()
    for d in DATASETS:
        if not d['seed']: 
            print('NOCHECK', d['name']); continue
        raw = region_text(d['seed'], d['region'])
        for a, b in d.get('rewrite', {}).items(): raw = raw.replace(a, b)
        t = re.sub(r'\s+', ' ', raw)
        lines = [re.sub(r'\s+', ' ', l).strip() for l in raw.split('\n')]
        names = [c[0] for c in d['columns']]
        label = d.get('label')
        li = names.index(label) if label else None
        for col in d['check']:
            j = names.index(col)
            for r in d['rows']:
                v = r[j]
                if v is None: continue
                hay = t
                if li is not None and r[li] is not None:
                    ls = [l for l in lines if l.startswith(str(r[li]))]
                    if ls: hay = ' | '.join(ls)
                    else: weak.add((d['name'], str(r[li])))
                ok = any(re.search(r'(?<![\d,])' + re.escape(c) + r'(?![\d]|,\d)', hay) for c in candidates(v))
                if not ok:
                    problems += 1; print('MISSING', d['name'], col, v, r)
    for w in sorted(weak): print('WEAK (label not at line start)', w)
    print('checked', len(DATASETS), 'problems', problems)
