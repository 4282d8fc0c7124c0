#!/usr/bin/env python3
"""Derive the bundled HELSEMOD-style model inputs of hws's projection engine.

NOU 2023:4 (ch. 2, tables 2.1-2.5, 9.1) publishes totals only: supply per occupation in 2019 and 2040,
FTE per service area in 2019 and 2040 under three scenarios, demand and gap per occupation. The engine needs
age/sex detail (population, stock, flows, participation, position size, user rates) that is not published.
This script DERIVES plausible detail and CALIBRATES a few free parameters so that the engine, run on these
inputs, reproduces every published total. Replace any file by register data of the same schema.

What is assumed (plausible shapes, not data):
  * population: a synthetic cohort-component projection (fertility 1.45 rising to 1.7, mortality improving
    1.3 % a year, steeper than Gompertz above 75); the prior 1.1.2019 pyramid (five-year totals shaped by
    births, survival and immigration);
  * stock age/sex shapes, exit-rate schedule, entry-age shapes, participation and position-size profiles;
  * user-rate shapes per service: a mixture of a service-specific 'young' profile and a common elderly profile.
What is calibrated (solved exactly or by bounded least squares, see the functions below):
  * the 2019 pyramid (a smooth multiplier on the prior) and net immigration per year -> every population
    figure NOU 2023:4 prints (80+ in 2020 and 2040, 18-66 from 2022 to after 2040, forsørgerbrøk; see
    POPULATION_TARGETS);
  * the elderly weight of each service's user-rate profile -> demography index without health improvement
    (table 2.4, high scenario);
  * each service's health-improvement shift (share of the life-expectancy gain) -> demography index with
    health improvement (table 2.4, low and mid scenarios);
  * unrounded targets per occupation inside every printed interval of tables 2.2 and 2.5, levels and growth
    rates together, nearest table 2.1's gaps (published_targets: the gap is supply re-based to 2019
    employment minus demand, as HELSEMOD measures it);
  * stock scale per occupation -> supply 2019; entries scale per occupation -> supply 2040; for nurses the
    stock's mean age -> the text's supply path (+13 000 by 2030, +8 000 more by 2040);
  * service->occupation mix in 2019 and 2040 (the trend is the straight line between) -> demand per occupation
    in 2019 and 2040 per scenario (the targets above), and the helsefagarbeidere's 48 000 FTE in municipal care;
  * per occupation, the position level (a factor on the assumed profile) and the spread of persons' positions
    around their cell's average -> table 9.1's added FTE in 2040 at a 70 % and a 100 % position floor.

Run:  python3 datasets/projection/derive.py   (writes the CSVs next to this file; deterministic)
"""
import csv
import math
import os

import numpy as np
from scipy.optimize import brentq, lsq_linear, minimize

HERE = os.path.dirname(os.path.abspath(__file__))
BASE, LAST, HORIZON = 2019, 2060, 2040
Y = LAST - BASE + 1
A = 100  # ages 0..99, 99 = 99 and older
AGES = np.arange(A, dtype=float)
SEXES = ["kvinner", "menn"]
FAMILY_LEVEL = 90_000.0
STD_RATIO = 1.01 / 1.005  # mid and high: standard 1.0 %, productivity 0.5 %
HEALTH_FROM_AGE = 55

