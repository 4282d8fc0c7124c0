from common import *
NOU = 'nou-2023-4-tid-for-handling.txt'
SC = ['low', 'mid', 'high']

# Table 2.1 gap
gap = [
 ('Psykologer', -450, 2600, 1800, 1800), ('Tannleger', None, 1000, 400, 400), ('Tannpleiere', None, 300, 200, 100),
 ('Helsesykepleiere', None, 300, -200, -300), ('Radiografer', None, 100, -400, -600), ('Jordmødre', -200, -200, -500, -600),
 ('Bioingeniører', None, -100, -800, -1200), ('Fysioterapeuter', None, 500, -1000, -1700), ('Ergoterapeuter', None, -100, -1100, -2100),
 ('Leger', -600, 2500, -1700, -3400), ('Helsesekretærer og tannhelsesekretærer', None, -3000, -4600, -5300),
 ('Vernepleiere', -700, -2400, -7400, -13400), ('Helsefagarbeidere', -1700, -6200, -24400, -47400), ('Sykepleiere', -5500, -9500, -29700, -50000)]
# The engine's (and table 2.2's) singular names for the plural labels of tables 2.1 and 2.5, so that engine output
# and these tables join on `occupation`; the printed label is kept in `printed_as`.
SINGULAR = {
 'Bioingeniører': 'Bioingeniør', 'Ergoterapeuter': 'Ergoterapeut', 'Fysioterapeuter': 'Fysioterapeut',
 'Helsefagarbeidere': 'Helsefagarbeider', 'Helsesekretærer og tannhelsesekretærer': 'Helsesekretær og tannhelsesekretær',
 'Helsesekretærer og tannhelsekretærer': 'Helsesekretær og tannhelsesekretær', 'Helsesykepleiere': 'Helsesykepleier',
 'Jordmødre': 'Jordmor', 'Leger': 'Lege', 'Psykologer': 'Psykolog', 'Radiografer': 'Radiograf', 'Sykepleiere': 'Sykepleier',
 'Tannleger': 'Tannlege', 'Tannpleiere': 'Tannpleier', 'Vernepleiere': 'Vernepleier'}
rows = []
for occ, g19, *g40 in gap:
    for s, v in zip(SC, g40):
        rows.append((SINGULAR[occ], s, 2019, g19, occ))
        rows.append((SINGULAR[occ], s, 2040, v, occ))
rows.sort(key=lambda r: (r[0] != r[0], SC.index(r[1]), r[2]))
rows = [r for s in SC for y in (2019, 2040) for r in rows if r[1] == s and r[2] == y]
dataset('helsemod_gap', 'HELSEMOD gap (supply − demand) by occupation, 2019 and 2040, three scenarios (NOU 2023:4 table 2.1)',
  'NOU 2023:4 Tid for handling, table 2.1 (from Jia et al. 2023, table 5.5), ch. 2',
  'normalårsverk (FTE); negative = shortage',
  'Rounded to nearest 100 (psychologists 2019: 450). The 2019 value is NAV\'s estimated base-year shortage (same for every scenario, repeated under each); empty where the report prints "-". `occupation` uses the singular names of table 2.2 and the projection engine (the report prints plurals, kept in `printed_as`). Published sums: −14 100 (low), −69 500 (mid), −123 600 (high) in 2040, against component sums −14 200 / −69 400 / −123 700 (rounding to 100); no 2019 sum is printed (the 2019 values sum to −9 150, NAV\'s total base-year shortage).',
  [('occupation', 'occupation group, singular as in table 2.2 and the projection engine'),
   ('scenario', 'low|mid|high = Lav-/Mellom-/Høyalternativet'),
   ('year', '2019 (base year) or 2040'), ('gap_fte', 'projected supply minus demand, normalårsverk'),
   ('printed_as', 'the occupation label as the report prints it (plural)')],
  rows, NOU, ('Tabell 2.1 Avvik', 'Sum -14 100'), ['gap_fte'], label='printed_as',
  definitions='Gap = projected supply − projected demand. Demand includes the 2019 base-year shortage from NAV\'s survey (sykepleiere 5 500, helsefagarbeidere 1 700, vernepleiere 700, leger 600, psykologer 450, jordmødre 200).')

