from common import *
NOU = 'nou-2023-4-tid-for-handling.txt'

# Table 2.6 health expenditure
yrs = list(range(2014, 2022))
gdp = [9.3,10.1,10.6,10.3,10.0,10.5,11.4,10.1]
ml = [11.6,12.1,12.2,12.1,12.3,12.8,12.8,12.8]
nok = [57131,60735,62667,64421,67065,70205,72383,77244]
care = [28.7,27.8,28.2,28.5,29.3,29.7,29.6,29.2]
dataset('nou_health_expenditure', 'Health expenditure in Norway: % of GDP, % of mainland GDP, NOK per inhabitant, 2014–2021 (NOU 2023:4 table 2.6)',
  'NOU 2023:4, table 2.6 (source: SSB health accounts), ch. 2',
  '% of GDP; NOK per inhabitant (current prices); %',
  'Figures for 2020 and 2021 are provisional. Health-related care services (HC.3 nursing homes and home nursing) are included, non-health care (practical help) is not (international definition). The care share is computed in current prices.',
  [('year', 'year'), ('pct_of_gdp', 'health expenditure, % of GDP'), ('pct_of_mainland_gdp', 'health expenditure, % of mainland GDP'),
   ('nok_per_inhabitant', 'health expenditure per inhabitant, NOK'), ('care_services_share_pct', 'share of health expenditure on health-related care services, %')],
  [(y, a, b, c, d) for y, a, b, c, d in zip(yrs, gdp, ml, nok, care)], NOU,
  ('Tabell 2.6 Helseutgifter', '29,2'), ['pct_of_gdp', 'pct_of_mainland_gdp', 'nok_per_inhabitant', 'care_services_share_pct'])

# Table 4.1 relative change in FTE
K = 'Kommunale helse- og omsorgstjenester'; S = 'Spesialisthelsetjenesten'
ann = {K: [1.9,1.3,1.4,None,2.0,3.4,2.7,2.8,1.6,2.7], S: [1.2,0.4,2.5,None,1.2,1.2,1.2,1.4,2.4,1.9]}
cum = {K: [None,None,None,None,2.0,5.4,8.2,11.2,13.0,16.0], S: [None,None,None,None,1.2,2.4,3.6,5.1,7.6,9.6]}
rows = []
for sec in (K, S):
    for i, y in enumerate(range(2012, 2022)):
        rows.append((sec, y, ann[sec][i], cum[sec][i]))
dataset('nou_fte_growth', 'Annual and cumulative change in agreed FTE, municipal health and care vs specialist health services, 2012–2021 (NOU 2023:4 table 4.1)',
  'NOU 2023:4, table 4.1 (source: SSB table 09547 and special data for Kompetanseløft 2025; tables 11995, 11996), ch. 4',
  '% change',
  'Break in the series between 2014 and 2015 (SSB\'s new data-collection method): the 2015 change is not shown ("*"), and the cumulative change starts from the 2015 level (2015 itself printed "*", i.e. the base). Empty = not published.',
  [('sector', 'service level'), ('year', 'year'), ('annual_change_pct', 'change in agreed FTE from the year before, %'),
   ('cumulative_change_since_2015_pct', 'change since 2015, %')],
  rows, NOU, ('Tabell 4.1 Relativ', 'fra 2015 * 1,2 2,4 3,6 5,1 7,6 9,6'), ['annual_change_pct', 'cumulative_change_since_2015_pct'])

# Table 5.1 dental vacancies (from research pass, verified below)
t = read('nou-ch5-9/s002b_table_5_1.csv')
rows = [(r['occupation_no'], int(r['year']), num(r['vacant_fte'])) for r in t]
dataset('nou_dental_vacancies', 'Vacant positions (FTE) in the public dental service, 2015–2021 (NOU 2023:4 table 5.1)',
  'NOU 2023:4, table 5.1 (source: SSB table 11774), ch. 5',
  'årsverk (FTE) vacant',
  '2019 is missing in the source (".": not yet in SSB\'s databases or too uncertain to publish).',
  [('occupation', 'occupation as printed'), ('year', 'year'), ('vacant_fte', 'vacant positions, årsverk')],
  rows, NOU, ('Tabell 5.1 Ledige', '14,4 22,1'), ['vacant_fte'], label='occupation')

# Table 9.1 position floor
t = read('nou-ch5-9/s002b_table_9_1.csv')
by = {}
for r in t:
    by.setdefault(r['occupation_no'], {})[r['path']] = num(r['value_fte'])