# ---------------------------------------------------------------- published figures (NOU 2023:4)
# occupation (table 2.2 name), supply 2019, 2040 (1000 FTE, table 2.2), demand 2019 (table 2.5),
# gap 2040 low, mid, high (table 2.1), base-year shortage (NAV 2019, FTE)
OCCUPATIONS = [
    ("Bioingeniør", 5.1, 6.2, 4.9, (-100, -800, -1200), 0),
    ("Ergoterapeut", 3.4, 5.2, 3.4, (-100, -1100, -2100), 0),
    ("Fysioterapeut", 9.8, 12.5, 9.8, (500, -1000, -1700), 0),
    ("Helsefagarbeider", 55.3, 58.9, 57.0, (-6200, -24400, -47400), 1700),
    ("Helsesekretær og tannhelsesekretær", 10.6, 9.7, 10.5, (-3000, -4600, -5300), 0),
    ("Helsesykepleier", 3.7, 4.7, 3.7, (300, -200, -300), 0),
    ("Jordmor", 2.6, 2.9, 2.8, (-200, -500, -600), 200),
    ("Lege", 26.7, 39.4, 27.8, (2500, -1700, -3400), 600),
    ("Psykolog", 6.1, 10.1, 6.5, (2600, 1800, 1800), 450),
    ("Radiograf", 3.2, 4.3, 3.1, (100, -400, -600), 0),
    ("Sykepleier", 81.5, 102.9, 87.0, (-9500, -29700, -50000), 5500),
    ("Tannlege", 4.8, 6.3, 4.9, (1000, 400, 400), 0),
    ("Tannpleier", 1.1, 1.9, 1.1, (300, 200, 100), 0),
    ("Vernepleier", 12.2, 17.6, 12.5, (-2400, -7400, -13400), 700),
]
# service (table 2.4), 2019, low, mid, high (1000 FTE), growth % low, mid, high
SERVICES = [
    ("Somatiske institusjoner", 86.4, 108.4, 120.3, 126.8, 25.5, 39.3, 46.8),
    ("Psykisk helsevern, barn og unge", 4.3, 3.9, 4.4, 4.4, -7.7, 2.4, 2.4),
    ("Psykisk helsevern, voksne", 19.3, 20.7, 22.9, 22.9, 7.2, 18.9, 18.9),
    ("Kommunal helse og omsorg", 143.8, 181.4, 237.2, 310.0, 26.1, 64.9, 115.6),
    ("Allmennlegetjenesten", 14.7, 17.4, 19.3, 19.3, 18.4, 31.4, 31.4),
    ("Fysioterapitjenesten", 6.9, 8.7, 9.7, 9.7, 25.7, 39.5, 39.5),
    ("Tannhelsetjenesten", 11.3, 12.5, 13.8, 13.8, 10.5, 22.6, 22.6),
    ("Forebyggende helsearbeid", 12.3, 13.6, 15.1, 15.1, 10.5, 22.6, 22.6),
    ("Tilbud til rusmisbrukere", 7.1, 7.2, 8.0, 8.0, 1.3, 12.4, 12.4),
    ("Helsetjenester ellers", 21.7, 27.3, 30.3, 31.9, 25.8, 39.6, 47.3),
]
FAMILY_SERVICE = "Kommunal helse og omsorg"
# printed growth 2019-2040 (%, one decimal): supply (table 2.2) and demand low, mid, high (table 2.5)
SUPPLY_GROWTH = {
    "Bioingeniør": 22.5, "Ergoterapeut": 52.8, "Fysioterapeut": 27.3, "Helsefagarbeider": 6.6,
    "Helsesekretær og tannhelsesekretær": -8.3, "Helsesykepleier": 29.0, "Jordmor": 11.5, "Lege": 47.4,
    "Psykolog": 65.7, "Radiograf": 37.1, "Sykepleier": 26.3, "Tannlege": 31.1, "Tannpleier": 63.4, "Vernepleier": 44.2,
}
# table 2.5: demand 2040 (1000 FTE) and growth (%) low, mid, high
DEMAND_2040 = {
    "Bioingeniør": ((6.2, 6.9, 7.3), (25.5, 39.4, 47.1)),
    "Ergoterapeut": ((5.3, 6.3, 7.3), (56.9, 87.8, 117.4)),
    "Fysioterapeut": ((12.0, 13.5, 14.2), (22.1, 37.9, 44.6)),
    "Helsefagarbeider": ((65.1, 83.3, 106.3), (14.2, 46.1, 86.4)),
    "Helsesekretær og tannhelsesekretær": ((12.7, 14.3, 15.0), (20.3, 35.4, 42.0)),
    "Helsesykepleier": ((4.4, 4.9, 5.0), (20.9, 35.2, 38.0)),
    "Jordmor": ((3.0, 3.4, 3.4), (10.0, 22.1, 23.8)),
    "Lege": ((37.6, 41.8, 43.5), (35.3, 50.4, 56.5)),
    "Psykolog": ((7.3, 8.1, 8.2), (13.6, 25.6, 26.9)),
    "Radiograf": ((4.2, 4.7, 5.0), (34.9, 50.3, 59.4)),
    "Sykepleier": ((112.5, 132.8, 153.0), (29.4, 52.7, 75.9)),
    "Tannlege": ((5.4, 6.1, 6.1), (10.8, 23.1, 23.4)),
    "Tannpleier": ((1.5, 1.7, 1.7), (33.4, 48.6, 50.2)),
    "Vernepleier": ((19.3, 24.3, 30.3), (55.2, 95.2, 143.5)),
}
# text facts (NOU 2023:4 ch. 2.2.1): nurses' supply "rundt 13 000 flere årsverk i 2030, og ytterligere 8 000 i 2040"
NURSE_SUPPLY_2030_GAIN = (13.0, 8.0)
# "48 000 årsverk (87 prosent)" of the helsefagarbeidere's FTE in 2019 were in municipal health and care
HFA_MUNICIPAL_2019 = 48.0
# table 9.1: added FTE in 2040 with every position at least 70 % / 100 %
FLOOR_GAINS = {
    "Bioingeniør": (10, 500), "Ergoterapeut": (10, 600), "Fysioterapeut": (20, 1000), "Helsefagarbeider": (1420, 18300),
    "Helsesekretær og tannhelsesekretær": (80, 2000), "Helsesykepleier": (40, 600), "Jordmor": (40, 500),
    "Lege": (50, 1100), "Psykolog": (30, 600), "Radiograf": (10, 300), "Sykepleier": (860, 15300),
    "Tannlege": (0, 100), "Tannpleier": (0, 200), "Vernepleier": (140, 2100),
}

# ---------------------------------------------------------------- assumed shapes
# occupation: female share, mean age of stock, sd, mean entry age, participation level, position women, men
SHAPES = {
    "Bioingeniør": (0.85, 45, 11, 26, 0.72, 0.90, 0.95),
    "Ergoterapeut": (0.90, 40, 10, 26, 0.80, 0.88, 0.93),
    "Fysioterapeut": (0.65, 43, 11, 27, 0.85, 0.93, 0.98),
    "Helsefagarbeider": (0.91, 49, 11, 30, 0.78, 0.76, 0.82),
    "Helsesekretær og tannhelsesekretær": (0.97, 50, 10, 30, 0.60, 0.85, 0.90),
    "Helsesykepleier": (0.98, 48, 9, 33, 0.85, 0.92, 0.95),
    "Jordmor": (0.99, 48, 10, 31, 0.85, 0.86, 0.90),
    "Lege": (0.50, 43, 11, 28, 0.82, 1.00, 1.02),
    "Psykolog": (0.72, 40, 10, 28, 0.80, 0.94, 0.97),
    "Radiograf": (0.75, 43, 11, 26, 0.85, 0.92, 0.96),
    "Sykepleier": (0.89, 43, 11, 26, 0.82, 0.86, 0.91),
    "Tannlege": (0.55, 44, 12, 27, 0.88, 0.94, 0.98),
    "Tannpleier": (0.95, 40, 10, 25, 0.85, 0.86, 0.90),
    "Vernepleier": (0.82, 41, 10, 26, 0.83, 0.88, 0.92),
}
# extra study places -> entries: completion (study and early career), years until graduation, age, female share
EDUCATION = {
    "Sykepleier": (0.75, 3, 25, 0.88), "Helsefagarbeider": (0.70, 2, 20, 0.90), "Lege": (0.90, 6, 27, 0.60),
    "Vernepleier": (0.75, 3, 25, 0.82), "Psykolog": (0.90, 6, 27, 0.75), "Jordmor": (0.90, 2, 32, 1.0),
    "Bioingeniør": (0.80, 3, 25, 0.85), "Ergoterapeut": (0.80, 3, 25, 0.90), "Fysioterapeut": (0.85, 3, 25, 0.65),
    "Radiograf": (0.80, 3, 25, 0.75), "Tannlege": (0.90, 5, 26, 0.60), "Tannpleier": (0.85, 3, 24, 0.95),
    "Helsesykepleier": (0.90, 2, 32, 0.98), "Helsesekretær og tannhelsesekretær": (0.80, 2, 22, 0.97),
}


def norm_pdf(x, mu, sd):
    return np.exp(-0.5 * ((x - mu) / sd) ** 2)


# ---------------------------------------------------------------- population
OLD_AGE_ACCELERATION = 0.03  # mortality rises faster than Gompertz above 75 (keeps 80+ near SSB's path)


