import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C (SIGINT to the real `hws`, at a terminal) during a long load, query, chart and projection:
/// the statement stops and `error: cancelled` is printed within 100 ms of the signal, the prompt
/// comes back, a dataset of the same name is as it was, and the next statement answers.
///
/// The tests run a debug build on a shared 2-core machine, so a latency is the median of up to three
/// tries (one try when the first is within the bound). Latencies are printed (`cancel latency …`).
/// Every test runs against the debug binary and, when `.build/release/hws` is built and newer than the
/// sources, against the release binary too (which binary is printed; CI builds no release, so there it
/// prints `release binary not built: skipped`). In release a statement may end before the signal: then it
/// is signalled sooner, and one that ends within the bound before any signal needs no Ctrl-C.
///
/// 100 ms is the bound on the machine these figures come from (2 cores, debug build). A slower machine
/// (a busy CI runner) gets the bound scaled by how much longer it takes a fixed piece of work, at most 4×:
/// the work between two looks for Ctrl-C is fixed, so its time scales the same way.
@Suite(.serialized) struct CancellationLatencyTests {
    /// The bound the issue sets, signal to the `cancelled` message, scaled to this machine's speed.
    static let bound: Double = {
        let factor = machineSlowness()
        print(String(format: "cancel latency bound: %.0f ms (this machine runs the reference work %.2fx as long)",
                     100 * factor, factor))
        return 0.100 * factor
    }()

    /// The reference work's time here over its time on the reference machine (0.75 s), between 1 and 4.
    static func machineSlowness() -> Double {
        guard let binary = LineEditorPTYTests.binary() else { return 1 }
        var best = Double.infinity
        for _ in 0..<2 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["-c", "generate register rows=300000 seed=1 | sort municipality, fte, age | agg n = count()"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let start = Date()
            guard (try? process.run()) != nil else { return 1 }
            process.waitUntilExit()
            best = min(best, Date().timeIntervalSince(start))
        }
        return min(4, max(1, best / 0.75))
    }

    /// The root of the package.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The binaries to time: the debug build, and the release build when it exists and is newer than
    /// every source file (a stale release binary would time old code). Says which.
    static let binaries: [(label: String, path: String)] = {
        var list: [(String, String)] = []
        if let debug = LineEditorPTYTests.binary() { list.append(("debug", debug)) }
        let release = packageRoot.appendingPathComponent(".build/release/hws").path
        let fm = FileManager.default
        guard fm.isExecutableFile(atPath: release),
              let built = (try? fm.attributesOfItem(atPath: release))?[.modificationDate] as? Date else {
            print("cancel latency: release binary not built: skipped (swift build -c release to time it)")
            return list
        }
        let sources = packageRoot.appendingPathComponent("Sources").path
        var newest = Date.distantPast
        for file in fm.enumerator(atPath: sources)?.compactMap({ $0 as? String }) ?? [] where file.hasSuffix(".swift") || file.hasSuffix(".c") || file.hasSuffix(".h") {
            if let m = (try? fm.attributesOfItem(atPath: sources + "/" + file))?[.modificationDate] as? Date, m > newest { newest = m }
        }
        if newest > built {
            print("cancel latency: release binary older than the sources: skipped (swift build -c release to time it)")
            return list
        }
        print("cancel latency: timing the release binary too: \(release)")
        list.append(("release", release))
        return list
    }()

    /// A session at a terminal over a scratch folder, with the repository's datasets (for `project`).
    struct Shell {
        let pty: PseudoTerminal
        let folder: String
        /// `debug` or `release`.
        let label: String

        init?(binary: (label: String, path: String)? = nil) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("hws-cancel-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder + "/home", withIntermediateDirectories: true)
            let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let chosen = binary ?? LineEditorPTYTests.binary().map { ("debug", $0) }
            let (label, binary) = try #require(chosen, "the hws binary is not built (swift build)")
            self.label = label
            let environment = ["XDG_STATE_HOME": folder + "/state", "HOME": folder + "/home", "TERM": "xterm",
                               "LANG": "C.UTF-8", "NO_COLOR": "1", "PATH": "/usr/bin:/bin"]
            guard let pty = PseudoTerminal(executable: binary, arguments: ["--datasets", repo.appendingPathComponent("datasets").path],
                                           environment: environment, columns: 200) else { return nil }
            self.pty = pty
            #expect(pty.waitFor("hws> "), "no prompt: \(pty.recent)")
        }