rows = []
for occ, d in by.items():
    if occ == 'Sum': continue
    rows.append((occ, d['observed'], d['reference'], d['min_70pct_position'], d['min_100pct_position']))
dataset('nou_position_floor_supply', 'HELSEMOD supply in 2040 if every position were raised to at least 70 % or 100 %, by occupation (NOU 2023:4 table 9.1)',
  'NOU 2023:4, table 9.1 (source: SSB, Jia et al. 2023), ch. 9',
  'årsverk (FTE)',
  'The two variant columns are the added supply over the 2040 reference path, not levels. Published Sum: 225 900 (2019), 282 500 (2040 reference), 2 700 (min 70 %), 43 300 (min 100 %); component sums 226 100 / 282 600 / 2 710 / 43 200 (rounding). Helsefagarbeider includes hjelpepleiere and omsorgsarbeidere. Thousands separators in the PDF text are no-break spaces, which is how "5 100 6 200 10 500" splits into 5 100 | 6 200 | 10 | 500.',
  [('occupation', 'occupation as printed'), ('supply_2019_fte', 'observed supply 2019'), ('supply_2040_reference_fte', 'supply 2040, reference path'),
   ('added_fte_min_70pct', 'added supply 2040 if all positions ≥ 70 %'), ('added_fte_min_100pct', 'added supply 2040 if all positions ≥ 100 %')],
  rows, NOU, ('Tabell 9.1 Effekter', '2 700 43 300'), ['supply_2019_fte', 'supply_2040_reference_fte', 'added_fte_min_70pct', 'added_fte_min_100pct'], label='occupation')

# Table 9.2 rota models
t = read('nou-ch5-9/s002b_table_9_2.csv')
rows = [(int(r['model']), r['weekend_frequency_no'], r['weekday_shift_no'], r['weekend_shift_no'], int(r['employees']), int(r['fte_low']), int(r['fte_high'])) for r in t]
dataset('nou_rota_models', 'Ideal-type rota models: weekend frequency, shift length, employees and FTE (NOU 2023:4 table 9.2, Fafo)',
  'NOU 2023:4, table 9.2 (source: Moland 2021, Fafo), ch. 9',
  'persons; årsverk',
  'FTE is printed as a range ("12-24"), split into fte_low and fte_high. Model 7\'s shift description ("Døgnvakt omtrent to ganger i uka") spans both shift columns in the PDF text and is repeated in both; its FTE is a single value 8.',
  [('model', 'model number'), ('weekend_frequency', 'how often each employee works weekends'), ('weekday_shift', 'shift length on weekdays'),
   ('weekend_shift', 'shift length at weekends'), ('employees', 'employees needed'), ('fte_low', 'FTE, low end of range'), ('fte_high', 'FTE, high end of range')],
  rows, NOU, ('Tabell 9.2 Idealtypiske', 'to ganger i uka 8 8'), ['employees', 'fte_low', 'fte_high'])

# Table 10.1 trade certificates
prog = [('Ambulansefaget', [315,276,279,258,221,210], -33), ('Helsearbeiderfaget', [3070,3219,3486,3799,3805,4583], 49),
        ('Ortopediteknikkfaget', [10,5,12,10,15,10], 0), ('Portørfaget', [1,73,53,47,28,56], None)]
sy = ['2015/2016','2016/2017','2017/2018','2018/2019','2019/2020','2020/2021']
rows = [(p, s, v, ch) for p, vals, ch in prog for s, v in zip(sy, vals)]
dataset('nou_trade_certificates', 'Trade and competence certificates (fagbrev) by programme, 2015/16–2020/21 (NOU 2023:4 table 10.1)',
  'NOU 2023:4, table 10.1 (source: Utdanningsdirektoratet), ch. 10',
  'certificates (count); change in %',
  'AMBIGUOUS: the PDF text reads "Portørfaget 1 73 53 47 28 56 -": the leading 1 may be a footnote marker (then 2015/16 is missing and the five values belong to 2016/17–2020/21) or the 2015/16 value; it is kept as the 2015/16 value here and no change is printed for this row. change_pct (2015/16 → 2020/21, as printed, e.g. "- 33 %") is repeated on every row of a programme.',
  [('programme', 'utdanningsprogram as printed'), ('school_year', 'school year'), ('certificates', 'fagbrev and kompetansebevis achieved'),
   ('change_pct', 'printed change 2015/16 → 2020/21, % (repeated per programme)')],
  rows, NOU, ('Tabell 10.1 Oppnådde', 'Portørfaget 1 73 53 47 28 56 -'), ['certificates'], label='programme')

