import Foundation
import Testing
@testable import Shell

/// A randomized attack on the write rule: scripts made of random statements that write (`write`, `save
/// session`, `export notebook`) to random paths — `..` chains, absolute paths, symlinks out of the folder,
/// `~`, quoted names with æøå and spaces, paths that climb and come back — are replayed (`replay`) and
/// checked as notebooks (`hws check`). After each, nothing outside the lesson's folder may have changed.
///
/// A fixed seed and 150 scripts in the normal run; `HWS_WRITE_FUZZ=N` runs N (and a random seed) for longer.
@Suite(.serialized) struct WriteGuardFuzzTests {
    /// SplitMix64: a small, seedable generator, so a failure names a seed that reproduces it.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Every file below `root` with its size and modification time (what "nothing changed" compares).
    static func tree(_ root: String) -> [String: String] {
        var out: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root) else { return out }
        while let rel = walker.nextObject() as? String {
            let path = root + "/" + rel
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            out[rel] = "\(info.st_mode) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        }
        return out
    }

    static func randomPath(_ g: inout Generator, root: String) -> String {
        let names = ["out.csv", "x.md", ".bashrc", "økt å.csv", "data/../y.csv", "sub/z.csv", "\u{00C5}s.csv", "a b.csv"]
        let name = names[Int(g.next() % UInt64(names.count))]
        switch g.next() % 9 {
        case 0: return name                                           // inside: allowed
        case 1: return "../" + name                                   // one up
        case 2: return String(repeating: "../", count: Int(g.next() % 6) + 1) + "victim/" + name
        case 3: return root + "/victim/" + name                        // absolute, outside
        case 4: return "escape/" + name                                // through a symlink to victim/
        case 5: return "sub/../../victim/" + name                      // climbs out through a real folder
        case 6: return "~/" + name                                     // the home folder (= victim here)
        case 7: return "./sub/./" + name                               // inside, odd spelling
        default: return "sub/../" + name                               // inside again
        }
    }

    static func randomScript(_ g: inout Generator, root: String) -> String {
        var lines: [String] = []
        for _ in 0..<(Int(g.next() % 4) + 1) {
            let path = randomPath(&g, root: root).replacingOccurrences(of: "\"", with: "")
            switch g.next() % 4 {
            case 0, 1: lines.append("from probe | take 1 | write \"\(path)\"")
            case 2: lines.append("export notebook \"\(path.hasSuffix(".md") ? path : path + ".md")\" replace")
            default: lines.append("save session kopi\(g.next() % 3) replace")
            }
            if g.next() % 3 == 0 { lines.append("from probe | agg n = count()") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func randomScriptsNeverWriteOutsideTheirFolder() throws {
        let count = Int(ProcessInfo.processInfo.environment["HWS_WRITE_FUZZ"] ?? "") ?? 150
        let seed: UInt64 = count > 150 ? UInt64.random(in: 0...UInt64.max) : 0x5EED_2026_1202
        var g = Generator(state: seed)
        let box = try SessionSandbox()
        let root = box.root
        let fm = FileManager.default
        for d in ["lesson/sub", "victim"] { try fm.createDirectory(atPath: root + "/" + d, withIntermediateDirectories: true) }
        try "keep\n".write(toFile: root + "/victim/.bashrc", atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: root + "/lesson/escape", withDestinationPath: root + "/victim")
        let outside = { () -> [String: String] in
            var all = WriteGuardFuzzTests.tree(root)
            for key in all.keys where key == "lesson" || key.hasPrefix("lesson/") { all.removeValue(forKey: key) }
            return all
        }
        let before = outside()
        var refused = 0, written = 0
        for i in 0..<count {
            let script = Self.randomScript(&g, root: root)
            try script.write(toFile: root + "/lesson/kurs.hws", atomically: true, encoding: .utf8)
            // Replayed at the prompt (HOME pointing at victim/, so ~/ is outside too).
            var env = ProcessInfo.processInfo.environment
            env["HOME"] = root + "/victim"
            let s = Session(options: SessionOptions(datasetsDirectory: root + "/data", workingDirectory: root, environment: env))
            let outcome = s.execute("replay lesson/kurs.hws")
            if outcome.ok { written += 1 } else { refused += 1 }
            // The same statements as a notebook, checked: it writes nothing at all.
            let notebook = script.split(separator: "\n").map { "```hws\n\($0)\n```\n" }.joined(separator: "\n")
            _ = NotebookCheck.check(text: notebook, file: "kurs.md",
                                    options: NotebookRun.options(like: SessionOptions(datasetsDirectory: root + "/data",
                                                                                       workingDirectory: root + "/lesson")))
            let after = outside()
            if after != before {
                let changed = Set(after.keys).symmetricDifference(before.keys).union(after.keys.filter { before[$0] != nil && before[$0] != after[$0] })
                Issue.record("seed \(seed), script \(i) wrote outside its folder: \(changed.sorted())\n\(script)")
                return
            }
        }
        print("write-guard fuzz: \(count) scripts (seed \(seed)); \(written) ran, \(refused) stopped at a refused write")
        #expect(refused > 0 && written > 0, "the generator must make both kinds")
    }
}
