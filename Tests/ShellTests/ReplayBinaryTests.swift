import Foundation
import Testing

/// `hws FILE.hws --step` and `hws check` as a teacher or CI runs them.
@Suite struct ReplayBinaryTests {
    private func folder(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hws-step-\(UUID().uuidString)")
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return dir
    }

    private let probe = "yrke,år,årsverk\nSykepleier,2019,100.5\nLege,2019,50\n"

    @Test func stepModeFromTheCommandLineReadsAnswersFromStdin() throws {
        let dir = try folder([
            "data/probe.csv": probe,
            "kurs.hws": "# Første blikk på dataene.\nfrom probe | take 1\nfrom probe | select yrke\nfrom probe | select år\n",
        ])
        let run = try BinaryTests.run(["kurs.hws", "--step", "--datasets", "data"], stdin: "\ns\nq\n", in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("── statement 1 of 3 · kurs.hws:2 ──\n   Første blikk på dataene.\nhws> from probe | take 1\n"))
        #expect(run.stdout.contains("Sykepleier"))
        #expect(run.stdout.contains("── statement 2 of 3"))
        #expect(run.stdout.contains("── statement 3 of 3"))
        #expect(!run.stdout.contains("Lege"))  // statement 2 (all rows) was skipped, 3 stopped
        #expect(run.stdout.hasSuffix("replay stopped after 1 of 3 statements\n"))
    }

    @Test func stepModeStopsWithFileAndLineOnAFailingStatement() throws {
        let dir = try folder(["data/probe.csv": probe, "kurs.hws": "from probe | take 1\n\nfrom probe | select nope\n"])
        let run = try BinaryTests.run(["kurs.hws", "--step", "--datasets", "data"], stdin: "\n\n\n", in: dir)
        #expect(run.status == 1)
        #expect(run.stderr.contains("kurs.hws:3: error:"))
        #expect(run.stderr.contains("replay of kurs.hws stopped at statement 2 of 2"))
    }

    @Test func checkExitsNonZeroWithADiffWhenAnOutputChanged() throws {
        let dir = try folder(["datasets/probe.csv": probe])
        let export = try BinaryTests.run(["-c", "from probe | select yrke; export notebook good.md"], in: dir)
        #expect(export.status == 0, "\(export.stderr)")
        let good = try String(contentsOf: dir.appendingPathComponent("good.md"), encoding: .utf8)
        #expect(good.contains("```hws\nfrom probe | select yrke\n```\n"))
        try Data(good.replacingOccurrences(of: "Lege\n", with: "Tannlege\n").utf8).write(to: dir.appendingPathComponent("bad.md"))
        let ok = try BinaryTests.run(["check", "good.md"], in: dir)
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout == "ok    good.md (1 statement)\n")
        let bad = try BinaryTests.run(["check", "good.md", "bad.md"], in: dir)
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("FAIL  bad.md: 1 of 1 statement produce different output"))
        #expect(bad.stdout.contains("--- bad.md\n+++ bad.md (now)\n"))
        #expect(bad.stdout.contains("\n-Tannlege\n+Lege\n"))
    }

    @Test func saveReplayAndExportFromAScript() throws {
        let dir = try folder(["datasets/probe.csv": probe])
        let first = try BinaryTests.run(["-c", "let l = from probe | where yrke == \"Lege\"; from l; save session lege"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasSuffix("saved 2 statements to sessions/lege.hws\n"))
        // A second save in a script refuses to overwrite.
        let again = try BinaryTests.run(["-c", "from probe; save session lege"], in: dir)
        #expect(again.status == 1)
        #expect(again.stderr.contains("sessions/lege.hws exists"))
        let export = try BinaryTests.run(["-c", "replay lege; export notebook sessions/lege.md"], in: dir)
        #expect(export.status == 0, "\(export.stderr)")
        let check = try BinaryTests.run(["check", "sessions/lege.md"], in: dir)
        #expect(check.status == 0, "\(check.stdout)")
    }
}
