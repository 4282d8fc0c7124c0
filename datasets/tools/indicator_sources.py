# Published figures behind indicator options (issue 17): the evaluation's 30-hour full-time share, sick leave
# by certification, the NOU's 55+ shares and position sizes by service, and the population the evaluation's
# FTE-per-1 000 tables divide by (derived: the report does not print it).
from common import *
import evaluation
EV = evaluation.EV
NOU = 'nou-2023-4-tid-for-handling.txt'
NOUSRC = 'NOU 2023:4 Tid for handling'

def _published(name):
    return [d for d in DATASETS if d['name'] == name][0]

# --- The evaluation's full-time definition: agreed working time of 30 hours a week or more -------------------
emp = {r[0]: r[1] for r in _published('eval_employed_fte')['rows']}
share = {}
for r in read('evaluation-2021/s001_fig_7_2_7_3_7_4_text_values.csv'):
    if r['measure'] == 'share_employed_full_time_ge_30h': share[int(r['year'])] = num(r['value'])
rows = []
for y in sorted(share):
    n = round(share[y] / 100 * emp[y])
    assert round(n / emp[y] * 100, 1) == share[y], (y, n)
    rows.append((y, emp[y], share[y], n))
dataset('eval_fulltime_30h', 'Share of employed working 30 hours a week or more, 2015 and 2019 (Kompetanseløft evaluation, §6.3 and figure 7.2)',
  evaluation.SRC + ', §6.3 and summary §6.6 (figure 7.2 is an image; its text gives 2015 and 2019)', 'persons; % of employed',
  'PUBLISHED: fulltime_30h_pct (36.3 % in 2015, 41.6 % in 2019: «Andelen med heltidsarbeidstid (dvs. med 30 timer eller mer i '
  'avtalt arbeidstid) har økt fra 36,3 til 41,6 prosent») and employed (table 7.1). DERIVED: employed_30h_plus = '
  'fulltime_30h_pct × employed, rounded to a whole person (the report does not print the count); any count within '
  '±0.05 points of the printed share gives the same rounded share. NOT PUBLISHED: 2016–2018 (the figure\'s bars have no '
  'values in the text). The evaluation\'s full time is ≥ 30 hours a week (after OECD), not the ≥ 100 % position of '
  'Helsedirektoratet and the full-time plan: `indicator fulltime_share on eval_fulltime_30h definition=hours30`. '
  'Main jobs only (hovedarbeidsforhold).',
  [('year', 'year'), ('employed', 'sysselsatte, main jobs (table 7.1)'), ('fulltime_30h_pct', 'employed with ≥ 30 agreed hours a week, % (published)'),
   ('employed_30h_plus', 'employed with ≥ 30 agreed hours a week (derived from the share)')],
  rows, EV, ('Andelen med heltidsarbeidstid', 'prosent'), ['fulltime_30h_pct'])

# --- Sick leave by certification (NOU 2023:4 figure 9.11) -----------------------------------------------------
d = {}
for r in read('nou-ch5-9/s002b_fig_9_11.csv'):
    d.setdefault((int(r['year']), int(r['quarter'])), {})[r['sick_leave_type']] = num(r['sick_leave_pct'])
rows = [(y, q, v['doctor_certified'], v['self_certified'], v['total']) for (y, q), v in sorted(d.items())]
off = [(y, q) for y, q, a, b, t in rows if round(a + b, 1) != t]
dataset('nou_sick_leave_by_certification', 'Doctor- and self-certified sick leave in health and social services by quarter, 2019–2021 (NOU 2023:4 figure 9.11)',
  NOUSRC + ', figure 9.11 (source: SSB statbank table 12440), §9.4.1', '% of agreed days',
  'PUBLISHED: the figure\'s data labels (doctor-certified = legemeldt, self-certified = egenmeldt, and the total above each bar). '
  'The PDF text gives the labels without their series; they were assigned by position (the lower, larger series is '
  'doctor-certified, as in SSB table 12440). THE REPORT DISAGREES WITH ITSELF within rounding: doctor + self = the printed total '
  f'in {len(rows) - len(off)} of {len(rows)} quarters, 0.1 off in ' + ', '.join(f'{y}Q{q}' for y, q in off) + ' (each label rounded on its own). '
  'Health and social services include social services without care, kindergartens among them (the figure\'s note); the NOU\'s '
  '8.4 % doctor-certified for municipal health and care in 2021 (§9.4.2, municipal_workforce_indicators) is another population '
  'and a yearly figure. Quarterly rates: `indicator sick_leave_rate on nou_sick_leave_by_certification by year, quarter '
  'certified=doctor|self|all` (the engine refuses to pool quarters without their agreed days).',
  [('year', 'year'), ('quarter', 'quarter (1–4)'), ('doctor_certified_pct', 'legemeldt sykefravær, % of agreed days'),
   ('self_certified_pct', 'egenmeldt sykefravær, % of agreed days'), ('sick_leave_pct', 'both, as printed above the bar, %')],
  rows, NOU, ('Figur 9.11 Egenmeldt og legemeldt', 'Figur 9.12'), ['doctor_certified_pct', 'self_certified_pct', 'sick_leave_pct'])
