import Foundation
import Tables
@testable import Projection

/// A hand-sized model: three ages (0, 1, 2 = 2 and older), years 2019–2021, one occupation, one service.
/// Every number here is small enough to check by hand (see CohortModelTests).
struct SmallInputs {
    var population: [[Value]] = {
        var rows: [[Value]] = []
        let women: [Int: [Double]] = [2019: [1000, 1000, 1000], 2020: [950, 1050, 1200], 2021: [900, 1100, 1500]]
        for year in 2019...2021 {
            for a in 0..<3 {
                rows.append([.int(Int64(year)), .string("kvinner"), .int(Int64(a)), .double(women[year]![a])])
                rows.append([.int(Int64(year)), .string("menn"), .int(Int64(a)), .double(0)])
            }
        }
        return rows
    }()
    var stock: [[Value]] = [
        [.int(2019), .string("Test"), .string("kvinner"), .int(0), .double(100)],
        [.int(2019), .string("Test"), .string("kvinner"), .int(1), .double(200)],
        [.int(2019), .string("Test"), .string("kvinner"), .int(2), .double(300)],
    ]
    var flows: [[Value]] = [
        [.string("Test"), .string("kvinner"), .int(0), .double(10), .double(0.1)],
        [.string("Test"), .string("kvinner"), .int(1), .double(5), .double(0.2)],
        [.string("Test"), .string("kvinner"), .int(2), .double(0), .double(0.5)],
    ]
    var labour: [[Value]] = [
        [.string("Test"), .string("kvinner"), .int(0), .double(1), .double(1)],
        [.string("Test"), .string("kvinner"), .int(1), .double(0.5), .double(1)],
        [.string("Test"), .string("kvinner"), .int(2), .double(1), .double(0.8)],
    ]
    var services: [[Value]] = [[.string("Omsorg"), .int(2019), .double(1000), .double(0), .string("yes")]]
    var userRates: [[Value]] = [
        [.string("Omsorg"), .string("kvinner"), .int(0), .double(0.1)],
        [.string("Omsorg"), .string("kvinner"), .int(1), .double(0.2)],
        [.string("Omsorg"), .string("kvinner"), .int(2), .double(0.5)],
    ]
    var serviceMix: [[Value]] = [[.string("Omsorg"), .string("Test"), .double(0.5), .double(0.01)]]
    var baseShortage: [[Value]] = [[.string("Test"), .int(2019), .double(10)]]
    var education: [[Value]] = [[.string("Test"), .double(0.5), .int(1), .int(1), .double(1)]]

    static let names: [String: [String]] = [
        "population": ["year", "sex", "age", "persons"],
        "stock": ["year", "occupation", "sex", "age", "persons"],
        "flows": ["occupation", "sex", "age", "entries", "exit_rate"],
        "labour": ["occupation", "sex", "age", "participation", "position"],
        "services": ["service", "year", "fte", "health_elasticity", "family_care"],
        "user_rates": ["service", "sex", "age", "rate"],
        "service_mix": ["service", "occupation", "share", "trend"],
        "base_shortage": ["occupation", "year", "fte"],
        "education": ["occupation", "completion_rate", "delay_years", "graduate_age", "female_share"],
    ]

    func table(_ name: String, _ rows: [[Value]]) -> Table { Table(names: Self.names[name]!, rows: rows) }

    func inputs() throws -> ProjectionInputs {
        try ProjectionInputs(population: table("population", population), stock: table("stock", stock),
                             flows: table("flows", flows), labour: table("labour", labour),
                             services: table("services", services), userRates: table("user_rates", userRates),
                             serviceMix: table("service_mix", serviceMix), baseShortage: table("base_shortage", baseShortage),
                             education: table("education", education))
    }

    /// Writes the tables as CSV files into a fresh temporary directory (for `load(directory:)`).
    func writeCSV() throws -> String {
        let dir = NSTemporaryDirectory() + "hws-projection-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let all: [(String, [[Value]])] = [("population", population), ("stock", stock), ("flows", flows), ("labour", labour),
                                          ("services", services), ("user_rates", userRates), ("service_mix", serviceMix),
                                          ("base_shortage", baseShortage), ("education", education)]
        for (name, rows) in all {
            var text = Self.names[name]!.joined(separator: ",") + "\n"
            for r in rows { text += r.map(\.description).joined(separator: ",") + "\n" }
            try text.write(toFile: dir + "/\(name).csv", atomically: true, encoding: .utf8)
        }
        return dir
    }
}
