from common import *
from check import candidates
HD = 'helsedir-kompetanseloft-2020-utfordringer.txt'
OP = 'opptrappingsplan-heltid-bemanning.txt'
NOU = 'nou-2023-4-tid-for-handling.txt'
OS = 'oslo-rekruttering-kompetanseplan.txt'
SRCNAME = {HD: 'Helsedirektoratet 2021, Kompetanseløft 2020: utfordringsbildet og mulighetsrommet',
           OP: 'Opptrappingsplan for heltid og god bemanning i omsorgstjenesten (Helse- og omsorgsdepartementet)',
           NOU: 'NOU 2023:4 Tid for handling', OS: 'Oslo kommune, strategisk rekrutterings- og kompetanseplan for bærekraftige helse- og omsorgstjenester'}
_cache = {}
def norm_seed(seed):
    if seed not in _cache:
        t = open(os.path.join(SEEDS, seed), encoding='utf-8').read().replace('\u00a0', ' ')
        t = re.sub(r'-\s*\n\s*', '-', t)
        _cache[seed] = re.sub(r'\s+', ' ', t)
    return _cache[seed]
def verify(name, rows, seeds, vcol, qcol, scol):
    bad = 0
    for r in rows:
        q = re.sub(r'\s+', ' ', r[qcol]); t = norm_seed(seeds[r[scol]])
        squash = lambda x: re.sub(r'[\s-]', '', x)
        if q not in t and squash(q) not in squash(t):
            print('QUOTE NOT FOUND', name, q); bad += 1
        v = r[vcol]
        if v is not None and not any(re.search(r'(?<![\d,])' + re.escape(c) + r'(?![\d]|,\d)', q) for c in candidates(v)):
            print('VALUE NOT IN QUOTE', name, v, q); bad += 1
    print('facts', name, len(rows), 'bad', bad)