def mortality(year):
    """Annual death probabilities by sex and age (Gompertz-Makeham, steeper above 75), improving 1.3 % a year."""
    improve = (1 - 0.013) ** (year - BASE)
    q = np.zeros((2, A))
    for s, (a0, b) in enumerate([(0.0000105, 0.1), (0.0000165, 0.1)]):
        m = 0.0002 + a0 * np.exp(b * AGES) * (1 + OLD_AGE_ACCELERATION * np.maximum(0, AGES - 75)) * improve
        m[0] += 0.002
        q[s] = 1 - np.exp(-m)
    q[:, -1] = np.maximum(q[:, -1], 0.45)
    return np.minimum(q, 1.0)


def life_expectancy(year):
    q = mortality(year)
    e = []
    for s in range(2):
        alive, total = 1.0, 0.0
        for a in range(A):
            total += alive * (1 - q[s, a] / 2)
            alive *= 1 - q[s, a]
        total += alive / q[s, -1]
        e.append(total)
    return sum(e) / 2


# Norway 1.1.2019 by five-year age group (thousands, both sexes; approximate, rounded), 90+ last
PYRAMID_2019 = [295, 315, 320, 320, 350, 370, 365, 350, 355, 380, 375, 345, 310, 290, 255, 170, 110, 70, 45]


def immigration_profile():
    p = norm_pdf(AGES, 28, 8) + 0.25 * norm_pdf(AGES, 5, 4)
    return p / p.sum()


def fertility_total(year):
    """Total fertility: 1.45 in 2020 rising to SSB's long-run 1.7 by 2040."""
    return 1.45 + 0.25 * min(1.0, max(0.0, (year - 2020) / 20))


# live births in Norway by year (thousands, approximate; interpolated between the years given): the single-year
# shape of the 1.1.2019 pyramid inside each five-year group (ASSUMED)
BIRTHS = [(1919, 62), (1925, 55), (1930, 48), (1934, 45), (1939, 48), (1941, 50), (1943, 55), (1945, 59), (1946, 66.5),
          (1947, 64), (1948, 64), (1949, 61), (1950, 61), (1955, 62), (1960, 62), (1963, 64), (1966, 66), (1967, 67),
          (1968, 67), (1969, 63), (1970, 65), (1971, 65), (1972, 61), (1973, 57), (1974, 56), (1975, 56), (1976, 53),
          (1977, 51), (1980, 51), (1983, 50), (1985, 51), (1987, 54), (1988, 57.5), (1989, 59.3), (1990, 60.9), (1992, 60.1),
          (1995, 60.3), (1996, 60.9), (1998, 58.4), (2000, 59.2), (2001, 56.7), (2002, 55.4), (2004, 57), (2006, 58.5),
          (2008, 60.5), (2009, 61.8), (2010, 61.4), (2012, 60.3), (2013, 59), (2016, 58.9), (2017, 56.6), (2018, 55.1)]
# immigrants' surplus on a native cohort by age in 2019 (ASSUMED)
IMMIGRANT_SURPLUS = np.interp(AGES, [0, 5, 10, 20, 25, 30, 35, 40, 50, 60, 70, 80, 99],
                              [0.03, 0.07, 0.09, 0.13, 0.26, 0.32, 0.31, 0.26, 0.15, 0.09, 0.05, 0.03, 0.02])
FEMALE_SHARE = np.clip(0.487 + 0.0035 * np.maximum(0, AGES - 60), 0.487, 0.68)

# Population figures NOU 2023:4 prints (ch. 1 and 2.4.1, from SSB's 2022 middle projection), as calibration
# targets: (value, weight per person). 80+ "rundt 230 000" in 2020 and "over 250 000" more by 2040; 18-66 "rundt
# 3,45 millioner" in 2022, "nesten 3,6 millioner i 2033", then a fall "fra 2034 ... rundt 1 300" growing to "over
# 10 000 personer mellom 2038 og 2039" and continuing after 2040 ("vil forsterke seg ytterligere etter 2040");
# forsørgerbrøk (67+ / 18-66) "rundt 25 prosent i 2022 til 30 prosent i 2030 og 37 prosent i 2040"; 18-66 as a share
# of all "63,5 prosent" (2022), "62,7" (2030), "59,7" (2040).
POPULATION_TARGETS = {
    "total2019": (5_328_212, 1 / 100),
    "80+2020": (230_000, 1 / 500), "80+gain": (258_000, 1 / 1500), "80+2030": (345_000, 1 / 3000),
    "w2022": (3_450_000, 1 / 2500), "w2033": (3_590_000, 1 / 5000),
    "dw2034": (-1_300, 1 / 100), "dw2039": (-10_500, 1 / 300),
    "fb2022": (0, 1 / 3000), "fb2030": (0, 1 / 3000), "fb2040": (0, 1 / 3000),
    "sh2022": (0, 1 / 1500), "sh2030": (0, 1 / 800), "sh2040": (0, 1 / 1500),
}
for _y in range(2031, 2034):
    POPULATION_TARGETS[f"dw{_y}"] = (3_000, 1 / 1500)
for _y in range(2035, 2039):
    POPULATION_TARGETS[f"dw{_y}"] = (-1_300 + (_y - 2034) * (-10_500 + 1_300) / 5, 1 / 1500)
for _y in range(2041, 2051):
    POPULATION_TARGETS[f"dw{_y}"] = (-6_000, 1 / 1500)
PYRAMID_KNOTS = [0, 10, 20, 30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 99]  # ages of the multiplier's knots
IMMIGRATION_KNOTS = [2019, 2022, 2024, 2030, 2040, 2060]


def births(year):
    ys = [b[0] for b in BIRTHS]
    return np.interp(year, ys, [b[1] for b in BIRTHS]) * 1000 * (0.98 ** max(0, 1919 - year))


def prior_pyramid():
    """1.1.2019 by single age: the five-year totals of PYRAMID_2019, shaped inside each group by births x survival x
    immigrant surplus; 90+ a geometric tail."""
    shape = np.zeros(A)
    for a in range(A):
        surv = 1.0
        for x in range(a):
            q = mortality(BASE - a + x)
            surv *= 1 - (q[0, x] * FEMALE_SHARE[a] + q[1, x] * (1 - FEMALE_SHARE[a]))
        shape[a] = births(2018 - a) * surv * (1 + IMMIGRANT_SURPLUS[a])
    out = np.zeros(A)
    for i, v in enumerate(PYRAMID_2019[:-1]):
        seg = shape[5 * i:5 * i + 5]
        out[5 * i:5 * i + 5] = v * 1000 * seg / seg.sum()
    tail = np.exp(-0.35 * np.arange(10))
    out[90:] = PYRAMID_2019[-1] * 1000 * tail / tail.sum()
    return out * 5_328_212 / out.sum()


