from common import *
EV = 'folgeevaluering-kompetanseloft-2020.txt'
SRC = 'Følgeevaluering av Kompetanseløft 2020, sluttrapport (Grut et al. 2021, SINTEF/NIBR/NIFU, SINTEF report 2021:703)'
BASE = 'Register data (SSB) for municipal health services (kommunehelsetjenesten) and nursing and care (pleie og omsorg). FTE (årsverk) counts main jobs (hovedarbeidsforhold) only; secondary jobs are excluded (about 80 % of person records kept). Counties are the 18 pre-2020 counties (Trøndelag merged).'
SVC = {'municipal_health_service': 'Kommunehelsetjenesten', 'nursing_and_care': 'Pleie og omsorg', 'total': 'I alt'}
def ev(path): return read('evaluation-2021/' + path)

t = ev('s001_table_7_1.csv'); d = {}
for r in t: d.setdefault(int(r['year']), {})[r['measure']] = int(r['value'])
dataset('eval_employed_fte', 'Employed persons and FTE in municipal health and care services, 2015–2019 (Kompetanseløft evaluation, table 7.1)',
  SRC + ', table 7.1', 'persons; årsverk',
  BASE + ' Growth 2015–2019: +13 589 employed (6.4 %), +16 199 FTE (11.4 %), as stated in the text.',
  [('year', 'year'), ('employed', 'sysselsatte (persons)'), ('fte', 'årsverk')],
  [(y, v['employed_persons'], v['fte']) for y, v in sorted(d.items())], EV, ('Tabell 7.1: Sysselsatte', '2019 226124 158839'), ['employed', 'fte'])

t = ev('s001_table_7_2.csv'); d = {}
for r in t: d.setdefault((int(r['year']), r['service']), {})[r['measure']] = num(r['value'])
dataset('eval_fte_by_service', 'FTE in municipal health services vs nursing and care, 2015–2019 (Kompetanseløft evaluation, table 7.2)',
  SRC + ', table 7.2', 'årsverk; % of total',
  BASE + ' The two services sum to table 7.1\'s FTE total within 1 (rounding: 2016 and 2018 are 1 over).',
  [('year', 'year'), ('service', 'Kommunehelsetjenesten or Pleie og omsorg'), ('fte', 'årsverk'), ('pct_of_total_fte', 'share of both services\' FTE, %')],
  [(y, SVC[s], v['fte'], v['pct_of_total_fte']) for (y, s), v in sorted(d.items())], EV, ('Tabell 7.2: Antall', '2019 20640 13,0 138199 87,0'), ['fte', 'pct_of_total_fte'])

t = ev('s001_table_7_3.csv'); rows = []; ch = {}
for r in t:
    if r['measure'] == 'pct_change': ch[r['competence_group_no']] = num(r['value'])
for r in t:
    if r['measure'] == 'fte' and r['competence_group'] != 'total':
        rows.append((r['competence_group_no'], int(r['year']), int(r['value']), ch[r['competence_group_no']]))
dataset('eval_fte_by_competence', 'FTE by competence group, 2015–2019 (Kompetanseløft evaluation, table 7.3)',
  SRC + ', table 7.3', 'årsverk; % change',
  BASE + ' "Videregående" is mostly helsefagarbeidere (incl. hjelpepleiere and omsorgsarbeidere). The printed 2015 Sum is 142 619 while tables 7.1, 7.4 and the text give 142 640 (the components sum to 142 618): an inconsistency in the report. growth_pct_2015_2019 is the printed change, repeated on each row of a group.',
  [('competence_group', 'kompetansenivå as printed'), ('year', 'year'), ('fte', 'årsverk'), ('growth_pct_2015_2019', 'printed change 2015–2019, % (repeated per group)')],
  [r for r in rows if r[0] != 'Sum'], EV, ('Tabell 7.3: Antall', 'Sum 142619 145273 150141 154338 158839 11,4'), ['fte', 'growth_pct_2015_2019'], label='competence_group')

t = ev('s001_table_7_4.csv')
rows = [(r['competence_group_no'], int(r['year']), num(r['value'])) for r in t if r['measure'] == 'pct_of_total_fte']
dataset('eval_fte_share_by_competence', 'Share of FTE by competence group, 2015–2019 (Kompetanseløft evaluation, table 7.4)',
  SRC + ', table 7.4', '% of all FTE',
  BASE + ' Shares of each year\'s total (N=100: 142 640, 145 273, 150 141, 154 338, 158 839); they sum to 100 ± 0.2 (rounding).',
  [('competence_group', 'kompetansenivå as printed'), ('year', 'year'), ('pct_of_total_fte', 'share of the year\'s FTE, %')],
  rows, EV, ('Tabell 7.4: Årsverk', 'N=100 142640 145273 150141 154338 158839'), ['pct_of_total_fte'], label='competence_group')