# Table 2.2 supply
sup = [('Bioingeniør',5.1,6.2,22.5),('Ergoterapeut',3.4,5.2,52.8),('Fysioterapeut',9.8,12.5,27.3),('Helsefagarbeider',55.3,58.9,6.6),
 ('Helsesekretær og tannhelsesekretær',10.6,9.7,-8.3),('Helsesykepleier',3.7,4.7,29.0),('Jordmor',2.6,2.9,11.5),('Lege',26.7,39.4,47.4),
 ('Psykolog',6.1,10.1,65.7),('Radiograf',3.2,4.3,37.1),('Sykepleier',81.5,102.9,26.3),('Tannlege',4.8,6.3,31.1),('Tannpleier',1.1,1.9,63.4),
 ('Vernepleier',12.2,17.6,44.2)]
rows = []
for occ, a, b, g in sup:
    rows.append((occ, 2019, a, None)); rows.append((occ, 2040, b, g))
dataset('helsemod_supply', 'HELSEMOD labour supply by occupation, 2019 and 2040 (NOU 2023:4 table 2.2)',
  'NOU 2023:4, table 2.2 (from Jia et al. 2023, table 5.2), ch. 2',
  '1 000 normalårsverk; growth in %',
  'Component sums 226.1 (2019) and 282.6 (2040) against the printed Sum 225.9 / 282.5 (rounding of the components). AMBIGUOUS: the Sum row\'s printed growth, 25.4 %, does not follow from 225.9 → 282.5 (25.1 %, at most 25.1 % within rounding); each occupation\'s growth does match its own levels. Helsefagarbeider includes hjelpepleier and omsorgsarbeider; Sykepleier includes nurses with further education except helsesykepleie and jordmorfag. Supply is the same in all three demand scenarios. The PDF text reads "Helsesekretærog tannhelsesekretær" (lost space), restored here.',
  [('occupation', 'occupation group as printed (singular)'), ('year', '2019 or 2040'),
   ('fte_thousands', 'labour supply, 1 000 normalårsverk'), ('growth_pct', 'growth 2019–2040 in % (2040 rows only)')],
  rows, NOU, ('Tabell 2.2 Fremskrivning', 'Boks 2.2'), ['fte_thousands', 'growth_pct'], label='occupation')

# Table 2.3 scenarios
rows = [('low', 'Lavalternativet', 0.5, 0.5, 'Konstant andel', None, 'Ja'),
        ('mid', 'Mellomalternativet', 1.0, 0.5, 'Konstant nivå', 90000, 'Ja'),
        ('high', 'Høyalternativet', 1.0, 0.5, 'Konstant nivå', 90000, 'Nei')]
dataset('helsemod_scenarios', 'HELSEMOD demand scenarios: standard, productivity, family care, health (NOU 2023:4 table 2.3)',
  'NOU 2023:4, table 2.3 (from Jia et al. 2023, tables 3.2 and 3.3) and box 2.2',
  '% per year; FTE',
  'All three scenarios use SSB\'s 2022 middle population projection. The family-care level of 90 000 årsverk (SSB estimate for 2017) is from box 2.2, not the table itself.',
  [('scenario', 'low|mid|high'), ('name', 'scenario name as printed'), ('standard_growth_pct', 'annual growth in staff time per user, %'),
   ('productivity_growth_pct', 'annual productivity growth, %'), ('family_care', 'informal care: Konstant andel (share) or Konstant nivå (level)'),
   ('family_care_level_fte', 'informal care level held constant, årsverk (box 2.2)'), ('health_improvement', 'Ja/Nei: better health with longer life')],
  rows, NOU, ('Tabell 2.3 Oversikt', 'Tabell 2.4 Observerte'), ['standard_growth_pct', 'productivity_growth_pct'], label='name')

# Table 2.4 by service
svc = [('Somatiske institusjoner',86.4,108.4,120.3,126.8,25.5,39.3,46.8),('Psykisk helsevern, barn og unge',4.3,3.9,4.4,4.4,-7.7,2.4,2.4),
 ('Psykisk helsevern, voksne',19.3,20.7,22.9,22.9,7.2,18.9,18.9),('Kommunal helse og omsorg',143.8,181.4,237.2,310.0,26.1,64.9,115.6),
 ('Allmennlegetjenesten',14.7,17.4,19.3,19.3,18.4,31.4,31.4),('Fysioterapitjenesten',6.9,8.7,9.7,9.7,25.7,39.5,39.5),
 ('Tannhelsetjenesten',11.3,12.5,13.8,13.8,10.5,22.6,22.6),('Forebyggende helsearbeid',12.3,13.6,15.1,15.1,10.5,22.6,22.6),
 ('Tilbud til rusmisbrukere',7.1,7.2,8.0,8.0,1.3,12.4,12.4),('Helsetjenester ellers',21.7,27.3,30.3,31.9,25.8,39.6,47.3)]