# The PDF text runs two labels together: «1,99,5» is 2021 Q4's self-certified 1,9 and 2019 Q1's total 9,5.
DATASETS[-1]['rewrite'] = {'1,99,5': '1,9 9,5'}

# --- Employed aged 55 and over, 2021 (NOU 2023:4 §4.7) --------------------------------------------------------
rows = [
    ('Sykepleiere, helsefagarbeidere, vernepleiere og personell uten helse- eller sosialfaglig utdanning', 2021, 24.5, ''),
    ('Helsesykepleiere', 2021, 31.6, ''),
    ('Helsefagarbeidere', 2021, 33.4, ''),
    ('Jordmødre', 2021, 36.4, ''),
    ('Sykepleiere med annen videreutdanning', 2021, 38.5, ''),
    ('Fastleger', None, 29, ''),
    ('Psykologer ansatt i kommunene', None, 9, ''),
    ('Psykologer i kommunale tjenester, også ikke kommunalt ansatte', None, 14, ''),
    ('Alle sysselsatte i arbeidslivet', None, 20, 'omtrent'),
]
dataset('nou_age_55plus_2021', 'Share of employed aged 55 and over in municipal health and care by group, 2021 (NOU 2023:4 §4.7)',
  NOUSRC + ', §4.7 «Personell som nærmer seg pensjonsalder» (SSB; fastleger: Helsedirektoratet 2022a; all employed: Hauge 2019)',
  '% of the group\'s employed',
  'PUBLISHED: every share, as the text prints it («én av fire sysselsatte (24,5 prosent) … 55 år eller eldre i 2021»). '
  'The first row is the four groups together (nurses with or without further education, helsefagarbeidere incl. '
  'hjelpepleiere and omsorgsarbeidere, vernepleiere, staff without health or social-care education); the groups below are '
  'not parts of it that add up. Fastleger: «drøyt 1 400» aged 55+ = 29 %; psychologists 9 % employed by the '
  'municipalities, 14 % counting those working in municipal services without being employed there; all employed in '
  'Norway «omtrent 20 prosent» (Hauge 2019). year is empty where the sentence gives none. NOT PUBLISHED: the counts '
  'behind the shares (so the groups cannot be pooled): `indicator age_55plus_share on nou_age_55plus_2021 by group`.',
  [('group', 'personnel group as the text names it'), ('year', 'year (empty where not stated)'),
   ('share_55plus_pct', 'employed aged 55 or more, % of the group'), ('qualifier', '«omtrent» where the text says so')],
  rows, NOU, ('andelen av de sysselsatte som er 55', 'ifølge statistikk som Helsepersonellkommisjonen'), ['share_55plus_pct'])
# The text writes one share in words: «kun ni prosent».
DATASETS[-1]['rewrite'] = {'kun ni prosent': 'kun 9 prosent'}

# --- Position size of user-facing positions by service, 2021 (NOU 2023:4 §9.2.2) ------------------------------
rows = [('Institusjoner', 2021, 57.5, 60.8), ('Hjemmetjenesten', 2021, 57.1, 60.0)]
dataset('nou_position_size_by_service_2021', 'Mean and median agreed position of user-facing positions in institutions and home services, 2021 (NOU 2023:4 §9.2.2)',
  NOUSRC + ', §9.2.2 (source: SSB 2022)', '% of a full-time position',
  'PUBLISHED: mean and median as the text prints them («I 2021 var gjennomsnittlig stillingsprosent for brukerrettede stillinger i '
  'institusjoner 57,5 prosent, med en median på 60,8. Tilsvarende i hjemmetjenesten var 57,1 prosent i gjennomsnitt og 60,0 '
  'prosent i median»). These are means over positions (stillinger), not FTE ÷ employed persons as the full-time plan\'s '
  'average position size (0.73 for all municipal health and care in 2019, §9.2.2): a person may hold several positions. '
  '`indicator avg_position_size on nou_position_size_by_service_2021 by service [stat=median]`. NOT PUBLISHED: the number of '
  'positions (the two services cannot be pooled).',
  [('service', 'Institusjoner or Hjemmetjenesten (user-facing positions, brukerrettede stillinger)'), ('year', 'year'),
   ('mean_position_pct', 'mean agreed position, %'), ('median_position_pct', 'median agreed position, %')],
  rows, NOU, ('I 2021 var gjennomsnittlig stillingsprosent', '(SSB 2022)'), ['mean_position_pct', 'median_position_pct'])