# indicator, group, service, period, value_pct, qualifier, source-key, quote
F = [
 ('fulltime_share', 'Helsefagarbeidere', 'kommunal helse- og omsorgstjeneste', '2020', 26.8, '', HD, 'Blant helsefagarbeiderne er det kun 26,8 prosent som jobber heltid'),
 ('unskilled_share_fte', 'Uten helse- og sosialfaglig utdanning', 'brukerrettede omsorgstjenester', '2020', 23.7, '', HD, 'Personell uten helse- og sosialfaglig utdanning 23,7 prosent årsverk i brukerrettede omsorgstjenester'),
 ('unskilled_share_employed', 'Uten helse- og sosialfaglig utdanning', 'brukerrettede omsorgstjenester', '2020', 32.2, '', HD, 'og hele 32,2 prosent av alle sysselsatte'),
 ('turnover_out_of_municipal_sector', 'Alle', 'kommunal helse- og omsorgstjeneste', '2020', 14.6, '', HD, 'Tallene fra KS viser at 14,6 prosent av de ansatte i den kommunale helse- og omsorgstjenesten sluttet i kommunesektoren i løpet av 2020'),
 ('turnover_out_of_municipal_sector', 'Under 30 år', 'kommunal helse- og omsorgstjeneste', '2020', 27.5, '', HD, 'blant de under 30 år (27,5 prosent)'),
 ('turnover_out_of_municipal_sector', '60-69 år', 'kommunal helse- og omsorgstjeneste', '2020', 23.5, '', HD, 'de mellom 60-69 år (23,5 prosent)'),
 ('turnover', 'Ledere', 'kommunal helse- og omsorgstjeneste', '2020', 16.4, '', HD, 'Tall fra KS for 2020 viser en turnover blant ledere i de kommunale helse- og omsorgstjenestene på 16,4 prosent'),
 ('turnover', 'Leger', 'kommunal helse- og omsorgstjeneste', '2020', 30, '', HD, 'turnover blant leger på 30 prosent'),
 ('sick_leave_rate', 'Alle', 'alle sektorer', '2020', 6.1, 'legemeldt og egenmeldt', HD, 'Sykefraværsprosenten for alle sektorer var i 2020 6,1 prosent'),
 ('sick_leave_rate', 'Alle', 'helse- og sosialtjenester', '2020', 9.1, 'legemeldt og egenmeldt; includes state health services', HD, 'mens den for helse- og sosialtjenestene var 9,1 prosent'),
 ('sick_leave_rate', 'Alle', 'kommunal helse- og sosialtjeneste', '2020 Q4', 10.8, 'legemeldt og egenmeldt', HD, 'For fjerde kvartal 2020 var sykefraværsprosenten (legemeldt og egenmeldt) i den kommunale helse- og sosialtjenesten 10,8 prosent'),
 ('fulltime_share', 'Uten helse- og sosialfaglig utdanning', 'omsorgstjenesten', '2021', 11, '', OP, 'Andel personell som jobber heltid utgjør kun 11 pst. av personell uten helse- og sosialfaglig utdanning'),
 ('fulltime_share', 'Helsefagarbeidere', 'omsorgstjenesten', '2021', 28, '', OP, '28 pst. av helsefagarbeiderne'),
 ('fulltime_share', 'Sykepleiere med spesialisering eller videreutdanning', 'omsorgstjenesten', '2021', 66, '', OP, 'hhv. 66 og 59 pst. av sykepleierne med og uten spesialisering eller videreutdanning'),
 ('fulltime_share', 'Sykepleiere uten spesialisering eller videreutdanning', 'omsorgstjenesten', '2021', 59, '', OP, 'hhv. 66 og 59 pst. av sykepleierne med og uten spesialisering eller videreutdanning'),
 ('unskilled_share_fte', 'Pleieassistenter uten helse- og sosialfaglig utdanning', 'omsorgstjenesten', '2021', 25, 'om lag', OP, 'Om lag 25 pst. av årsverkene består av pleieassistenter uten helse- og sosialfaglig utdanning'),
 ('sick_leave_rate', 'Alle', 'omsorgstjenestene', '2021', 8.7, '', OP, 'økte til 8,7 pst. i 2021'),
 ('sick_leave_rate', 'Alle', 'omsorgstjenestene', 'years before 2020', 8, 'i underkant av', OP, 'Sykefraværet i omsorgstjenestene har i gjennomsnitt ligget i underkant av 8 pst. i en årrekke før 2020'),
 ('sick_leave_rate', 'Helsefagarbeidere, aktivitører og barne- og ungdomsarbeidere', 'omsorgstjenestene', '2021', 10, 'i overkant av', OP, 'det høyeste sykefraværet på i overkant 10 pst. i 2021'),
 ('sick_leave_rate', 'Sykepleiere uten videreutdanning', 'omsorgstjenestene', '2021', 9.4, '', OP, 'For sykepleiere var sykefraværet 9,4 pst. for de uten videreutdanning'),
 ('sick_leave_rate', 'Sykepleiere med videreutdanning', 'omsorgstjenestene', '2021', 8, 'i underkant av', OP, 'i underkant av 8 pst. for de med videreutdanning'),
 ('turnover_out_of_municipal_sector', 'Alle', 'kommunal helse- og omsorgstjeneste', '2020-2021', 14.7, 'om lag', OP, 'Om lag 14,7 pst. av de ansatte i den kommunale helse- og omsorgstjenesten ved utgangen av 2020 var ikke lenger ansatt i kommunal sektor ett år etter'),
 ('fulltime_share', 'Helsefagarbeidere', 'kommunale helse- og omsorgstjenester', '2021', 28.5, '', NOU, 'Helsefagarbeiderne skiller seg ut, med kun 28,5 prosent som jobbet heltid i 2021'),
 ('avg_position_pct', 'Alle', 'kommunale helse- og omsorgstjenester', '2019', 73.2, '', NOU, 'og var i 2019 på 73,2 prosent'),
 ('sick_leave_rate', 'Alle', 'kommunale helse- og omsorgstjenester', '2021', 8.4, 'legemeldt only', NOU, 'Legemeldt sykefravær i de kommunale helse- og omsorgstjenestene var 8,4 prosent i 2021'),
 ('sick_leave_rate', 'Helsefagarbeidere', 'kommunale helse- og omsorgstjenester', '2021', 10.2, 'legemeldt only', NOU, 'med henholdsvis 10,2, og 9,0 og 8,5 prosent legemeldt sykefravær i 2021'),
 ('sick_leave_rate', 'Sykepleiere uten videreutdanning', 'kommunale helse- og omsorgstjenester', '2021', 9.0, 'legemeldt only', NOU, 'med henholdsvis 10,2, og 9,0 og 8,5 prosent legemeldt sykefravær i 2021'),
 ('sick_leave_rate', 'Vernepleiere', 'kommunale helse- og omsorgstjenester', '2021', 8.5, 'legemeldt only', NOU, 'med henholdsvis 10,2, og 9,0 og 8,5 prosent legemeldt sykefravær i 2021'),
 ('turnover', 'Alle', 'kommunale helse- og omsorgstjenester', '2020-2021', 25, 'nesten; broad definition', NOU, 'Samlet sett var turnover nesten 25 prosent fra 2020 til 2021'),
 ('turnover_out_of_municipal_sector', 'Alle', 'kommuner og fylkeskommuner, alle sektorer', '2020-2021', 12.8, '', NOU, 'som var på 12,8 prosent fra 2020 til 2021'),
]
def year_and_period(p):
    # A plain year goes to `year`; a span or quarter keeps its text in `period` and its last year in `year`.
    if re.fullmatch(r'\d{4}', p): return int(p), None
    m = re.findall(r'\d{4}', p)
    return (int(m[-1]) if m and not p.startswith('years before') else None), p
