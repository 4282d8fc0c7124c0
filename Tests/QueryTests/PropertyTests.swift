import Foundation
import Testing
import Tables
@testable import Query

/// A deterministic random source (Tables' SplitMix64) so every run checks the same cases.
private typealias Rng = SplitMix64

private extension SplitMix64 {
    init(state: UInt64) { self.init(seed: state) }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) < p * 10_000 }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }
}

/// The reference: expressions evaluated one row at a time over boxed values, written from the
/// language's rules (SQL nulls, int arithmetic stays int, `/` gives a double, x / 0 is null).
private indirect enum RefExpr {
    case col(String)
    case lit(Value)
    case arith(String, RefExpr, RefExpr)
    case neg(RefExpr)
    case cmp(String, RefExpr, RefExpr)
    case logic(String, RefExpr, RefExpr)
    case not(RefExpr)
    case isNull(RefExpr, Bool)
    case inList(RefExpr, [Int64])
    case abs(RefExpr)
    case coalesce(RefExpr, RefExpr)
    case lower(RefExpr)
    case concat(RefExpr, String)
    case ifThen(RefExpr, RefExpr, RefExpr)

    var text: String {
        switch self {
        case .col(let c): return c
        case .lit(let v):
            switch v {
            case .string(let s): return "\"\(s)\""
            case .double(let d): return String(format: "%.2f", d)
            default: return v.description
            }
        case .arith(let op, let a, let b): return "(\(a.text) \(op) \(b.text))"
        case .neg(let a): return "(-\(a.text))"
        case .cmp(let op, let a, let b): return "(\(a.text) \(op) \(b.text))"
        case .logic(let op, let a, let b): return "(\(a.text) \(op) \(b.text))"
        case .not(let a): return "(not \(a.text))"
        case .isNull(let a, let neg): return "(\(a.text) is \(neg ? "not " : "")null)"
        case .inList(let a, let xs): return "(\(a.text) in (\(xs.map(String.init).joined(separator: ", "))))"
        case .abs(let a): return "abs(\(a.text))"
        case .coalesce(let a, let b): return "coalesce(\(a.text), \(b.text))"
        case .lower(let a): return "lower(\(a.text))"
        case .concat(let a, let s): return "(\(a.text) + \"\(s)\")"
        case .ifThen(let c, let a, let b): return "if(\(c.text), \(a.text), \(b.text))"
        }
    }

    func eval(_ row: [String: Value]) -> Value {
        switch self {
        case .col(let c): return row[c] ?? .null
        case .lit(let v): return v
        case .arith(let op, let a, let b):
            let x = a.eval(row), y = b.eval(row)
            if x.isNull || y.isNull { return .null }
            if case .int(let i) = x, case .int(let j) = y, op != "/" {
                switch op {
                case "+": return .int(i + j)
                case "-": return .int(i - j)
                case "*": return .int(i * j)
                default: return j == 0 ? .null : .int(i % j)
                }
            }
            let p = x.asDouble!, q = y.asDouble!
            switch op {
            case "+": return .double(p + q)
            case "-": return .double(p - q)
            case "*": return .double(p * q)
            case "/": return q == 0 ? .null : .double(p / q)
            default: return q == 0 ? .null : .double(fmod(p, q))
            }
        case .neg(let a):
            switch a.eval(row) {
            case .int(let i): return .int(-i)
            case .double(let d): return .double(-d)
            default: return .null
            }
        case .cmp(let op, let a, let b):
            let x = a.eval(row), y = b.eval(row)
            if x.isNull || y.isNull { return .null }
            let c = Value.compare(x, y)
            switch op {
            case "==": return .bool(c == 0)
            case "!=": return .bool(c != 0)
            case "<": return .bool(c < 0)
            case "<=": return .bool(c <= 0)
            case ">": return .bool(c > 0)
            default: return .bool(c >= 0)
            }
        case .logic(let op, let a, let b):
            let x = a.eval(row), y = b.eval(row)
            if op == "and" {
                if x == .bool(false) || y == .bool(false) { return .bool(false) }
                if x.isNull || y.isNull { return .null }
                return .bool(true)
            }
            if x == .bool(true) || y == .bool(true) { return .bool(true) }
            if x.isNull || y.isNull { return .null }
            return .bool(false)
        case .not(let a):
            if case .bool(let b) = a.eval(row) { return .bool(!b) }
            return .null
        case .isNull(let a, let neg): return .bool(a.eval(row).isNull != neg)
        case .inList(let a, let xs):
            guard case .int(let i) = a.eval(row) else { return .null }
            return .bool(xs.contains(i))
        case .abs(let a):
            switch a.eval(row) {
            case .int(let i): return .int(Swift.abs(i))
            case .double(let d): return .double(Swift.abs(d))
            default: return .null
            }
        case .coalesce(let a, let b):
            let x = a.eval(row)
            let y = x.isNull ? b.eval(row) : x
            // int meets double at double
            if case .int(let i) = y, b.type == .double || a.type == .double { return .double(Double(i)) }
            return y
        case .lower(let a):
            guard case .string(let s) = a.eval(row) else { return .null }
            return .string(s.lowercased())
        case .concat(let a, let s):
            guard case .string(let t) = a.eval(row) else { return .null }
            return .string(t + s)
        case .ifThen(let c, let a, let b):
            let v = c.eval(row) == .bool(true) ? a.eval(row) : b.eval(row)
            if case .int(let i) = v, a.type == .double || b.type == .double { return .double(Double(i)) }
            return v
        }
    }

    /// Static type, as the binder infers it (nil = unknown here, never generated).
    var type: DataType? {
        switch self {
        case .col(let c): return ReferenceModel.types[c] ?? ReferenceModel.derivedTypes[c]
        case .lit(let v): return v.type
        case .arith(let op, let a, let b):
            return op == "/" || a.type == .double || b.type == .double ? .double : .int
        case .neg(let a), .abs(let a): return a.type
        case .cmp, .logic, .not, .isNull, .inList: return .bool
        case .coalesce(let a, let b), .ifThen(_, let a, let b):
            return a.type == .double || b.type == .double ? .double : a.type
        case .lower, .concat: return .string
        }
    }
}

