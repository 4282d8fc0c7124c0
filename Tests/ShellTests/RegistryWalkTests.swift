import Foundation
import Testing
@testable import Charts
import Query
import StatbankMock
import Projection
import Indicators
@testable import Shell

/// Walks the registries (statements, steps, chart kinds): every entry's example runs, its help shows it,
/// completion offers exactly the registered names in each position, every alias resolves, and "did you
/// mean" suggests from the registry. A name written anywhere but its registry shows up here as a
/// difference.
@Suite(.serialized) struct RegistryWalkTests {
    /// The mock servers, kept until the process ends (they stop when released).
    nonisolated(unsafe) static var servers: [MockPxWeb] = []

    /// A session in a scratch folder whose `datasets` is the repository's (so `load "datasets/…"` works),
    /// with the statbank at a mock PxWebApi on 127.0.0.1 (so `ssb`'s example runs without network).
    static func session() throws -> (Session, String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hws-registry-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("datasets").path
        try FileManager.default.createSymbolicLink(atPath: root + "/datasets", withDestinationPath: repo)
        let server = try MockPxWeb(cubes: [StatbankStatementTests.cube()])
        servers.append(server)
        let environment = ["HWS_SSB_URL": server.baseURL, "HWS_SSB_CACHE": root + "/ssb-cache", "HOME": root]
        let session = Session(options: SessionOptions(datasetsDirectory: repo, workingDirectory: root, environment: environment))
        // Someone is there to answer (replay's question about files outside the folder), saying no.
        session.io = SessionIO(output: { _ in }, readAnswer: { _ in .line("n") })
        return (session, root)
    }

    @Test func everyStatementsExampleRunsAndItsHelpShowsIt() throws {
        let (session, _) = try Self.session()
        for spec in StatementRegistry.entries {
            let outcome = session.execute(spec.example)
            #expect(outcome.ok, "`\(spec.name)` example `\(spec.example)` failed: \(outcome.error ?? "")")
            if spec.name == "quit" { #expect(outcome.quit) }
            let help = session.execute("help \(spec.name)")
            #expect(help.ok && help.output.contains(spec.example) && help.output.contains(spec.usage),
                    "help \(spec.name): \(help.output)")
            for alias in spec.aliases {
                #expect(StatementRegistry.lookup(alias)?.name == spec.name)
                #expect(session.execute("help \(alias)").output == help.output)
            }
            // Every statement has a runner or starts a pipeline: none is a name with nothing behind it.
            #expect(spec.run != nil || spec.startsPipeline, "\(spec.name)")
        }
        #expect(Set(StatementRegistry.keywords).count == StatementRegistry.keywords.count, "a name is declared twice")
    }

    @Test func everyStepsExampleRunsAndAliasesParseTheSame() throws {
        let (session, _) = try Self.session()
        for step in QueryLanguage.stepRegistry {
            let outcome = session.execute(step.example)
            #expect(outcome.ok, "`\(step.name)` example `\(step.example)` failed: \(outcome.error ?? "")")
            #expect(step.example.contains("| \(step.name) "), "the example of `\(step.name)` does not use it")
            let help = session.execute("help \(step.name)")
            #expect(help.ok && help.output.contains(step.example), "help \(step.name): \(help.output)")
            #expect(session.execute("help steps").output.contains(step.usage))
            for alias in step.aliases where !(step.name == "write") {
                let aliased = step.example.replacingOccurrences(of: "| \(step.name) ", with: "| \(alias) ")
                #expect(session.execute(aliased).output == outcome.output, "alias `\(alias)` of `\(step.name)`")
            }
        }
        // The terminal step's alias, where `save` is also a statement: it still writes.
        #expect(session.execute("from helsemod_gap | take 1 | save \"aliased.csv\"").output == "wrote 1 rows to aliased.csv")
    }