t = ev('s001_table_7_5.csv'); d = {}
for r in t: d.setdefault((r['competence_group_no'], r['service']), {})[r['measure']] = num(r['value'])
order = []
for r in t:
    k = (r['competence_group_no'], r['service'])
    if k not in order: order.append(k)
rows = [(g, SVC[s], d[(g, s)]['fte'], d[(g, s)].get('pct_of_service_fte')) for g, s in order if g not in ('Sum', 'total')]
dataset('eval_fte_by_competence_service_2019', 'FTE by competence group in municipal health services vs nursing and care, 2019 (Kompetanseløft evaluation, table 7.5)',
  SRC + ', table 7.5', 'årsverk; % of the service\'s FTE',
  BASE + ' Published sums: 20 640 (Kommunehelsetjenesten) and 138 199 (Pleie og omsorg); the Pleie og omsorg rows sum to 138 200 (rounding).',
  [('competence_group', 'kompetansenivå as printed'), ('service', 'Kommunehelsetjenesten or Pleie og omsorg'), ('fte', 'årsverk 2019'), ('pct_of_service_fte', 'share of the service\'s FTE, %')],
  rows, EV, ('Tabell 7.5: Årsverk', 'Sum 20640 100 138199 100'), ['fte', 'pct_of_service_fte'], label='competence_group')

t = ev('s001_table_7_6.csv'); rows = []; tot = {}
for r in t:
    if r['measure'] == 'total_fte': tot[r['county']] = int(r['value'])
for r in t:
    if r['measure'] == 'pct_of_county_fte':
        rows.append((r['county'].replace(' (Norway)', ''), r['competence_group_no'], num(r['value']), tot[r['county']]))
dataset('eval_fte_share_by_county_competence_2019', 'Share of FTE by competence group and county, 2019 (Kompetanseløft evaluation, table 7.6)',
  SRC + ', table 7.6', '% of the county\'s FTE; årsverk',
  BASE + ' Each county\'s shares sum to 100 ± 0.3 (rounding). county_fte (the printed N=100) is repeated on every row of a county. "Hele landet" (national) rows are kept as a county value; filter them out before summing counties (the 18 counties\' N sum to 158 837 against Hele landet 158 839).',
  [('county', 'fylke (pre-2020) or Hele landet'), ('competence_group', 'kompetansenivå'), ('pct_of_county_fte', 'share of the county\'s FTE, %'),
   ('county_fte', 'the county\'s FTE (N=100), repeated')],
  rows, EV, ('Tabell 7.6: Årsverk', 'Hele landet 11,7 44,0 22,4 2,5 4,2 8,1 0,3 6,8 158839'), ['pct_of_county_fte', 'county_fte'], label='county')

t = ev('s001_table_7_7ab.csv')
rows = [(SVC[r['service']], r['competence_group_no'], int(r['year']), num(r['mean_position_fraction'])) for r in t]
dataset('eval_position_size_by_competence', 'Mean agreed working time by competence group and service, 2015–2019 (Kompetanseløft evaluation, tables 7.7a and 7.7b)',
  SRC + ', tables 7.7a (kommunehelsetjenesten) and 7.7b (pleie og omsorg), p. 31', 'share of a full-time position (0–1)',
  BASE + ' The tables\' titles say "Prosent av hel stilling" but the values are printed as fractions (0,57); kept as fractions.',
  [('service', 'Kommunehelsetjenesten (7.7a) or Pleie og omsorg (7.7b)'), ('competence_group', 'kompetansenivå'), ('year', 'year'),
   ('mean_position_share', 'mean agreed working time as a share of full time')],
  rows, EV, ('Tabell 7.7a: Gjennomsnitt', 'Annet 0,51 0,51 0,52 0,54 0,55'), ['mean_position_share'], label='competence_group')

t = ev('s001_table_7_8.csv')
rows = [(r['county'], int(r['year']), num(r['mean_working_time_pct_of_full_time'])) for r in t]
dataset('eval_working_time_by_county', 'Mean agreed working time by county, 2015–2019 (Kompetanseløft evaluation, table 7.8)',
  SRC + ', table 7.8', '% of a full-time position',
  BASE, [('county', 'fylke (pre-2020)'), ('year', 'year'), ('mean_working_time_pct', 'mean agreed working time, % of full time')],
  rows, EV, ('Tabell 7.8: Gjennomsnittlig', 'Trøndelag 63,0 63,8 64,4 65,1 66,0'), ['mean_working_time_pct'], label='county')