/// Column types of the generated tables (derived columns are registered as they are generated).
private enum ReferenceModel {
    static let types: [String: DataType] = ["a": .int, "b": .double, "c": .string, "d": .bool, "k": .int]
    nonisolated(unsafe) static var derivedTypes: [String: DataType] = [:]
}

/// Generates typed random expressions over the columns currently flowing.
private struct Generator {
    var rng: Rng
    var columns: [(String, DataType)]

    mutating func num(_ depth: Int) -> RefExpr {
        let cols = columns.filter { $0.1.isNumeric }
        if depth <= 0 || rng.chance(0.3) {
            if !cols.isEmpty, rng.chance(0.7) { return .col(rng.pick(cols).0) }
            return rng.chance(0.5) ? .lit(.int(Int64(rng.int(11)) - 5)) : .lit(.double(Double(rng.int(41) - 20) / 4))
        }
        switch rng.int(6) {
        case 0, 1, 2: return .arith(rng.pick(["+", "-", "*", "/", "%"]), num(depth - 1), num(depth - 1))
        case 3: return .neg(num(depth - 1))
        case 4: return .abs(num(depth - 1))
        default: return rng.chance(0.5) ? .coalesce(num(depth - 1), num(0)) : .ifThen(bool(depth - 1), num(depth - 1), num(depth - 1))
        }
    }

    mutating func text(_ depth: Int) -> RefExpr {
        let cols = columns.filter { $0.1 == .string }
        let base: RefExpr = cols.isEmpty ? .lit(.string("Ås")) : .col(rng.pick(cols).0)
        if depth <= 0 { return base }
        switch rng.int(3) {
        case 0: return .lower(base)
        case 1: return .concat(base, rng.pick(["x", "ø"]))
        default: return base
        }
    }

    mutating func bool(_ depth: Int) -> RefExpr {
        if depth <= 0 || rng.chance(0.35) {
            switch rng.int(5) {
            case 0 where columns.contains { $0.1 == .bool }: return .col(columns.filter { $0.1 == .bool }.map(\.0).first!)
            case 1: return .isNull(num(0), rng.chance(0.5))
            case 2: return .cmp(rng.pick(["==", "!=", "<", ">="]), text(0), .lit(.string(rng.pick(["Lege", "lege", "Ås", "sykepleier", "B"]))))
            case 3 where columns.contains { $0.1 == .int }:
                return .inList(.col(columns.filter { $0.1 == .int }.map(\.0).first!), [Int64(rng.int(5)) - 2, Int64(rng.int(5))])
            default: return .cmp(rng.pick(["==", "!=", "<", "<=", ">", ">="]), num(1), num(1))
            }
        }
        switch rng.int(3) {
        case 0: return .logic("and", bool(depth - 1), bool(depth - 1))
        case 1: return .logic("or", bool(depth - 1), bool(depth - 1))
        default: return .not(bool(depth - 1))
        }
    }
}

/// One step of a random pipeline, with its text and its reference implementation.
private struct RefStep {
    var text: String
    var apply: (_ names: [String], _ rows: [[Value]]) -> ([String], [[Value]])
}