rows = [(i, g, s) + year_and_period(p) + (v, q or None, SRCNAME[k], k, quote) for i, g, s, p, v, q, k, quote in F]
verify('municipal_workforce_indicators', rows, {k: k for k in SRCNAME}, 5, 9, 8)
dataset('municipal_workforce_indicators', 'Full-time shares, unskilled shares, sick leave and turnover in municipal health and care, as stated in the reports\' text (2019–2021)',
  'Helsedirektoratet (2021) Kompetanseløft 2020 report ch. 3; Opptrappingsplan for heltid og god bemanning, ch. "Utfordringsbildet"; NOU 2023:4 §§5.2.2, 9.2.1, 9.2.2, 9.4.2',
  '% (value_pct)',
  'Figures quoted in the text; the figures themselves (Helsedirektoratet fig. 3–7, NOU fig. 5.11–5.13, 9.2, 9.13) are images without data. Definitions differ by source: full time = position ≥ 100 % (Helsedirektoratet, full-time plan); turnover "out of municipal sector" (left the municipal sector during the year, KS, measured 1 Dec–1 Dec) versus the broad definition (also changed municipality or sub-service); sick leave is doctor-certified only (legemeldt) in the NOU/SSB 2021 figures, doctor- plus self-certified in the 2020 SSB figures. The Helsedirektoratet year for 26.8 %, 23.7 % and 32.2 % is taken from the report\'s 2020 figures (the sentence does not repeat the year). qualifier keeps "om lag", "i underkant av" etc.',
  [('indicator', 'fulltime_share | unskilled_share_fte | unskilled_share_employed | sick_leave_rate | turnover | turnover_out_of_municipal_sector | avg_position_pct'),
   ('group', 'personnel group (Norwegian)'), ('service', 'service or population'),
   ('year', 'the year the figure refers to (the last year of a span; empty if not stated)'),
   ('period', 'the period as stated when it is not a single calendar year (a quarter, a span, "years before 2020")'),
   ('value_pct', 'value in %'), ('qualifier', 'approximation or definition note as stated'), ('source', 'report')],
  [r[:8] for r in rows])

