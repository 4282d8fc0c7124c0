import Foundation
@testable import Tables

/// Loads CSV text given inline, as if from a file named `t.csv`.
func loadCSV(_ text: String, _ options: CSVOptions = .init()) throws -> CSVLoadResult {
    try CSVReader.read(bytes: Array(text.utf8), name: "t.csv", options: options)
}

/// The CSVError thrown by loading `text`, or nil when it loads.
func csvError(_ text: String, _ options: CSVOptions = .init()) -> CSVError? {
    do { _ = try loadCSV(text, options); return nil } catch let e as CSVError { return e } catch { return nil }
}

/// A fresh empty temporary folder.
func makeTemporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "hws-tables-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