def project_population(pop0, immigration):
    """Population 1 January by year, sex, age from the 2019 pyramid (both sexes) and net immigration per year
    (index y-1 for the step into year y); linear in both."""
    imm = immigration_profile()
    fert = norm_pdf(AGES, 31, 5.0) * ((AGES >= 15) & (AGES <= 49))
    fert = fert / fert.sum()
    pop = np.zeros((Y, 2, A))
    pop[0, 0] = pop0 * FEMALE_SHARE
    pop[0, 1] = pop0 * (1 - FEMALE_SHARE)
    for y in range(1, Y):
        q = mortality(BASE + y - 1)
        prev = pop[y - 1]
        nxt = np.zeros((2, A))
        surv = prev * (1 - q)
        nxt[:, 1:] = surv[:, :-1]
        nxt[:, -1] += surv[:, -1]
        b = (prev[0] * fert).sum() * fertility_total(BASE + y - 1)
        nxt[0, 0] = b * 0.487
        nxt[1, 0] = b * 0.513
        nxt += immigration[y - 1] * imm / 2
        pop[y] = nxt
    return pop


def population_figures(pop):
    """The quantities of POPULATION_TARGETS (and a few more for the report)."""
    tot = pop.sum(axis=(1, 2))
    w = pop[:, :, 18:67].sum(axis=(1, 2))
    o67 = pop[:, :, 67:].sum(axis=(1, 2))
    o80 = pop[:, :, 80:].sum(axis=(1, 2))
    i = lambda y: y - BASE
    f = {"total2019": tot[0], "80+2020": o80[i(2020)], "80+2030": o80[i(2030)], "80+gain": o80[i(2040)] - o80[i(2020)],
         "w2022": w[i(2022)], "w2033": w[i(2033)]}
    for y in range(2020, LAST + 1):
        f[f"dw{y}"] = w[i(y)] - w[i(y - 1)]
    for y, r in ((2022, 0.25), (2030, 0.30), (2040, 0.37)):
        f[f"fb{y}"] = o67[i(y)] - r * w[i(y)]
    for y, r in ((2022, 0.635), (2030, 0.627), (2040, 0.597)):
        f[f"sh{y}"] = w[i(y)] - r * tot[i(y)]
    return f


def population():
    """Population 1 January by year, sex, age: a synthetic projection (fertility 1.45 rising to 1.7, mortality
    improving 1.3 % a year) whose 2019 pyramid (a smooth multiplier on the prior, within +-15 %) and net immigration
    path (piecewise linear) are CALIBRATED by bounded least squares to the population figures NOU 2023:4 prints
    (POPULATION_TARGETS). The projection is linear in both, so the fit is exact linear algebra."""
    base = prior_pyramid()
    names = list(POPULATION_TARGETS)

    def hat(k):
        i = PYRAMID_KNOTS.index(k)
        lo = PYRAMID_KNOTS[i - 1] if i > 0 else None
        hi = PYRAMID_KNOTS[i + 1] if i + 1 < len(PYRAMID_KNOTS) else None
        h = np.zeros(A)
        for a in range(A):
            if a == k:
                h[a] = 1
            elif lo is not None and lo < a < k:
                h[a] = (a - lo) / (k - lo)
            elif hi is not None and k < a < hi:
                h[a] = (hi - a) / (hi - k)
        return h

    years = np.arange(BASE + 1, BASE + Y)
    segments = [np.interp(years, IMMIGRATION_KNOTS, np.eye(len(IMMIGRATION_KNOTS))[i]) for i in range(len(IMMIGRATION_KNOTS))]
    hats = [hat(k) for k in PYRAMID_KNOTS]

    def figures(pop0, imm):
        f = population_figures(project_population(pop0, imm))
        return np.array([f[n] for n in names])

    zero = figures(np.zeros(A), np.zeros(Y - 1))
    cols = [figures(base * h, np.zeros(Y - 1)) - zero for h in hats]
    cols += [figures(np.zeros(A), seg * 1000) - zero for seg in segments]
    J = np.array(cols).T
    t = np.array([POPULATION_TARGETS[n][0] for n in names])
    w = np.array([POPULATION_TARGETS[n][1] for n in names])
    K, NI = len(hats), len(segments)
    reg = np.diag(np.concatenate([np.full(K, 3.0), np.full(NI, 0.05)]))
    M = np.vstack([w[:, None] * J, reg])
    rhs = np.concatenate([w * (t - zero), np.diag(reg) * np.concatenate([np.ones(K), np.full(NI, 20.0)])])
    lo = np.concatenate([np.full(K, 0.85), np.full(NI, 5.0)])
    hi = np.concatenate([np.full(K, 1.15), np.full(NI, 45.0)])
    x = lsq_linear(M, rhs, bounds=(lo, hi), lsmr_tol="auto", tol=1e-12, max_iter=20000).x
    pop0 = base * sum(x[i] * h for i, h in enumerate(hats))
    immigration = sum(x[K + i] * seg for i, seg in enumerate(segments)) * 1000
    return project_population(pop0, immigration), immigration


# ---------------------------------------------------------------- demand side
def service_profiles():
    """Per service: a 'young' profile (its own users) and the common elderly profile."""
    old = np.exp(0.085 * (AGES - 80)) / (1 + np.exp(0.2 * (AGES - 95)))
    band = lambda lo, hi, peak=None: ((AGES >= lo) & (AGES <= hi)) * (1 if peak is None else norm_pdf(AGES, peak, 6) + 0.2)
    young = {
        "Somatiske institusjoner": 0.3 + 0.004 * AGES,
        "Psykisk helsevern, barn og unge": band(6, 17, 17),
        "Psykisk helsevern, voksne": band(18, 45, 24),
        "Kommunal helse og omsorg": band(18, 66) + 0.0,
        "Allmennlegetjenesten": 0.5 + 0.0 * AGES,
        "Fysioterapitjenesten": band(20, 66),
        "Tannhelsetjenesten": band(3, 20, 12),
        "Forebyggende helsearbeid": band(0, 19, 2),
        "Tilbud til rusmisbrukere": band(18, 40, 26),
        "Helsetjenester ellers": 0.4 + 0.0 * AGES,
    }
    return young, old


