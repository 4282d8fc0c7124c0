import Foundation
@testable import Shell

/// A scratch working folder with a small dataset (`probe`: yrke, år, årsverk) for session-file tests.
struct SessionSandbox {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("hws-sessions-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/data", withIntermediateDirectories: true)
        try "yrke,år,årsverk\nSykepleier,2019,100.5\nLege,2019,50\nHelsefagarbeider,2019,80\n"
            .write(toFile: root + "/data/probe.csv", atomically: true, encoding: .utf8)
    }

    var options: SessionOptions {
        SessionOptions(datasetsDirectory: root + "/data", workingDirectory: root)
    }

    func session(io: SessionIO = SessionIO()) -> Session {
        let s = Session(options: options)
        s.io = io
        return s
    }

    func write(_ text: String, to relative: String) throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: root + "/" + relative) }
}