# Table 10.2 nursing study places
rows = [(2019, 16140, 12864, 7255, 4941), (2020, 19531, 13563, 7658, 5150), (2021, 19282, 13209, 8108, 5151), (2022, 14977, 10223, 8141, 5260)]
dataset('nou_nursing_study_places', 'Nursing education: qualified applicants, first-choice applications, offers and planned study places, 2019–2022 (NOU 2023:4 table 10.2)',
  'NOU 2023:4, table 10.2 (source: Samordna opptak), ch. 10',
  'persons / applications / study places',
  'Grade requirements in Norwegian and mathematics were introduced for nursing in 2019, which reduced the number of qualified applicants.',
  [('year', 'admission year'), ('qualified_applicants', 'søkere kvalifisert'), ('first_choice_applications', 'søknader førstevalg'),
   ('applicants_offered', 'søkere tilbud'), ('planned_study_places', 'planlagte studieplasser')],
  rows, NOU, ('Tabell 10.2 Studieplasser', 'Planlagte studieplasser 4 941 5 150 5 151 5 260'),
  ['qualified_applicants', 'first_choice_applications', 'applicants_offered', 'planned_study_places'])

# Table 13.1
rows = [('Min-alternativet', 2040, 344, 13), ('Min-alternativet', 2060, 333, 13),
        ('Referansealternativet', 2040, 460, 18), ('Referansealternativet', 2060, 561, 22),
        ('Max-alternativet', 2040, 612, 24), ('Max-alternativet', 2060, 1013, 39)]
dataset('nou_fte_2040_2060', 'Health and care FTE and share of all FTE in 2040 and 2060 under three growth alternatives (NOU 2023:4 table 13.1)',
  'NOU 2023:4, table 13.1 (source: Holmøy et al. 2023, table 11.1), ch. 13',
  '1 000 årsverk; % of all employed',
  'Common starting point 2019: 314 547 agreed årsverk, 13 % of all årsverk in the economy. The reference alternative equals the mid scenario of Jia et al. (2023). Total årsverk in the economy (Perspektivmeldingen 2021 baseline): 2 590 thousand (2040) and 2 609 thousand (2060).',
  [('alternative', 'growth alternative as printed'), ('year', '2040 or 2060'), ('fte_thousands', 'årsverk in health and care, thousands'),
   ('share_of_employed_pct', 'share of all årsverk in the economy, %')],
  rows, NOU, ('Tabell 13.1 Årsverk', '2 590 2 609'), ['fte_thousands', 'share_of_employed_pct'], label='alternative')
dataset('nou_total_fte_economy', 'All årsverk in the Norwegian economy, 2040 and 2060 (Perspektivmeldingen 2021 baseline; NOU 2023:4 table 13.1)',
  'NOU 2023:4, table 13.1, last row «Årsverk totalt, basisforløpet i Perspektivmeldingen 2021» (source: Holmøy et al. 2023, table 11.1)',
  '1 000 årsverk',
  'PUBLISHED: 2 590 (2040) and 2 609 (2060) thousand årsverk, the denominators of table 13.1\'s shares (the table calls them «andel av '
  'sysselsatte», but divides by årsverk): every printed share is the printed FTE over these to the whole per cent (344/2 590 = 13.3 → 13, '
  '1 013/2 609 = 38.8 → 39). NOT PUBLISHED: 2019\'s total; «314 547 avtalte årsverk, tilsvarende 13 prosent» puts it between 2 330 and '
  '2 520 thousand. Join on year to turn projected health and care FTE into shares of all årsverk (sessions/reproduce-nou-2023-4.md).',
  [('year', 'year'), ('fte_thousands', 'all årsverk in the economy, thousands')],
  [(2040, 2590), (2060, 2609)], NOU, ('Tabell 13.1 Årsverk', '2 590 2 609'), ['fte_thousands'])