private func rowDict(_ names: [String], _ row: [Value]) -> [String: Value] {
    Dictionary(uniqueKeysWithValues: zip(names, row).map { ($0, $1) })
}

private func stableSort(_ rows: [[Value]], keys: [(Int, Bool)]) -> [[Value]] {
    rows.enumerated().sorted { x, y in
        for (k, desc) in keys {
            let a = x.element[k], b = y.element[k]
            if a.isNull != b.isNull { return b.isNull }   // nulls last either way
            let c = Value.compare(a, b)
            if c != 0 { return desc ? c > 0 : c < 0 }
        }
        return x.offset < y.offset
    }.map(\.element)
}

/// Equal rows, doubles within 1e-9 (relative, or absolute below 1): the engine may sum in another order.
private func sameRows(_ a: [[Value]], _ b: [[Value]]) -> Bool {
    guard a.count == b.count else { return false }
    for (x, y) in zip(a, b) {
        guard x.count == y.count else { return false }
        for (v, w) in zip(x, y) where v != w {
            guard case .double(let p) = v, case .double(let q) = w else { return false }
            if abs(p - q) > 1e-9 * max(1, abs(p), abs(q)) { return false }
        }
    }
    return true
}

private func makeTable(_ rng: inout Rng) -> Table {
    let n = rng.int(40)
    var rows: [[Value]] = []
    let words = ["Lege", "Sykepleier", "sykepleier", "Ås", "Ærø", "B"]
    for _ in 0..<n {
        rows.append([
            rng.chance(0.15) ? .null : .int(Int64(rng.int(13)) - 6),
            rng.chance(0.15) ? .null : .double(Double(rng.int(81) - 40) / 8),
            rng.chance(0.1) ? .null : .string(rng.pick(words)),
            rng.chance(0.1) ? .null : .bool(rng.chance(0.5)),
            rng.chance(0.05) ? .null : .int(Int64(rng.int(4))),
        ])
    }
    let cols: [(String, Column)] = [
        ("a", Column(values: rows.map { $0[0] }, type: .int)), ("b", Column(values: rows.map { $0[1] }, type: .double)),
        ("c", Column(values: rows.map { $0[2] }, type: .string)), ("d", Column(values: rows.map { $0[3] }, type: .bool)),
        ("k", Column(values: rows.map { $0[4] }, type: .int)),
    ]
    return Table(cols)
}