    @Test func completionOffersExactlyTheRegisteredNames() throws {
        let (session, _) = try Self.session()
        let completer = Completer(session: session)
        func complete(_ line: String) -> [String] { completer.complete(line: line, cursor: line.count) }
        #expect(Set(complete("")) == Set(StatementRegistry.names))
        #expect(Set(complete("from helsemod_gap | ")) == Set(QueryLanguage.steps))
        #expect(Set(complete("from helsemod_gap | chart ")) == Set(ChartKind.allCases.map(\.rawValue)))
        #expect(Set(complete("let x = ")) == Set(StatementRegistry.entries.filter(\.startsPipeline).map(\.name)).subtracting(["let"]))
        #expect(Set(complete("help ")) == Set(StatementRegistry.names + QueryLanguage.steps + Session.helpTopics))
        // Every chart kind offered is accepted.
        for kind in ChartKind.allCases {
            let outcome = session.execute("from helsemod_gap | where scenario == \"mid\" and year == 2040 | chart \(kind.rawValue) x=year y=gap_fte")
            #expect(outcome.ok || !(outcome.error ?? "").contains("unknown chart"), "\(kind): \(outcome.error ?? "")")
        }
        // Chart options: Tab offers exactly ChartSpec's, and none of them is refused as unknown.
        #expect(Set(complete("from helsemod_gap | chart bar ")) == Set(ChartSpec.optionNames.map { $0 + "=" }))
        for key in ChartSpec.optionNames {
            let outcome = session.execute("from helsemod_gap | where year == 2040 | chart bar x=scenario y=gap_fte \(key)=1")
            #expect(!(outcome.error ?? "").contains("unknown chart option"), "\(key): \(outcome.error ?? "")")
        }
        #expect(session.execute("from helsemod_gap | chart bar x=year y=gap_fte zzzz=1").error?
            .contains(ChartSpec.optionsHint) == true)
    }

    @Test func didYouMeanComesFromTheRegistries() throws {
        let (session, _) = try Self.session()
        #expect(session.execute("projct gap").error?.contains("did you mean `project`?") == true)
        #expect(session.execute("exti").error?.contains("did you mean `exit`?") == true)
        #expect(session.execute("from helsemod_gap | agregate n = count()").error?.contains("did you mean `aggregate`?") == true)
        #expect(session.execute("help sleect").error?.contains("did you mean `select`?") == true)
    }
}

/// Engine options come from the engine's own lists: what Tab offers after `project` is what it accepts.
@Suite struct EngineOptionCompletionTests {
    @Test func projectOffersItsKindsKeysAndModesAndEachIsAccepted() throws {
        let (session, _) = try RegistryWalkTests.session()
        let completer = Completer(session: session)
        func complete(_ line: String) -> [String] { completer.complete(line: line, cursor: line.count) }
        #expect(Set(complete("project ")) == Set(ProjectionCommand.kinds))
        #expect(Set(complete("project gap ")) == Set(ProjectionCommand.namedKeys.map { $0 + "=" } + ProjectionCommand.modes))
        #expect(complete("project gap occupation=Lege solve prod") == ["productivity"])
        #expect(complete("project gap vary stan") == ["standard="])
        for kind in ProjectionCommand.kinds {
            #expect(session.execute("project \(kind) to=2021 | take 1").ok, "project \(kind)")
        }
        #expect(session.execute("project gap to=2021 explain | take 1").ok)
        #expect(session.execute("project gap to=2021 vary standard=0..1% step=0.5% | take 1").ok)
        #expect(session.execute("project gap occupation=Lege to=2040 solve productivity").ok)
    }
}