# --- The population behind the evaluation's FTE per 1 000 inhabitants (tables 7.16, 7.17) ----------------------
def population_for(fte, per1000):
    """Inhabitants P, rounded to 10, with round(fte / P × 1000, 1) == per1000: the centre of the interval the
    printed rounding allows."""
    p = round(fte * 1000 / per1000, -1)
    assert round(fte / p * 1000 + 1e-9, 1) == per1000, (fte, per1000, p)
    lo, hi = fte * 1000 / (per1000 + 0.05), fte * 1000 / (per1000 - 0.05)
    return int(p), int(lo + 1), int(hi)

fte = {(r[0], r[1]): r[2] for r in _published('eval_fte_by_county')['rows']}
per = {(r[0], r[1]): r[2] for r in _published('eval_fte_per_1000_by_county')['rows']}
rows = []
for (c, y) in [k for k in per]:
    p, lo, hi = population_for(fte[(c, y)], per[(c, y)])
    rows.append((c, y, p, lo, hi))
nat = {}
per_size = {(r[0], r[1]): r[2] for r in _published('eval_fte_per_1000_by_size')['rows']}
efte = {r[0]: r[2] for r in _published('eval_employed_fte')['rows']}
for y in range(2015, 2020):
    nat[y] = population_for(efte[y], per_size[('Total', y)])
sums = {y: sum(r[2] for r in rows if r[1] == y) for y in range(2015, 2020)}
dataset('eval_population_by_county', 'Inhabitants of the 18 pre-2020 counties behind the evaluation\'s FTE per 1 000 inhabitants, 2015–2019 (derived from tables 7.11 and 7.17)',
  evaluation.SRC + ', tables 7.11 (FTE by county) and 7.17 (FTE per 1 000 inhabitants by county); derived', 'persons',
  'DERIVED, not published: the report prints FTE and FTE per 1 000 inhabitants by county but not the inhabitants. inhabitants = '
  'FTE × 1 000 ÷ the printed ratio, rounded to 10 persons; inhabitants_low / inhabitants_high bound every population '
  'the printed one-decimal ratio allows (about ±0.2 %), so `indicator fte_per_1000 on eval_fte_by_county population=eval_population_by_county by county` '
  'gives table 7.17 to its printed decimal, every county and year. It is not SSB\'s population (SSB table 07459 on the pre-2020 '
  'county structure would be): the 18 counties sum to ' + ', '.join(f'{sums[y]:,}'.replace(',', ' ') for y in range(2015, 2020)) +
  ' (2015–2019), against ' + ', '.join(f'{nat[y][0]:,}'.replace(',', ' ') for y in range(2015, 2020)) +
  ' derived the same way from the national ratio (table 7.16 Total and table 7.1). Pre-2020 structure: Trøndelag is one county '
  '(merged 2018) and so printed for every year; Hedmark, Oppland … Finnmark are the old counties, not the 11 of 2020.',
  [('county', 'fylke (pre-2020), as in table 7.17'), ('year', 'year'), ('inhabitants', 'derived inhabitants (rounded to 10)'),
   ('inhabitants_low', 'smallest population the printed ratio allows'), ('inhabitants_high', 'largest population the printed ratio allows')],
  rows)

size_fte = {}
for r in _published('eval_fte_by_size_service_2019')['rows']:
    size_fte[r[0]] = size_fte.get(r[0], 0) + r[2]
rows = []
for g, f in size_fte.items():
    p, lo, hi = population_for(f, per_size[(g, 2019)])
    rows.append((g, 2019, p, lo, hi))
dataset('eval_population_by_size_2019', 'Inhabitants of the municipality size groups behind the evaluation\'s FTE per 1 000 inhabitants, 2019 (derived from tables 7.14 and 7.16)',
  evaluation.SRC + ', tables 7.14 (FTE by size group and service, 2019) and 7.16 (FTE per 1 000 inhabitants by size group); derived', 'persons',
  'DERIVED, not published: inhabitants = the size group\'s FTE (table 7.14, the two services added) × 1 000 ÷ table 7.16\'s 2019 ratio, '
  'rounded to 10; inhabitants_low / inhabitants_high bound what the printed ratio allows. `indicator fte_per_1000 on '
  'eval_fte_by_size_service_2019 population=eval_population_by_size_2019 by municipality_size` gives table 7.16\'s 2019 column. '
  'NOT DERIVABLE: 2015–2018, because FTE by size group is published for 2019 only (table 7.15 and 7.14 are 2019 tables); '
  'the groups are by inhabitants of the pre-2020 municipalities (Under 2000 … 15000 og over).',
  [('municipality_size', 'inhabitants group as printed'), ('year', 'year'), ('inhabitants', 'derived inhabitants (rounded to 10)'),
   ('inhabitants_low', 'smallest population the printed ratio allows'), ('inhabitants_high', 'largest population the printed ratio allows')],
  rows)