        /// Runs `statement` to its next prompt; the output before the prompt.
        @discardableResult
        func run(_ statement: String, timeout: Double = 60) -> String {
            pty.send(statement + "\r")
            #expect(pty.waitFor(statement + "\r\n", settle: false), "no echo: \(pty.recent)")
            let start = pty.mark  // the output may have come in the same read as the echo
            #expect(pty.waitFor("hws> ", timeout: timeout), "no prompt after `\(statement)`: \(pty.recent)")
            let text = String(decoding: pty.transcript[start...], as: UTF8.self)
            return text.components(separatedBy: "hws> ").first ?? text
        }

        /// What one try found.
        enum Try {
            case cancelled(message: Double, prompt: Double)
            /// The statement ended before the signal (after `seconds` from its echo).
            case ended(seconds: Double)
            case failed
        }

        /// Starts `statement`, sends SIGINT `after` seconds later, and measures the time from the signal
        /// to `error: cancelled` and to the next prompt. Nil (with an issue recorded) if the statement
        /// ended before the signal or nothing came back.
        func cancel(_ statement: String, after: Double) -> (message: Double, prompt: Double)? {
            switch attempt(statement, after: after) {
            case .cancelled(let m, let p): return (m, p)
            case .ended(let seconds):
                Issue.record("`\(statement)` ended before the signal (\(Int(seconds * 1000)) ms); make it longer")
                return nil
            case .failed: return nil
            }
        }

        /// One try: start `statement`, signal after `after` seconds.
        func attempt(_ statement: String, after: Double) -> Try {
            let start = pty.transcript.count
            pty.send(statement + "\r")
            guard pty.waitFor(statement + "\r\n", settle: false) else {
                Issue.record("no echo of `\(statement)`: \(pty.recent)"); return .failed
            }
            let clock = ContinuousClock()
            let echoed = clock.now
            usleep(UInt32(after * 1_000_000))
            // Already back at the prompt: nothing to signal.
            if pty.waitFor("hws> ", timeout: 0.001, settle: false) {
                let ended = (clock.now - echoed).seconds  // at most: it was seen this late
                usleep(150_000)
                return .ended(seconds: ended)
            }
            let signalled = clock.now
            kill(pty.pid, SIGINT)
            guard pty.waitFor("error: cancelled", timeout: 30, settle: false) else {
                // Ended by itself before the signal (the prompt is back, no `cancelled`)?
                let typed = String(decoding: pty.transcript[start...], as: UTF8.self)
                if let after = typed.components(separatedBy: statement + "\r\n").last, after.contains("hws> ") {
                    usleep(150_000)
                    return .ended(seconds: (signalled - echoed).seconds)
                }
                Issue.record("`\(statement)` was not cancelled: \(pty.recent)"); return .failed
            }
            let message = clock.now - signalled
            // What the statement printed between its echo and `cancelled`.
            let typed = String(decoding: pty.transcript[start...], as: UTF8.self)
            let output = typed.components(separatedBy: statement + "\r\n").last?
                .components(separatedBy: "error: cancelled").first ?? typed
            guard pty.waitFor("hws> ", timeout: 10, settle: false) else {
                Issue.record("no prompt after cancelling `\(statement)`: \(pty.recent)"); return .failed
            }
            let prompt = clock.now - signalled
            usleep(150_000)  // let libedit settle before the next keys
            // The statement must still have been running (else this measured nothing).
            if output.contains("hws> ") || output.contains("loaded ") || output.contains("rows, ") {
                return .ended(seconds: (signalled - echoed).seconds)
            }
            return .cancelled(message: message.seconds, prompt: prompt.seconds)
        }