AGE = {'under_30': 'Under 30', '30_39': '30-39', '40_49': '40-49', '50_59': '50-59', '60_plus': '60 og over'}
t = ev('s001_table_7_9.csv'); rows = []; tot = {}
for r in t:
    if r['measure'] == 'total_fte': tot[r['competence_group_no']] = int(r['value'])
for r in t:
    if r['measure'] == 'pct_of_group_fte':
        rows.append((r['competence_group_no'], AGE[r['age_group']], num(r['value']), tot[r['competence_group_no']]))
dataset('eval_fte_by_age_competence_2019', 'FTE by age group and competence group, 2019 (Kompetanseløft evaluation, table 7.9)',
  SRC + ', table 7.9', '% of the group\'s FTE; årsverk',
  BASE + ' Shares of each competence group\'s FTE; group_fte (the printed N=100) is repeated. The "Alle" rows are all groups together (N=158 839; the groups\' N sum to 158 841). 12.4 % aged 60+ is "nearly 20 000" FTE to be replaced (text).',
  [('competence_group', 'kompetansenivå or Alle'), ('age_group', 'age group as printed'), ('pct_of_group_fte', 'share of the group\'s FTE, %'),
   ('group_fte', 'the group\'s FTE (N=100), repeated')],
  rows, EV, ('Tabell 7.9: Årsverk', 'Alle 19,1 21,5 23,2 23,8 12,4 158839'), ['pct_of_group_fte', 'group_fte'], label='competence_group')

t = ev('s001_table_7_10ab.csv')
rows = [(SVC[r['service']], r['municipality_size_no'], int(r['year']), num(r['share_employed_with_immigrant_background'])) for r in t]
dataset('eval_immigrant_share_by_size', 'Share of employed with immigrant background by municipality size, 2015–2019 (Kompetanseløft evaluation, tables 7.10a and 7.10b)',
  SRC + ', tables 7.10a (kommunehelsetjenesten) and 7.10b (pleie og omsorg)', 'share of employed (0–1)',
  BASE + ' Immigrant background = not born in Norway to Norwegian-born parents. Printed as fractions (0,08). Municipality size by inhabitants: Under 2000, 2000-3999, 4000-6999, 7000-14999, 15000 og over.',
  [('service', 'Kommunehelsetjenesten (7.10a) or Pleie og omsorg (7.10b)'), ('municipality_size', 'inhabitants group as printed'), ('year', 'year'),
   ('immigrant_share', 'share of employed with immigrant background')],
  rows, EV, ('Tabell 7.10a: Andel', '15000 og over  0,25 0,26 0,27 0,28 0,29'), ['immigrant_share'], label='municipality_size')

t = ev('s001_table_7_11.csv'); ch = {}
for r in t:
    if r['measure'] == 'pct_growth': ch[r['county']] = num(r['value'])
rows = [(r['county'], int(r['year']), int(r['value']), ch[r['county']]) for r in t if r['measure'] == 'fte']
dataset('eval_fte_by_county', 'FTE by county, 2015–2019 (Kompetanseløft evaluation, table 7.11)',
  SRC + ', table 7.11', 'årsverk; % growth',
  BASE + ' The 18 counties sum to table 7.1\'s national FTE within 2 a year (2019: 158 837 vs 158 839; rounding). growth_pct_2015_2019 is the printed growth, repeated per county.',
  [('county', 'fylke (pre-2020)'), ('year', 'year'), ('fte', 'årsverk'), ('growth_pct_2015_2019', 'printed growth 2015–2019, % (repeated per county)')],
  rows, EV, ('Tabell 7.11: Antall', 'Trøndelag 11998 12174 12488 12904 13144 9,6'), ['fte', 'growth_pct_2015_2019'], label='county')

t = ev('s001_table_7_12.csv')
rows = [(r['county'], int(r['year']), num(r['pct_of_national_fte'])) for r in t]
dataset('eval_fte_share_by_county', 'County shares of national FTE, 2015–2019 (Kompetanseløft evaluation, table 7.12)',
  SRC + ', table 7.12', '% of national FTE',
  BASE + ' Shares sum to 100 ± 0.3 per year (rounding).',
  [('county', 'fylke (pre-2020)'), ('year', 'year'), ('pct_of_national_fte', 'share of national FTE, %')],
  rows, EV, ('Tabell 7.12: Antall', 'Trøndelag 8,4 8,4 8,3 8,4 8,3'), ['pct_of_national_fte'], label='county')