def weighted(pop, profile):
    return np.array([(pop[y] * profile).sum() for y in range(Y)])


def demography(pop, rates, shift_per_year):
    """Mirror of ProjectionInputs.demographyIndices: constant rates, and with the profile shifted above 55."""
    base = (pop[0] * rates).sum()
    const = np.array([(pop[y] * rates).sum() for y in range(Y)]) / base
    health = np.empty(Y)
    for y in range(Y):
        shift = shift_per_year[y]
        shifted = rates.copy()
        if shift > 0:
            x = AGES[HEALTH_FROM_AGE:] - shift
            lo = np.maximum(0, np.floor(x)).astype(int)
            f = x - lo
            hi = np.minimum(lo + 1, A - 1)
            shifted[:, HEALTH_FROM_AGE:] = rates[:, lo] * (1 - f) + rates[:, hi] * f
        health[y] = (pop[y] * shifted).sum() / base
    return const, health


def interval_target(checks):
    """The midpoint of the values of D meeting every (lo, hi) check; else the least-violating value."""
    grid = np.linspace(0.7, 1.9, 1_200_001)
    viol = np.zeros_like(grid)
    for f, lo, hi in checks:
        v = f(grid)
        half = (hi - lo) / 2
        viol = np.maximum(viol, np.maximum(lo - v, v - hi) / half)
    ok = viol <= 0
    if ok.any():
        g = grid[ok]
        return (g.min() + g.max()) / 2, 0.0
    i = int(np.argmin(viol))
    return grid[i], float(viol[i])


def service_targets():
    """Demography indices 2040 (with, without health improvement) that reproduce table 2.4 to its rounding."""
    R = STD_RATIO ** (HORIZON - BASE)
    out = {}
    for name, b, lo, mid, hi, gl, gm, gh in SERVICES:
        fam = name == FAMILY_SERVICE
        lvl = FAMILY_LEVEL / 1000
        midf = (lambda d: (b + lvl) * d * R - lvl) if fam else (lambda d: b * d * R)
        low_checks = [(lambda d: b * d, lo - 0.05, lo + 0.05), (lambda d: (d - 1) * 100, gl - 0.05, gl + 0.05)]
        mid_checks = [(midf, mid - 0.05, mid + 0.05), (lambda d, f=midf: (f(d) / b - 1) * 100, gm - 0.05, gm + 0.05)]
        high_checks = [(midf, hi - 0.05, hi + 0.05), (lambda d, f=midf: (f(d) / b - 1) * 100, gh - 0.05, gh + 0.05)]
        health_matters = abs(mid - hi) > 0.05
        if health_matters:
            d_hi, v1 = interval_target(low_checks + mid_checks)
            d_no, v2 = interval_target(high_checks)
        else:
            d_hi, v1 = interval_target(low_checks + mid_checks + high_checks)
            d_no, v2 = d_hi, v1
        out[name] = (d_hi, d_no, max(v1, v2))
    return out


def derive_user_rates(pop, gain):
    young, old = service_profiles()
    targets = service_targets()
    rates, elasticity, report = {}, {}, []
    h = HORIZON - BASE
    for name, *_ in SERVICES:
        d_hi, d_no, viol = targets[name]
        yp = np.vstack([young[name], young[name]]).astype(float)
        op = np.vstack([old, old * 0.9])
        gy = weighted(pop, yp)[h] / weighted(pop, yp)[0]
        go = weighted(pop, op)[h] / weighted(pop, op)[0]
        w = (d_no - gy) / (go - gy)
        if not 0 <= w <= 1:
            raise SystemExit(f"{name}: elderly weight {w:.3f} outside [0,1] (young {gy:.4f}, old {go:.4f}, target {d_no:.4f})")
        r = (1 - w) * yp / weighted(pop, yp)[0] + w * op / weighted(pop, op)[0]
        r = r / r.max() * 0.5
        if abs(d_hi - d_no) < 1e-12:
            e = 0.0
        else:
            e = brentq(lambda e: demography(pop, r, e * gain)[1][h] - d_hi, 0.0, 5.0, xtol=1e-13)
        const, health = demography(pop, r, e * gain)
        rates[name], elasticity[name] = r, e
        report.append((name, d_hi, d_no, const[h], health[h], w, e, viol))
    return rates, elasticity, report


def service_demand(pop_rates_index, scenario):
    """FTE (thousand) per service in 2040 for low/mid/high from the calibrated indices."""
    h = HORIZON - BASE
    out = {}
    for name, b, *_ in SERVICES:
        const, health = pop_rates_index[name]
        if scenario == "low":
            g = health[h]
        elif scenario == "mid":
            g = health[h] * STD_RATIO ** h
        else:
            g = const[h] * STD_RATIO ** h
        fam = name == FAMILY_SERVICE and scenario != "low"
        lvl = FAMILY_LEVEL / 1000
        out[name] = (b + lvl) * g - lvl if fam else b * g
    return out


# ---------------------------------------------------------------- supply side
def exit_schedule():
    x = np.full(A, 0.035)
    x[:21] = 0.02
    x[60:62] = 0.07
    x[62] = 0.22
    x[63:67] = 0.14
    x[67] = 0.45
    x[68:70] = 0.35
    x[70:75] = 0.5
    x[75:] = 1.0
    return x


def supply_inputs(name, mean_age=None):
    fem, mu, sd, entry_mu, part, hw, hm = SHAPES[name]
    mu = mean_age if mean_age is not None else mu
    ages_ok = (AGES >= 21) & (AGES <= 74)
    shape = norm_pdf(AGES, mu, sd) * ages_ok
    stock = np.vstack([shape * fem, shape * (1 - fem)])
    entries = norm_pdf(AGES, entry_mu, 3.5) + 0.35 * norm_pdf(AGES, entry_mu + 9, 7)
    entries = entries * ((AGES >= 19) & (AGES <= 60))
    entries = np.vstack([entries * fem, entries * (1 - fem)])
    x = exit_schedule()
    exits = np.vstack([x, np.minimum(1, x * 1.05)])
    p_age = part * (1 - 0.15 * (AGES < 25)) * np.where(AGES >= 62, np.maximum(0.3, 1 - 0.08 * (AGES - 61)), 1.0)
    p = np.vstack([p_age, p_age * 0.97])
    h_age = np.where(AGES < 25, 0.9, 1.0) * np.where(AGES >= 62, 0.9, 1.0)
    h = np.vstack([np.minimum(1.2, hw * h_age), np.minimum(1.2, hm * h_age)])
    return stock, entries, exits, p, h