# Oslo
O = [
 ('Befolkning 0-66 år', 'endring 2021-2040', 9, 'pct', '', 'befolkningen 0-66 år vil øke med 9 prosent'),
 ('Befolkning 67 år og over', 'endring 2021-2040', 51, 'pct', 'prosent', 'befolkningen 67 år og over vil øke med 51 prosent frem mot 2040'),
 ('Befolkning 80 år og over', 'endring 2021-2040', 100, 'pct', 'ca.', 'Den eldste gruppen blant de eldre, 80 år og over, øker med ca. 100 prosent frem mot 2040'),
 ('Befolkning 80 år og over', 'endring 2021-2050', 150, 'pct', '', 'befolkningen 80 år og over øker med 150 prosent'),
 ('Andel 67 år og over av befolkningen', '2021', 11, 'pct', 'ca.', 'ca. 11 prosent i 2021'),
 ('Andel 67 år og over av befolkningen', '2040', 15, 'pct', 'ca.', 'til ca. 15 prosent i 2040'),
 ('Personer med demens', '2020', 9629, 'persons', '', 'I 2020 var det 9629 personer med demens i Oslo'),
 ('Andel med demens', '2020', 1.39, 'pct', '', 'en andel på 1,39 prosent'),
 ('Personer med demens', '2040', 18471, 'persons', 'forventet', 'I 2040 forventes det å være 18471 personer med demens i Oslo'),
 ('Andel med demens', '2040', 2.37, 'pct', 'forventet', 'det er en andel på 2,37 prosent'),
 ('Andel med demens', 'endring 2020-2040', 70.5, 'pct', '', 'Andelen med demens i Oslo øker med 70,5 prosent fra 2020 til 2040'),
 ('Andel 80 år og over som mottar hjemmetjenester', '2020', 27, 'pct', 'ca.', 'Ved utgangen av 2020 mottok ca. 27 prosent av innbyggerne på 80 år og over'),
 ('Andel 80 år og over i langtidsopphold i institusjon', '2020', 11.7, 'pct', '', 'og 11,7 prosent bodde i langtidsopphold i institusjon'),
 ('Andel 67-79 år som mottar hjemmetjenester', '2020', 7, 'pct', 'ca.', 'I denne aldersgruppen mottok ca. 7 prosent hjemmetjenester'),
 ('Andel 67-79 år i langtidsopphold i institusjon', '2020', 1.4, 'pct', '', 'og 1,4 prosent bodde i langtidsopphold i institusjon'),
 ('Behov for flere årsverk i omsorgstjenestene', 'endring 2020-2040', 8000, 'fte', 'mer enn', 'behovet for årsverk i omsorgstjenestene vil kunne øke med mer enn 8000 årsverk'),
 ('Behov for flere årsverk i omsorgstjenestene', 'endring 2020-2040', 64, 'pct', 'ca.', 'tilsvarende ca. 64 prosent, frem mot 2040'),
 ('Andel med innvandrerbakgrunn i befolkningen', 'not stated', 33.7, 'pct', 'ca.', 'ca. 33,7 prosent har innvandrerbakgrunn'),
 ('Andel enpersonshusholdninger', 'not stated', 47, 'pct', '', 'Av husholdningene i Oslo er 47 prosent av enpersonshusholdninger'),
 ('Andel over 67 år som bor alene', 'not stated', 41, 'pct', '', '41 prosent av personer over 67 år bor alene'),
 ('Andel over 80 år som bor alene', 'not stated', 54, 'pct', '', '54 prosent av de over 80 år bor alene'),
]
def oslo_years(p):
    if p == 'not stated': return None, None
    m = re.findall(r'\d{4}', p)
    return (int(m[-1]), int(m[0]) if len(m) == 2 else None)
rows = [(a,) + oslo_years(b) + (c, u, q or None, SRCNAME[OS], OS, quote) for a, b, c, u, q, quote in O]
verify('oslo_population', rows, {SRCNAME[OS]: OS}, 3, 8, 6)
dataset('oslo_population', 'Oslo: population projection to 2040/2050, dementia, service use and household facts (Oslo recruitment and competence strategy)',
  SRCNAME[OS] + ', ch. 3.1–3.5 (population projection October 2021; SSB; demenskartet.no)',
  'mixed: see unit column (pct | persons | fte)',
  'Text figures, not a table. Population changes are from Oslo kommune\'s population projection of October 2021; the dementia figures are from demenskartet.no (the 70.5 % rise is of the dementia share, 1.39 % → 2.37 %; the number of persons rises 92 %); the service-use shares are SSB figures for the end of 2020. The projected need for more than 8 000 FTE (about 64 %) assumes FTE per recipient and age-specific recipient shares fixed at the 2020 level (SSB). A change over a span has base_year and year (e.g. 2021 → 2040); year is empty where the report gives none.',
  [('indicator', 'what is measured (Norwegian)'), ('year', 'the year of the figure, or the end year of a change (empty when not stated)'),
   ('base_year', 'for a change: the year it is measured from (empty for levels)'), ('value', 'the figure'), ('unit', 'pct | persons | fte'),
   ('qualifier', 'ca., mer enn, forventet … as stated'), ('source', 'report')],
  [r[:7] for r in rows])

P = [('Pleieassistent uten helseutdanning', 3316, 'registrert 3316 årsverk som pleieassistent uten helseutdanning'),
     ('Helsefagarbeider', 2253, '2253 i stillingskategorien helsefagarbeider'),
     ('Sykepleiere med og uten tilleggsutdannelse', 2818, '2818 under kategorien sykepleiere med og uten tilleggsutdannelse'),
     ('Ergoterapi', 265, 'kun 265 årsverk innen ergoterapi'),
     ('Sosionomer', 287, '287 årsverk for sosionomer'),
     ('Servicefunksjoner', 269, '269 i kategorien servicefunksjoner')]
