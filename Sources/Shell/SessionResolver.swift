import Foundation
import Tables
import Query
import Indicators
import Projection

/// The session's datasets and engine commands, as the query engine sees them: `from D` and `join D`
/// read the registry (loading bundled files on first use); a command at the head of a pipeline runs
/// its engine (`project …`, `indicator …`, `indicators`, `scenarios`, `generate register …`, `kostra on D`).
public struct SessionResolver: DatasetResolver {
    unowned let session: Session

    /// The engine commands that can head a pipeline.
    public static let commands = ["project", "indicator", "indicators", "scenarios", "generate", "kostra"]

    public func dataset(named name: String, span: SourceSpan) throws -> Table {
        try session.registry.table(named: name, span: span)
    }

    public var datasetNames: [String] { session.registry.names }

    public func file(path: String, span: SourceSpan, options: CommandArguments) throws -> Table {
        try session.fileSource(path: path, span: span, options: options)
    }

    public func runCommand(_ command: CommandArguments) throws -> Table {
        switch command.command {
        case "project":
            return try ProjectionCommand.run(command, inputs: try session.projectionInputs(span: command.commandSpan),
                                             scenarios: session.scenarios)
        case "scenarios":
            try Session.noArguments(command)
            return session.scenarios.table()
        case "indicator", "indicators":
            let registry = session.registry
            return try IndicatorCommand.run(command, catalog: session.indicators,
                                            dataset: { name in try registry.table(named: name) })
        case "generate":
            return try RegisterGenerator.command(command)
        case "kostra":
            let registry = session.registry
            return try KostraCommand.run(command, dataset: { name in try registry.table(named: name) })
        default:
            let all = SessionResolver.commands
            throw Diagnostic("unknown command `\(command.command)`", span: command.commandSpan,
                             hint: NameSuggester.hint(for: command.command, in: all + ["from"])
                                ?? "a pipeline starts with `from DATASET` or one of \(all.joined(separator: ", "))")
        }
    }
}

extension Session {
    /// Throws when a command that takes no arguments got some.
    static func noArguments(_ command: CommandArguments) throws {
        if let w = command.words.first {
            throw Diagnostic("`\(command.command)` takes no arguments", span: w.span)
        }
    }
}