def cohort(stock, entries, exits, weights, years):
    """Mirror of SupplyModel.run: FTE per year index, and the final stock."""
    n = stock.copy()
    fte = [(n * weights).sum()]
    for _ in range(1, years):
        stay = n * (1 - exits)
        nxt = np.zeros_like(n)
        nxt[:, 1:] = stay[:, :-1]
        nxt[:, -1] += stay[:, -1]
        nxt += entries
        n = nxt
        fte.append((n * weights).sum())
    return np.array(fte), n


def published_targets():
    """Unrounded supply 2019/2040 and demand 2019/2040 (low, mid, high) per occupation, chosen inside every printed
    rounding interval at once: levels of tables 2.2 and 2.5 (0.1 thousand) and their growth rates (0.1 point),
    shrunk by a 10 % margin so the engine's figures print as the report's. Among those values, the ones that bring
    the gap of table 2.1 closest: gap[t] = E19 x S[t] / S19 - D[t], where E19 = D19 - base shortage is the observed
    employment of 2019 (HELSEMOD measures the gap against supply re-based to observed employment, which is why the
    2019 column of table 2.1 is exactly NAV's shortage and why leger and vernepleiere differ from 2.2 - 2.5)."""
    out = {}
    for name, s19, s40, d19, gaps, shortage in OCCUPATIONS:
        for m in (0.045, 0.049, 0.04999):
            best = target_fit(name, s19, s40, d19, gaps, shortage, m)
            if best is not None:
                break
        if best is None:
            raise SystemExit(f"{name}: no values inside every printed rounding interval")
        x = best.x
        out[name] = dict(s19=x[0], s40=x[0] * x[1], d19=x[2], d40=[x[2] * x[3 + i] for i in range(3)],
                         gap_error=x[6], margin=m)
    return out


def target_fit(name, s19, s40, d19, gaps, shortage, m):
    """Minimise the largest gap error with every level and growth within m of its printed value."""
    if True:
        gs = SUPPLY_GROWTH[name]
        d40, gd = DEMAND_2040[name]
        sh = shortage / 1000
        lo = [s19 - m, 1 + (gs - m) / 100, d19 - m] + [1 + (x - m) / 100 for x in gd] + [0.0]
        hi = [s19 + m, 1 + (gs + m) / 100, d19 + m] + [1 + (x + m) / 100 for x in gd] + [1e4]
        cons = [{"type": "ineq", "fun": lambda x: m - (x[0] * x[1] - s40)},
                {"type": "ineq", "fun": lambda x: m + (x[0] * x[1] - s40)}]
        for i in range(3):
            cons.append({"type": "ineq", "fun": lambda x, i=i: m - (x[2] * x[3 + i] - d40[i])})
            cons.append({"type": "ineq", "fun": lambda x, i=i: m + (x[2] * x[3 + i] - d40[i])})
            gap = lambda x, i=i: ((x[2] - sh) * x[1] - x[2] * x[3 + i]) * 1000 - gaps[i]
            cons.append({"type": "ineq", "fun": lambda x, f=gap: x[6] - f(x)})
            cons.append({"type": "ineq", "fun": lambda x, f=gap: x[6] + f(x)})
        mid = [(a + b) / 2 for a, b in zip(lo[:6], hi[:6])]
        wid = [b - a for a, b in zip(lo[:6], hi[:6])]
        obj = lambda x: x[6] + 1e-3 * sum(((x[j] - mid[j]) / wid[j]) ** 2 for j in range(6))
        rng = np.random.default_rng(7)
        best = None
        for _ in range(8):
            x0 = [rng.uniform(a, b) for a, b in zip(lo[:6], hi[:6])] + [300.0]
            r = minimize(obj, x0, bounds=list(zip(lo, hi)), constraints=cons, method="SLSQP",
                         options={"maxiter": 1000, "ftol": 1e-12})
            if all(c["fun"](r.x) >= -1e-6 for c in cons) and (best is None or r.fun < best.fun):
                best = r
        return best


def calibrate_supply(name, s19, s40, hscale, mean_age=None):
    """Stock scale -> supply 2019, entries scale -> supply 2040, for a position level and (optionally) the mean age
    of the stock (which shapes the path between: an older stock retires more of itself before 2030)."""
    h = HORIZON - BASE
    stock, entries, exits, p, pos = supply_inputs(name, mean_age)
    pos = np.minimum(1.2, pos * hscale)
    w = p * pos
    stock = stock * (s19 * 1000 / (stock * w).sum())
    f0, _ = cohort(stock, entries * 0, exits, w, h + 1)
    f1, _ = cohort(stock, entries, exits, w, h + 1)
    # FTE in 2040 is linear in the entry scale: f0 + scale * (f1 - f0)
    scale = (s40 * 1000 - f0[h]) / (f1[h] - f0[h])
    if scale < 0:
        raise SystemExit(f"{name}: needs negative entries")
    entries = entries * scale
    fte, n40 = cohort(stock, entries, exits, w, h + 1)
    return dict(stock=stock, entries=entries, exits=exits, p=p, h=pos, fte=fte, n40=n40)


def nurse_mean_age(s19, s40, hscale):
    """The mean age of the nurses' stock that puts supply 2030 where the text puts it: about 13 000 above 2019 and
    8 000 below 2040 (the midpoint of where the two 'rundt' ranges, each +-500, overlap)."""
    up, rest = NURSE_SUPPLY_2030_GAIN
    lo, hi = max(s19 + up - 0.5, s40 - rest - 0.5), min(s19 + up + 0.5, s40 - rest + 0.5)
    target = (lo + hi) / 2 * 1000
    f = lambda e: calibrate_supply("Sykepleier", s19, s40, hscale, e)["fte"][2030 - BASE] - target
    return brentq(f, 40.0, 55.0, xtol=1e-10)


def floor_gain(n40, p, h, points, floor):
    rel, share = points
    eff = sum(s * np.maximum(h * r, floor) for r, s in zip(rel, share))
    return (n40 * p * (eff - h)).sum()


