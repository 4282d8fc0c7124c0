from common import *
GENERAL = """# hws bundled datasets

The tables of the source reports, transcribed as tidy CSV files so that an analyst has real data from the first
prompt (`datasets` lists them, `describe NAME` shows source, unit and caveats from `catalog.csv`).

## Conventions

* One file per published table (a few text-figure collections are marked as such). A dataset's name is its
  file name without `.csv`. Files are UTF-8, comma-separated, `.` decimals, one header row, numbers never quoted,
  empty cell = missing (a "-", "." or "*" in the report, or a cell the PDF text does not have).
* Long (tidy) format: one row per observation, key columns first (occupation, service, county, scenario, year …),
  then value columns whose names carry the unit: `fte` (årsverk), `fte_thousands` (1 000 årsverk), `employed`
  (persons), `*_pct` (per cent, 0–100), `*_share` (fraction, 0–1), `fte_per_1000` (per 1 000 inhabitants).
* Category names are Norwegian, exactly as printed (æ, ø, å kept); column names are English.
* **Total rows are left out** ("Sum", "I alt", "Totalsum", and the national row of per-county tables except
  where noted): sum the rows to get them. Where the report prints totals, they are listed in the dataset's
  caveats below and checked by `Tests/TablesTests/DatasetTotalsTests.swift` within the rounding of the source.
* A column such as `growth_pct`, `change_pct` or `county_fte` that the report prints once per row group is
  repeated on each row of the group (do not sum it). In the HELSEMOD tables the observed 2019 value is repeated
  under each scenario, so `where scenario == "mid"` gives a complete 2019 → 2040 series.
* Every number was checked against the report text in `../shared/seeds/` by a script that finds each value on
  the table's line for its row label (or, for text figures, in a quoted sentence of the report).

## Definitions used across datasets

* **årsverk / FTE**: agreed working time converted to full-time equivalents. SSB's *avtalte årsverk* include
  long absences (NOU 2023:4 ch. 4, Helsedirektoratet). HELSEMOD counts **normalårsverk** (NOU 2023:4 ch. 2).
  The Kompetanseløft evaluation counts **main jobs only** (hovedarbeidsforhold; secondary jobs excluded, about
  80 % of person records kept), so its FTE is lower than SSB's published totals.
* **Break in series 2014/2015**: SSB changed the collection method for FTE statistics between 2014 and 2015
  (a-ordningen). Figures before 2015 are not fully comparable with figures from 2015 on; NOU 2023:4 table 4.1
  shows no change for 2015 and cumulates from 2015. The full-time plan's figures carry the same note.
* **Full time** (heltid): agreed position of 100 % or more (Helsedirektoratet, full-time plan); the evaluation
  report instead uses 30 hours a week or more, with short part time under 20 hours.
* **Turnover**: KS statistics measured 1 December to 1 December. "Out of the municipal sector" = left municipal
  employment; the broad definition also counts changing municipality or sub-service.
* **Sick leave**: sick-leave days as a share of agreed days; doctor-certified only (legemeldt) or doctor- plus
  self-certified, as each row says.
* **Counties** in the evaluation report are the 18 pre-2020 counties; **municipality size** groups are by
  inhabitants: Under 2000, 2000-3999, 4000-6999, 7000-14999, 15000 og over.
* **Scenarios** (HELSEMOD): `low` = Lavalternativet, `mid` = Mellomalternativet, `high` = Høyalternativet
  (see `helsemod_scenarios`).

## Datasets
"""
TAIL = """
## Other folders

* `datasets/projection/`: the projection engine's model inputs (population, stocks, flows, user rates, service
  mix), some derived so that they honour the published totals. Described by `datasets/projection/catalog.csv`.
  How the engine follows the published HELSEMOD tables (tested in `Tests/ProjectionTests/PublishedFiguresTests`):
  supply follows table 2.2 and demand table 2.5, levels and growth rates together, each to its printed
  rounding; the gap follows table 2.1, which HELSEMOD measures against supply re-based to observed 2019
  employment: gap = supply × (2019 employment / 2019 supply) − demand, with 2019 employment = demand 2019 −
  NAV's shortage. So the 2019 gap is exactly NAV's shortage (leger −600, vernepleiere −700, psykologer −450,
  jordmødre −200, helsefagarbeidere −1 700, sykepleiere −5 500; 0 where the report prints "–"), and the 700 FTE
  by which table 2.1 differs from table 2.2 − table 2.5 for leger and vernepleiere is the re-basing (leger:
  27 200 FTE worked in 2019, as the text says, against 26 700 of modelled supply). `project gap` marks every
  row where its gap and supply − demand differ by 50 FTE or more in a `note` column; `explain` by occupation
  says the same. Where the report disagrees with itself beyond rounding even so: the 2040 gaps of
  sykepleiere, radiografer and ergoterapeuter cannot all be met inside the printed intervals of tables 2.2
  and 2.5 (closest: 129, 91 and 71 FTE off). Published: tables 2.1–2.5, 9.1, the base-year shortage;
  derived (calibrated to those): stock, flows, labour, user rates, service mix, population; assumed: the
  shapes behind them and `education.csv`.
* `datasets/register/`: a synthetic person-level register sample for the indicator engine. Described by
  `datasets/register/catalog.csv`.

## Not shipped (yet), and why

* NOU 2023:4 figures 5.6, 9.3, 9.6 and 9.8 exist as transcriptions in `../shared/data/nou-ch5-9/`, but
  their values were rebuilt from scattered data labels in the PDF text (figure 9.6's labels from split letters)
  and cannot be checked line by line against the text.
* Helsedirektoratet's figures 1–7 and the full-time plan's charts are images without data in the text; the
  figures their text quotes are in `municipal_workforce_indicators`.
* The long lists of text facts in `../shared/data/nou-ch5-9/s002b_text_*.csv` (specialist-service turnover,
  working-time rules, recruitment survey shares) are reference material, not tables.
"""