def scen_rows(tab, names=None):
    out = []
    for s_i, s in enumerate(SC):
        for name, b, *rest in tab:
            extra = (name,) if names else ()
            key = names[name] if names else name
            out.append((key, s, 2019, b, None) + extra)
            out.append((key, s, 2040, rest[s_i], rest[3 + s_i] if len(rest) > 3 else None) + extra)
    return out
dataset('helsemod_demand_service', 'HELSEMOD demand: FTE by service area, 2019 and 2040, three scenarios (NOU 2023:4 table 2.4)',
  'NOU 2023:4, table 2.4, ch. 2',
  '1 000 årsverk; growth in %',
  'The 2019 column is observed and is repeated under each scenario. Published "I alt": 327.8 (2019), 401.1 / 481.0 / 562.0 (2040 low/mid/high), growth 22.4 / 46.8 / 71.4 %; the high column\'s components sum to 561.9 (rounding).',
  [('service', 'service area (deltjeneste) as printed'), ('scenario', 'low|mid|high'), ('year', '2019 or 2040'),
   ('fte_thousands', 'årsverk, thousands'), ('growth_pct', 'growth 2019–2040 in % (2040 rows only)')],
  scen_rows(svc), NOU, ('Tabell 2.4 Observerte', 'og gjennomsnittlig fødselsrate'), ['fte_thousands', 'growth_pct'], label='service')

occ = [('Bioingeniører',4.9,6.2,6.9,7.3,25.5,39.4,47.1),('Ergoterapeuter',3.4,5.3,6.3,7.3,56.9,87.8,117.4),('Fysioterapeuter',9.8,12.0,13.5,14.2,22.1,37.9,44.6),
 ('Helsefagarbeidere',57.0,65.1,83.3,106.3,14.2,46.1,86.4),('Helsesekretærer og tannhelsekretærer',10.5,12.7,14.3,15.0,20.3,35.4,42.0),
 ('Helsesykepleiere',3.7,4.4,4.9,5.0,20.9,35.2,38.0),('Jordmødre',2.8,3.0,3.4,3.4,10.0,22.1,23.8),('Leger',27.8,37.6,41.8,43.5,35.3,50.4,56.5),
 ('Psykologer',6.5,7.3,8.1,8.2,13.6,25.6,26.9),('Radiografer',3.1,4.2,4.7,5.0,34.9,50.3,59.4),('Sykepleiere',87.0,112.5,132.8,153.0,29.4,52.7,75.9),
 ('Tannleger',4.9,5.4,6.1,6.1,10.8,23.1,23.4),('Tannpleiere',1.1,1.5,1.7,1.7,33.4,48.6,50.2),('Vernepleiere',12.5,19.3,24.3,30.3,55.2,95.2,143.5)]
dataset('helsemod_demand_occupation', 'HELSEMOD demand by occupation, 2019 and 2040, three scenarios (NOU 2023:4 table 2.5)',
  'NOU 2023:4, table 2.5 (from Jia et al. 2023, tables 5.3 and 5.4), ch. 2',
  '1 000 normalårsverk; growth in %',
  'Demand includes NAV\'s 2019 base-year shortage (sykepleiere 5 500, helsefagarbeidere 1 700, vernepleiere 700, leger 600, psykologer 450, jordmødre 200). The 2019 column is repeated under each scenario. Published Sum: 234.9 (2019), 296.7 / 352.0 / 406.2 (2040); the components sum to 235.0 / 296.5 / 352.1 / 406.3 (rounding). The report prints "Helsesekretærer og tannhelsekretærer" (sic) here and "tannhelsesekretærer" in table 2.1; `printed_as` keeps it as printed, `occupation` uses the singular name of table 2.2 and the projection engine (so `project demand` joins on occupation).',
  [('occupation', 'occupation group, singular as in table 2.2 and the projection engine'), ('scenario', 'low|mid|high'),
   ('year', '2019 or 2040'), ('fte_thousands', 'demand, 1 000 normalårsverk'), ('growth_pct', 'growth 2019–2040 in % (2040 rows only)'),
   ('printed_as', 'the occupation label as the report prints it (plural)')],
  scen_rows(occ, SINGULAR), NOU, ('Tabell 2.5 Fremskrivning', 'SSBs nyeste befolkningsfremskrivninger'), ['fte_thousands', 'growth_pct'], label='printed_as')