/// The settings registry: every setting's example runs, `set` shows each, `help settings` explains each,
/// Tab offers exactly the names and each setting's values, and every value offered is accepted.
@Suite struct SettingRegistryWalkTests {
    @Test func everySettingIsShownExplainedCompletedAndAccepted() throws {
        let (session, _) = try RegistryWalkTests.session()
        let completer = Completer(session: session)
        func complete(_ line: String) -> [String] { completer.complete(line: line, cursor: line.count) }
        #expect(Set(complete("set ")) == Set(SettingRegistry.names))
        let shown = session.execute("set").output
        let help = session.execute("help settings").output
        for spec in SettingRegistry.entries {
            #expect(session.execute(spec.example).ok, "`\(spec.example)`: \(session.execute(spec.example).error ?? "")")
            #expect(shown.contains("\n" + spec.name + " ") || shown.hasPrefix(spec.name + " "), "`set` does not show \(spec.name)")
            #expect(help.contains(spec.usage), "help settings lacks \(spec.usage)")
            #expect(Set(complete("set \(spec.name) ")) == Set(spec.values), "\(spec.name)")
            for value in spec.values where spec.name != "ssb" {
                let outcome = session.execute("set \(spec.name) \(value)")
                #expect(outcome.ok, "set \(spec.name) \(value): \(outcome.error ?? "")")
            }
            for alias in spec.aliases { #expect(SettingRegistry.lookup(alias)?.name == spec.name) }
        }
        #expect(session.execute("set colr on").error?.contains("did you mean `color`") == true)
        // A bad value changes nothing.
        let before = session.settings
        #expect(!session.execute("set rows many").ok)
        #expect(session.settings == before)
    }
}

/// Paths and file options come from the readers' own lists (`FileFormat`, `Session.fileOptions`).
@Suite struct FileCompletionTests {
    @Test func pathsAfterFromAndLoadAreTheFilesAReaderKnows() throws {
        let box = try SessionSandbox()
        for f in ["a.csv", "b.xlsx", "c.csv.gz", "d.json", "e.txt", "f.md", "g.png", "h.tsv"] { try box.write("x\n", to: "files/" + f) }
        let completer = Completer(session: box.session())
        func complete(_ line: String) -> [String] { completer.complete(line: line, cursor: line.count) }
        let readable = ["\"files/a.csv\"", "\"files/b.xlsx\"", "\"files/c.csv.gz\"", "\"files/d.json\"", "\"files/e.txt\"", "\"files/h.tsv\""]
        #expect(complete("from \"files/") == readable)
        #expect(complete("load \"files/") == readable)
        #expect(complete("from 'files/a") == ["'files/a.csv'"])
        // A quote later in the pipeline is a string literal, not a path.
        #expect(complete("from probe | where yrke == \"fil").isEmpty)
        #expect(Set(complete("load \"files/a.csv\" ")) == Set(["as"] + Session.fileOptions.keys.map { $0 + "=" }))
        // Single quotes hide a `;` from the statement splitter of the completer too.
        #expect(complete("from probe | where yrke == 'a;b' and å") == ["år", "årsverk"])
    }
}

/// docs/REFERENCE.md is generated from the registries and committed; it cannot drift from what the shell
/// accepts (regenerated here and compared), and as a notebook its examples all run.
@Suite struct ReferenceDocTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test func theCommittedReferenceIsTheGeneratedOne() throws {
        let options = SessionOptions(datasetsDirectory: Self.root + "/datasets", workingDirectory: Self.root + "/docs")
        let generated = ReferenceDoc.markdown(options: options)
        let path = Self.root + "/docs/REFERENCE.md"
        if ProcessInfo.processInfo.environment["HWS_UPDATE_REFERENCE"] != nil {
            try generated.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let committed = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        #expect(committed == generated, "docs/REFERENCE.md is stale: HWS_UPDATE_REFERENCE=1 swift test --filter ReferenceDoc")
        // Every example ran without an error, and every registered name has a heading.
        #expect(!generated.contains("\nerror:"), "an example fails")
        for name in StatementRegistry.names + QueryLanguage.steps + SettingRegistry.names {
            #expect(generated.contains("### \(name)\n"), "\(name) is missing")
        }
        let result = NotebookCheck.check(text: generated, file: "REFERENCE.md", options: NotebookRun.options(like: options))
        #expect(result.passed, "\(result.diff ?? "")")
    }
}

@Suite struct ScenarioKeyCompletionTests {
    @Test func scenarioOffersEveryKeyItAcceptsAndEachIsAccepted() throws {
        let (session, _) = try RegistryWalkTests.session()
        let completer = Completer(session: session)
        let offered = completer.complete(line: "scenario x from mid ", cursor: 20)
        #expect(Set(offered) == Set(ScenarioParameter.keys.map { $0 + "=" }))
        // Every key offered parses (with a plausible value), so Tab never offers a word the parser refuses.
        let values = ["standard": "0.8%", "productivity": "0.5%", "family": "level", "family_level": "90000", "health": "yes",
                      "entries": "+10%@2025", "entries_norway": "+10%@2025", "entries_abroad": "-5%", "study_places": "Sykepleier:+222@2023..2037", "position": "+5%",
                      "position_floor": "70%", "participation": "+2%", "base_shortage": "no"]
        for key in ScenarioParameter.keys {
            let v = try #require(values[key], "no sample value for \(key)")
            let outcome = session.execute("scenario s_\(key) from mid \(key)=\(v)")
            #expect(outcome.ok, "\(key): \(outcome.error ?? "")")
        }
    }
}

/// The function registry: every function's example runs and uses it, `help NAME` shows it, aliases give the
/// same result, `help functions` lists each signature, and "did you mean" knows the aliases.
@Suite struct FunctionRegistryWalkTests {
    @Test func everyFunctionIsDocumentedRunnableAndItsAliasesWork() throws {
        let (session, _) = try RegistryWalkTests.session()
        let list = session.execute("help functions").output
        for f in QueryLanguage.functionRegistry {
            let outcome = session.execute(f.example)
            #expect(outcome.ok, "`\(f.name)` example `\(f.example)` failed: \(outcome.error ?? "")")
            #expect(f.example.contains(f.name + "("), "the example of \(f.name) does not call it")
            #expect(session.execute("help \(f.name)").output.contains(f.example), "help \(f.name)")
            #expect(list.contains(f.signature), "help functions lacks \(f.signature)")
            for alias in f.aliases {
                let aliased = f.example.replacingOccurrences(of: f.name + "(", with: alias + "(")
                #expect(session.execute(aliased).output == outcome.output, "alias `\(alias)` of `\(f.name)`")
            }
        }
        #expect(session.execute("from helsemod_gap | agg m = avgg(gap_fte)").error?.contains("did you mean `avg`") == true)
        #expect(session.execute("from helsemod_gap | agg m = stdev(gap_fte)").error?.contains("did you mean `stddev`") == true)
        // The compiler's kinds agree with the registry's: an aggregate outside agg/derive is refused as one.
        for f in QueryLanguage.functionRegistry where f.kind == .aggregate && f.name != "min" && f.name != "max" {
            #expect(session.execute("from helsemod_gap | where \(f.name)(gap_fte) > 1").error?.contains("aggregate `\(f.name)` is not allowed") == true,
                    "\(f.name)")
        }
    }
}

