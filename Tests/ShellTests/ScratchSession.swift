import Foundation
@testable import Shell

/// A session over a fresh temporary folder (its working folder; no datasets), printing CSV: what the
/// promise and memory tests start from. The caller removes the folder.
func scratchSession(_ prefix: String) throws -> (Session, URL) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hws-\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let s = Session(options: SessionOptions(datasetsDirectory: dir.appendingPathComponent("none").path,
                                            workingDirectory: dir.path))
    s.settings.format = .csv
    return (s, dir)
}
