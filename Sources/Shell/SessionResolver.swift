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

    /// The engine commands that can head a pipeline (from `StatementRegistry`).
    public static var commands: [String] { StatementRegistry.commands }

    public func dataset(named name: String, span: SourceSpan) throws -> Table {
        try session.registry.table(named: name, span: span)
    }

    public var datasetNames: [String] { session.registry.names }

    public func datasetIsLazy(named name: String) -> Bool { session.registry.isLazy(name) }

    public func dataset(named name: String, span: SourceSpan, columns: @escaping ([String]) -> Set<String>?) throws -> Table {
        try session.registry.table(named: name, span: span, columns: columns)
    }

    public func datasetSchema(named name: String) -> Schema? { session.registry.schema(named: name) }

    public func file(path: String, span: SourceSpan, options: CommandArguments) throws -> Table {
        try session.fileSource(path: path, span: span, options: options)
    }

    public func file(path: String, span: SourceSpan, options: CommandArguments,
                     columns: @escaping ([String]) -> Set<String>?) throws -> Table {
        try session.fileSource(path: path, span: span, options: options, columns: columns)
    }

    public func runCommand(_ command: CommandArguments) throws -> Table {
        guard let spec = StatementRegistry.lookup(command.command), let run = spec.command else {
            let all = StatementRegistry.commands
            throw Diagnostic("unknown command `\(command.command)`", span: command.commandSpan,
                             hint: NameSuggester.hint(for: command.command, in: all + ["from"])
                                ?? "a pipeline starts with `from DATASET` or one of \(all.joined(separator: ", "))")
        }
        return try run(session, command)
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
