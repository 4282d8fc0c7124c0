import Foundation
import Tables
import Query
import Statbank

/// The session's statbank settings and what it fetched: the server (`HWS_SSB_URL`), the cache folder
/// (`set ssb_cache DIR`, `$XDG_CACHE_HOME/hws/ssb` by default), offline mode (`set ssb offline on`,
/// `HWS_OFFLINE=1`) and the lock entries of this session's fetches (for `ssb.lock` next to a saved session).
public final class StatbankSession {
    public var baseURL: String
    public var cacheFolder: String
    public var offline: Bool
    /// One entry per table and query fetched this session, latest last.
    public private(set) var lockEntries: [StatbankLockEntry] = []
    /// Receives progress lines (`ssb: request 2 of 5 …`) while a fetch runs; nil = quiet.
    public var progress: (@Sendable (String) -> Void)?
    /// The clock for pacing and waits (tests inject one that never sleeps).
    public var clock: StatbankClock = SystemClock()
    /// One pacer per server for the whole session: the rate limit holds across statements.
    private var pacers: [String: RatePacer] = [:]

    public init(environment: [String: String]) {
        baseURL = environment["HWS_SSB_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? StatbankOptions.defaultBaseURL
        cacheFolder = environment["HWS_SSB_CACHE"].flatMap { $0.isEmpty ? nil : $0 } ?? StatbankCache.defaultFolder(environment: environment)
        offline = ["1", "on", "true", "yes"].contains((environment["HWS_OFFLINE"] ?? "").lowercased())
    }

    func client(baseURL url: String? = nil) -> StatbankClient {
        let base = url ?? baseURL
        let pacer = pacers[base] ?? RatePacer()
        pacers[base] = pacer
        let c = StatbankClient(options: StatbankOptions(baseURL: base, cacheFolder: cacheFolder, offline: offline), clock: clock, pacer: pacer)
        if let sink = progress {
            c.progress = { event in
                switch event {
                case .request(let part, let of, let cells, let cached):
                    if of > 1 { sink("ssb: request \(part) of \(of) (\(NumberFormat.grouped(Int64(cells))) cells\(cached ? ", cached" : ""))") }
                case .waiting(let seconds, let reason):
                    sink("ssb: waiting \(NumberFormat.plain(seconds)) s (\(reason))")
                }
            }
        }
        return c
    }

    func record(_ entry: StatbankLockEntry) {
        lockEntries.removeAll { $0.table == entry.table && $0.query == entry.query }
        lockEntries.append(entry)
    }

    /// Writes this session's entries into the lock file at `path` (entries for other queries already there stay);
    /// nothing when the session fetched nothing.
    public func writeLock(path: String) throws {
        for e in lockEntries { try StatbankLock.record(e, path: path) }
    }
}

extension Session {
    /// The statbank settings from the environment; progress lines go to standard error at a terminal.
    func makeStatbankSession() -> StatbankSession {
        let s = StatbankSession(environment: options.environment)
        if options.interactive {
            s.progress = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
        }
        return s
    }

    static let ssbUsage = "ssb search WORDS | ssb describe ID [VAR=SELECTION …] | ssb ID VAR=SELECTION … | ssb refresh ID VAR=… | ssb refresh NAME"

    /// `ssb …` at the head of a pipeline: `ssb search WORDS` (id, title, first and last period, updated) or
    /// `ssb ID VAR=SELECTION …` (one row per cell). Statements `ssb describe` and `ssb refresh` are `statbankStatement`.
    func runStatbank(_ command: CommandArguments) throws -> Table {
        if let first = command.words.first, first.key == "url" || first.key == "query" {
            let (client, id, selection) = try statbankRequest(command.words, statement: nil)
            let result = try client.fetch(id, selection: selection)
            statbank.record(result.lock)
            return result.table
        }
        guard let first = command.words.first, first.key == nil else {
            throw Diagnostic("`ssb` needs a table id or `search WORDS`", span: command.commandSpan, hint: "usage: " + Session.ssbUsage)
        }
        let ssb = statbank
        switch first.text.lowercased() {
        case "search":
            let words = command.words.dropFirst().map(\.text)
            guard !words.isEmpty else { throw Diagnostic("`ssb search` needs words to look for", span: first.span, hint: "e.g. ssb search sykepleiere") }
            return try ssb.client().search(words.joined(separator: " "))
        case "describe", "refresh":
            throw Diagnostic("`ssb \(first.text.lowercased())` is a statement of its own, not the head of a pipeline", span: first.span)
        default:
            let (client, id, selection) = try statbankRequest(command.words, statement: nil)
            let result = try client.fetch(id, selection: selection)
            ssb.record(result.lock)
            return result.table
        }
    }

