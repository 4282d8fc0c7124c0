/// The standard workforce indicators of ENGINES §7, with the definitions the Norwegian authorities use.
enum BuiltinIndicators {
    static let plan = "Opptrappingsplan for heltid og god bemanning i omsorgstjenesten (HOD 2023), "
        + "table «Årsverk og sysselsatte i omsorgstjenesten 2021» and its notes (SSB data)"
    static let helsedir = "Helsedirektoratet (2021): Kompetanseløft 2020 – utfordringsbildet og mulighetsrommet "
        + "i den kommunale helse- og omsorgstjenesten"
    static let unskilledGroup = "Pleieassistent uten helse- og sosialfaglig utdanning"
    static let serviceGroup = "Service og administrativt personell"

    static let all: [Indicator] = [
        Indicator(
            name: "avg_position_size", norwegianName: "gjennomsnittlig stillingsstørrelse",
            englishName: "average position size",
            definition: "FTE (årsverk) ÷ number employed (sysselsatte)",
            source: plan + ": «Gjennomsnittlig stillingsstørrelse er beregnet som antall årsverk dividert på antall sysselsatte»",
            unit: "share",
            variants: [
                .init(.aggregate, "agg avg_position_size = sum(fte) / sum(employed)"),
                .init(.person, "agg avg_position_size = sum(fte) / count()"),
            ]),
        Indicator(
            name: "fulltime_share", norwegianName: "andel heltid", englishName: "full-time share",
            definition: "employed with agreed position ≥ 100 % ÷ all employed",
            source: plan + ": «Med heltid legges avtalte stillinger med 100 pst. stillingsstørrelse eller mer til grunn»; "
                + helsedir + ", figure 3",
            unit: "share",
            variants: [
                .init(.aggregate, "agg fulltime_share = sum(employed_fulltime) / sum(employed)"),
                .init(.person, "agg fulltime_share = mean(position_pct >= 100)"),
            ]),
        Indicator(
            name: "parttime_share", norwegianName: "andel deltid", englishName: "part-time share",
            definition: "1 − fulltime_share: employed with agreed position < 100 % ÷ all employed "
                + "(the distribution by band is `position_bands`)",
            source: plan + "; " + helsedir + ", figure 4",
            unit: "share",
            variants: [
                .init(.aggregate, "agg parttime_share = 1 - sum(employed_fulltime) / sum(employed)"),
                .init(.person, "agg parttime_share = mean(position_pct < 100)"),
            ]),
        Indicator(
            name: "position_bands", norwegianName: "sysselsatte etter stillingsstørrelse",
            englishName: "employed by position-size band",
            definition: "employed in each band of agreed position (< 50 %, 50–74 %, 75–99 %, ≥ 100 %) ÷ all employed; "
                + "one row per band",
            source: helsedir + ", figure 4 («Andelen sysselsatte med ulik stillingsstørrelse»)",
            unit: "share", kind: .bands,
            variants: [
                .init(.person, "derive band_from = if(position_pct < 50, 0, if(position_pct < 75, 50, "
                    + "if(position_pct < 100, 75, 100))) | agg employed = count()"),
            ]),
        Indicator(
            name: "fulltime_potential", norwegianName: "årsverk ved hele stillinger",
            englishName: "full-time potential",
            definition: "employed − FTE: the FTE gained if everyone worked full time; with target=T, "
                + "the FTE gained if every position below T rose to T",
            source: plan + ": «Hvis alle som i dag jobber i omsorgstjenesten hadde hatt hele stillinger, ville dette "
                + "ha medført om lag 55 000 flere årsverk»",
            unit: "FTE",
            variants: [
                .init(.aggregate, "agg fulltime_potential = sum(employed) - sum(fte)"),
                .init(.person, "agg fulltime_potential = sum(if(position_pct < {target}, {target} - position_pct, 0)) / 100"),
            ],
            parameters: [("target", "position every smaller position rises to, e.g. target=90% (default 100 %; "
                + "needs person-level data)")]),
        Indicator(
            name: "sick_leave_rate", norwegianName: "sykefraværsprosent", englishName: "sick-leave rate",
            definition: "lost contracted days ÷ contracted days × 100 (SSB: tapte dagsverk i prosent av avtalte dagsverk)",
            source: "SSB sykefraværsstatistikk; NOU 2023:4 Tid for handling §9.4 (doctor-certified, municipal health and "
                + "care 8.4 % in 2021); " + helsedir + " §3.4",
            unit: "%",
            variants: [
                .init(.person, "agg sick_leave_rate = sum(sick_leave_days) / sum(contracted_days) * 100"),
            ]),
        Indicator(
            name: "turnover", norwegianName: "turnover", englishName: "turnover",
            definition: "employees in year t not employed by the same employer in t+1 ÷ employees in t; "
                + "scope=ks counts only those who leave the municipal sector, scope=helsedir also a change "
                + "of municipality or of sub-service (measured 1 December to 1 December)",
            source: "KS personnel statistics; " + helsedir + " §3.3; NOU 2023:4 §5.2.2",
            unit: "share",
            variants: [
                .init(.person, "agg turnover = mean(left_municipal_sector)", when: ["scope": "ks"]),
                .init(.person, "agg turnover = mean(left_municipal_sector or changed_municipality or changed_subservice)",
                      when: ["scope": "helsedir"]),
            ],
            parameters: [("scope", "ks (left the municipal sector; default) or helsedir (also changed municipality "
                + "or sub-service)")]),
        Indicator(
            name: "unskilled_share", norwegianName: "andel uten helse- og sosialfaglig utdanning",
            englishName: "share without health or social-care education",
            definition: "FTE (or, with basis=employed, employed) without health or social-care education ÷ all, "
                + "in user-facing services (service and administrative staff excluded where known)",
            source: helsedir + " §3.2 (23.7 % of FTE and 32.2 % of employed in 2020); Helsedirektoratet's quality "
                + "indicator «Årsverk med fagutdanning»",
            unit: "share",
            variants: [
                .init(.person, "where user_facing | agg unskilled_share = sum(if(health_education, 0, fte)) / sum(fte)",
                      when: ["basis": "fte"]),
                .init(.person, "agg unskilled_share = sum(if(health_education, 0, fte)) / sum(fte)",
                      when: ["basis": "fte"]),
                .init(.aggregate, "where education_group != \"\(serviceGroup)\" | agg unskilled_share = "
                    + "sum(if(education_group == \"\(unskilledGroup)\", fte, 0)) / sum(fte)", when: ["basis": "fte"]),
                .init(.person, "where user_facing | agg unskilled_share = mean(not health_education)",
                      when: ["basis": "employed"]),
                .init(.person, "agg unskilled_share = mean(not health_education)", when: ["basis": "employed"]),
                .init(.aggregate, "where education_group != \"\(serviceGroup)\" | agg unskilled_share = "
                    + "sum(if(education_group == \"\(unskilledGroup)\", employed, 0)) / sum(employed)",
                      when: ["basis": "employed"]),
            ],
            parameters: [("basis", "fte (default) or employed")]),
        Indicator(
            name: "higher_ed_share", norwegianName: "andel med høyere utdanning",
            englishName: "share with higher education",
            definition: "FTE with university or university-college education ÷ all FTE",
            source: plan + " (figure «Antall årsverk innenfor høyere utdanning»)",
            unit: "share",
            variants: [
                .init(.person, "agg higher_ed_share = sum(if(higher_education, fte, 0)) / sum(fte)"),
            ]),
        Indicator(
            name: "fte_per_1000", norwegianName: "årsverk per 1 000 innbyggere",
            englishName: "FTE per 1 000 inhabitants",
            definition: "FTE ÷ population × 1000 (optionally the population of an age group: age=67+ or age=80+)",
            source: "Grut m.fl. (2021): Følgeevaluering av Kompetanseløft 2020, tables 7.16–7.19; KOSTRA",
            unit: "per 1000", kind: .perPopulation,
            variants: [
                .init(.aggregate, "agg fte_per_1000 = sum(fte) / sum(inhabitants) * 1000"),
                .init(.person, "agg fte = sum(fte)"),
            ],
            parameters: [("population", "dataset of inhabitants (columns inhabitants[, inhabitants_67plus, "
                + "inhabitants_80plus] and the `by` columns), e.g. population=municipalities"),
                         ("age", "67+ or 80+: divide by that age group's inhabitants")]),
        Indicator(
            name: "fte_per_user", norwegianName: "årsverk per bruker", englishName: "FTE per service user",
            definition: "FTE ÷ service users (from the data's `users` column or from users=D)",
            source: "KOSTRA; Helsedirektoratet, Kompetanseløft 2020 reports",
            unit: "FTE", kind: .perUser,
            variants: [
                .init(.aggregate, "agg fte_per_user = sum(fte) / sum(users)"),
                .init(.person, "agg fte = sum(fte)"),
            ],
            parameters: [("users", "dataset of service users (column users and the `by` columns)")]),
        Indicator(
            name: "age_55plus_share", norwegianName: "andel 55 år og eldre", englishName: "share aged 55 and over",
            definition: "employed aged 55 or more ÷ all employed",
            source: "SSB register-based employment statistics; NOU 2023:4 ch. 5 (age structure and exits)",
            unit: "share",
            variants: [
                .init(.aggregate, "agg age_55plus_share = sum(employed_55plus) / sum(employed)"),
                .init(.person, "agg age_55plus_share = mean(age >= 55)"),
            ]),
    ]
}