@Suite(.serialized) struct PropertyTests {
    @Test func executorAgreesWithRowAtATimeReference() throws {
        var rng = Rng(state: 20_261_123)
        var checked = 0
        for caseNo in 0..<400 {
            let table = makeTable(&rng)
            var names = table.columnNames
            var rows = (0..<table.rowCount).map { table.row($0) }
            var gen = Generator(rng: rng, columns: zip(table.columnNames, table.schema.fields.map(\.type)).map { ($0, $1) })
            ReferenceModel.derivedTypes = [:]
            var steps: [String] = []
            var aggregated = false
            for s in 0..<(1 + gen.rng.int(4)) {
                var step: RefStep
                switch gen.rng.int(aggregated ? 3 : 5) {
                case 0:
                    let e = gen.bool(2)
                    step = RefStep(text: "where \(e.text)") { n, r in (n, r.filter { e.eval(rowDict(n, $0)) == .bool(true) }) }
                case 1:
                    let (name, sortKeys) = (gen.columns.map(\.0), gen.rng.int(2) + 1)
                    let keys = (0..<sortKeys).map { _ in (gen.rng.pick(name), gen.rng.chance(0.5)) }
                    step = RefStep(text: "sort " + keys.map { ($0.1 ? "-" : "") + $0.0 }.joined(separator: ", ")) { n, r in
                        (n, stableSort(r, keys: keys.map { (n.firstIndex(of: $0.0)!, $0.1) }))
                    }
                case 2:
                    let take = gen.rng.int(30), offset = gen.rng.int(3) == 0 ? gen.rng.int(10) : 0
                    step = RefStep(text: "take \(take)" + (offset > 0 ? " offset \(offset)" : "")) { n, r in
                        (n, Array(r.dropFirst(offset).prefix(take)))
                    }
                case 3:
                    let e: RefExpr = gen.rng.chance(0.7) ? gen.num(3) : (gen.rng.chance(0.5) ? gen.text(1) : gen.bool(2))
                    let name = "x\(s)"
                    ReferenceModel.derivedTypes[name] = e.type
                    gen.columns.append((name, e.type!))
                    step = RefStep(text: "derive \(name) = \(e.text)") { n, r in
                        (n + [name], r.map { $0 + [e.eval(rowDict(n, $0))] })
                    }
                default:
                    // agg: 0–2 keys, aggregates over numeric columns
                    let keyCands = gen.columns.filter { $0.1 != .double }.map(\.0)
                    var keys: [String] = []
                    for _ in 0..<gen.rng.int(3) { let k = gen.rng.pick(keyCands); if !keys.contains(k) { keys.append(k) } }
                    let nums = gen.columns.filter { $0.1.isNumeric }
                    let x = gen.rng.pick(nums)
                    let fns = ["count", "sum", "mean", "min", "max", "sd", "var", "median", "first", "last"]
                    let f = gen.rng.pick(fns)
                    let aggText = "n = count(), v = \(f)(\(x.0)), m = max(\(x.0)) by " + keys.joined(separator: ", ")
                    let text = keys.isEmpty ? "agg n = count(), v = \(f)(\(x.0)), m = max(\(x.0))" : "agg " + aggText
                    step = RefStep(text: text) { n, r in
                        let ki = keys.map { n.firstIndex(of: $0)! }, xi = n.firstIndex(of: x.0)!
                        var groups: [[Value]: [[Value]]] = [:]
                        var order: [[Value]] = []
                        for row in r {
                            let key = ki.map { row[$0] }
                            if groups[key] == nil { order.append(key) }
                            groups[key, default: []].append(row)
                        }
                        if keys.isEmpty && order.isEmpty { order = [[]]; groups[[]] = [] }
                        order = stableSort(order, keys: ki.indices.map { ($0, false) })
                        func agg(_ f: String, _ vs: [Value]) -> Value {
                            let present = vs.filter { !$0.isNull }
                            switch f {
                            case "count": return .int(Int64(present.count))
                            case "sum":
                                if present.isEmpty { return .null }
                                if x.1 == .int { return .int(present.reduce(0) { if case .int(let i) = $1 { return $0 + i }; return $0 }) }
                                return .double(present.reduce(0.0) { $0 + $1.asDouble! })
                            case "mean":
                                if present.isEmpty { return .null }
                                return .double(present.reduce(0.0) { $0 + $1.asDouble! } / Double(present.count))
                            case "sd", "var":
                                // two-pass sample variance (the engine's one-pass Welford must agree to 1e-9)
                                guard present.count > 1 else { return .null }
                                let xs = present.map { $0.asDouble! }
                                let m = xs.reduce(0, +) / Double(xs.count)
                                let v = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)
                                return .double(f == "sd" ? v.squareRoot() : v)
                            case "median":
                                let xs = present.map { $0.asDouble! }.sorted()
                                if xs.isEmpty { return .null }
                                let h = xs.count / 2
                                return .double(xs.count % 2 == 1 ? xs[h] : (xs[h - 1] + xs[h]) / 2)
                            case "first": return present.first ?? .null
                            case "last": return present.last ?? .null
                            default:
                                guard var best = present.first else { return .null }
                                for v in present.dropFirst() where (f == "max" ? Value.compare(v, best) > 0 : Value.compare(v, best) < 0) { best = v }
                                return best
                            }
                        }
                        let out = order.map { key -> [Value] in
                            let g = groups[key]!
                            let xs = g.map { $0[xi] }
                            return key + [.int(Int64(g.count)), agg(f, xs), agg("max", xs)]
                        }
                        return (keys + ["n", "v", "m"], out)
                    }
                    let vType: DataType = f == "count" ? .int : (["mean", "sd", "var", "median"].contains(f) ? .double : x.1)
                    gen.columns = keys.map { k in (k, gen.columns.first { $0.0 == k }!.1) } + [("n", .int), ("v", vType), ("m", x.1)]
                    ReferenceModel.derivedTypes["n"] = .int; ReferenceModel.derivedTypes["v"] = vType; ReferenceModel.derivedTypes["m"] = x.1
                    aggregated = true
                }
                steps.append(step.text)
                (names, rows) = step.apply(names, rows)
            }
            rng = gen.rng
            let pipeline = steps.joined(separator: " | ")
            let result: Table
            do { result = try QueryEngine(resolver: TableResolver(), collation: .bytes).apply(pipeline, to: table).table } catch {
                Issue.record("case \(caseNo): `\(pipeline)` failed: \(error)")
                continue
            }
            let got = (0..<result.rowCount).map { result.row($0) }
            #expect(result.columnNames == names, "case \(caseNo): \(pipeline)")
            if !sameRows(got, rows) {
                Issue.record("case \(caseNo): `\(pipeline)`\n got \(got.prefix(5))\nwant \(rows.prefix(5))")
            }
            checked += 1
        }
        #expect(checked == 400)
    }
}