# Datasets written by hand (not by these scripts), kept in the catalog as they were written.
HAND = [dict(name='omsorg_users_by_age', title='Users of the municipal care services and user rates by age group, 2009–2021 (full-time plan)', source='Opptrappingsplan for heltid og god bemanning i omsorgstjenesten (Helse- og omsorgsdepartementet), table "Omsorgstjenestene – Andel brukere av aldersgruppen i befolkningen (brukerfrekvens) 2009–2021" (source: SSB, statistikkbanken table 06969), ch. "Utfordringsbildet"', unit='persons (users); rate = users per person in the age group (fraction 0–1)', caveats='PUBLISHED: users (cross-section at 31 December) and the user rate (brukerfrekvens) per age group for odd years 2009–2021, as printed; the rate is printed as a whole per cent with one decimal (1,9 %), so it carries up to ±0.05 percentage points of rounding (±2.6 % relative for 0–49). NOT PUBLISHED: the population; users ÷ rate gives an implied population that inherits the rounding (the plan\'s own counterfactual 64 792 for 0–49 in 2021 implies a 2009→2021 growth of 5.24 % in persons aged 0–49; the rounded rates give 4.06 %, so 64 066). Under 67 (0–49 and 50–66) the table gives 41.4 % of users in 2021, where the text says "nærmere 41 pst." Age groups as printed; "90 år eller eldre" is 90+.', rows=35, md='#### omsorg_users_by_age\n\nUsers of the municipal care services and user rates by age group, 2009–2021 (full-time plan).\n\n* **Source**: Opptrappingsplan for heltid og god bemanning i omsorgstjenesten (Helse- og omsorgsdepartementet), table "Omsorgstjenestene – Andel brukere av aldersgruppen i befolkningen (brukerfrekvens) 2009–2021" (source: SSB, statistikkbanken table 06969), ch. "Utfordringsbildet"\n* **Unit**: persons (users); rate = users per person in the age group (fraction 0–1)\n* **Rows**: 35 (5 age groups × 7 years)\n* **Caveats**: PUBLISHED: users (cross-section at 31 December) and the user rate (brukerfrekvens) per age group for odd years 2009–2021, as printed; the rate is printed as a whole per cent with one decimal (1,9 %), so it carries up to ±0.05 percentage points of rounding (±2.6 % relative for 0–49). NOT PUBLISHED: the population; users ÷ rate gives an implied population that inherits the rounding (the plan\'s own counterfactual 64 792 for 0–49 in 2021 implies a 2009→2021 growth of 5.24 % in persons aged 0–49; the rounded rates give 4.06 %, so 64 066). Under 67 (0–49 and 50–66) the table gives 41.4 % of users in 2021, where the text says "nærmere 41 pst." Age groups as printed; "90 år eller eldre" is 90+.\n* **Use**: `plan decompose` splits the growth into demography and changed use, e.g. with the implied\n  population (`derive persons = users / rate`); `sessions/municipal-planning.md` does it for 0–49, 2009→2021.\n\n| column | meaning |\n|---|---|\n| `year` | year (users at 31 December) |\n| `age_group` | 0-49, 50-66, 67-79, 80-89, 90+ |\n| `users` | mottakere av omsorgstjenester (persons) |\n| `rate` | brukerfrekvens: users per person in the age group (fraction; 0.019 = 1,9 %) |')]
SSB_CACHE = "* `sessions/ssb-cache/` (not a dataset here, but shipped data): a statbank cache of three **synthetic**,\n  SSB-shaped tables for the notebook `sessions/statbank.md`: 90101 agreed FTE in municipal health and care by\n  municipality, KOSTRA-like function and year; 90102 population by municipality, age group and year; 90103\n  employed persons in health and care by county, industry (SN2007 86–88) and year, 2019–2024. The shapes\n  (JSON-stat 2.0, codes, labels, status `:`) are Statistics Norway's; the figures are made up (plausible sizes,\n  not SSB's). Seven municipalities, among them Bodø, Tromsø, Ålesund, Bærum and two called Herøy (1515, 1818).\n  Written by the mock PxWebApi through hws's client under the address `https://synthetic-statbank.invalid/…`, so\n  it never answers for a real SSB table; `sessions/ssb.lock` holds the replies' SHA-256. Regenerate with\n  `HWS_WRITE_SESSION_CACHE=1 swift test --filter ShippedStatbankCacheTests`."