def position_points(spread):
    """Persons' positions relative to the cell average: a discretised normal (mean 1), 21 points."""
    z = np.linspace(-2.5, 2.5, 21)
    share = np.exp(-0.5 * z * z)
    share /= share.sum()
    rel = np.maximum(1 + spread * z, 0.05)
    rel = rel / (rel * share).sum()
    return rel, share


def derive_supply(targets):
    """Per occupation: the position level and spread that give table 9.1's floor gains, then stock and entries
    (to the unrounded supply targets; for nurses also the exit scale that gives the text's path to 2030)."""
    out, positions, report = {}, {}, []
    for name, *_ in OCCUPATIONS:
        g70, g100 = FLOOR_GAINS[name]
        s19, s40 = targets[name]["s19"], targets[name]["s40"]

        def gains(x):
            mu = nurse_mean_age(s19, s40, x[0]) if name == "Sykepleier" else None
            d = calibrate_supply(name, s19, s40, x[0], mu)
            d["mean_age"] = mu
            pts = position_points(x[1])
            return d, pts, floor_gain(d["n40"], d["p"], d["h"], pts, 0.7), floor_gain(d["n40"], d["p"], d["h"], pts, 1.0)

        def loss(x):
            _, _, a, b = gains(x)
            return ((a - g70) / 50) ** 2 + ((b - g100) / 50) ** 2

        best = None
        for h0 in (0.9, 1.0, 1.1):
            for s0 in (0.03, 0.1, 0.25):
                r = minimize(loss, [h0, s0], bounds=[(0.6, 1.4), (0.0, 0.6)], method="L-BFGS-B")
                if best is None or r.fun < best.fun:
                    best = r
        d, pts, a, b = gains(best.x)
        out[name], positions[name] = d, pts
        report.append((name, best.x[0], best.x[1], a, g70, b, g100))
    return out, positions, report


# ---------------------------------------------------------------- service -> occupation mix
PRIOR = {  # rough share of each service's FTE by occupation (before calibration)
    "Somatiske institusjoner": {"Sykepleier": 0.38, "Lege": 0.16, "Helsefagarbeider": 0.05, "Bioingeniør": 0.045,
                                "Radiograf": 0.03, "Jordmor": 0.025, "Fysioterapeut": 0.015, "Helsesekretær og tannhelsesekretær": 0.03,
                                "Ergoterapeut": 0.005, "Psykolog": 0.005, "Vernepleier": 0.003, "Helsesykepleier": 0.004},
    "Psykisk helsevern, barn og unge": {"Psykolog": 0.25, "Sykepleier": 0.12, "Lege": 0.08, "Vernepleier": 0.03,
                                        "Helsesekretær og tannhelsesekretær": 0.04, "Helsefagarbeider": 0.02},
    "Psykisk helsevern, voksne": {"Sykepleier": 0.30, "Psykolog": 0.10, "Lege": 0.07, "Helsefagarbeider": 0.09,
                                  "Vernepleier": 0.04, "Helsesekretær og tannhelsesekretær": 0.03, "Ergoterapeut": 0.01},
    "Kommunal helse og omsorg": {"Helsefagarbeider": 0.30, "Sykepleier": 0.19, "Vernepleier": 0.06, "Ergoterapeut": 0.01,
                                 "Fysioterapeut": 0.005, "Lege": 0.005, "Helsesykepleier": 0.002, "Psykolog": 0.002},
    "Allmennlegetjenesten": {"Lege": 0.40, "Helsesekretær og tannhelsesekretær": 0.25, "Sykepleier": 0.10, "Helsefagarbeider": 0.05,
                             "Bioingeniør": 0.02},
    "Fysioterapitjenesten": {"Fysioterapeut": 0.80, "Ergoterapeut": 0.02},
    "Tannhelsetjenesten": {"Tannlege": 0.40, "Tannpleier": 0.09, "Helsesekretær og tannhelsesekretær": 0.35},
    "Forebyggende helsearbeid": {"Helsesykepleier": 0.22, "Sykepleier": 0.10, "Lege": 0.05, "Jordmor": 0.03,
                                 "Fysioterapeut": 0.02, "Psykolog": 0.03, "Helsefagarbeider": 0.05, "Ergoterapeut": 0.01},
    "Tilbud til rusmisbrukere": {"Sykepleier": 0.15, "Helsefagarbeider": 0.12, "Vernepleier": 0.05, "Psykolog": 0.05,
                                 "Lege": 0.03},
    "Helsetjenester ellers": {"Sykepleier": 0.25, "Lege": 0.10, "Helsefagarbeider": 0.10, "Bioingeniør": 0.05,
                              "Helsesekretær og tannhelsesekretær": 0.05, "Psykolog": 0.05, "Vernepleier": 0.03,
                              "Ergoterapeut": 0.01, "Radiograf": 0.01},
}


def solve_mix(F19, F40, targets):
    """Per occupation: shares m19[k], m40[k] >= 0 near the prior, hitting demand 2019 and 2040 (three scenarios) of
    the unrounded targets (tables 2.5 levels and growth); for helsefagarbeidere also the 48 000 FTE (87 %) of 2019
    in municipal health and care."""
    services = [s[0] for s in SERVICES]
    m19, m40, report = {}, {}, []
    for name, s19, s40, d19, gaps, shortage in OCCUPATIONS:
        prior = np.array([PRIOR[k].get(name, 0.0) for k in services])
        scale = np.maximum(prior, 0.01)
        t19 = targets[name]["d19"] * 1000 - shortage
        t40 = [d * 1000 - shortage for d in targets[name]["d40"]]
        F19v = np.array([F19[k] for k in services]) * 1000

        def fit(A_rows, targets):
            # bounded least squares: the published figures (heavily weighted) and closeness to the prior
            A_rows = np.array(A_rows)
            targets = np.array(targets)
            W = 100000.0
            M = np.vstack([W * A_rows / 1000, np.diag(1 / scale)])
            rhs = np.concatenate([W * targets / 1000, prior / scale])
            r = lsq_linear(M, rhs, bounds=(0, 0.95), lsmr_tol="auto", tol=1e-12, max_iter=10000)
            return r.x, A_rows @ r.x - targets

        rows19, t19s = [F19v], [t19]
        if name == "Helsefagarbeider":
            municipal = np.zeros(len(services))
            municipal[services.index(FAMILY_SERVICE)] = F19[FAMILY_SERVICE] * 1000
            rows19.append(municipal)
            t19s.append(HFA_MUNICIPAL_2019 * 1000)
        x19, res19 = fit(rows19, t19s)
        rows = [np.array([F40[sc][k] for k in services]) * 1000 for sc in ("low", "mid", "high")]
        x40, res40 = fit(rows, t40)
        m19[name], m40[name] = x19, x40
        report.append((name, res19, res40))
    return m19, m40, report