t = ev('s001_table_7_13.csv'); d = {}; order = []
for r in t:
    k = (r['county'], r['service'])
    if k not in order: order.append(k)
    d.setdefault(k, {})[r['measure']] = num(r['value'])
rows = [(c, SVC[s], d[(c, s)]['fte'], d[(c, s)]['pct_of_county_fte']) for c, s in order if s != 'total']
dataset('eval_fte_by_county_service_2019', 'FTE by county in municipal health services vs nursing and care, 2019 (Kompetanseløft evaluation, table 7.13)',
  SRC + ', table 7.13', 'årsverk; % of the county\'s FTE',
  BASE + ' The two services sum to the county totals printed in the N=100 column (= table 7.11, 2019) within 1 (rounding; five counties are 1 off).',
  [('county', 'fylke (pre-2020)'), ('service', 'Kommunehelsetjenesten or Pleie og omsorg'), ('fte', 'årsverk 2019'), ('pct_of_county_fte', 'share of the county\'s FTE, %')],
  rows, EV, ('Tabell 7.13: Årsverk', 'Trøndelag 1651 12,6 11493 87,4 13144'), ['fte', 'pct_of_county_fte'], label='county')

t = ev('s001_table_7_14.csv'); d = {}; order = []
for r in t:
    k = (r['municipality_size_no'], r['service'])
    if k not in order: order.append(k)
    d.setdefault(k, {})[r['measure']] = num(r['value'])
rows = [(m, SVC[s], d[(m, s)]['fte'], d[(m, s)]['pct_of_size_group_fte']) for m, s in order if s != 'total']
dataset('eval_fte_by_size_service_2019', 'FTE by municipality size in municipal health services vs nursing and care, 2019 (Kompetanseløft evaluation, table 7.14)',
  SRC + ', table 7.14', 'årsverk; % of the size group\'s FTE',
  BASE + ' Size-group totals (N=100): 5 438, 11 069, 16 563, 24 312, 101 457; they sum to 158 840 against the national 158 839 (rounding).',
  [('municipality_size', 'inhabitants group as printed'), ('service', 'Kommunehelsetjenesten or Pleie og omsorg'), ('fte', 'årsverk 2019'),
   ('pct_of_size_group_fte', 'share of the size group\'s FTE, %')],
  rows, EV, ('Tabell 7.14: Fordelingen', '15000 og over 13868 13,7 87590 86,3 101457'), ['fte', 'pct_of_size_group_fte'], label='municipality_size')

t = ev('s001_table_7_15.csv'); tot = {}
for r in t:
    if r['measure'] == 'total_fte': tot[r['municipality_size_no']] = int(r['value'])
rows = [(r['municipality_size_no'], r['competence_group_no'], num(r['value']), tot[r['municipality_size_no']]) for r in t if r['measure'] == 'pct_of_size_group_fte']
dataset('eval_fte_share_by_size_competence_2019', 'Share of FTE by competence group and municipality size, 2019 (Kompetanseløft evaluation, table 7.15)',
  SRC + ', table 7.15', '% of the size group\'s FTE; årsverk',
  BASE + ' size_group_fte (N=100) is repeated on every row of a size group.',
  [('municipality_size', 'inhabitants group as printed'), ('competence_group', 'kompetansenivå'), ('pct_of_size_group_fte', 'share of the size group\'s FTE, %'),
   ('size_group_fte', 'the size group\'s FTE (N=100), repeated')],
  rows, EV, ('Tabell 7.15: Årsverk', 'N=100 5438 11069 16563 24312 101457'), ['pct_of_size_group_fte', 'size_group_fte'])

t = ev('s001_table_7_16.csv')
rows = [(r['municipality_size_no'], int(r['year']), num(r['fte_per_1000_inhabitants'])) for r in t]
dataset('eval_fte_per_1000_by_size', 'FTE per 1 000 inhabitants by municipality size, 2015–2019 (Kompetanseløft evaluation, table 7.16)',
  SRC + ', table 7.16, p. 39', 'årsverk per 1 000 inhabitants',
  BASE + ' "Total" is the national ratio (27.8 → 29.9), not a sum.',
  [('municipality_size', 'inhabitants group as printed, or Total'), ('year', 'year'), ('fte_per_1000', 'årsverk per 1 000 inhabitants')],
  rows, EV, ('Tabell 7.16: Antall', 'Total 27,8 27,9 28,6 29,4 29,9'), ['fte_per_1000'], label='municipality_size')

