import Tables

/// An expression as parsed, before names are resolved against a schema.
public indirect enum Expr: Sendable, Equatable {
    case literal(Value, SourceSpan)
    case column(String, SourceSpan)
    case unary(op: String, Expr, SourceSpan)
    case binary(op: String, Expr, Expr, SourceSpan)
    /// `f(args)`; `span` covers the function name.
    case call(name: String, args: [Expr], span: SourceSpan, whole: SourceSpan)
    case inList(Expr, [Expr], negated: Bool, SourceSpan)
    case between(Expr, Expr, Expr, negated: Bool, SourceSpan)
    case isNull(Expr, negated: Bool, SourceSpan)
    /// `case when c then v … else e end`.
    case caseWhen([(Expr, Expr)], Expr?, SourceSpan)

    /// The source span of the whole expression.
    public var span: SourceSpan {
        switch self {
        case .literal(_, let s), .column(_, let s), .unary(_, _, let s), .binary(_, _, _, let s),
             .inList(_, _, _, let s), .between(_, _, _, _, let s), .isNull(_, _, let s), .caseWhen(_, _, let s):
            return s
        case .call(_, _, _, let whole): return whole
        }
    }

    public static func == (a: Expr, b: Expr) -> Bool {
        switch (a, b) {
        case let (.literal(x, s), .literal(y, t)): return x == y && s == t
        case let (.column(x, s), .column(y, t)): return x == y && s == t
        case let (.unary(o, x, s), .unary(p, y, t)): return o == p && x == y && s == t
        case let (.binary(o, x1, x2, s), .binary(p, y1, y2, t)): return o == p && x1 == y1 && x2 == y2 && s == t
        case let (.call(f, xs, s, w), .call(g, ys, t, v)): return f == g && xs == ys && s == t && w == v
        case let (.inList(x, xs, n, s), .inList(y, ys, m, t)): return x == y && xs == ys && n == m && s == t
        case let (.between(x, l, h, n, s), .between(y, l2, h2, m, t)):
            return x == y && l == l2 && h == h2 && n == m && s == t
        case let (.isNull(x, n, s), .isNull(y, m, t)): return x == y && n == m && s == t
        case let (.caseWhen(xs, e, s), .caseWhen(ys, f, t)):
            return xs.count == ys.count && zip(xs, ys).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 } && e == f && s == t
        default: return false
        }
    }
}

/// `name = expr` in select, derive and agg (name nil when the user wrote only an expression).
public struct Assignment: Sendable, Equatable {
    public var name: String?
    public var nameSpan: SourceSpan?
    public var expr: Expr
}

/// One item of `select`.
public enum SelectItem: Sendable, Equatable {
    /// `a` or `new = old` / `c = expr`.
    case keep(Assignment)
    /// `-d`.
    case drop(String, SourceSpan)
}

/// A sort key: an expression and its direction (`-col` descends).
public struct SortKey: Sendable, Equatable {
    public var expr: Expr
    public var descending: Bool
}

/// `over (by k order year)` of a window derive.
public struct WindowSpec: Sendable, Equatable {
    public var partition: [(String, SourceSpan)]
    public var order: [SortKey]
    public var span: SourceSpan
    public static func == (a: WindowSpec, b: WindowSpec) -> Bool {
        a.partition.map(\.0) == b.partition.map(\.0) && a.order == b.order && a.span == b.span
    }
}

public enum JoinKind: String, Sendable, Equatable, CaseIterable { case inner, left, full }

/// One step of a pipeline.
public enum Step: Sendable, Equatable {
    case whereStep(Expr)
    case select([SelectItem])
    case derive([Assignment], over: WindowSpec?)
    case agg([Assignment], by: [(String, SourceSpan)])
    case sort([SortKey])
    case take(Int, offset: Int)
    case distinct([(String, SourceSpan)])
    case join(dataset: String, datasetSpan: SourceSpan, keys: [(left: String, right: String, span: SourceSpan)], kind: JoinKind)
    case pivot(names: String, namesSpan: SourceSpan, values: String, valuesSpan: SourceSpan, agg: String, aggSpan: SourceSpan?)
    case unpivot(columns: [(String, SourceSpan)], range: (Int, Int, SourceSpan)?, into: (String, String))

    public static func == (a: Step, b: Step) -> Bool {
        switch (a, b) {
        case let (.whereStep(x), .whereStep(y)): return x == y
        case let (.select(x), .select(y)): return x == y
        case let (.derive(x, o), .derive(y, p)): return x == y && o == p
        case let (.agg(x, k), .agg(y, l)): return x == y && k.map(\.0) == l.map(\.0)
        case let (.sort(x), .sort(y)): return x == y
        case let (.take(n, o), .take(m, p)): return n == m && o == p
        case let (.distinct(x), .distinct(y)): return x.map(\.0) == y.map(\.0)
        case let (.join(d, _, k, kd), .join(e, _, l, ke)):
            return d == e && kd == ke && k.map { [$0.left, $0.right] } == l.map { [$0.left, $0.right] }
        case let (.pivot(n, _, v, _, g, _), .pivot(m, _, w, _, h, _)): return n == m && v == w && g == h
        case let (.unpivot(c, r, i), .unpivot(d, s, j)):
            return c.map(\.0) == d.map(\.0) && r?.0 == s?.0 && r?.1 == s?.1 && i == j
        default: return false
        }
    }
}

/// A step with the span of its text (from its keyword to its end).
public struct LocatedStep: Sendable, Equatable {
    public var step: Step
    public var keyword: String
    public var span: SourceSpan
}

/// Where the rows of a pipeline come from.
public enum PipelineSource: Sendable, Equatable {
    /// `from NAME`.
    case dataset(name: String, span: SourceSpan)
    /// An engine command at the head (`project gap scenario=mid`), for the resolver.
    case command(CommandArguments)
    /// `from "path.csv" [key=value …]`: a file read where it lies; `options` holds the key=value words
    /// (command `from`), checked by the resolver.
    case file(path: String, span: SourceSpan, options: CommandArguments)
}

/// `source | step | … [| chart …] [| write "file"]`.
public struct Pipeline: Sendable, Equatable {
    public var source: PipelineSource
    public var steps: [LocatedStep]
    /// The terminal `chart KIND key=value …`, handed to the caller (command "chart").
    public var chart: CommandArguments?
    /// The terminal `write "file.csv"`.
    public var write: (path: String, span: SourceSpan)?
    /// The statement's text (spans point into it).
    public var text: String

    public init(source: PipelineSource, steps: [LocatedStep], chart: CommandArguments? = nil,
                write: (path: String, span: SourceSpan)? = nil, text: String = "") {
        self.source = source; self.steps = steps; self.chart = chart; self.write = write; self.text = text
    }

    public static func == (a: Pipeline, b: Pipeline) -> Bool {
        a.source == b.source && a.steps == b.steps && a.chart == b.chart && a.write?.path == b.write?.path
    }
}

/// A parsed statement of the query language.
public enum Statement: Sendable, Equatable {
    /// A pipeline whose result is shown.
    case query(Pipeline)
    /// `let NAME = pipeline`: binds the result as a new dataset.
    case `let`(name: String, nameSpan: SourceSpan, Pipeline)

    public var pipeline: Pipeline {
        switch self {
        case .query(let p): return p
        case .let(_, _, let p): return p
        }
    }
}