# ---------------------------------------------------------------- output
def write(name, header, rows):
    with open(os.path.join(HERE, name + ".csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def g(x, digits=10):
    return float(f"{x:.{digits}g}")


def main():
    pop, immigration = population()
    e0 = np.array([life_expectancy(BASE + y) for y in range(Y)])
    gain = e0 - e0[0]
    rates, elasticity, service_report = derive_user_rates(pop, gain)
    h = HORIZON - BASE
    index = {name: demography(pop, rates[name], elasticity[name] * gain) for name in rates}
    F40 = {sc: service_demand(index, sc) for sc in ("low", "mid", "high")}
    F19 = {s[0]: s[1] for s in SERVICES}
    targets = published_targets()
    supply, positions, position_report = derive_supply(targets)
    m19, m40, mix_report = solve_mix(F19, F40, targets)

    write("population", ["year", "sex", "age", "persons"],
          [[BASE + y, SEXES[s], a, g(pop[y, s, a], 8)] for y in range(Y) for s in range(2) for a in range(A)])
    write("life_expectancy", ["year", "gain"], [[BASE + y, g(gain[y], 10)] for y in range(Y)])
    write("services", ["service", "year", "fte", "health_elasticity", "family_care"],
          [[n, BASE, round(b * 1000), g(elasticity[n], 12), "yes" if n == FAMILY_SERVICE else "no"]
           for n, b, *_ in SERVICES])
    write("user_rates", ["service", "sex", "age", "rate"],
          [[n, SEXES[s], a, g(rates[n][s, a], 12)] for n, *_ in SERVICES for s in range(2) for a in range(A)])
    stock_rows, flow_rows, labour_rows = [], [], []
    for n, *_ in OCCUPATIONS:
        d = supply[n]
        for s in range(2):
            for a in range(A):
                stock_rows.append([BASE, n, SEXES[s], a, g(d["stock"][s, a], 10)])
                flow_rows.append([n, SEXES[s], a, g(d["entries"][s, a], 10), g(d["exits"][s, a], 6)])
                labour_rows.append([n, SEXES[s], a, g(d["p"][s, a], 6), g(d["h"][s, a], 6)])
    write("stock", ["year", "occupation", "sex", "age", "persons"], stock_rows)
    write("flows", ["occupation", "sex", "age", "entries", "exit_rate"], flow_rows)
    write("labour", ["occupation", "sex", "age", "participation", "position"], labour_rows)
    write("position_distribution", ["occupation", "relative_position", "share"],
          [[n, g(r, 12), g(s, 12)] for n, *_ in OCCUPATIONS for r, s in zip(*positions[n])])
    write("education", ["occupation", "completion_rate", "delay_years", "graduate_age", "female_share"],
          [[n, *EDUCATION[n]] for n, *_ in OCCUPATIONS])
    # Share of entries educated abroad: NOU 2023:4 §10.3.7 (new authorisations 2021); 19 % (all groups) elsewhere.
    abroad = {"Lege": 0.65, "Tannlege": 0.53, "Jordmor": 0.47, "Psykolog": 0.33, "Sykepleier": 0.25}
    write("entry_origin", ["occupation", "abroad_share"], [[n, abroad.get(n, 0.19)] for n, *_ in OCCUPATIONS])
    write("base_shortage", ["occupation", "year", "fte"], [[n, BASE, sh] for n, *_, sh in OCCUPATIONS if sh > 0])
    services = [s[0] for s in SERVICES]
    mix_rows = []
    for k, sname in enumerate(services):
        for n, *_ in OCCUPATIONS:
            a, b = m19[n][k], m40[n][k]
            if a > 1e-9 or b > 1e-9:
                mix_rows.append([sname, n, g(a, 12), g((b - a) / h, 12)])
    write("service_mix", ["service", "occupation", "share", "trend"], mix_rows)

    print("service           D_health  D_const  (calibrated to)  elderly-weight  health-shift  violation")
    for name, dh, dn, c, hh, w, e, v in service_report:
        print(f"{name[:30]:30} {hh:.6f} {c:.6f} ({dh:.6f}, {dn:.6f}) w={w:.3f} e={e:.3f} viol={v:.2f}")
    print("life expectancy gain 2040:", round(gain[h], 3), "e0 2019:", round(e0[0], 2))
    print("population 2019, 2040, 2060:", [round(pop[y].sum()) for y in (0, h, Y - 1)])
    print("80+ 2019 -> 2040:", round(pop[0, :, 80:].sum()), round(pop[h, :, 80:].sum()))
    f = population_figures(pop)
    for n, (v, _) in POPULATION_TARGETS.items():
        print(f"population {n:10} {f[n]:12.0f} (target {v:.0f})")
    print("net immigration", {BASE + 1 + i: round(immigration[i]) for i in range(0, Y - 1, 5)})
    for name, t in targets.items():
        print(f"target {name[:20]:20} S {t['s19']:.4f} {t['s40']:.4f} D {t['d19']:.4f} {np.round(t['d40'], 4)} "
              f"gap error {t['gap_error']:.0f}")
    d = supply["Sykepleier"]
    print("nurses: stock mean age", round(d["mean_age"], 3), "supply 2019/2030/2040",
          [round(d["fte"][y - BASE]) for y in (2019, 2030, 2040)])
    for name, hs, sp, g70, t70, g100, t100 in position_report:
        print(f"position {name[:20]:20} level x{hs:.3f} spread={sp:.3f} floor70 {g70:7.0f} (table {t70}) floor100 {g100:7.0f} (table {t100})")
    for name, r19, r40 in mix_report:
        print(f"mix {name[:20]:20} residual 2019 {r19} 2040 {np.round(r40, 3)}")
    for k in range(len(services)):
        tot19 = sum(m19[n][k] for n, *_ in OCCUPATIONS)
        tot40 = sum(m40[n][k] for n, *_ in OCCUPATIONS)
        print(f"mix total {services[k][:30]:30} 2019 {tot19:.3f} 2040 {tot40:.3f}")


if __name__ == "__main__":
    main()
