import Tables
import Query

/// What the user asked the `chart` step to draw: `chart KIND x=COL y=COL [by=COL] [title="…"]
/// [width=N] [height=N] [sort=asc|desc] [log] [bins=N]`. Spans point into the statement text, so
/// errors found later (an unknown column) can put a caret under the word.
public struct ChartSpec: Sendable, Equatable {
    /// Sort order of bars (`sort=asc|desc`), by the y value.
    public enum SortOrder: String, Sendable, Equatable { case asc, desc }

    public var kind: ChartKind
    public var x: String?
    public var y: String?
    public var by: String?
    public var title: String?
    /// Overrides the style's width when given.
    public var width: Int?
    /// Plot rows (bar: the most bars shown); overrides the style's height when given.
    public var height: Int?
    public var sort: SortOrder?
    /// log10 value axis.
    public var log: Bool
    /// Number of histogram bins; nil = Freedman–Diaconis.
    public var bins: Int?

    /// Spans of the words, for diagnostics (nil when the spec was built in code).
    public var kindSpan: SourceSpan?
    public var xSpan: SourceSpan?
    public var ySpan: SourceSpan?
    public var bySpan: SourceSpan?
    public var logSpan: SourceSpan?

    /// Options the `chart` step accepts as `key=value`.
    public static let optionNames = ["x", "y", "by", "title", "width", "height", "sort", "log", "bins"]
    /// The options as a hint lists them (`log` may also stand alone as a word).
    static var optionsHint: String {
        "options are " + optionNames.filter { $0 != "log" }.map { $0 + "=" }.joined(separator: ", ") + " and log"
    }

    /// A spec built in code (tests, engines that chart their own results).
    public init(kind: ChartKind, x: String? = nil, y: String? = nil, by: String? = nil, title: String? = nil,
                width: Int? = nil, height: Int? = nil, sort: SortOrder? = nil, log: Bool = false, bins: Int? = nil) {
        self.kind = kind; self.x = x; self.y = y; self.by = by; self.title = title
        self.width = width; self.height = height; self.sort = sort; self.log = log; self.bins = bins
    }

    /// Reads the words of a `chart` step. Throws a `Diagnostic` with the span of the offending word
    /// for an unknown kind or option, a bad value, or a missing `x=`/`y=`.
    public init(_ args: CommandArguments) throws {
        let positional = args.positional
        let kinds = ChartKind.allCases.map(\.rawValue)
        let kindList = kinds.joined(separator: ", ")
        guard let kindWord = positional.first else {
            throw Diagnostic("chart needs a kind", span: args.commandSpan,
                             hint: "write `chart KIND x=COL y=COL` with KIND one of \(kindList)")
        }
        guard let kind = ChartKind(rawValue: kindWord.text.lowercased()) else {
            let near = NameSuggester.nearest(kindWord.text, in: kinds, limit: 1)
            let lead = near.first.map { "did you mean `\($0)`? " } ?? ""
            throw Diagnostic("unknown chart kind `\(kindWord.text)`", span: kindWord.span,
                             hint: lead + "kinds: \(kindList)")
        }
        self.init(kind: kind)
        kindSpan = kindWord.span

        for word in positional.dropFirst() {
            if word.text.lowercased() == "log", !word.quoted {
                log = true; logSpan = word.span
                continue
            }
            if let key = ChartSpec.optionNames.first(where: { $0 == word.text.lowercased() }), key != "log" {
                throw Diagnostic("option `\(key)` needs a value", span: word.span, hint: "write `\(key)=…`")
            }
            throw Diagnostic("unexpected word `\(word.text)` in chart", span: word.span,
                             hint: ChartSpec.optionsHint)
        }

        var seen: Set<String> = []
        for word in args.words {
            guard let key = word.key else { continue }
            guard ChartSpec.optionNames.contains(key) else {
                let near = NameSuggester.hint(for: key, in: ChartSpec.optionNames)
                throw Diagnostic("unknown chart option `\(key)`", span: word.span,
                                 hint: near ?? ChartSpec.optionsHint)
            }
            guard seen.insert(key).inserted else {
                throw Diagnostic("option `\(key)` given twice", span: word.span)
            }
            let value = word.value
            func nonEmpty() throws -> String {
                guard !value.isEmpty else {
                    throw Diagnostic("option `\(key)` needs a value", span: word.span, hint: "write `\(key)=…`")
                }
                return value
            }
            func integer(_ range: ClosedRange<Int>) throws -> Int {
                guard let n = Int(value), range.contains(n) else {
                    throw Diagnostic("\(key)= must be a whole number from \(range.lowerBound) to \(range.upperBound)",
                                     span: word.valueSpan, hint: "got `\(value)`")
                }
                return n
            }
            switch key {
            case "x": x = try nonEmpty(); xSpan = word.valueSpan
            case "y": y = try nonEmpty(); ySpan = word.valueSpan
            case "by": by = try nonEmpty(); bySpan = word.valueSpan
            case "title": title = value
            case "width": width = try integer(20...1000)
            case "height": height = try integer(1...500)
            case "bins": bins = try integer(1...1000)
            case "sort":
                guard let order = SortOrder(rawValue: value.lowercased()) else {
                    throw Diagnostic("sort= must be asc or desc", span: word.valueSpan, hint: "got `\(value)`")
                }
                sort = order
            case "log":
                switch value.lowercased() {
                case "true", "yes", "on", "1": log = true; logSpan = word.span
                case "false", "no", "off", "0": log = false
                default: throw Diagnostic("log= must be true or false", span: word.valueSpan, hint: "or just write `log`")
                }
            default: break
            }
        }
        try validateOptions(commandSpan: args.commandSpan, args: args)
    }

    private func validateOptions(commandSpan: SourceSpan, args: CommandArguments) throws {
        let where_ = kindSpan ?? commandSpan
        if kind.needsXAndY {
            if x == nil {
                throw Diagnostic("\(kind) chart needs x=COL", span: where_,
                                 hint: "e.g. `chart \(kind) x=year y=fte`")
            }
            if y == nil {
                throw Diagnostic("\(kind) chart needs y=COL", span: where_,
                                 hint: "e.g. `chart \(kind) x=\(x ?? "year") y=fte`")
            }
        }
        switch kind {
        case .hist:
            if x == nil && y == nil {
                throw Diagnostic("hist chart needs x=COL (the column to count)", span: where_, hint: "e.g. `chart hist x=age bins=20`")
            }
            if x != nil && y != nil {
                throw Diagnostic("hist chart counts one column: give x= or y=, not both",
                                 span: args.named("y")?.span ?? where_)
            }
        case .spark:
            if y == nil {
                throw Diagnostic("spark chart needs y=COL (the values)", span: where_, hint: "e.g. `chart spark x=year y=fte by=occupation`")
            }
        default: break
        }
        if bins != nil && kind != .hist {
            throw Diagnostic("bins= applies to hist charts only", span: args.named("bins")?.span ?? where_)
        }
        if sort != nil && kind != .bar && kind != .column {
            throw Diagnostic("sort= applies to bar and column charts only", span: args.named("sort")?.span ?? where_)
        }
        if log && kind == .hist {
            throw Diagnostic("log applies to bar, column, line, scatter and spark charts", span: logSpan ?? where_)
        }
        if by != nil && kind == .hist {
            throw Diagnostic("hist charts do not take by=", span: args.named("by")?.span ?? where_)
        }
        if by != nil && kind == .column {
            throw Diagnostic("column charts do not take by= (use `chart bar … by=` or `chart line … by=`)",
                             span: args.named("by")?.span ?? where_)
        }
    }
}