/// Values after `key=` come from the engines: what Tab offers is what they accept.
@Suite struct ValueCompletionTests {
    @Test func joinKindsFamilyAndIndicatorArgumentsComeFromTheEngines() throws {
        let (session, _) = try RegistryWalkTests.session()
        let completer = Completer(session: session)
        func complete(_ line: String) -> [String] { completer.complete(line: line, cursor: line.count) }
        #expect(complete("from helsemod_gap | join helsemod_scenarios on scenario kind=") == JoinKind.allCases.map(\.rawValue))
        #expect(Set(complete("scenario x from mid family=")) == Set(Scenario.FamilyCare.allCases.map(\.rawValue)))
        // Every scenario parameter with a closed set of values (family, health, base_shortage) offers exactly the
        // values its declaration gives, and each is accepted; the others offer none of their own.
        var closed = 0
        for key in ScenarioParameter.keys {
            guard let values = ScenarioParameter.values(of: key) else { continue }
            closed += 1
            #expect(complete("scenario x from mid \(key)=") == values, "\(key)")
            for v in values {
                let outcome = session.execute("scenario s_\(key)_\(v) from mid \(key)=\(v)")
                #expect(outcome.ok, "\(key)=\(v): \(outcome.error ?? "")")
            }
        }
        #expect(closed >= 3)
        #expect(complete("scenario x from mid health=") == ["yes", "no"])
        // project by= offers what the projection accepts (not the columns a chart's by= would).
        #expect(complete("project demand by=") == ProjectionCommand.byValues)
        for v in ProjectionCommand.byValues {
            let outcome = session.execute("project demand by=\(v) to=2030")
            #expect(outcome.ok, "by=\(v): \(outcome.error ?? "")")
        }
        // Tab used to offer scope=helsedirektoratet, which the engine refuses; every value offered is accepted now.
        let scopes = complete("indicator turnover on register_sample scope=")
        #expect(scopes == ["left_sector", "total"])
        for scope in scopes {
            let outcome = session.execute("indicator turnover on register_sample scope=\(scope)")
            #expect(outcome.ok, "scope=\(scope): \(outcome.error ?? "")")
        }
    }
}