# Appendix 2 tables: graduates
G = """ABIOK-sykepleiere 440 575 560 395 500 605 545 615 725 505 645 671
Audiograf 18 29 21 24 17 28 40 32 36 28 28 29
Bioingeniør 191 172 180 199 176 237 218 265 274 268 271 224
Ergoterapi 179 198 187 213 203 213 220 251 252 244 260 188
Farmasi, bachelor 103 61 43 68 104 102 114 108 156 123 120 62
Farmasi, master 100 124 107 118 118 129 110 127 123 120 133 117
Fysioterapi 270 292 297 285 283 308 307 261 310 282 305 287
Helsesykepleiere 180 270 185 220 190 220 270 225 305 255 210 -
Jordmor 110 105 100 110 85 135 100 140 100 130 120 148
Klinisk ernæring 29 34 22 29 22 28 35 53 52 42 57 68
Medisin, profesjon 557 565 532 522 512 544 509 541 554 550 519 591
Optiker 55 55 50 35 40 65 40 70 75 70 70 -
Ortopediingeniør 14 - 1 8 - 10 - 14 - 15 15 -
Paramedisinere - - - - - - 32 52 59 44 99 -
Psykologi, profesjon 229 233 225 230 234 272 253 274 300 273 355 294
Radiograf 149 139 123 150 125 136 152 159 180 158 161 154
Sykepleie 3301 3508 3546 3635 3645 3786 4010 4042 4121 4177 4241 3821
Tegnspråk og tolkning 48 45 60 49 46 44 30 24 33 29 40 68
Vernepleie 678 752 847 784 799 874 852 818 874 953 992 931
Odontologi 132 144 127 108 117 114 119 118 118 113 113 139
Tannpleier 42 52 57 61 69 66 77 63 84 68 73 106
Tanntekniker 16 19 - 12 8 - 10 10 - 14 10 20"""
rows = []
for line in G.split('\n'):
    parts = line.split(' ')
    vals = parts[-12:]; name = ' '.join(parts[:-12])
    v = [None if x == '-' else int(x) for x in vals]
    tab = 'V2.3' if name in ('Odontologi', 'Tannpleier', 'Tanntekniker') else 'V2.2'
    for y, x in zip(range(2011, 2022), v[:11]):
        rows.append((name, y, x, v[11]))
dataset('nou_graduates', 'Completed health education degrees by programme, 2011–2021, with the candidate target for 2023 (NOU 2023:4 appendix 2, tables 2.2–2.3)',
  'NOU 2023:4, appendix 2 (Vedlegg 2), table 2.2 and table 2.3 (source: HK-dir, DBH)',
  'graduates (count)',
  'ABIOK nurses, health nurses, midwives and opticians are rounded to the nearest 5. ABIOK, midwife and health-nurse counts include both 90-credit further education and 120-credit master\'s degrees (a person upgrading to a master is not counted again). "-" in the report is empty here. Dental technicians (Tanntekniker) are admitted two years out of three. target_2023 (kandidatmåltall) is repeated on every row of a programme; empty where "-". The appendix numbers its tables 2.1–2.3, which clash with chapter 2\'s HELSEMOD tables.',
  [('programme', 'education as printed'), ('year', 'year of completion'), ('graduates', 'completed degrees'),
   ('target_2023', 'kandidatmåltall for 2023 (repeated per programme)')],
  rows, NOU, ('Tabell 2.2 Fullførte utdanninger, 2011', 'Tanntekniker 16 19 - 12 8 - 10 10 - 14 10 20'), ['graduates', 'target_2023'], label='programme')

V = open(os.path.join(SEEDS, NOU), encoding='utf-8').read().replace('\u00a0', ' ')
i = V.index('Tabell 2.1 Antall som har fullført en fagskoleutdanning'); i = V.index('fullførte\n', i) + 10
j = V.index('Tabell 2.1 Antall som har fullført', i)
block = V[i:j].strip().split('\n')
merged = []
for l in block:
    l = l.strip()
    if not l: continue
    if merged and not re.search(r'\d$', merged[-1]): merged[-1] += ' ' + l
    else: merged.append(l)
rows = []
for l in merged:
    m = re.match(r'(.*\S)\s+(\d+)$', l)
    rows.append((m.group(1).replace('  ', ' ').replace(' ?', ' –'), int(m.group(2))))
dataset('nou_vocational_college_graduates', 'Completed vocational college (fagskole) health programmes, 2020/2021 (NOU 2023:4 appendix 2, table 2.1)',
  'NOU 2023:4, appendix 2 (Vedlegg 2), table 2.1 (source: HK-dir, DBH)',
  'graduates (count)',
  'Programme names that wrap over two lines in the PDF text are joined; a "?" in one name (a lost dash) is restored as "–", and the hyphenation "velferd- steknologi" is undone.',
  [('programme', 'fagskole programme as printed'), ('graduates', 'completed 2020/2021')],
  rows, NOU, ('Tabell 2.1 Antall som har fullført en fagskoleutdanning', 'Biopati, toårig 1'), ['graduates'])
