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
                .init(.aggregate, "agg avg_position_size = sum(fte) / sum(employed)", when: ["stat": "mean"]),
                .init(.person, "agg avg_position_size = sum(fte) / count()", when: ["stat": "mean"]),
                .init(.rates, "agg avg_position_size = mean(mean_position_pct) / 100", when: ["stat": "mean"]),
                .init(.person, "agg avg_position_size = median(position_pct) / 100", when: ["stat": "median"]),
                .init(.rates, "agg avg_position_size = mean(median_position_pct) / 100", when: ["stat": "median"]),
            ],
            parameters: [("stat", "mean (default; FTE ÷ employed) or median (the median agreed position: person-level "
                + "data with `position_pct`, or published rates such as nou_position_size_by_service_2021)")]),
        Indicator(
            name: "fulltime_share", norwegianName: "andel heltid", englishName: "full-time share",
            definition: "employed with agreed position ≥ 100 % ÷ all employed (definition=hours30: agreed working "
                + "time ≥ 30 hours a week, as the Kompetanseløft evaluation counts)",
            source: plan + ": «Med heltid legges avtalte stillinger med 100 pst. stillingsstørrelse eller mer til grunn»; "
                + helsedir + ", figure 3; hours30: Grut m.fl. (2021), Følgeevaluering av Kompetanseløft 2020, §6.3 "
                + "and figure 7.2 («30 timer eller mer i avtalt arbeidstid»)",
            unit: "share",
            variants: [
                .init(.aggregate, "agg fulltime_share = sum(employed_fulltime) / sum(employed)",
                      when: ["definition": "position100"]),
                .init(.person, "agg fulltime_share = mean(position_pct >= 100)", when: ["definition": "position100"]),
                .init(.aggregate, "agg fulltime_share = sum(employed_30h_plus) / sum(employed)",
                      when: ["definition": "hours30"]),
                .init(.person, "agg fulltime_share = mean(hours_per_week >= 30)", when: ["definition": "hours30"]),
            ],
            parameters: [("definition", "position100 (agreed position ≥ 100 %: Helsedirektoratet and the full-time "
                + "plan; default) or hours30 (agreed working time ≥ 30 hours a week: the Kompetanseløft evaluation, "
                + "36.3 % in 2015 → 41.6 % in 2019, eval_fulltime_30h)")]),
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
            definition: "the FTE gained if everyone worked full time. Person-level: Σ max(0, target − position) "
                + "(the plan's count; target=T raises every position below T to T). Aggregated tables: employed − FTE, "
                + "where FTE above 100 % (several jobs, positions over full time) offsets the rest, so it is a lower "
                + "bound of the person-level count; the output's `scope` column says which was computed",
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
            definition: "lost contracted days ÷ contracted days × 100 (SSB: tapte dagsverk i prosent av avtalte dagsverk); "
                + "certified=doctor|self counts doctor-certified (legemeldt) or self-certified (egenmeldt) days only",
            source: "SSB sykefraværsstatistikk; NOU 2023:4 Tid for handling §9.4 (doctor-certified, municipal health and "
                + "care 8.4 % in 2021) and figure 9.11 (doctor- and self-certified by quarter, SSB table 12440); " + helsedir + " §3.4",
            unit: "%",
            variants: [
                .init(.person, "agg sick_leave_rate = sum(sick_leave_days) / sum(contracted_days) * 100",
                      when: ["certified": "all"]),
                .init(.rates, "agg sick_leave_rate = mean(sick_leave_pct)", when: ["certified": "all"]),
                .init(.person, "agg sick_leave_rate = sum(doctor_certified_days) / sum(contracted_days) * 100",
                      when: ["certified": "doctor"]),
                .init(.rates, "agg sick_leave_rate = mean(doctor_certified_pct)", when: ["certified": "doctor"]),
                .init(.person, "agg sick_leave_rate = sum(self_certified_days) / sum(contracted_days) * 100",
                      when: ["certified": "self"]),
                .init(.rates, "agg sick_leave_rate = mean(self_certified_pct)", when: ["certified": "self"]),
            ],
            parameters: [("certified", "all (doctor- and self-certified; default), doctor (legemeldt: SSB's "
                + "register statistics, the NOU's 8.4 %) or self (egenmeldt: SSB's survey, table 12440)")]),
        Indicator(
            name: "turnover", norwegianName: "turnover", englishName: "turnover",
            definition: "employees on 1 December of year t who by 1 December of t+1 have left ÷ employees in t, "
                + "in one of KS's two scopes: scope=left_sector counts those who left the municipal sector (KS's main "
                + "series, 14–15 % a year since 2013–2014), scope=total also those who changed municipality or "
                + "sub-service (KS's total turnover, nearly 25 % in 2020–2021)",
            source: "KS personnel statistics (both scopes; the total ordered by Helsedirektoratet for Kompetanseløft "
                + "2025); NOU 2023:4 §5.2.2 and figure 5.11; " + helsedir + " §3.3",
            unit: "share",
            variants: [
                .init(.person, "agg turnover = mean(left_municipal_sector)", when: ["scope": "left_sector"]),
                .init(.person, "agg turnover = mean(left_municipal_sector or changed_municipality or changed_subservice)",
                      when: ["scope": "total"]),
            ],
            parameters: [("scope", "left_sector (left the municipal sector; default) or total (also changed "
                + "municipality or sub-service); the old names ks and helsedir still work, with a note")]),
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
            source: "SSB register-based employment statistics; NOU 2023:4 §4.7 (24.5 % of employed nurses, "
                + "helsefagarbeidere, vernepleiere and unskilled in municipal health and care in 2021; "
                + "helsefagarbeidere 33.4 %)",
            unit: "share",
            variants: [
                .init(.aggregate, "agg age_55plus_share = sum(employed_55plus) / sum(employed)"),
                .init(.person, "agg age_55plus_share = mean(age >= 55)"),
                .init(.rates, "agg age_55plus_share = mean(share_55plus_pct) / 100"),
            ]),
    ]
}
