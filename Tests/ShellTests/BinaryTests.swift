import Foundation
import Testing

/// Runs the built `hws` executable as a user would, with scripts, `-c` and stdin.
@Suite("hws binary")
struct BinaryTests {
    struct Run { var status: Int32; var stdout: String; var stderr: String }

    /// The `hws` executable next to the test bundle (`.build/debug/hws`).
    static func executable() throws -> URL {
        var candidates: [URL] = []
        if let arg0 = CommandLine.arguments.first {
            let url = URL(fileURLWithPath: arg0).resolvingSymlinksInPath()
            // .build/debug/hwsPackageTests.xctest (Linux) or …/Contents/MacOS/… (macOS)
            var dir = url.deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(dir.appendingPathComponent("hws"))
                dir = dir.deletingLastPathComponent()
            }
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("hws"))
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(repo.appendingPathComponent(".build/debug/hws"))
        let found = candidates.first { url in
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && !isDir.boolValue
                && FileManager.default.isExecutableFile(atPath: url.path)
        }
        return try #require(found, "hws executable not found next to the tests (looked in \(candidates.map(\.path)))")
    }

    static func run(_ arguments: [String], stdin: String? = nil, in directory: URL? = nil) throws -> Run {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                   stderr: String(decoding: e, as: UTF8.self))
    }

    static func scriptFile(_ text: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hws-bin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("script.hws")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("a failing script statement: exit status 1, stderr names file and line, later statements do not run")
    func failingScript() throws {
        let script = try Self.scriptFile("set rows 3\n# a comment\nset rows banana\nhistory\n")
        let run = try Self.run([script.path])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("\(script.path):3: error: `banana` is not a whole number"))
        #expect(run.stderr.contains("\nset rows banana\n         ^^^^^^\n"))
        #expect(run.stdout.isEmpty)
    }

    @Test("--keep-going runs the rest and still exits 1")
    func keepGoing() throws {
        let script = try Self.scriptFile("set rows banana\nhistory\n")
        let run = try Self.run(["--keep-going", script.path])
        #expect(run.status == 1)
        #expect(run.stdout == "1  set rows banana\n2  history\n")
    }

    @Test("-c runs `;`-separated statements; success exits 0 with no prompt or colour")
    func dashC() throws {
        let run = try Self.run(["-c", "set rows 4; set"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("rows          4\n"))
        #expect(!run.stdout.contains("hws> "))
        #expect(!run.stdout.contains("\u{1B}["))
        #expect(run.stderr.isEmpty)
    }

    @Test("statements on stdin, a multi-line statement joined, errors name <stdin> and the line")
    func stdin() throws {
        let run = try Self.run([], stdin: "set rows 2\nset\\\n  rows x\n")
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("<stdin>:3: error: `x` is not a whole number"))
        #expect(run.stdout.isEmpty)
    }

    @Test("the README's tour is a notebook whose output is current (`hws check README.md`)")
    func readmeChecks() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let run = try Self.run(["check", repo.appendingPathComponent("README.md").path], in: repo)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    @Test("--version and --help")
    func versionAndHelp() throws {
        #expect(try Self.run(["--version"]).stdout.hasPrefix("hws 0."))
        let help = try Self.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--keep-going"))
        #expect(help.stdout.contains("-c <c"))
    }
}