        /// The median latency (signal to message) of up to three tries; one when the first is in bound.
        /// A statement that ends before the signal (release is fast) is signalled sooner, down to 10 ms
        /// after its echo; one that still ends first, within the bound, needs no Ctrl-C and counts as its
        /// running time (nil, failing the test, when it ran longer than the bound yet was never signalled;
        /// in release, 0: it finished before any signal could reach it, and the debug run measures it).
        func medianCancelLatency(_ kind: String, _ statement: String, after: Double) -> Double? {
            var tries: [(message: Double, prompt: Double)] = []
            var delay = after
            while tries.count < 3 {
                switch attempt(statement, after: delay) {
                case .failed: return nil
                case .cancelled(let m, let p): tries.append((m, p))
                case .ended(let seconds):
                    if delay > 0.011 { delay = max(0.01, delay / 4); continue }
                    print(String(format: "cancel latency %@ (%@): ended %.1f ms after its echo, before any signal", kind, label, seconds * 1000))
                    // The release binary may finish before a signal can reach it even 10 ms in; the time seen
                    // then includes draining its output from the terminal, not hws's. Nothing to cancel: no
                    // verdict on this kind here (the debug build measures it). In debug it is a failure.
                    if label == "release" { return 0 }
                    return seconds <= CancellationLatencyTests.bound ? seconds : nil
                }
                if tries.count == 1, tries[0].message <= CancellationLatencyTests.bound { break }
            }
            let messages = tries.map(\.message).sorted()
            let median = messages[messages.count / 2]
            print("cancel latency \(kind) (\(label)): " + tries.map { String(format: "%.1f ms (prompt %.1f ms)", $0.message * 1000, $0.prompt * 1000) }
                .joined(separator: ", ") + String(format: "; median %.1f ms", median * 1000))
            return median
        }

        func quit() {
            pty.send("quit\r")
            #expect(pty.endsCleanly(), "hws did not exit on quit: \(pty.recent)")
        }
    }

    /// A CSV of about `megabytes` MB: employee rows with Norwegian names, a block written over and over.
    static func writeCSV(_ path: String, megabytes: Int) throws {
        var block = ""
        let names = ["Bodø", "Tromsø", "Ålesund", "Bærum", "Lørenskog"]
        for i in 0..<10_000 {
            block += "\(i),\(names[i % 5]),Sykepleier,\(Double(i % 100) / 100),\(2015 + i % 10),\(i % 60 + 20)\n"
        }
        let data = Data(block.utf8)
        FileManager.default.createFile(atPath: path, contents: Data("employee_id,municipality,occupation,fte,year,age\n".utf8))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        for _ in 0..<max(1, megabytes * 1_048_576 / data.count) { try handle.write(contentsOf: data) }
    }

    /// `debug`, and `release` when that binary is built and current.
    static let binaryLabels = binaries.map(\.label)