rows = [(c, 2021, v, SRCNAME[OS], OS, q) for c, v, q in P]
verify('oslo_fte_2021', rows, {SRCNAME[OS]: OS}, 2, 5, 3)
assert 'Tall for Oslo 2021 viser at det av totalt 13715 årsverk' in norm_seed(OS)
dataset('oslo_fte_2021', 'Oslo kommune health and care FTE by staff category, 2021 (selected categories of a total of 13 715)',
  SRCNAME[OS] + ', ch. 5 (competence development: "Tall for Oslo 2021")',
  'årsverk (FTE)',
  'Only the categories the report names are given; they sum to 9 208 of the stated total of 13 715 årsverk (the rest is not itemised). Staff categories (stillingskategori) as printed.',
  [('category', 'stillingskategori as printed'), ('year', '2021'), ('fte', 'årsverk')],
  [r[:3] for r in rows])

# omsorg FTE and employed 2021 (full-time plan)
t = read('omsorg_fte_employed_2021.csv')
rows = [(r['education_group'], int(r['fte']), int(r['employed'])) for r in t if r['education_group'] != 'Totalsum']
seedtxt = open(os.path.join(SEEDS, OP), encoding='utf-8').read().replace('\u00a0', ' ')
blk = seedtxt[seedtxt.index('Årsverk og sysselsatte i omsorgstjenesten 2021'):seedtxt.index('Kilde: Statistisk sentralbyrå', seedtxt.index('Totalsum'))]
cells = [c.strip() for c in blk.split('\n') if c.strip()]
for g, f, e in rows:
    k = cells.index(g); assert cells[k+1].replace(' ', '') == str(f) and cells[k+2].replace(' ', '') == str(e), (g, cells[k:k+3])
k = cells.index('Totalsum'); assert cells[k+1] == '148 820' and cells[k+2] == '202 925'
print('omsorg verified', len(rows))
dataset('omsorg_fte_employed_2021', 'FTE and employed persons in the municipal care services by education group, 2021 (full-time plan)',
  SRCNAME[OP] + ', table "Årsverk og sysselsatte i omsorgstjenesten 2021" (source: SSB), ch. "Bemanning"',
  'årsverk (FTE); persons employed',
  'Omsorgstjenesten = KOSTRA functions 234, 253, 254, 261 (about 87 % of municipal health and care FTE). The printed Totalsum 148 820 FTE / 202 925 employed equals the sum of the groups exactly (the total row is not repeated here). Average position size = fte / employed.',
  [('education_group', 'utdanningsgruppe as printed'), ('fte', 'årsverk'), ('employed', 'sysselsatte (persons)')], rows)