t = ev('s001_table_7_17.csv')
rows = [(r['county'], int(r['year']), num(r['fte_per_1000_inhabitants'])) for r in t]
dataset('eval_fte_per_1000_by_county', 'FTE per 1 000 inhabitants by county, 2015–2019 (Kompetanseløft evaluation, table 7.17)',
  SRC + ', table 7.17, p. 39', 'årsverk per 1 000 inhabitants',
  BASE, [('county', 'fylke (pre-2020)'), ('year', 'year'), ('fte_per_1000', 'årsverk per 1 000 inhabitants')],
  rows, EV, ('Tabell 7.17: Antall', 'De 20 kommunene med høyest'), ['fte_per_1000'], label='county')

t = ev('s001_table_7_18_7_19.csv'); d = {}; order = []
for r in t:
    k = (r['table'], int(r['rank']), r['municipality'], int(r['inhabitants']))
    if k not in order: order.append(k)
    d.setdefault(k, {})[r['year']] = num(r['value'])
rows = []
for k in order:
    ch = d[k].get('2015-2019')
    for y in range(2015, 2020):
        rows.append(('flest' if k[0] == '7.18' else 'færrest', k[1], k[2], k[3], y, d[k].get(str(y)), ch))
dataset('eval_fte_per_1000_extreme_municipalities', 'The 20 municipalities with the most and the fewest FTE per 1 000 inhabitants, 2015–2019 (Kompetanseløft evaluation, tables 7.18 and 7.19)',
  SRC + ', tables 7.18 (flest) and 7.19 (færrest)', 'årsverk per 1 000 inhabitants',
  BASE + ' Pre-2020 municipalities. AMBIGUOUS cells in the PDF text: Smøla and Alstahaug lack 2018; Strand shows one value (taken as 2019, consistent with the sort by 2019) and no change; Sirdal, Hadsel and Solund show two values (taken as 2018 and 2019) and no change. Leikanger repeats Osen\'s 947 inhabitants and Hadsel repeats Båtsfjord\'s 2 270 (likely source errors). change_2015_2019 is the printed absolute change, repeated per municipality.',
  [('list', 'flest (7.18) or færrest (7.19)'), ('rank', 'row order in the table (sorted by the 2019 value)'), ('municipality', 'kommune as printed'),
   ('inhabitants', 'inhabitants as printed (Ant. innb.)'), ('year', 'year'), ('fte_per_1000', 'årsverk per 1 000 inhabitants'),
   ('change_2015_2019', 'printed change 2015–2019, FTE per 1 000 (repeated)')],
  rows, EV, ('Tabell 7.18: De 20', 'Vågsøy 5970 20,2 20,8 21,8 21,6 22,3 2,1'), ['fte_per_1000', 'change_2015_2019', 'inhabitants'], label='municipality')

t = ev('s001_table_7_20_7_21.csv'); d = {}; order = []
for r in t:
    k = (r['table'], int(r['rank']), r['municipality'])
    if k not in order: order.append(k)
    d.setdefault(k, {})[r['year']] = num(r['value'])
rows = []
for k in order:
    for y in range(2015, 2020):
        rows.append(('vekst' if k[0] == '7.20' else 'reduksjon', k[1], k[2], y, d[k].get(str(y)), d[k].get('2015-2019')))
dataset('eval_fte_growth_extreme_municipalities', 'The 20 municipalities with the strongest growth and the strongest decline in FTE, 2015–2019 (Kompetanseløft evaluation, tables 7.20 and 7.21)',
  SRC + ', tables 7.20 (vekst) and 7.21 (reduksjon)', 'årsverk; % growth',
  BASE + ' Pre-2020 municipalities; Sami names as printed ("Guovdageaidnu - Kautokeino"). growth_pct_2015_2019 is the printed growth, repeated per municipality.',
  [('list', 'vekst (7.20) or reduksjon (7.21)'), ('rank', 'row order in the table'), ('municipality', 'kommune as printed'), ('year', 'year'),
   ('fte', 'årsverk'), ('growth_pct_2015_2019', 'printed growth 2015–2019, % (repeated)')],
  rows, EV, ('Tabell 7.20: De 20', 'Divtasvuodna - Tysfjord 101 81 79 80 72 -29,0'), ['fte', 'growth_pct_2015_2019'], label='municipality')
