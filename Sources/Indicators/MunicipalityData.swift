import Tables

/// Norway's 356 municipalities (the structure of 2020–2023) with county and inhabitants, for the
/// register generator and for `fte_per_1000`. Inhabitants are approximate (see the data file).
enum MunicipalityData {
    struct Row: Sendable {
        let number: String
        let name: String
        let county: String
        let inhabitants: Int
        let inhabitants67plus: Int
        let inhabitants80plus: Int
        /// True when `inhabitants` is an approximate real figure, false when it is synthetic.
        let approximateReal: Bool
        init(_ number: String, _ name: String, _ county: String, _ inhabitants: Int,
             _ i67: Int, _ i80: Int, _ real: Bool) {
            self.number = number; self.name = name; self.county = county; self.inhabitants = inhabitants
            self.inhabitants67plus = i67; self.inhabitants80plus = i80; self.approximateReal = real
        }
    }
}
