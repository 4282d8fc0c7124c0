import Foundation
import Tables
import Query
@testable import Projection

/// Shared test inputs: the bundled model inputs and the published tables (datasets/*.csv) they must reproduce.
enum Fixtures {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static let bundled: ProjectionInputs = {
        do { return try ProjectionInputs.load(directory: repo + "/datasets/projection") }
        catch { fatalError("bundled projection inputs do not load: \(error)") }
    }()

    static func published(_ name: String) throws -> Table {
        try CSVReader.read(path: repo + "/datasets/\(name).csv").table
    }

    /// Rows of a published table as dictionaries of text (small tables only).
    static func rows(_ name: String) throws -> [[String: String]] {
        let t = try published(name)
        return (0..<t.rowCount).map { i in
            var r: [String: String] = [:]
            for (j, n) in t.columnNames.enumerated() { r[n] = t[i, j].isNull ? "" : t[i, j].description }
            return r
        }
    }

    /// The plural names of tables 2.1 and 2.5 mapped to the singular names of table 2.2 (the engine's names).
    static let singular: [String: String] = [
        "Bioingeniører": "Bioingeniør", "Ergoterapeuter": "Ergoterapeut", "Fysioterapeuter": "Fysioterapeut",
        "Helsefagarbeidere": "Helsefagarbeider", "Helsesekretærer og tannhelsesekretærer": "Helsesekretær og tannhelsesekretær",
        "Helsesekretærer og tannhelsekretærer": "Helsesekretær og tannhelsesekretær",
        "Helsesykepleiere": "Helsesykepleier", "Jordmødre": "Jordmor", "Leger": "Lege", "Psykologer": "Psykolog",
        "Radiografer": "Radiograf", "Sykepleiere": "Sykepleier", "Tannleger": "Tannlege", "Tannpleiere": "Tannpleier",
        "Vernepleiere": "Vernepleier",
    ]

    static func args(_ text: String) throws -> CommandArguments { try CommandArguments.parse(text) }

    /// Runs `project …` on the bundled inputs.
    static func project(_ text: String, scenarios: ScenarioRegistry = ScenarioRegistry()) throws -> Table {
        try ProjectionCommand.run(args(text), inputs: bundled, scenarios: scenarios)
    }

    /// The value of `column` in the row where every `key == value` holds.
    static func value(_ t: Table, _ column: String, where match: [String: Value]) -> Double? {
        guard let c = t.index(of: column) else { return nil }
        let keys = match.map { (t.index(of: $0.key)!, $0.value) }
        for i in 0..<t.rowCount where keys.allSatisfy({ Value.compare(t[i, $0.0], $0.1) == 0 }) {
            return t[i, c].asDouble
        }
        return nil
    }
}