    /// The table and selection of `ID VAR=SELECTION …`, `ID query="FILE.json"` (an API v1 query) or
    /// `url="https://…/tables/ID/data?valueCodes[VAR]=…"` (that server is asked).
    func statbankRequest(_ words: [CommandArguments.Word], statement: String?) throws -> (StatbankClient, String, Selection) {
        func located<T>(_ word: CommandArguments.Word, _ body: () throws -> T) throws -> T {
            do { return try body() } catch let e as StatbankError {
                throw StatbankError(e.message, span: word.valueSpan, hint: e.hint)
            }
        }
        if let first = words.first, first.key == "url" {
            if let extra = words.dropFirst().first { throw Diagnostic("`ssb url=…` takes nothing after the URL", span: extra.span) }
            let (base, table, selection) = try located(first) { try Selection.fromURL(first.value) }
            return (statbank.client(baseURL: base), table, selection)
        }
        guard let idWord = words.first, idWord.key == nil else {
            throw Diagnostic("`ssb` needs a table id", span: words.first?.span ?? SourceSpan(start: 0, end: 3), hint: "usage: " + Session.ssbUsage)
        }
        let rest = Array(words.dropFirst())
        if let q = rest.first(where: { $0.key == "query" }) {
            if let extra = rest.first(where: { $0.key != "query" }) {
                throw Diagnostic("`query=` gives the whole selection; remove `\(extra.text)`", span: extra.span)
            }
            let path = DatasetsFolder.absolute(q.value, base: pathBase)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Diagnostic("cannot read `\(q.value)`", span: q.valueSpan, hint: "an API v1 query saved from the statbank page (JSON)")
            }
            return (statbank.client(), idWord.text, try located(q) { try Selection.fromV1Query(data, source: q.value) })
        }
        return (statbank.client(), idWord.text, try Selection.parse(rest, statement: statement))
    }

    /// `ssb describe ID [VAR=SELECTION …]` and `ssb refresh ID VAR=… | NAME`; nil for the pipeline forms.
    func statbankStatement(_ statement: String) throws -> StatementResult? {
        let args = try CommandArguments.parse(statement)
        guard let first = args.words.first, first.key == nil else { return nil }
        let sub = first.text.lowercased()
        guard sub == "describe" || sub == "refresh" else { return nil }
        guard args.words.count >= 2, args.words[1].key == nil else {
            throw Diagnostic("`ssb \(sub)` needs a table id\(sub == "refresh" ? " or a dataset name" : "")", span: first.span, hint: "usage: " + Session.ssbUsage)
        }
        let idWord = args.words[1]
        let rest = Array(args.words.dropFirst(2))
        var client = statbank.client()
        if sub == "describe" {
            let md = try client.metadata(idWord.text)
            let selection = try Selection.parse(rest, statement: statement)
            // Recorded: a saved session or an exported notebook shows what the table holds, as `describe D` does.
            return StatementResult(output: try describeStatbank(md, selection: selection, client: client))
        }
        // refresh: a table id with a selection, or a dataset bound from `let NAME = ssb …`.
        var id = idWord.text, selection = try Selection.parse(rest, statement: statement)
        if rest.isEmpty, let entry = registry.entry(idWord.text), case .derived(let text) = entry.origin {
            guard case .let(_, _, let pipeline) = try QueryParser.parse(text), case .command(let head) = pipeline.source,
                  head.command == "ssb" else {
                throw Diagnostic("`\(idWord.text)` was not made by `ssb`", span: idWord.span)
            }
            let request = try statbankRequest(head.words, statement: text)
            (client, id, selection) = request
        }
        let (result, diff) = try client.refresh(id, selection: selection)
        statbank.record(result.lock)
        let head = "table \(id) (updated \(result.metadata.updated ?? "?")): \(diff.summary)"
        return StatementResult(output: diff.table.rowCount == 0 ? head : head + "\n" + render(diff.table), recorded: false)
    }

    private func describeStatbank(_ md: StatbankMetadata, selection: Selection, client: StatbankClient) throws -> String {
        var lines = ["\(md.id): \(md.label)"]
        var facts: [String] = []
        if let s = md.source { facts.append("source: \(s)") }
        if let u = md.updated { facts.append("updated: \(u)") }
        if !facts.isEmpty { lines.append(facts.joined(separator: " · ")) }
        lines.append(render(md.dimensionsTable()))
        if !md.units.isEmpty { lines.append("units:"); lines.append(render(md.unitsTable())) }
        for d in md.dimensions where !d.notes.isEmpty { lines += d.notes.map { "note (\(d.code)): \($0)" } }
        lines += md.notes.map { "note: \($0)" }
        // The selection given (or every dimension that cannot be left out, whole) and its size.
        var sel = selection
        if sel.items.isEmpty {
            sel.items = md.dimensions.filter { !$0.elimination }.map { Selection.Item(variable: $0.code, expressions: ["*"]) }
        }
        let resolved = try client.prepare(md.id, selection: sel).resolved
        let cells = resolved.reduce(1) { $0 * $1.codes.count }
        let query = "ssb \(md.id) " + sel.text
        var size = "\(NumberFormat.grouped(Int64(cells))) cells"
        // The size note is a courtesy: without the server's configuration it is left out (the fetch reports errors).
        if !statbank.offline, let limit = try? client.config().maxDataCells, cells > limit {
            size += " in \(RequestPlanner.split(resolved.map(\.codes), maxCells: limit).count) requests (the server's limit is \(NumberFormat.grouped(Int64(limit))) cells each)"
        }
        lines.append("query: \(query) → \(size)")
        return lines.joined(separator: "\n")
    }