    @Test(arguments: binaryLabels) func ctrlCStopsALongLoadWithin100msAndKeepsTheDatasetOfThatName(_ build: String) throws {
        guard let shell = try Shell(binary: Self.binaries.first { $0.label == build }) else { print("skipped: no pseudo-terminal can be opened here"); return }
        defer { try? FileManager.default.removeItem(atPath: shell.folder) }  // the 48 MB file
        // A statement may end before the signal in release: it must not replace r then.
        let target = build == "release" ? "s" : "r"
        try "employee_id,municipality\n1,Bodø\n2,Tromsø\n".write(toFile: shell.folder + "/small.csv", atomically: true, encoding: .utf8)
        try Self.writeCSV(shell.folder + "/big.csv", megabytes: 48)
        #expect(shell.run("load \"\(shell.folder)/small.csv\" as staff").contains("loaded staff: 2 rows, 2 columns"))
        let latency = shell.medianCancelLatency("load", "load \"\(shell.folder)/big.csv\" as \(target == "r" ? "staff" : "staff2")", after: 0.3)
        #expect(latency != nil)
        if let latency { #expect(latency <= Self.bound, "load: \(latency * 1000) ms from SIGINT to `cancelled`") }
        // The dataset of that name is the one loaded before; the shell goes on.
        let after = shell.run("from staff | agg n = count(), last = last(municipality)")
        #expect(after.contains("2 │ Tromsø"), "\(after)")
        shell.quit()
    }

    @Test(arguments: binaryLabels) func ctrlCStopsALazyParseWithin100msAndTheDatasetStillAnswers(_ build: String) throws {
        guard let shell = try Shell(binary: Self.binaries.first { $0.label == build }) else { print("skipped: no pseudo-terminal can be opened here"); return }
        defer { try? FileManager.default.removeItem(atPath: shell.folder) }  // the 48 MB file
        try Self.writeCSV(shell.folder + "/big.csv", megabytes: 48)
        // `load` parses no column; the question parses four of them, and Ctrl-C stops that parse.
        let loaded = shell.run("load \"\(shell.folder)/big.csv\" as z")
        let rows = try #require(loaded.range(of: #"loaded z: ([0-9 ]+) rows"#, options: .regularExpression).map { String(loaded[$0]) }
            .flatMap { $0.split(separator: ":").last?.replacingOccurrences(of: " rows", with: "").trimmingCharacters(in: .whitespaces) },
            "\(loaded)")
        let latency = shell.medianCancelLatency("lazy parse", "from z | agg s = sum(fte), a = sum(age) by municipality, year", after: 0.3)
        #expect(latency != nil)
        if let latency { #expect(latency <= Self.bound, "lazy parse: \(latency * 1000) ms from SIGINT to `cancelled`") }
        // The dataset is as it was: the question answers over every row (10 municipality-year pairs).
        let after = shell.run("from z | agg n = count(), a = sum(age) by municipality, year | agg groups = count(), rows = sum(n)")
        #expect(after.contains("10 │ \(rows)"), "\(after)")
        shell.quit()
    }

    @Test(arguments: binaryLabels) func ctrlCStopsALongQueryChartAndProjectionWithin100ms(_ build: String) throws {
        guard let shell = try Shell(binary: Self.binaries.first { $0.label == build }) else { print("skipped: no pseudo-terminal can be opened here"); return }
        defer { try? FileManager.default.removeItem(atPath: shell.folder) }
        // A statement may end before the signal in release: it must not replace r then.
        let target = build == "release" ? "s" : "r"
        #expect(shell.run("let r = generate register rows=1000000 seed=1 | select age, fte, municipality, sick_leave_days")
            .contains("r: 1 000 000 rows, 4 columns"))
        var latencies: [String: Double] = [:]
        // A sort (1.7 s in a debug build) and a grouping, each assigned back to r.
        latencies["sort"] = shell.medianCancelLatency("sort", "let \(target) = from r | sort municipality, fte, age", after: 0.3)
        latencies["group"] = shell.medianCancelLatency(
            "group", "let \(target) = from r | agg n = count(), s = mean(sick_leave_days) by municipality, age, fte", after: 0.3)
        // Charts over the million rows: columns by age (1.9 s: the labels' precision is chosen from every
        // row) and a sparkline per municipality (3.8 s: each series sorted by x).
        latencies["chart column"] = shell.medianCancelLatency("chart column", "from r | chart column x=age y=fte", after: 0.3)
        latencies["chart spark"] = shell.medianCancelLatency("chart spark", "from r | chart spark x=age y=fte by=municipality", after: 0.3)
        // A projection varied over 400 productivity values (several seconds).
        latencies["projection"] = shell.medianCancelLatency(
            "projection", "project gap scenario=all vary productivity=-2..2% step=0.01%", after: 0.3)
        for (kind, latency) in latencies.sorted(by: { $0.key < $1.key }) {
            #expect(latency <= Self.bound, "\(kind): \(latency * 1000) ms from SIGINT to `cancelled`")
        }
        // r is the table generated first, and the shell goes on.
        let after = shell.run("from r | agg n = count(), columns = 4")
        #expect(after.contains("1 000 000 │       4"), "\(after)")
        shell.quit()
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