def write_catalog():
    with open(os.path.join(OUT, 'catalog.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['name', 'title', 'source', 'unit', 'caveats'])
        for d in sorted(DATASETS + HAND, key=lambda d: d['name']):
            w.writerow([d['name'], d['title'], d['source'], d['unit'], d['caveats']])
    md = [GENERAL]
    groups = [('HELSEMOD projections (NOU 2023:4 ch. 2)', 'helsemod_'), ('Other NOU 2023:4 tables', 'nou_'),
              ('Evaluation of Kompetanseløft 2020 (tables 7.1–7.21)', 'eval_'), ('Municipal care services', 'omsorg_'),
              ('Municipal health and care: figures quoted in the reports\' text', 'municipal_'), ('Oslo', 'oslo_')]
    md.append('| name | rows | title |\n|---|---|---|')
    for _, p in groups:
        for d in sorted([d for d in DATASETS + HAND if d['name'].startswith(p)], key=lambda d: d['name']):
            n = d['rows'] if isinstance(d['rows'], int) else len(d['rows'])
            md.append(f"| [`{d['name']}`](#{d['name']}) | {n} | {d['title']} |")
    for title, p in groups:
        md.append(f'\n### {title}\n')
        for d in sorted([d for d in DATASETS + HAND if d['name'].startswith(p)], key=lambda d: d['name']):
            if 'md' in d:
                md.append(d['md'] + '\n'); continue
            md.append(f"#### {d['name']}\n")
            md.append(f"{d['title']}.\n")
            md.append(f"* **Source**: {d['source']}")
            md.append(f"* **Unit**: {d['unit']}")
            md.append(f"* **Rows**: {len(d['rows'])}")
            if d['definitions']: md.append(f"* **Definitions**: {d['definitions']}")
            md.append(f"* **Caveats**: {d['caveats']}\n")
            md.append('| column | meaning |\n|---|---|')
            for c, desc in d['columns']: md.append(f'| `{c}` | ' + desc.replace('|', '\\|') + ' |')
            md.append('')
    reg = "  `datasets/register/catalog.csv`.\n"
    md.append(TAIL.replace(reg, reg + SSB_CACHE + "\n", 1))
    open(os.path.join(OUT, 'CATALOG.md'), 'w', encoding='utf-8').write('\n'.join(md))