    /// What `describe NAME` adds for a dataset bound by `let NAME = ssb …`: the table's title, source, updated
    /// stamp, units, footnotes and the query, from the metadata in the cache (never the network). Nil for other
    /// datasets, or when the cache no longer holds the metadata.
    func statbankFacts(forStatement text: String) -> [(label: String, text: String)]? {
        // Facts for `describe` only: a statement that no longer parses or resolves simply has none (nil, as documented).
        guard case .let(_, _, let pipeline)? = try? QueryParser.parse(text), case .command(let head) = pipeline.source,
              head.command == "ssb", let (client, id, selection) = try? statbankRequest(head.words, statement: text),
              let md = StatbankCache(folder: statbank.cacheFolder).cachedMetadata(id, preferring: client.options.baseURL)
        else { return nil }
        var facts: [(String, String)] = [("title", "\(md.id): \(md.label)")]
        if let s = md.source { facts.append(("source", s)) }
        if let u = md.updated { facts.append(("updated", u)) }
        let contents = md.dimensions.first(where: \.isContents)
        let units = md.units.map { u in
            let name = contents?.label(of: u.code).map { "\($0) (\(u.code))" } ?? u.code
            return "\(name): \(u.unit)" + (u.decimals.map { ", \($0) decimal\($0 == 1 ? "" : "s")" } ?? "")
        }
        if !units.isEmpty { facts.append(("units", units.joined(separator: "; "))) }
        let notes = md.notes + md.dimensions.flatMap { d in d.notes.map { "(\(d.code)) \($0)" } }
        if !notes.isEmpty { facts.append(("notes", notes.joined(separator: " "))) }
        var canonical = selection
        for i in canonical.items.indices { canonical.items[i].variable = md.dimension(canonical.items[i].variable)?.code ?? canonical.items[i].variable }
        facts.append(("query", "ssb \(id) \(canonical.text)"))
        return facts
    }

    /// `set ssb` alone: the server, the cache folder and offline mode.
    func statbankSettingsText() -> String {
        "ssb url: \(statbank.baseURL)\nssb cache: \(statbank.cacheFolder)\nssb offline: \(statbank.offline ? "on" : "off")"
    }

    /// `set ssb_cache DIR|default`, `set ssb offline on|off`, `set ssb url URL|default`. A relative DIR resolves against
    /// the replayed script's folder (`pathBase`), so a course's notebook finds the cache shipped next to it.
    func setStatbank(_ words: [CommandArguments.Word]) throws -> String {
        let name = words[0].text.lowercased()
        let usage = "usage: set ssb_cache DIR|default · set ssb offline on|off · set ssb url URL|default"
        let values = Array(words.dropFirst())
        if name == "ssb_cache" {
            guard values.count == 1 else { throw Diagnostic("`set ssb_cache` needs one folder", span: words[0].span, hint: usage) }
            let v = values[0].text
            statbank.cacheFolder = v.lowercased() == "default" && !values[0].quoted
                ? StatbankCache.defaultFolder(environment: options.environment)
                : DatasetsFolder.absolute(v, base: pathBase)
            // A relative folder is shown as typed, so a notebook's output does not depend on where it lies.
            let relative = !v.hasPrefix("/") && !v.hasPrefix("~") && statbank.cacheFolder != StatbankCache.defaultFolder(environment: options.environment)
            return "ssb cache: \(relative ? v : statbank.cacheFolder)"
        }
        if values.isEmpty { return statbankSettingsText() }
        guard values.count == 2 else { throw Diagnostic("`set ssb` needs a setting and a value", span: words[0].span, hint: usage) }
        switch values[0].text.lowercased() {
        case "offline":
            let v = values[1].text.lowercased()
            guard v == "on" || v == "off" else { throw Diagnostic("`\(values[1].text)` is not one of on, off", span: values[1].span, hint: usage) }
            statbank.offline = v == "on"
            return ""
        case "url":
            let v = values[1].text
            statbank.baseURL = v.lowercased() == "default" ? StatbankOptions.defaultBaseURL : v
            return ""
        default:
            throw Diagnostic("unknown ssb setting `\(values[0].text)`; they are offline, url", span: values[0].span,
                             hint: NameSuggester.hint(for: values[0].text, in: ["offline", "url"]) ?? usage)
        }
    }
}