# Capacity and demand facts for the municipal care services, from the text of the full-time plan and Helsedirektoratet.
C = [
 ('Årsverk i omsorgstjenesten', 'omsorgstjenesten', 2015, None, 130000, 'fte', 'om lag', OP, 'har økt fra om lag 130 000 årsverk i 2015'),
 ('Årsverk i omsorgstjenesten', 'omsorgstjenesten', 2021, None, 149000, 'fte', 'om lag', OP, 'til om lag 149 000 årsverk i 2021'),
 ('Omsorgstjenestens andel av årsverkene i kommunal helse- og omsorgstjeneste', 'omsorgstjenesten', 2021, None, 87, 'pct', 'om lag', OP, 'Omsorgstjenesten står for om lag 87 pst. av årsverkene i den kommunale helse- og omsorgstjenesten'),
 ('Årsverk per bruker', 'omsorgstjenester', 2016, None, 0.54, 'fte per user', '', HD, 'fra 0,54 årsverk per bruker i 2016'),
 ('Årsverk per bruker', 'omsorgstjenester', 2020, None, 0.58, 'fte per user', '', HD, 'mot 0,58 årsverk i 2020'),
 ('Pårørendes omsorg i årsverk', 'uformell omsorg', 2019, None, 97000, 'fte', '', HD, 'pårørendes omsorg i og utenfor eget hjem tilsvarte 97.000 årsverk10 i 2019'),
 ('Pårørendes omsorg i årsverk', 'uformell omsorg', None, None, 136000, 'fte', 'om lag; year not stated', OP, 'pårørende gir omsorg tilsvarende om lag 136 000 årsverk'),
 ('Behov for flere årsverk (KS framskriving)', 'kommunal helse- og omsorgstjeneste', 2031, 2021, 45600, 'fte', 'ca.; base year "i dag" (2021 report)', HD, 'behov for ca. 45.600 flere årsverk i 2031 enn i dag'),
 ('Behov for årsverksvekst (SSB framskriving)', 'omsorgstjenesten', 2035, None, 55000, 'fte', 'rundt; cumulative to 2035', OP, 'vil kunne være rundt 55 000 årsverk samlet frem til 2035'),
 ('Andel menn av sysselsatte', 'kommunal helse- og omsorgstjeneste', 2021, None, 15.6, 'pct', '', OP, 'Menn utgjør fortsatt bare 15,6 pst. av alle sysselsatte i kommunale helse- og omsorgstjenester i 2021'),
 ('Mottakere av omsorgstjenester under 50 år', 'omsorgstjenester', 2009, None, 61500, 'persons', 'om lag', OP, 'fra om lag 61 500 brukere og 1,9 pst. av aldersgruppen i 2009'),
 ('Mottakere av omsorgstjenester under 50 år', 'omsorgstjenester', 2021, None, 81000, 'persons', 'om lag', OP, 'til om lag 81 000 brukere og 2,4 pst. av aldersgruppen i 2021'),
 ('Andel av befolkningen under 50 år som mottar omsorgstjenester', 'omsorgstjenester', 2009, None, 1.9, 'pct', '', OP, 'fra om lag 61 500 brukere og 1,9 pst. av aldersgruppen i 2009'),
 ('Andel av befolkningen under 50 år som mottar omsorgstjenester', 'omsorgstjenester', 2021, None, 2.4, 'pct', '', OP, 'til om lag 81 000 brukere og 2,4 pst. av aldersgruppen i 2021'),
 ('Personer med demens', 'hele landet', 2020, None, 101188, 'persons', '', HD, 'fra 101.188 i 2020'),
 ('Personer med demens', 'hele landet', 2050, None, 237000, 'persons', 'nær; projected', HD, 'til nær 237.000 i 2050'),
]
rows = [(a, b, c, d, v, u, q or None, SRCNAME[k], k, quote) for a, b, c, d, v, u, q, k, quote in C]
# The Helsedirektoratet text writes thousands with a dot (97.000, 45.600, 101.188): check those quotes as printed.
_orig = candidates
def candidates_with_dots(v):
    out = _orig(v)
    if isinstance(v, int) and v >= 1000:
        out.add(f'{v:,}'.replace(',', '.'))
    return out
import check as _check
globals()['candidates'] = candidates_with_dots
verify('municipal_care_facts', rows, {k: k for k in SRCNAME}, 4, 9, 8)
globals()['candidates'] = _orig
dataset('municipal_care_facts', 'Municipal care capacity and demand: FTE, FTE per user, family care, projected needs, young users, dementia (report text, 2009–2050)',
  'Opptrappingsplan for heltid og god bemanning, ch. "Bemanning" and "Utfordringsbildet"; Helsedirektoratet (2021) Kompetanseløft 2020 report ch. 1',
  'mixed: see unit column (fte | fte per user | pct | persons)',
  'Text figures, mostly rounded ("om lag"). Family care differs by source: 97 000 årsverk in 2019 (Helsedirektoratet, from SSB), about 136 000 årsverk (full-time plan, year not stated), and HELSEMOD\'s 90 000 (SSB\'s estimate for 2017, helsemod_scenarios). Helsedirektoratet writes thousands with a dot (97.000). FTE per user is SSB table 12209; the projected needs are KS\'s (45 600 more FTE by 2031 than "today") and SSB\'s 2019 projection (about 55 000 more by 2035).',
  [('indicator', 'what is measured (Norwegian)'), ('service', 'service or population'),
   ('year', 'the year of the figure (the horizon of a projection; empty when not stated)'), ('base_year', 'for a change: the year it is measured from'),
   ('value', 'the figure'), ('unit', 'fte | fte per user | pct | persons'), ('qualifier', 'om lag, nær … as stated'), ('source', 'report')],
  [r[:8] for r in rows])
